"""Repairs of other packages' output, kept apart from the edition's own extension (`edition.sphinx`) and from
the speed work (`edition.speed`): each module here corrects something broken (markup, accessibility,
behaviour), never only makes a page lighter.

One module per repair, each saying what upstream does, why it matters here, and how it is mended; each has a
canary test in tests/test_repairs.py that fails once upstream no longer needs the repair, saying whether
upstream fixed it or changed shape (then delete or rework the module and its line below). Templates are
never copied by hand: the repairs that change one write it at every build from the installed theme's own
(`generated`). Markup is repaired in the doctree or in a visitor, not by rewriting finished pages. Under a
theme other than sphinx-book-theme the extension does nothing and says so (one warning, `edition.theme`).

- navbar_logo: the book's title (or logo) in a named landmark.
- sidebar_toggles: the visible sidebar buttons open the sidebars.
- duplicate_assets: each stylesheet and script once on a page (no "THEBE_JS_URL already declared").
- bibliography_items: bibliography entries as list items.
- table_headers: an empty cell in a header row is an ordinary cell.
- dataframes: pandas tables in notebook outputs as valid, accessible HTML.
- exercise_ids: exercise and solution bodies without a shared id.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from edition.repairs import (
    bibliography_items,
    dataframes,
    duplicate_assets,
    exercise_ids,
    generated,
    navbar_logo,
    sidebar_toggles,
    table_headers,
)

REPAIRS = (duplicate_assets, bibliography_items, table_headers, dataframes, exercise_ids)


def start(app: Sphinx, config: Config) -> None:
    """Set the repairs going, unless the theme is not the one they were written for."""
    if not generated.theme_is_supported(config, "edition.repairs"):
        generated.write_templates(generated.template_folder(app), {})
        return
    templates = navbar_logo.templates() | sidebar_toggles.templates()
    generated.use_templates(app, config, templates)
    for repair in REPAIRS:
        repair.setup(app)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", start)
    return {"version": "3", "parallel_read_safe": True, "parallel_write_safe": True}
