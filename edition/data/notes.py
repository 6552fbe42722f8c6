"""Place the editorial notes of annotations/notes*.yml on the text.

A note is keyed, not positional: it names its turn (or gap) and its lemma, the exact words it attaches to.
The schema checks each entry's fields; here each note is checked against the edition (turn, lemma, citation
keys, register entries) and placed. Every problem is reported, with file, line, entry and fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition.data.document import PARAGRAPH_BREAK, Document
from edition.data.entries import Checked, check_entries
from edition.data.myst import cite_keys
from edition.data.problems import Problems
from edition.data.schema import NoteEntry
from edition.data.yamlfile import read_yaml


@dataclass(frozen=True)
class Note:
    """An editorial note placed after its lemma: `paragraph` and `end` locate it in the segment."""

    id: str
    segment: str
    lemma: str
    occurrence: int
    kind: str
    text: str
    cite: tuple[str, ...]
    see: tuple[str, ...]
    paragraph: int
    end: int
    source: str


def cited_keys(entry: NoteEntry) -> list[str]:
    """The keys in `cite` and in {cite} roles inside the text."""
    return list(entry.cite) + cite_keys(entry.text)


def _place(
    checked: Checked[NoteEntry], where: str, document: Document, keys: set[str], refs: set[str], problems: Problems
) -> Note | None:
    entry = checked.value

    def fail(problem: str, fix: str) -> None:
        problems.add(where, checked.line, checked.label, problem, fix)

    before = len(problems.found)
    for key in cited_keys(entry):
        if key not in keys:
            fail(f"unknown citation key '{key}'", "add the work to references.bib or correct the key")
    for ref in entry.see:
        if ref not in refs:
            fail(
                f"'see' names '{ref}', which is not in the registers",
                "use person:ID, event:ID or term:ID from annotations/persons.yml, events.yml or terms.yml",
            )
    place = "turn" if entry.turn else "gap"
    try:
        segment = document.segment(entry.segment)
    except KeyError:
        valid = [s.id for s in document.body if s.id[0] == place[0]]
        fail(f"unknown {place} '{entry.segment}'", f"use one of {', '.join(valid)}")
        return None
    found = [
        (p, m.start()) for p, para in enumerate(segment.paragraphs) for m in re.finditer(re.escape(entry.lemma), para)
    ]
    if not found:
        if entry.lemma in PARAGRAPH_BREAK.join(segment.paragraphs) or PARAGRAPH_BREAK in entry.lemma:
            fail(
                f"the lemma {entry.lemma[:40]!r}... spans two paragraphs of {entry.segment}",
                "attach the note to words within one paragraph",
            )
        else:
            fail(
                f"the lemma {entry.lemma!r} does not occur in {entry.segment}",
                f"copy the exact words from {entry.segment}, which begins {segment.paragraphs[0][:50]!r}",
            )
        return None
    if entry.occurrence is None and len(found) > 1:
        fail(
            f"the lemma {entry.lemma!r} occurs {len(found)} times in {entry.segment}",
            f"add 'occurrence: N' (1 to {len(found)}) or lengthen the lemma",
        )
        return None
    occurrence = entry.occurrence or 1
    if occurrence > len(found):
        fail(f"occurrence {occurrence} is out of range", f"use 1 to {len(found)}")
        return None
    if len(problems.found) > before:
        return None
    paragraph, start = found[occurrence - 1]
    return Note(
        id=entry.id,
        segment=entry.segment,
        lemma=entry.lemma,
        occurrence=occurrence,
        kind=entry.kind,
        text=entry.text,
        cite=entry.cite,
        see=entry.see,
        paragraph=paragraph,
        end=start + len(entry.lemma),
        source=where,
    )


def load_notes(
    paths: list[Path],
    document: Document,
    citation_keys: set[str],
    refs: set[str] | None = None,
    problems: Problems | None = None,
) -> tuple[Note, ...]:
    """All notes from the given files, in file order; ids are unique across files.

    `refs` are the register entries a note may point to under `see` (person:ID, event:ID, term:ID). Without a
    `problems` collector, every problem found in the files is raised together as one AnnotationError.
    """
    collector = problems if problems is not None else Problems()
    notes: list[Note] = []
    seen: dict[str, str] = {}
    for path in paths:
        file = read_yaml(path, "notes", "note", collector)
        if file is None:
            continue
        for checked in check_entries(file, NoteEntry, "note", collector):
            if checked.value.id in seen:
                collector.add(
                    file.where,
                    checked.line,
                    checked.label,
                    f"the id is already used in {seen[checked.value.id]}",
                    "give each note its own id",
                )
                continue
            seen[checked.value.id] = file.where
            note = _place(checked, file.where, document, citation_keys, refs or set(), collector)
            if note is not None:
                notes.append(note)
    if problems is None:
        collector.raise_if_any()
    return tuple(notes)
