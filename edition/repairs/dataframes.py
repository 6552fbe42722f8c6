"""pandas tables in notebook outputs as valid, accessible HTML.

`DataFrame._repr_html_` puts a `<style scoped>` block before each table (`scoped` is not HTML; the Nu
checker rejects it) and leaves the header cell above the index empty, a `<th>` with no text (axe
empty-table-header). After myst-nb has chosen each output's HTML (a raw node), the table's markup is
parsed and repaired there, in the doctree: the style block goes (`dataframe.css`, on pages with such a
table, carries its rules) and empty header cells become ordinary cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

STATIC = Path(__file__).parent / "static"
MARK = 'class="dataframe"'


def repair_table_html(html: str) -> str:
    """pandas' HTML without its scoped style, with its empty header cells as `<td>`."""
    fragments = lxml.html.fragments_fromstring(html)
    out = []
    for fragment in fragments:
        if isinstance(fragment, str):
            out.append(fragment)
            continue
        for style in fragment.xpath("descendant-or-self::style[@scoped]"):
            style.drop_tree()
        for cell in fragment.xpath("descendant-or-self::thead//th"):
            if not cell.text_content().strip() and not len(cell):
                cell.tag = "td"
        out.append(lxml.html.tostring(fragment, encoding="unicode"))
    return "".join(out)


class RepairDataFrames(SphinxPostTransform):
    """Runs after myst-nb's SelectMimeType (priority 4) has turned each output into the node it shows."""

    default_priority = 20
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for raw in self.document.findall(nodes.raw):
            text = raw.astext()
            if "html" in raw.get("format", "").split() and MARK in text:
                raw.clear()
                raw += nodes.Text(repair_table_html(text))


def add_static(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def add_stylesheet(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The rules of pandas' style block, on pages that show a pandas table."""
    if doctree is not None and any(MARK in raw.astext() for raw in doctree.findall(nodes.raw)):
        app.add_css_file("dataframe.css")


def setup(app: Sphinx) -> None:
    app.add_post_transform(RepairDataFrames)
    add_static(app, app.config)  # called at config-inited (edition.repairs.start)
    app.connect("html-page-context", add_stylesheet)
