"""Where each register entry's subject appears in the record: the turn lists of the reference pages.

They are computed from the text, never typed by hand: a turn lists an entry when its words contain one of the
entry's `forms` or `variants` (whole words, case-sensitively), when one of its notes points to the entry
(`see:`), or, for a speaker, when he speaks it. So a name the editors declare once is found in every turn that
uses it, misspelt or not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from edition.data.document import Document
from edition.data.notes import Note
from edition.data.problems import Problems
from edition.data.registers import Registers, names, turns_with


def appearances(registers: Registers, notes: Iterable[Note], document: Document) -> dict[str, list[str]]:
    """For each register address (person:ID, event:ID, term:ID), the turns in order where its subject appears."""
    found: dict[str, set[str]] = defaultdict(set)
    for kind, entries in registers.by_kind().items():
        for entry in entries:
            for form in names(entry):
                found[f"{kind}:{entry.id}"].update(turns_with(form, document))
    for note in notes:
        for ref in note.see:
            found[ref].add(note.segment)
    for turn in document.turns:
        found[f"person:{turn.speaker.lower()}"].add(turn.id)
    order = [t.id for t in document.turns]
    return {ref: [t for t in order if t in turns] for ref, turns in found.items() if turns}


def check_appearances(registers: Registers, seen: dict[str, list[str]], problems: Problems) -> None:
    """An entry not marked background must appear in some turn; otherwise the page would claim it is in the
    record and list no turn for it."""
    for ref in sorted(registers.refs()):
        entry = registers.entry(ref)
        if not entry.background and not seen.get(ref):
            where = registers.places[ref]
            problems.add(
                where.file,
                where.line,
                where.label,
                "the entry is not marked background, yet no turn names it",
                "add 'forms:' with the words of the record that name it, point a note to it with 'see:', "
                "or mark it 'background: true'",
            )
