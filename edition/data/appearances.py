"""Where each register entry's subject appears in the record: derived facts for the reference pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from edition.data.document import Document
from edition.data.notes import Note
from edition.data.registers import Registers


def appearances(registers: Registers, notes: Iterable[Note], document: Document) -> dict[str, list[str]]:
    """For each register address, the turns (in order) where its subject appears."""
    found: dict[str, set[str]] = defaultdict(set)
    for note in notes:
        for ref in note.see:
            found[ref].add(note.segment)
    for entry_kind, entries in (("event", registers.events), ("term", registers.terms)):
        for entry in entries:
            found[f"{entry_kind}:{entry.id}"].update(entry.turns)
    for turn in document.turns:
        found[f"person:{turn.speaker.lower()}"].add(turn.id)
    order = [t.id for t in document.turns]
    return {ref: [t for t in order if t in turns] for ref, turns in found.items()}
