"""Repairs of other packages' output (the theme, docutils, pandas, sphinx-exercise), kept apart from the
edition's own extension. Each repair has a canary test that fails once upstream no longer needs it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app: Sphinx, config: Config) -> None:
    """The template overrides come before the theme's."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def repair_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if "body" in context:
        context["body"] = repair_body(context["body"])


UNUSED_ASSETS = ("sphinx-design.min.css", "design-tabs.js", "sphinx-thebe.js", "sphinx-thebe.css")


def trim_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Keep one copy of each script and none that the book does not use.

    sphinx-thebe and sphinx-togglebutton add their inline configuration once for the book and again for
    each page; the second `const THEBE_JS_URL` throws a script error. The book has no sphinx-design
    components and no live code (Thebe), so their files only add weight. Runs after the other
    extensions' handlers and edits the page's lists in place, as Sphinx expects. Pages without notebook
    cells do without myst-nb's stylesheet.
    """
    has_cells = doctree is not None and any("cell" in n["classes"] for n in doctree.findall(nodes.container))
    for key in ("script_files", "css_files"):
        seen: set[tuple[str, tuple]] = set()
        kept = []
        for asset in context.get(key, []):
            name = str(getattr(asset, "filename", asset) or "")  # inline scripts come as None or ""
            attributes = getattr(asset, "attributes", {})
            unused = name.endswith(UNUSED_ASSETS) or "THEBE_JS_URL" in attributes.get("body", "")
            unused = unused or (not has_cells and Path(name).name.startswith("mystnb."))
            identity = (name, tuple(sorted(attributes.items())))
            if not unused and identity not in seen:
                seen.add(identity)
                kept.append(asset)
        if key in context:
            context[key][:] = kept


def drop_uncopied_source_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """With `html_copy_source` off (the student edition), the theme still offers "Download source file",
    linking `_sources/`, which does not exist: a dead link on every page. The button goes; .pdf stays."""
    if context.get("sourcename"):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"][:] = [b for b in group["buttons"] if b.get("label") != "download-source-button"]


PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>", re.S)
EMPTY_HEADER = re.compile(r"<th([^>]*)>(?:\s*<p>\s*</p>)?\s*</th>")
REPEATED_ID = re.compile(r'id="(exercise|solution)-content"')


def repair_body(body: str) -> str:
    """Repair stock markup that fails the accessibility (axe) or HTML (vnu) checks; content is unchanged.

    Docutils marks bibliography entries with the deprecated role doc-biblioentry inside a role="list"
    (a list without list items): they become list items. Empty header cells (pandas' index corner, a
    table's blank corner) become ordinary cells. pandas puts a `<style scoped>` block (invalid in HTML)
    before each table: it goes, and book.css carries the same rules. sphinx-exercise gives every exercise
    and solution body the same id: it becomes a class.
    """
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    body = EMPTY_HEADER.sub(r"<td\1></td>", body)
    body = REPEATED_ID.sub(r'class="\1-content"', body)
    return PANDAS_STYLE.sub("", body)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", repair_page)
    app.connect("html-page-context", trim_assets, priority=900)
    app.connect("html-page-context", drop_uncopied_source_button, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
