"""The reference registers: persons, chronology (events) and glossary (terms), in annotations/*.yml.

Each entry is checked like a note: known fields only, required fields present, citation keys in the
bibliography, turns that exist, chapters that exist, dates that are dates. Notes point to entries as
`person:ID`, `event:ID` or `term:ID`; the register pages point back to the turns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from edition.annotations import ID, AnnotationError, display, read_yaml
from edition.document import Document

REGISTER_FILES = ("persons.yml", "events.yml", "terms.yml")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    sort: str
    born: str | None
    died: str | None
    offices: str
    role: str
    background: bool
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    end: str | None
    title: str
    text: str
    chapter: str
    turns: tuple[str, ...]
    background: bool
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    turns: tuple[str, ...]
    background: bool
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Registers:
    persons: tuple[Person, ...]
    events: tuple[Event, ...]
    terms: tuple[Term, ...]

    def refs(self) -> set[str]:
        """Every address a note may point to: person:ID, event:ID, term:ID."""
        return (
            {f"person:{p.id}" for p in self.persons}
            | {f"event:{e.id}" for e in self.events}
            | {f"term:{t.id}" for t in self.terms}
        )

    def entry(self, ref: str) -> Person | Event | Term:
        kind, _, entry_id = ref.partition(":")
        entries = {"person": self.persons, "event": self.events, "term": self.terms}[kind]
        return next(e for e in entries if e.id == entry_id)


# field: (required, type); str fields must be non-empty text
FIELDS: dict[str, dict[str, tuple[bool, type]]] = {
    "persons": {
        "id": (True, str),
        "name": (True, str),
        "sort": (True, str),
        "born": (False, str),
        "died": (False, str),
        "offices": (True, str),
        "role": (True, str),
        "background": (True, bool),
        "cite": (True, list),
    },
    "events": {
        "id": (True, str),
        "date": (True, str),
        "end": (False, str),
        "title": (True, str),
        "text": (True, str),
        "chapter": (True, str),
        "turns": (False, list),
        "background": (False, bool),
        "cite": (True, list),
    },
    "terms": {
        "id": (True, str),
        "term": (True, str),
        "definition": (True, str),
        "turns": (False, list),
        "background": (False, bool),
        "cite": (True, list),
    },
}


def check_date(value: str) -> None:
    """A date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' that exists in the calendar; ValueError otherwise."""
    m = PARTIAL_DATE.match(value)
    if not m:
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 1 for g in m.groups())
    date(year, month, day)


def _entries(
    path: Path, key: str, document: Document, citation_keys: set[str], chapters: set[str]
) -> list[dict[str, Any]]:
    where = display(path)
    entries = read_yaml(path, key)
    if not isinstance(entries, list):
        raise AnnotationError(f"{where}: '{key}:' must be a list of entries.")
    turn_ids = {t.id for t in document.turns}
    seen: set[str] = set()
    checked = []
    for index, entry in enumerate(entries, start=1):
        label = f"entry {index}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            label = f"'{entry['id']}' (entry {index})"

        def fail(problem: str, fix: str, label: str = label) -> None:
            raise AnnotationError(f"{where}, {label}: {problem}. Fix: {fix}.")

        if not isinstance(entry, dict):
            fail("an entry must be a mapping", f"give it the fields {', '.join(FIELDS[key])}")
        unknown = sorted(set(entry) - set(FIELDS[key]))
        if unknown:
            fail(f"unknown field(s) {', '.join(unknown)}", f"use only {', '.join(FIELDS[key])}")
        for name, (required, kind) in FIELDS[key].items():
            if name not in entry:
                if required:
                    fail(f"the field '{name}' is missing", f"add '{name}:'")
                continue
            value = entry[name]
            if not isinstance(value, kind) or (kind is str and not value.strip()):
                fail(f"'{name}' must be {kind.__name__}", f"correct '{name}:'")
        if not ID.match(entry["id"]) or entry["id"] in seen:
            fail("the id is not unique lower-case letters, digits and hyphens", "give the entry its own id")
        seen.add(entry["id"])
        for name in ("date", "end", "born", "died"):
            if name in entry:
                try:
                    check_date(entry[name])
                except ValueError as error:
                    fail(f"'{name}' {error}", "write the date as YYYY, YYYY-MM or YYYY-MM-DD")
        for turn in entry.get("turns", []):
            if turn not in turn_ids:
                fail(f"unknown turn '{turn}'", f"use turn ids t01 to t{len(turn_ids):02d}")
        if not entry["cite"]:
            fail("the entry cites no source", "add its source key(s) to 'cite'")
        for cite in entry["cite"]:
            if cite not in citation_keys:
                fail(f"unknown citation key '{cite}'", "add the work to references.bib or correct the key")
        if "chapter" in entry and entry["chapter"] not in chapters:
            fail(f"unknown chapter '{entry['chapter']}'", f"use one of {', '.join(sorted(chapters))}")
        checked.append(entry)
    return checked


def _strip(entry: dict[str, Any], name: str) -> str:
    return " ".join(entry[name].split())


def load_registers(directory: Path, document: Document, citation_keys: set[str], chapters: set[str]) -> Registers:
    def entries(key: str) -> list[dict[str, Any]]:
        return _entries(directory / f"{key}.yml", key, document, citation_keys, chapters)

    persons = tuple(
        Person(
            p["id"],
            p["name"],
            p["sort"],
            p.get("born"),
            p.get("died"),
            _strip(p, "offices"),
            _strip(p, "role"),
            p["background"],
            tuple(p["cite"]),
        )
        for p in entries("persons")
    )
    events = tuple(
        Event(
            e["id"],
            e["date"],
            e.get("end"),
            _strip(e, "title"),
            _strip(e, "text"),
            e["chapter"],
            tuple(e.get("turns", [])),
            e.get("background", False),
            tuple(e["cite"]),
        )
        for e in entries("events")
    )
    terms = tuple(
        Term(
            t["id"],
            _strip(t, "term"),
            _strip(t, "definition"),
            tuple(t.get("turns", [])),
            t.get("background", False),
            tuple(t["cite"]),
        )
        for t in entries("terms")
    )
    return Registers(persons, events, terms)
