"""Every cited quotation of the book is checked against the excerpts read, before any page is read.

Runs at `env-before-read-docs`, when Sphinx knows every page of the book, so that a quotation on a page that
has not changed is still checked after an excerpt is edited; a quotation not found stops the build with the
file, the line, the words and the fix, like a broken annotation. An application that builds again (the preview)
checks again only when a file the last passing check read has changed, or the pages are not the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging

from edition.data.evidence import check_edition, evidence_files
from edition.data.problems import Problems
from edition.sphinx.config import EditionConfig, sources

logger = logging.getLogger(__name__)


# The files each application's last passing check read, with their contents' digests: an application that
# builds again (the preview) checks again only when one of them changed (not for a notebook or a picture edited:
# 0.4 s saved); when one did, as for a note, only the texts that changed are parsed again (quotations.paragraphs).
PASSED: WeakKeyDictionary = WeakKeyDictionary()


def digests(paths: Iterable[Path]) -> dict[Path, str | None]:
    """Each file's digest (None for a file that is not there)."""
    return {path: hashlib.blake2b(path.read_bytes()).hexdigest() if path.is_file() else None for path in paths}


def check_quotations(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    folder = EditionConfig.of(app.config).evidence
    if not folder:
        return
    pages = [Path(env.doc2path(name)) for name in sorted(env.found_docs)]
    chapters = [p for p in pages if p.suffix == ".md"]
    where, evidence = sources(app), Path(app.srcdir) / folder
    inputs = (*where.data_files(), *chapters, *evidence_files(evidence))
    if (last := PASSED.get(app)) is not None and last[0] == inputs and digests(last[1]) == last[1]:
        logger.info("quotations: no page, annotation or excerpt changed since they were all found")
        return
    problems = Problems()
    read = list(inputs)  # and the files the excerpts name (the seed)
    checked = check_edition(where, chapters, evidence, problems, read)
    if problems:
        PASSED.pop(app, None)
        raise ExtensionError(
            f"quotations not found in their sources ({len(problems.found)} of {checked}):\n"
            + "\n".join(str(p) for p in problems.found)
        )
    PASSED[app] = (inputs, digests(read))
    logger.info(f"quotations: all {checked} found in the excerpts of {folder}")


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", check_quotations)
