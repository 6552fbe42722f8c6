"""Template overrides written at every build from the installed theme's own templates, never copied by hand,
and the one check of the theme that both extensions (`edition.repairs`, `edition.speed`) were written for.

Repairs that change a theme template read the installed file, change what they must, and hand the result to
`use_templates`, which keeps them in a folder of the build (beside its doctrees) that goes first in
`templates_path`; each extension has its own folder. A template is rewritten only when its text changes:
Sphinx rewrites every page when a template is newer than the pages. A repair that finds nothing to change
returns no template, and the file from an earlier build is removed, so the installed theme's own template is
used again.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

FOLDER = "edition-repairs-templates"
# The theme both extensions were written and tested under: sphinx-book-theme, on pydata-sphinx-theme (whose
# templates, scripts and stylesheet they read and override).
THEME = "sphinx_book_theme"

logger = logging.getLogger(__name__)


def theme_is_supported(config: Config, extension: str) -> bool:
    """True under the theme the extensions were written for; otherwise one warning that says what is skipped
    (type `edition`, subtype `theme`, so `suppress_warnings = ["edition.theme"]` can silence it)."""
    if config.html_theme == THEME:
        return True
    logger.warning(
        "%s does nothing under html_theme %r: it was written for %r (its templates, scripts and stylesheet)",
        extension,
        config.html_theme,
        THEME,
        type="edition",
        subtype="theme",
    )
    return False


def pydata_theme_file(name: str) -> str:
    """A file of the installed pydata-sphinx-theme (which sphinx-book-theme extends), as text."""
    return (files("pydata_sphinx_theme") / "theme" / "pydata_sphinx_theme" / name).read_text(encoding="utf-8")


def template_folder(app: Sphinx, folder: str = FOLDER) -> Path:
    return Path(app.doctreedir) / folder


def write_templates(folder: Path, templates: dict[str, str]) -> None:
    """Make `folder` hold exactly `templates` (name → text), touching only files whose text changed."""
    for name, text in templates.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if folder.is_dir():
        for path in folder.rglob("*.html"):
            if path.relative_to(folder).as_posix() not in templates:
                path.unlink()


def use_templates(app: Sphinx, config: Config, templates: dict[str, str], folder: str = FOLDER) -> None:
    """Write the generated templates and put their folder before every other template folder."""
    where = template_folder(app, folder)
    write_templates(where, templates)
    config.templates_path = [str(where), *config.templates_path]
