"""Everything the edition is made of, loaded and cross-checked in one pass: text, citations, registers,
notes, topics. Every problem in every file is collected and reported together, so an editor fixing the
YAML sees all of them in one run. The book's extension, the notebooks and the tests all load it here."""

from __future__ import annotations

from dataclasses import dataclass

from edition.data.appearances import appearances, check_appearances
from edition.data.bibliography import citation_keys
from edition.data.document import Document, read_document
from edition.data.notes import Note, load_notes
from edition.data.problems import Problems
from edition.data.registers import Registers, load_registers
from edition.data.sources import Sources
from edition.data.topics import Topics, load_topics


@dataclass(frozen=True)
class Apparatus:
    document: Document
    citation_keys: frozenset[str]
    registers: Registers
    notes: tuple[Note, ...]
    topics: Topics
    appearances: dict[str, list[str]]
    """For each register address (person:ID, event:ID, term:ID), the turns where its subject appears."""


def load_apparatus(sources: Sources) -> Apparatus:
    """Raises ParseError for a broken seed, or one AnnotationError listing every problem in the annotations."""
    document = read_document(sources.seed)
    problems = Problems()
    keys = frozenset(set().union(*(citation_keys(b, problems) for b in sources.bibliographies)))
    chapters = {p.stem for p in sources.context.glob("*.md")}
    registers = load_registers(sources.annotations, document, set(keys), chapters, problems)
    notes = load_notes(sources.note_files(), document, set(keys), registers.refs(), problems)
    topics = load_topics(sources.topics, document, problems)
    seen = appearances(registers, notes, document)
    check_appearances(registers, seen, problems)
    problems.raise_if_any()
    return Apparatus(document, keys, registers, notes, topics, seen)
