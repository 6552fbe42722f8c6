"""The reference registers: persons, chronology (events) and glossary (terms), in annotations/*.yml.

The schema checks each entry; here the entries are checked against the edition (turns, citation keys,
chapters, unique ids). Notes point to entries as `person:ID`, `event:ID` or `term:ID`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.data.document import Document
from edition.data.entries import check_entries
from edition.data.problems import Problems
from edition.data.schema import Entry, Event, Person, Term
from edition.data.yamlfile import read_yaml

KINDS: dict[str, tuple[str, type[Entry]]] = {
    "persons": ("person", Person),
    "events": ("event", Event),
    "terms": ("term", Term),
}


@dataclass(frozen=True)
class Registers:
    persons: tuple[Person, ...]
    events: tuple[Event, ...]
    terms: tuple[Term, ...]

    def refs(self) -> set[str]:
        """Every address a note may point to: person:ID, event:ID, term:ID."""
        return {f"{kind}:{e.id}" for kind, entries in self.by_kind().items() for e in entries}

    def by_kind(self) -> dict[str, tuple[Person, ...] | tuple[Event, ...] | tuple[Term, ...]]:
        return {"person": self.persons, "event": self.events, "term": self.terms}

    def entry(self, ref: str) -> Person | Event | Term:
        kind, _, entry_id = ref.partition(":")
        return next(e for e in self.by_kind()[kind] if e.id == entry_id)


def _load(
    path: Path, key: str, document: Document, keys: set[str], chapters: set[str], problems: Problems
) -> list[Entry]:
    file = read_yaml(path, key, problems)
    if file is None:
        return []
    kind, model = KINDS[key]
    turn_ids = {t.id for t in document.turns}
    seen: set[str] = set()
    entries = []
    for checked in check_entries(file, model, kind, problems):
        entry = checked.value
        before = len(problems.found)

        def fail(problem: str, fix: str, checked=checked) -> None:
            problems.add(file.where, checked.line, checked.label, problem, fix)

        if entry.id in seen:
            fail("the id is already used in this file", "give the entry its own id")
        seen.add(entry.id)
        for turn in getattr(entry, "turns", ()):
            if turn not in turn_ids:
                fail(f"unknown turn '{turn}'", f"use turn ids t01 to t{len(turn_ids):02d}")
        for cite in entry.cite:
            if cite not in keys:
                fail(f"unknown citation key '{cite}'", "add the work to references.bib or correct the key")
        chapter = getattr(entry, "chapter", None)
        if chapter is not None and chapter not in chapters:
            fail(f"unknown chapter '{chapter}'", f"use one of {', '.join(sorted(chapters))}")
        if len(problems.found) == before:
            entries.append(entry)
    return entries


def load_registers(
    directory: Path,
    document: Document,
    citation_keys: set[str],
    chapters: set[str],
    problems: Problems | None = None,
) -> Registers:
    """The three registers of `directory`; without a collector, all problems are raised together."""
    collector = problems if problems is not None else Problems()
    loaded = {
        key: tuple(_load(directory / f"{key}.yml", key, document, citation_keys, chapters, collector)) for key in KINDS
    }
    if problems is None:
        collector.raise_if_any()
    return Registers(loaded["persons"], loaded["events"], loaded["terms"])  # type: ignore[arg-type]
