"""The edition's data beside the pages, written at the end of an HTML build: the turns as CSV and JSON
(`edition.exchange.turn_tables`) and the whole edition as TEI P5 (`edition.exchange.tei`, at `edition_tei`),
made from the same data as the pages and described as the site describes the edition."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from edition.sphinx import rebuilds
from edition.sphinx.cite_control import edition_info
from edition.sphinx.config import EditionConfig
from edition.sphinx.state import apparatus


def write_turn_tables(app: Sphinx, exception: Exception | None) -> None:
    """The turns as CSV and JSON (again only when their data or the code that writes them changed: `rebuilds`)."""
    if exception is None and app.builder.format == "html":
        key = rebuilds.downloads_key(app)
        if rebuilds.downloads_current(app, key):
            return
        from edition.exchange.turn_tables import FORMATS, write_turns
        from edition.notebook.frame import make_frame

        data = apparatus(app.env)
        frame = make_frame(data.document, data.topics)
        written = [write_turns(frame, fmt, Path(app.outdir) / "data" / f"turns.{fmt}") for fmt in FORMATS]
        rebuilds.remember_downloads(app, key, written)


def write_tei(app: Sphinx, exception: Exception | None) -> None:
    """The whole edition as TEI."""
    target = EditionConfig.of(app.config).tei
    if exception is None and app.builder.format == "html" and target:
        from edition.exchange.tei import write_tei as write

        try:
            write(apparatus(app.env), edition_info(app), Path(app.outdir) / target)
        except ValueError as error:
            raise ExtensionError(f"the TEI export failed: {error}") from None


def setup(app: Sphinx) -> None:
    """Called from the edition extension's setup."""
    app.connect("build-finished", write_turn_tables)
    app.connect("build-finished", write_tei)
