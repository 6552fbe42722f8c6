"""The edition's data: the seed parsed into turns and gaps, and the annotations that attach to them.

Notebooks, the book's Sphinx extension and the tests all read the conversation through this package. The
data is found from the working directory upwards (see `edition.data.sources`), or given explicitly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from edition.data.apparatus import Apparatus, load_apparatus
from edition.data.document import Document, Gap, ParseError, Turn, read_document, render_body
from edition.data.notes import Note, load_notes
from edition.data.problems import AnnotationError
from edition.data.sources import Sources, find_root
from edition.data.topics import Topics, load_topics

if TYPE_CHECKING:
    import pandas as pd


def sources(root: Path | str | None = None) -> Sources:
    """Where the edition's files are: under `root`, or the edition found from the working directory."""
    return Sources.at(Path(root) if root else find_root())


def load_document(path: Path | str | None = None) -> Document:
    """The conversation as a Document (the edition's seed unless another path is given)."""
    return read_document(Path(path) if path else sources().seed)


def load_edition(root: Path | str | None = None) -> Apparatus:
    """The text, registers, notes and topics, cross-checked."""
    return load_apparatus(sources(root))


def load_edition_topics(path: Path | str | None = None, document: Document | None = None) -> Topics:
    """The topic vocabulary and the editors' tags for every turn."""
    return load_topics(Path(path) if path else sources().topics, document or load_document())


def turns_frame(root: Path | str | None = None) -> pd.DataFrame:
    """The edition's turns as a DataFrame: turn, id, speaker, topics, text, words."""
    from edition.notebook.frame import make_frame

    where = sources(root)
    document = read_document(where.seed)
    return make_frame(document, load_topics(where.topics, document))


def __getattr__(name: str) -> Any:
    """`edition.filter_turns` without importing pandas for every user of the package (the book's build)."""
    if name == "filter_turns":
        from edition.notebook.frame import filter_turns

        return filter_turns
    raise AttributeError(name)


__all__ = [
    "AnnotationError",
    "Apparatus",
    "Document",
    "Gap",
    "Note",
    "ParseError",
    "Sources",
    "Topics",
    "Turn",
    "filter_turns",
    "load_document",
    "load_edition",
    "load_edition_topics",
    "load_notes",
    "render_body",
    "sources",
    "turns_frame",
]
