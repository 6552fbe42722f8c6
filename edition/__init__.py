"""The edition's data: the seed parsed into turns and gaps, and the annotations that attach to them.

Notebooks, the book's Sphinx extension and the tests all read the conversation through this package.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from edition.annotations import AnnotationError, Note, load_notes
from edition.apparatus import Apparatus, load_apparatus
from edition.document import Document, Gap, ParseError, Turn, read_document, render_body
from edition.frame import filter_turns, make_frame
from edition.topics import Topic, Topics, load_topics

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c4ba001cd7a955e4.txt"
ANNOTATIONS = ROOT / "annotations"
TOPICS = ANNOTATIONS / "topics.yml"
BIBLIOGRAPHY = ROOT / "references.bib"


def load_document(path: Path | str = SEED) -> Document:
    """The conversation as a Document (the repository's seed unless another path is given)."""
    return read_document(Path(path))


def load_edition() -> Apparatus:
    """The repository's text, registers, notes and topics, cross-checked."""
    return load_apparatus(SEED, ANNOTATIONS, [BIBLIOGRAPHY], ROOT / "chapters" / "context")


def load_edition_topics(path: Path | str = TOPICS, document: Document | None = None) -> Topics:
    """The topic vocabulary and the editors' tags for every turn."""
    return load_topics(Path(path), document or load_document())


def turns_frame() -> pd.DataFrame:
    """The edition's turns as a DataFrame: turn, id, speaker, topics, text, words."""
    document = load_document()
    return make_frame(document, load_topics(TOPICS, document))


__all__ = [
    "AnnotationError",
    "Apparatus",
    "Document",
    "Gap",
    "Note",
    "ParseError",
    "Topic",
    "Topics",
    "Turn",
    "filter_turns",
    "load_document",
    "load_edition",
    "load_edition_topics",
    "load_notes",
    "render_body",
    "turns_frame",
]
