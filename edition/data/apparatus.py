"""Everything the edition is made of, loaded and cross-checked in one order: text, citations, registers,
notes, topics. The book's extension and the tests both load it here, so they check the same things."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.annotations import Note, load_notes
from edition.bibliography import citation_keys
from edition.document import Document, read_document
from edition.registers import Registers, load_registers
from edition.topics import Topics, load_topics


@dataclass(frozen=True)
class Apparatus:
    document: Document
    citation_keys: frozenset[str]
    registers: Registers
    notes: tuple[Note, ...]
    topics: Topics


def note_files(annotations: Path) -> list[Path]:
    return sorted(annotations.glob("notes*.yml"))


def load_apparatus(seed: Path, annotations: Path, bibliographies: list[Path], context: Path) -> Apparatus:
    """Raises ParseError or AnnotationError, naming the file and entry, on the first problem found."""
    document = read_document(seed)
    keys = frozenset(set().union(*(citation_keys(b) for b in bibliographies)))
    chapters = {p.stem for p in context.glob("*.md")}
    registers = load_registers(annotations, document, set(keys), chapters)
    notes = load_notes(note_files(annotations), document, set(keys), registers.refs())
    topics = load_topics(annotations / "topics.yml", document)
    return Apparatus(document, keys, registers, notes, topics)
