"""sphinx-book-theme's sidebar navigation rendered once per page, not twice.

At `html-page-context` pydata-sphinx-theme renders every template of a page's sidebars and bars to drop those
that come out empty (`utils._update_and_remove_templates`), and the page then renders them again. It spares
its own navigation templates that check (`templates_skip_empty_check`: the table of contents is the costly
part), but not sphinx-book-theme's, `sbt-sidebar-nav.html`, which renders the book's whole table of contents
on every page. That template writes its `<nav>` element whatever the table of contents holds, so it never
renders empty and the check can never drop it: it is spared the check, as pydata-sphinx-theme spares its own.
"""

from __future__ import annotations

import functools

from pydata_sphinx_theme import utils
from sphinx.application import Sphinx

NAVIGATION = "sbt-sidebar-nav.html"


def spare_navigation() -> None:
    """Add sphinx-book-theme's navigation to the templates pydata-sphinx-theme never checks (once)."""
    check = utils._update_and_remove_templates
    if getattr(check, "spares", None) == NAVIGATION:
        return

    @functools.wraps(check)
    def checked(app, context, templates, section, templates_skip_empty_check=None):
        return check(app, context, templates, section, [*(templates_skip_empty_check or []), NAVIGATION])

    checked.spares = NAVIGATION
    utils._update_and_remove_templates = checked


def setup(app: Sphinx) -> None:
    spare_navigation()
