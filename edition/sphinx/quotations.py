"""Every cited quotation of the book is checked against the excerpts read, before any page is read.

Runs at `env-before-read-docs`, when Sphinx knows every page of the book, so that a quotation on a page that
has not changed is still checked after an excerpt is edited; a quotation not found stops the build with the
file, the line, the words and the fix, like a broken annotation.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging

from edition.data.evidence import check_edition
from edition.data.problems import Problems
from edition.sphinx.config import EditionConfig, sources

logger = logging.getLogger(__name__)


def check_quotations(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    folder = EditionConfig.of(app.config).evidence
    if not folder:
        return
    pages = [Path(env.doc2path(name)) for name in sorted(env.found_docs)]
    problems = Problems()
    checked = check_edition(sources(app), [p for p in pages if p.suffix == ".md"], Path(app.srcdir) / folder, problems)
    if problems:
        raise ExtensionError(
            f"quotations not found in their sources ({len(problems.found)} of {checked}):\n"
            + "\n".join(str(p) for p in problems.found)
        )
    logger.info(f"quotations: all {checked} found in the excerpts of {folder}")


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", check_quotations)
