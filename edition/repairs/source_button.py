"""No "Download source file" button where no source is copied.

sphinx-book-theme offers each page's source for download at `_sources/<page>`; with `html_copy_source` off
(the student edition, whose sources hold the model answers) Sphinx copies no source and gives the page an
empty source name, yet the theme still shows the button, linking `_sources/`: a dead link on every page.
Where a page has no copied source, the button goes; the rest of the download menu (print to PDF) stays.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

BUTTON = "download-source-button"


def drop_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if context.get("sourcename"):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"][:] = [b for b in group["buttons"] if b.get("label") != BUTTON]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", drop_button, priority=900)  # after the theme fills the buttons (501)
