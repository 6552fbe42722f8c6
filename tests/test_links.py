"""No dead internal link: every href/src/action of every built page of the book and of the student edition
leads to a file of the site, and every #anchor to an id in its target. Links off the site are not followed."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import SMALL_ROOT, built_pages

# Attributes that make the browser fetch or navigate to an address.
LINKING = {"href", "src", "action", "poster", "data"}
OFF_SITE = {"http", "https", "mailto", "tel", "javascript", "data", "blob"}


class _Page(HTMLParser):
    """The ids (and a names) a page offers as anchors, and the addresses it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.anchors.add(value)
            elif name in LINKING:
                self.links.append(value)


def _parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def dead_links(site: Path) -> list[tuple[str, str, str]]:
    """(page, link, why) for each internal link of the site that leads nowhere."""
    site = site.resolve()
    parsed = {page: _parsed(page) for page in built_pages(site)}
    dead = []
    for page, content in parsed.items():
        for link in content.links:
            why = _why_dead(site, page, link, parsed)
            if why:
                dead.append((str(page.relative_to(site)), link, why))
    return dead


def _why_dead(site: Path, page: Path, link: str, parsed: dict[Path, _Page]) -> str | None:
    parts = urlsplit(link.strip())
    if parts.scheme in OFF_SITE or parts.netloc:
        return None
    if parts.scheme:
        return f"unknown scheme {parts.scheme!r}"
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = (site / path.lstrip("/")).resolve()
    else:
        target = (page.parent / path).resolve()
    if target != site and site not in target.parents:
        return "outside the site"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"no file {target.relative_to(site)}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html":
        anchors = (parsed.get(target) or _parsed(target)).anchors
        if fragment not in anchors:
            return f"no id {fragment!r} in {target.relative_to(site)}"
    return None


def test_the_book_has_no_dead_internal_link(html):
    assert len(built_pages(html)) > 10
    assert dead_links(html) == []


def test_the_student_edition_has_no_dead_internal_link(student_html):
    assert len(built_pages(student_html)) > 10
    assert dead_links(student_html) == []


def test_a_handout_is_linked_only_once_its_pdf_exists_and_then_travels_with_the_site(small_root, make_app, tmp_path):
    """The teachers' guide names a handout; it links it only once its PDF exists, and the PDF is then copied into
    the site: no dead link either way."""
    guide = _parsed(small_root / "guide.html")
    assert "handouts/edition.pdf" not in guide.links and not list(small_root.glob("handouts/*.pdf"))
    assert "edition handout" in (small_root / "guide.html").read_text(encoding="utf-8")
    assert dead_links(small_root) == []
    srcdir = Path(shutil.copytree(SMALL_ROOT, tmp_path / "src"))
    (srcdir / "_build" / "handouts").mkdir(parents=True)
    (srcdir / "_build" / "handouts" / "edition.pdf").write_bytes(b"%PDF-1.4\n")
    with_pdf = make_app("html", srcdir=srcdir, warningiserror=False)
    with_pdf.build()
    site = Path(with_pdf.outdir)
    assert "handouts/edition.pdf" in _parsed(site / "guide.html").links
    assert (site / "handouts" / "edition.pdf").read_bytes() == b"%PDF-1.4\n"
    assert dead_links(site) == []


def _write(root: Path, name: str, body: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")


def test_a_planted_dead_link_or_anchor_is_caught(tmp_path):
    _write(tmp_path, "index.html", '<p id="top">Top</p><a href="#top">same page</a>')
    _write(tmp_path, "sub/page.html", '<h1 id="h">Page</h1><a name="old">old anchor</a>')
    _write(
        tmp_path,
        "sub/links.html",
        '<a href="page.html#h">ok</a> <a href="page.html#old">ok</a> <a href="../index.html">ok</a>'
        ' <a href="../">ok</a> <a href="#">ok</a> <a href="https://example.org/x.html">off site</a>'
        ' <a href="mailto:a@b">mail</a> <img src="../index.html?v=1" alt="">'
        ' <a href="missing.html">dead</a> <a href="page.html#nowhere">dead</a> <a href="#nor-here">dead</a>'
        ' <a href="handouts/edition.pdf">dead</a> <script src="../../outside.js"></script>'
        ' <a href="page%20two.html">dead</a>',
    )
    assert sorted(dead_links(tmp_path)) == [
        ("sub/links.html", "#nor-here", "no id 'nor-here' in sub/links.html"),
        ("sub/links.html", "../../outside.js", "outside the site"),
        ("sub/links.html", "handouts/edition.pdf", "no file sub/handouts/edition.pdf"),
        ("sub/links.html", "missing.html", "no file sub/missing.html"),
        ("sub/links.html", "page%20two.html", "no file sub/page two.html"),
        ("sub/links.html", "page.html#nowhere", "no id 'nowhere' in sub/page.html"),
    ]


@pytest.mark.parametrize("planted", ["chapters/edition.html#t99", "chapters/no-such-page.html"])
def test_a_dead_link_planted_in_a_built_page_is_caught(html, tmp_path, planted):
    """The same walk over a copy of the real book, with one dead link added to its front page."""
    copy = Path(shutil.copytree(html, tmp_path / "html"))
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", f'<a href="{planted}">x</a></body>'))
    assert [(page, link) for page, link, _ in dead_links(copy)] == [("index.html", planted)]


def test_the_theme_still_links_an_uncopied_source(student_html):
    """Canary for the dead source button that edition.sphinx.publishing.point_downloads takes out (the one place
    that edits the theme's header buttons): sphinx-book-theme offers "Download source file" at `_sources/` even
    when the sources are not copied. When this fails, upstream is fixed: drop that branch."""
    from types import SimpleNamespace

    from sphinx_book_theme.header_buttons import add_header_buttons

    app = SimpleNamespace(builder=SimpleNamespace(theme_options={}), config=SimpleNamespace(html_theme_options={}))
    context = {"header_buttons": [], "page_source_suffix": ".md", "sourcename": "", "pathto": lambda p, r=0: p}
    add_header_buttons(app, "index", "page.html", context, None)
    buttons = [b for g in context["header_buttons"] if g.get("label") == "download-buttons" for b in g["buttons"]]
    assert [b["url"] for b in buttons if b["label"] == "download-source-button"] == ["_sources/"]
    # ...and the build takes it out of the student edition, which copies no source.
    assert "Download source file" not in (student_html / "index.html").read_text(encoding="utf-8")
