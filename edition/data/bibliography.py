"""The citation keys of references.bib, so that notes can be checked before Sphinx sees them."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import parse_file
from pybtex.scanner import PybtexError

from edition.annotations import AnnotationError


def citation_keys(path: Path) -> set[str]:
    try:
        return set(parse_file(str(path), bib_format="bibtex").entries)
    except (OSError, PybtexError) as error:
        raise AnnotationError(
            f"{path}: cannot read the bibliography: {error}. Fix the BibTeX entry it names."
        ) from None
