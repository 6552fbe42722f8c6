"""Sphinx extension: builds the edition and register pages from the data at every `jupyter-book build`.

Pages hold markers (see `pages.MARKERS`) that are replaced at `source-read` by MyST written from the seed
and the annotations; turns and gaps become nodes whose HTML carries the stable anchor, the visible number
and permalink, and the filter's data attributes. A broken annotation stops the build with every problem the
loader found. At the end of an HTML build the turns are written beside the pages as data (`downloads`).
Every address in the pages comes from the builder (`addresses`).
Repairs of other packages' output live in a separate extension, `edition.repairs`, and the speed work in
another, `edition.speed` (switched by `edition_speed`). What a rebuild reuses (notebook outputs, citations)
and must read again is in `rebuilds` and `cite_control`.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from edition.data.apparatus import load_apparatus
from edition.data.document import ParseError
from edition.data.problems import AnnotationError
from edition.myst.edition_page import KIND_PREFIX
from edition.sphinx import cite_control, downloads, pages, quotations, rebuilds, scholar_tags
from edition.sphinx import doctree as edition_nodes
from edition.sphinx.bibliography_style import register as register_bibliography_style
from edition.sphinx.config import EditionConfig, sources
from edition.sphinx.directives import GapDirective, HandoutRole, TurnDirective, TurnFilterDirective
from edition.sphinx.state import set_apparatus

HERE = Path(__file__).parent
STAMP = "edition_data_stamp"
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


def add_paths(app: Sphinx, config: Config) -> None:
    """The extension's templates and static files (shipped in the package) join the book's own."""
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def data_stamp(app: Sphinx) -> list[tuple[str, int, int]]:
    """Each data file's path, modification time and size: what tells that the data must be loaded again."""
    return [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sources(app).data_files() if p.is_file()]


def load_data(app: Sphinx) -> None:
    """Parse and check everything; any problem stops the build here, with every message."""
    stamp = data_stamp(app)  # before reading: a file saved meanwhile is loaded again at the next build
    try:
        set_apparatus(app.env, load_apparatus(sources(app)))
    except (AnnotationError, ParseError) as error:
        raise ExtensionError(f"the edition's data is broken:\n{error}") from None
    setattr(app.env, STAMP, stamp)


def reload_data(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """A build after another in the same process (the preview) loads the data again if a file changed."""
    if getattr(env, STAMP, None) != data_stamp(app):
        load_data(app)
    return []


def load_edition(app: Sphinx) -> None:
    """The data, loaded once per build, and the edition's assets."""
    load_data(app)
    app.add_css_file("book.css")
    app.add_css_file("small-screens.css")
    app.add_js_file("drawer-links.js", loading_method="defer")


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The edition's stylesheet and filter script go only on the page that holds the transcript."""
    if doctree is not None and any(True for _ in doctree.findall(edition_nodes.turn_filter)):
        app.add_css_file("edition.css")
        app.add_js_file("turn-filter.js", loading_method="defer")
    if doctree is not None and any(True for _ in doctree.findall(nodes.thead)):
        app.add_js_file("tables.js", loading_method="defer")


def copy_handouts(app: Sphinx, exception: Exception | None) -> None:
    """The handout PDFs that pages link to travel with the site."""
    folder = Path(app.srcdir) / app.config.edition_handouts
    if exception is None and app.builder.format == "html" and folder.is_dir():
        target = Path(app.outdir) / "handouts"
        target.mkdir(exist_ok=True)
        for pdf in folder.glob("*.pdf"):
            shutil.copy2(pdf, target / pdf.name)


def mark_note_kinds(app: Sphinx, doctree: nodes.document) -> None:
    """Give textual and explanatory footnotes, and their markers, classes the stylesheet tells apart."""
    kind_of: dict[str, str] = {}
    for footnote in doctree.findall(nodes.footnote):
        for kind, prefix in KIND_PREFIX.items():
            if any(name.startswith(prefix) for name in footnote["names"]):
                footnote["classes"].append(f"note-{kind}")
                kind_of.update({i: kind for i in footnote["ids"]})
    for reference in doctree.findall(nodes.footnote_reference):
        kind = kind_of.get(reference.get("refid", ""))
        if kind:
            reference["classes"].append(f"note-{kind}")


def setup(app: Sphinx) -> dict[str, Any]:
    EditionConfig.register(app)
    register_bibliography_style()
    plain = (edition_nodes.visit_plain, edition_nodes.depart_plain)
    skip = (edition_nodes.skip, None)
    n = edition_nodes
    app.add_node(n.turn, html=(n.visit_turn_html, n.depart_turn_html), latex=plain, text=plain)
    app.add_node(n.gap, html=(n.visit_gap_html, n.depart_div_html), latex=plain, text=plain)
    app.add_node(n.turn_filter, html=(n.visit_turn_filter_html, None), latex=skip, text=skip)
    app.add_node(n.handout, html=(n.visit_handout_html, None), latex=plain, text=plain)
    app.add_role("handout", HandoutRole())
    app.add_directive("turn", TurnDirective)
    app.add_directive("gap", GapDirective)
    app.add_directive("turn-filter", TurnFilterDirective)
    app.connect("config-inited", add_paths)
    app.connect("builder-inited", load_edition)
    app.connect("env-get-outdated", reload_data, priority=100)  # before anything reads the data
    app.connect("doctree-read", mark_note_kinds)
    app.connect("html-page-context", add_page_assets)
    app.connect("build-finished", copy_handouts)
    app.setup_extension("edition.sphinx.addresses")
    cite_control.setup(app)
    scholar_tags.setup(app)
    downloads.setup(app)
    rebuilds.setup(app)
    pages.setup(app)
    quotations.setup(app)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
