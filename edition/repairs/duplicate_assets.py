"""Each stylesheet and script once on a page.

Two extensions add the same asset twice to every page: sphinx-thebe its inline configuration, whose second
`const THEBE_JS_URL` throws "Identifier 'THEBE_JS_URL' has already been declared" on every page (a script
error a reader's console shows), and sphinx-togglebutton its selector. An asset identical to one already on
the page (same file, or same inline body, and same attributes) is dropped; the first stays where it was.
Runs after the other extensions' handlers and edits the page's lists in place, as Sphinx expects.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def identity(asset: Any) -> tuple[str, tuple]:
    """What makes two assets the same: the file (inline scripts have none) and every attribute, body included."""
    name = str(getattr(asset, "filename", asset) or "")
    return name, tuple(sorted((k, str(v)) for k, v in getattr(asset, "attributes", {}).items()))


def drop_repeats(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        if key not in context:
            continue
        seen: set[tuple[str, tuple]] = set()
        kept = []
        for asset in context[key]:
            if identity(asset) not in seen:
                seen.add(identity(asset))
                kept.append(asset)
        context[key][:] = kept


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", drop_repeats, priority=900)
