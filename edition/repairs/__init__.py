"""Repairs of other packages' output, kept apart from the edition's own extension (`edition.sphinx`).

One module per repair, each saying what upstream does, why it matters here, and how it is mended; each has a
canary test in tests/test_repairs.py that fails once upstream no longer needs the repair (then delete the
module and its line below). Templates are never copied by hand: the repairs that change one write it at
every build from the installed theme's own (`generated`). Markup is repaired in the doctree or in a
visitor, not by rewriting finished pages.

- theme_assets: the theme's asset macros without the 1.5 MB fontawesome.js and without script preloads.
- navbar_logo: the book's title (or logo) in a named landmark.
- search_scripts: the search scripts and index only where they are used.
- sidebar_toggles: the visible sidebar buttons open the sidebars (under sphinx-book-theme, which shows them).
- unused_assets: each page loads only the other packages' assets it uses, each once.
- deferred_scripts: no script blocks the first paint.
- theme_css: the theme's stylesheet without rules that no page can use, and (icon_font) Font Awesome's
  fonts cut down to the icons the stylesheets name.
- citations: bibliography entries as list items.
- table_headers: an empty cell in a header row is an ordinary cell.
- dataframes: pandas tables in notebook outputs as valid, accessible HTML.
- exercise_ids: exercise and solution bodies without a shared id.
- source_button: no "Download source file" button where no source is copied (the student edition).
- plugin_lookup: pybtex looks up each of its plugins once, not once per citation.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from edition.repairs import (
    citations,
    dataframes,
    deferred_scripts,
    exercise_ids,
    generated,
    navbar_logo,
    plugin_lookup,
    search_scripts,
    sidebar_toggles,
    source_button,
    table_headers,
    theme_assets,
    theme_css,
    unused_assets,
)

TEMPLATE_REPAIRS = (theme_assets, navbar_logo, search_scripts)
REPAIRS = (
    unused_assets,
    deferred_scripts,
    theme_css,
    citations,
    table_headers,
    dataframes,
    exercise_ids,
    source_button,
    plugin_lookup,
)


def write_templates(app: Sphinx, config: Config) -> None:
    templates: dict[str, str] = {}
    for repair in TEMPLATE_REPAIRS:
        templates |= repair.templates()
    templates |= sidebar_toggles.templates(config.html_theme)  # the one repair that depends on the theme
    generated.use_templates(app, config, templates)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", write_templates)
    for repair in REPAIRS:
        repair.setup(app)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
