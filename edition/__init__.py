"""The edition's data: the seed parsed into turns and gaps, and the annotations that attach to them.

Notebooks, the book's Sphinx extension and the tests all read the conversation through this package.
"""

from __future__ import annotations

from pathlib import Path

from edition.annotations import AnnotationError, Note, load_notes
from edition.document import Document, Gap, ParseError, Turn, read_document, render_body

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c4ba001cd7a955e4.txt"
ANNOTATIONS = ROOT / "annotations"
BIBLIOGRAPHY = ROOT / "references.bib"


def load_document(path: Path | str = SEED) -> Document:
    """The conversation as a Document (the repository's seed unless another path is given)."""
    return read_document(Path(path))


__all__ = [
    "AnnotationError",
    "Document",
    "Gap",
    "Note",
    "ParseError",
    "Turn",
    "load_document",
    "load_notes",
    "render_body",
]
