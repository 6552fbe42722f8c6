"""Speed work on other packages' output, behind one switch: `edition_speed` (True by default).

The repairs (`edition.repairs`) mend what is broken; nothing here is: every page works without it, it only
loads less, sooner. Each module says what upstream does and what it saves; each has a canary in
tests/test_repairs.py that fails, naming the upstream version, when upstream no longer does it or has
changed shape.

- theme_assets: the theme's asset macros without the 1.5 MB fontawesome.js, without script preloads, and
  linking basic.css where theme.css only imports it (a template, written from the installed theme's own).
- search_scripts: the search scripts and the whole search index only where they are used (a template).
- unused_assets: each page loads only the other packages' assets it uses (html-page-context).
- deferred_scripts: no script blocks the first paint (html-page-context).
- theme_css: the theme's stylesheet without rules that no page can use, and (icon_font) Font Awesome's
  fonts cut to the icons the stylesheets name; at build-finished, cached by the digest of its inputs.
- plugin_lookup: pybtex looks up each of its plugins once, not once per citation (build time).
- latex_text: pybtex decodes each field's LaTeX once, not once per formatting (build time).
- sidebar_check: sphinx-book-theme's sidebar navigation is rendered once per page, not twice (html-page-context).
- notebook_runs: the notebooks that must be executed are executed side by side, not one after another, while
  Sphinx reads the other pages; myst-nb then reads them from its cache (build time).
- spare_kernels: in the preview (`edition_spare_kernels`), a kernel for each notebook is started after each
  build, with the notebook's imports done, for the next build's run (between builds).

Pages are shaped before they are written (templates, the page context); only the theme's stylesheet, which
depends on every page, is rewritten at the end of the build. Under a theme other than sphinx-book-theme the
extension does nothing and says so (one warning, `edition.theme`).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from edition.repairs import generated
from edition.speed import (
    deferred_scripts,
    latex_text,
    notebook_runs,
    plugin_lookup,
    search_scripts,
    sidebar_check,
    spare_kernels,
    theme_assets,
    theme_css,
    unused_assets,
)

FOLDER = "edition-speed-templates"
SWITCH = "edition_speed"
TEMPLATE_WORK = (theme_assets, search_scripts)
PAGE_WORK = (
    unused_assets,
    deferred_scripts,
    theme_css,
    plugin_lookup,
    latex_text,
    sidebar_check,
    notebook_runs,
    spare_kernels,
)

logger = logging.getLogger(__name__)


def start(app: Sphinx, config: Config) -> None:
    """Set the speed work going, unless it is switched off or the theme is not the one it was written for."""
    folder = generated.template_folder(app, FOLDER)
    if not config[SWITCH] or not generated.theme_is_supported(config, "edition.speed"):
        generated.write_templates(folder, {})  # no override of an earlier build is left behind
        return
    templates: dict[str, str] = {}
    for work in TEMPLATE_WORK:
        templates |= work.templates()
    generated.use_templates(app, config, templates, FOLDER)
    for work in PAGE_WORK:
        work.setup(app)


def setup(app: Sphinx) -> dict[str, Any]:
    # "html": switching it rewrites every page, but the doctrees stay as they are.
    app.add_config_value(SWITCH, True, "html", types=[bool])
    # Set by the preview, which builds again and again in one application; a build's output does not depend on it.
    app.add_config_value(spare_kernels.SWITCH, False, "", types=[bool])
    app.connect("config-inited", start)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
