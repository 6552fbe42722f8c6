"""The theme's stylesheet without the rules that no page of the book can use.

pydata-sphinx-theme ships one render-blocking stylesheet of 397 kB (65 kB compressed): all of Bootstrap 5
and the rules of Font Awesome's 1,900 icons. A phone downloads it before it paints anything. At the end of
an HTML build the copy in the output is rewritten from the installed theme's file, keeping every rule that
could apply, in the way PurgeCSS decides it: a selector is kept unless it names a class or id that appears
neither in a class or id attribute of any built page nor as a word in any script a page loads (so classes
that the theme's and Bootstrap's scripts set stay), nor begins with a prefix that a script completes at run
time (Bootstrap's `bs-${name}-${placement}`). Selectors inside `:not()`, `:is()` and other functional
pseudo-classes never count against a rule. At-rules other than `@media`, `@supports`, `@layer` and
`@container` (fonts, keyframes) are kept whole; so are license comments (`/*! ... */`).

This is the one piece of the speed work that runs at `build-finished`, because what it keeps depends on every
built page; it rewrites a stylesheet, never a page. It does no work when its inputs have not changed: each page's
and script's names are remembered under the digest of its bytes (a rebuild parses only the pages Sphinx rewrote),
and the purged stylesheet and cut fonts are kept under the digest of everything they are made from (the theme's
stylesheet, the site's names that it names, the icons other stylesheets name, the theme's fonts, this code and
fontTools' version), in the build's doctree folder (`edition.speed.cache`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from sphinx.application import Sphinx

from edition.repairs.generated import pydata_theme_file
from edition.speed import cache, icon_font

STYLESHEET = "styles/pydata-sphinx-theme.css"
NESTED = re.compile(r"@(media|supports|layer|container)\b")
NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
WORD = re.compile(r"[\w-]+")
PREFIX = re.compile(r"([A-Za-z_][\w-]*-)(?:\$\{|[\"'`]\s*\+)")  # `bs-${...}`, "fa-" + ...
FUNCTIONAL = re.compile(r":[\w-]+\(")
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


class Block(NamedTuple):
    """A statement (`body` None: `@charset ...;`), a rule (`prelude{body}`) or a kept comment (`prelude`)."""

    prelude: str
    body: str | None


def _skip_string(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _skip_block(css: str, i: int) -> int:
    """The index after the brace that closes the block opened at `i`."""
    depth, i = 1, i + 1
    while depth:
        if css[i] in "\"'":
            i = _skip_string(css, i)
            continue
        if css.startswith("/*", i):
            i = css.index("*/", i + 2) + 2
            continue
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        i += 1
    return i


def blocks(css: str) -> list[Block]:
    """The top-level statements, rules and license comments of a stylesheet, in order."""
    found: list[Block] = []
    start = i = 0
    while i < len(css):
        if css.startswith("/*", i):
            end = css.index("*/", i + 2) + 2
            if not css[start:i].strip():
                if css.startswith("/*!", i):
                    found.append(Block(css[i:end], None))
                start = end
            i = end
        elif css[i] in "\"'":
            i = _skip_string(css, i)
        elif css[i] == ";":
            found.append(Block(css[start : i + 1].strip(), None))
            start = i = i + 1
        elif css[i] == "{":
            end = _skip_block(css, i)
            found.append(Block(css[start:i].strip(), css[i + 1 : end - 1]))
            start = i = end
        else:
            i += 1
    return found


def _without_functional(selector: str) -> str:
    """The selector less the arguments of `:not()`, `:is()`, `:has()`..., which never decide a match alone."""
    out, i = [], 0
    while i < len(selector):
        match = FUNCTIONAL.match(selector, i)
        if not match:
            out.append(selector[i])
            i += 1
            continue
        depth, i = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(selector[i], 0)
            i += 1
    return "".join(out)


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, current = [], 0, []
    for char in prelude:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


class SiteNames(NamedTuple):
    """The class and id names the site's pages and scripts can use."""

    names: set[str]
    prefixes: tuple[str, ...] = ()

    def has(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)


def may_match(selector: str, names: SiteNames) -> bool:
    """False only when the selector needs a class or id that no page and no script has."""
    plain = _without_functional(re.sub(r"\[[^\]]*\]", "", selector))
    return all(names.has(name) for name in NAME.findall(plain))


def purge(css: str, names: SiteNames) -> str:
    kept: list[str] = []
    for block in blocks(css):
        if block.body is None:
            kept.append(block.prelude)
        elif NESTED.match(block.prelude):
            inner = purge(block.body, names)
            if inner:
                kept.append(block.prelude + "{" + inner + "}")
        elif block.prelude.startswith("@"):
            kept.append(block.prelude + "{" + block.body + "}")
        else:
            selectors = [s for s in _selectors(block.prelude) if may_match(s, names)]
            if selectors:
                kept.append(",".join(selectors) + "{" + block.body + "}")
    return "".join(kept)


class _PageNames(HTMLParser):
    """Class and id names of a page, the words of its inline scripts, and the scripts it loads."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.scripts: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._in_script = tag == "script"
        for key in ("class", "id"):
            self.names.update((values.get(key) or "").split())
        if tag == "script" and values.get("src"):
            self.scripts.add(values["src"].split("?", 1)[0])

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.names.update(WORD.findall(data))


def page_names(html: str) -> tuple[list[str], list[str]]:
    """The class and id names (and inline script words) of one page, and the scripts it loads."""
    parser = _PageNames()
    parser.feed(html)
    return sorted(parser.names), sorted(parser.scripts)


def script_names(code: str) -> tuple[list[str], list[str]]:
    """The words of one script, and the name prefixes it completes at run time."""
    return sorted(set(WORD.findall(code))), sorted(set(PREFIX.findall(code)))


def site_names(outdir: Path, memo: cache.Memo | None = None) -> SiteNames:
    """Every class and id of the built pages, and every word and name prefix of the local scripts they load;
    with `memo`, each page and script is parsed only if its bytes are new."""
    memo = memo or cache.Memo(None)
    names: set[str] = set()
    prefixes: set[str] = set()
    scripts: set[Path] = set()
    for page in sorted(outdir.rglob("*.html")):
        if "_static" in page.relative_to(outdir).parts:
            continue
        data = page.read_bytes()
        found, sources = memo.get(data, page_names)
        names.update(found)
        scripts |= {(page.parent / src).resolve() for src in sources if "://" not in src}
    for script in sorted(scripts):
        if script.is_file():
            data = script.read_bytes()
            words, starts = memo.get(data, script_names)
            names.update(words)
            prefixes.update(starts)
    return SiteNames(names, tuple(sorted(prefixes)))


def trimmed(static: Path, names: SiteNames) -> dict[str, bytes]:
    """The purged stylesheet and the cut fonts it points at (paths under `_static`)."""
    source = pydata_theme_file("static/" + STYLESHEET)
    css = purge(SOURCE_MAP.sub("", source), names)
    target = static / STYLESHEET
    others = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(static.rglob("*.css")) if p != target]
    css, fonts = icon_font.cut_icon_fonts(css, static, others)
    return {STYLESHEET: css.encode("utf-8"), **fonts}


def inputs_key(static: Path, names: SiteNames) -> str:
    """The digest of everything `trimmed` depends on. Of the site's names only those the theme's stylesheet
    names count: a notebook executed again gives its widgets new ids, which no rule can select."""
    target = static / STYLESHEET
    source = pydata_theme_file("static/" + STYLESHEET)
    others = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(static.rglob("*.css")) if p != target]
    return cache.digest(
        [
            source,
            "\n".join(sorted(names.names & set(NAME.findall(source)))),
            "\n".join(names.prefixes),
            # Of the other stylesheets only the icons they name count (Sphinx rewrites pygments.css each build).
            ",".join(map(str, sorted(icon_font.icons_named(others)))),
            *(p.read_bytes() for p in icon_font.font_files(static)),
            Path(__file__).read_bytes(),
            Path(icon_font.__file__).read_bytes(),
            version("fonttools"),
        ]
    )


def trim_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    if not (static / STYLESHEET).is_file():
        return  # another theme
    memo = cache.Memo(cache.folder(app, "theme-css") / "names.json")
    names = site_names(Path(app.outdir), memo)
    memo.save()
    key = inputs_key(static, names)
    store = cache.Store(cache.folder(app, "theme-css") / "result")
    files = store.load(key)
    if files is None:
        files = trimmed(static, names)
        store.save(key, files)
    (static / STYLESHEET).write_bytes(files.pop(STYLESHEET))
    icon_font.write_fonts(static, files)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", trim_stylesheet)
