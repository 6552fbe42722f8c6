"""The reference registers: persons, chronology (events) and glossary (terms), in annotations/*.yml.

The schema checks each entry; here the entries are checked against the edition (the forms and variants they
are named by, citation keys, chapters, unique ids, the chronology's relations). Notes point to entries as `person:ID`,
`event:ID` or `term:ID`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.data.chronology import check_relations
from edition.data.document import Document
from edition.data.entries import check_entries
from edition.data.problems import Place, Problems
from edition.data.schema import Entry, Event, Person, Term
from edition.data.yamlfile import read_yaml

KINDS: dict[str, tuple[str, type[Entry]]] = {
    "persons": ("person", Person),
    "events": ("event", Event),
    "terms": ("term", Term),
}


def form_pattern(form: str) -> re.Pattern[str]:
    """A form as whole words: 'Bush' finds "George Bush" and "Bush's" but not "Bushes"; '[Brent]' works too."""
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")


def turns_with(form: str, document: Document) -> list[str]:
    """The turns, in order, whose words contain the form."""
    pattern = form_pattern(form)
    return [t.id for t in document.turns if pattern.search(t.text)]


def names(entry: Entry) -> tuple[str, ...]:
    """Every spelling under which the record names an entry: its forms, then its variants (persons only)."""
    return (*getattr(entry, "forms", ()), *getattr(entry, "variants", ()))


def variant_turns(entry: Entry, document: Document) -> dict[str, str]:
    """The turns that name the entry only under a variant, each with the first such variant: {'t05': 'Yanik'}."""
    found: dict[str, str] = {}
    for variant in getattr(entry, "variants", ()):
        for turn in turns_with(variant, document):
            found.setdefault(turn, variant)
    named = {turn for form in getattr(entry, "forms", ()) for turn in turns_with(form, document)}
    return {turn: variant for turn, variant in found.items() if turn not in named}


@dataclass(frozen=True)
class Registers:
    persons: tuple[Person, ...]
    events: tuple[Event, ...]
    terms: tuple[Term, ...]
    places: dict[str, Place] = field(default_factory=dict, hash=False, compare=False)
    """Where each entry (by its address, person:ID) stands in its file, for checks made after loading."""
    spelled: dict[str, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)
    """The turns that name an entry only under a variant (address -> {turn: variant}): "5 (as “Yanik”)"."""

    def refs(self) -> set[str]:
        """Every address a note may point to: person:ID, event:ID, term:ID."""
        return {f"{kind}:{e.id}" for kind, entries in self.by_kind().items() for e in entries}

    def by_kind(self) -> dict[str, tuple[Person, ...] | tuple[Event, ...] | tuple[Term, ...]]:
        return {"person": self.persons, "event": self.events, "term": self.terms}

    def entry(self, ref: str) -> Person | Event | Term:
        kind, _, entry_id = ref.partition(":")
        return next(e for e in self.by_kind()[kind] if e.id == entry_id)


def _load(
    path: Path,
    key: str,
    document: Document,
    keys: set[str],
    chapters: set[str],
    problems: Problems,
    places: dict[str, Place],
) -> list[Entry]:
    file = read_yaml(path, key, KINDS[key][0], problems)
    if file is None:
        return []
    kind, model = KINDS[key]
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
        for form in names(entry):
            if not entry.background and not turns_with(form, document):
                word = "variant" if form not in entry.forms else "form"
                fail(
                    f"the {word} '{form}' occurs in no turn of the record",
                    "copy the words as the record prints them (whole words, capitals as printed), remove the form, "
                    "or mark the entry 'background: true'",
                )
        for cite in entry.cite:
            if cite not in keys:
                fail(f"unknown citation key '{cite}'", "add the work to references.bib or correct the key")
        chapter = getattr(entry, "chapter", None)
        if chapter is not None and chapter not in chapters:
            fail(f"unknown chapter '{chapter}'", f"use one of {', '.join(sorted(chapters))}")
        if len(problems.found) == before:
            entries.append(entry)
            places[f"{kind}:{entry.id}"] = Place(file.where, checked.line, checked.label)
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
    places: dict[str, Place] = {}
    loaded = {
        key: tuple(_load(directory / f"{key}.yml", key, document, citation_keys, chapters, collector, places))
        for key in KINDS
    }
    events: tuple[Event, ...] = loaded["events"]  # type: ignore[assignment]
    check_relations(events, {e.id: places[f"event:{e.id}"] for e in events}, collector)
    if problems is None:
        collector.raise_if_any()
    spelled = {
        f"{KINDS[key][0]}:{e.id}": turns for key in KINDS for e in loaded[key] if (turns := variant_turns(e, document))
    }
    return Registers(loaded["persons"], events, loaded["terms"], places, spelled)  # type: ignore[arg-type]
