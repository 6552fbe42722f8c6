"""Scripts load with `defer`, so that none blocks the first paint.

Sphinx and the extensions add their scripts as plain `<script src>` in the head: the browser stops
building the page until each has arrived and run. None of them needs to run before the page is parsed:
each waits for the document to be ready (Sphinx's `_ready`, `DOMContentLoaded`), and deferred scripts still
run in order, before that event. The one exception is `documentation_options.js`: it declares
`DOCUMENTATION_OPTIONS`, which inline scripts in the head (the theme's page name) assign to at once, and
inline scripts cannot be deferred. Scripts already `async` or `defer` are left as they are, and so are the
search page's: the theme's search template loads Sphinx's search scripts itself, synchronously, and
`searchtools.js` calls `_ready` from `doctools.js` as it runs.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

RUN_AT_ONCE = ("documentation_options.js",)


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if scripts is None or pagename == "search":
        return
    for index, script in enumerate(scripts):
        name = str(getattr(script, "filename", "") or "")
        attributes = getattr(script, "attributes", {})
        if not name or name.rsplit("/", 1)[-1] in RUN_AT_ONCE or {"async", "defer"} & attributes.keys():
            continue
        if attributes.get("type", "text/javascript") != "text/javascript":
            continue  # data blocks (widget state) are not scripts
        scripts[index] = type(script)(script.filename, priority=script.priority, **attributes, defer="defer")


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", defer_scripts, priority=950)
