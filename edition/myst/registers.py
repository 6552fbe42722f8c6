"""Write the reference pages (persons register, chronology, glossary) as MyST, and links into them.

Every entry gets a label (`person-ID`, `event-ID`) or a glossary term, so notes can point to it; every
entry points back to the turns where its subject appears: those it lists, those whose notes point to it,
and, for the speakers, the turns they speak.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from edition.annotations import Note
from edition.document import Document
from edition.registers import Event, Person, Registers, Term

MONTHS = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def human_date(value: str) -> str:
    """'1972-08' -> 'August 1972'; '1988-12-07' -> '7 December 1988'."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"


def glossary_terms(term: Term) -> list[str]:
    """The glossary headwords of an entry: 'back channel, confidential channel' is two."""
    return [t.strip() for t in term.term.split(",")]


def link(registers: Registers, ref: str) -> str:
    """A MyST link to a register entry, with the entry's own name as its text."""
    entry = registers.entry(ref)
    if isinstance(entry, Person):
        return f"{{ref}}`{entry.name} <person-{entry.id}>`"
    if isinstance(entry, Event):
        return f"{{ref}}`{entry.title} ({human_date(entry.date)}) <event-{entry.id}>`"
    return f"{{term}}`{glossary_terms(entry)[0]}`"


def see_also(registers: Registers, refs: Iterable[str]) -> str:
    where = {"person": "persons register", "event": "chronology", "term": "glossary"}
    return " ".join(f"See {link(registers, r)} in the {where[r.split(':')[0]]}." for r in refs)


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


def turn_links(turn_ids: list[str]) -> str:
    return ", ".join(f"{{ref}}`{int(t[1:])} <{t}>`" for t in turn_ids)


def _cite(keys: tuple[str, ...]) -> str:
    return f"{{cite:p}}`{','.join(keys)}`"


def persons_myst(registers: Registers, seen: dict[str, list[str]]) -> str:
    lines: list[str] = []
    for background in (False, True):
        people = sorted((p for p in registers.persons if p.background == background), key=lambda p: p.sort)
        lines += ["## Named in the record" if not background else "## Also in the chapters", ""]
        for p in people:
            life = "; ".join(
                f"{word} {human_date(value)}" for word, value in (("born", p.born), ("died", p.died)) if value
            )
            lines += [f"(person-{p.id})=", f"### {p.name}", ""]
            if life:
                lines += [f"*{life[0].upper()}{life[1:]}.*", ""]
            lines += [f"**On 17 January 1989.** {p.offices} {_cite(p.cite)}", "", f"**In this edition.** {p.role}"]
            turns = seen.get(f"person:{p.id}", [])
            if turns:
                lines[-1] += f" Turns: {turn_links(turns)}."
            lines.append("")
    return "\n".join(lines)


def chronology_myst(registers: Registers, seen: dict[str, list[str]]) -> str:
    lines: list[str] = []
    year = ""
    for e in sorted(registers.events, key=lambda e: e.date):
        if e.date[:4] != year:
            year = e.date[:4]
            lines += [f"## {year}", ""]
        when = human_date(e.date) + (f" – {human_date(e.end)}" if e.end else "")
        turns = seen.get(f"event:{e.id}", [])
        where = f"Chapter: {{doc}}`context/{e.chapter}`."
        if turns:
            where += f" Turns: {turn_links(turns)}."
        lines += [
            f"(event-{e.id})=",
            ":::{div} chronology-event",
            f"**{when}.** **{e.title}.** {e.text} {_cite(e.cite)} {where}",
            ":::",
            "",
        ]
    return "\n".join(lines)


def glossary_myst(registers: Registers, seen: dict[str, list[str]]) -> str:
    lines = [":::{glossary}", ":sorted:", ""]
    for t in registers.terms:
        lines += glossary_terms(t)
        text = f"{t.definition} {_cite(t.cite)}"
        turns = seen.get(f"term:{t.id}", [])
        if turns:
            text += f" Turns: {turn_links(turns)}."
        lines += [f"  {text}", ""]
    return "\n".join(lines + [":::", ""])
