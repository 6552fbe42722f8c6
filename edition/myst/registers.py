"""Write the reference pages (persons register, chronology, glossary) as MyST, and links into them.

Every entry gets a label (`person-ID`, `event-ID`) or a glossary term, so notes can point to it; every
entry points back to the turns where its subject appears (edition.data.appearances: the turns whose words
contain one of its forms or variants, those whose notes point to it, and, for the speakers, the turns they
speak); a turn that has only a variant says so, "5 (as “Yanik”)". A person's offices are headed by the day of
the conversation, unless his dates say he was not alive that day: then they are his career.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from edition.data.chronology import in_time_order
from edition.data.document import Document, Turn
from edition.data.registers import Registers
from edition.data.schema import Event, Person, first_day, last_day
from edition.myst.markup import cite, escape, human_date, turn_links

CONVERSATION = date(1989, 1, 17)
"""The day of the conversation (the seed's header): the day the persons register gives offices for."""


def link(registers: Registers, ref: str) -> str:
    """A MyST link to a register entry, with the entry's own name as its text."""
    entry = registers.entry(ref)
    if isinstance(entry, Person):
        return f"{{ref}}`{entry.name} <person-{entry.id}>`"
    if isinstance(entry, Event):
        return f"{{ref}}`{entry.title} ({human_date(entry.date)}) <event-{entry.id}>`"
    return f"{{term}}`{entry.headwords[0]}`"


def see_also(registers: Registers, refs: Iterable[str]) -> str:
    where = {"person": "persons register", "event": "chronology", "term": "glossary"}
    return " ".join(f"See {link(registers, r)} in the {where[r.split(':')[0]]}." for r in refs)


def alive_on(person: Person, day: date) -> bool:
    """Whether the person's dates allow no doubt that he was alive on `day` (no dates: taken as alive)."""
    born = person.born is None or last_day(person.born) < day
    return born and (person.died is None or first_day(person.died) > day)


def offices_label(person: Person) -> str:
    """The heading of the offices paragraph: the day's offices, or the career of one not alive that day."""
    return f"On {human_date(CONVERSATION.isoformat())}." if alive_on(person, CONVERSATION) else "Career."


def turns_myst(turns: list[Turn], spelled: dict[str, str]) -> str:
    """Links to the turns, each turn that names the entry only under a variant marked so: '5 (as “Yanik”)'."""
    return ", ".join(turn_links([t]) + (f" (as “{escape(spelled[t.id])}”)" if t.id in spelled else "") for t in turns)


def _turns(document: Document, turn_ids: list[str]) -> list[Turn]:
    by_id = {t.id: t for t in document.turns}
    return [by_id[t] for t in turn_ids]


def persons_myst(registers: Registers, seen: dict[str, list[str]], document: Document) -> str:
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
            lines += [f"**{offices_label(p)}** {p.offices} {cite(p.cite)}", "", f"**In this edition.** {p.role}"]
            turns = _turns(document, seen.get(f"person:{p.id}", []))
            if turns:
                lines[-1] += f" Turns: {turns_myst(turns, registers.spelled.get(f'person:{p.id}', {}))}."
            lines.append("")
    return "\n".join(lines)


def chronology_myst(registers: Registers, seen: dict[str, list[str]], document: Document) -> str:
    """The events in time order (edition.data.chronology: partial dates and `after:`/`before:`), by year."""
    lines: list[str] = []
    year = 0
    for placed in in_time_order(registers.events):
        e = placed.event
        if placed.at.year != year:
            year = placed.at.year
            lines += [f"## {year}", ""]
        when = human_date(e.date) + (f" – {human_date(e.end)}" if e.end else "")
        turns = _turns(document, seen.get(f"event:{e.id}", []))
        where = f"Chapter: {{doc}}`context/{e.chapter}`."
        if turns:
            where += f" Turns: {turn_links(turns)}."
        lines += [
            f"(event-{e.id})=",
            ":::{container} chronology-event",
            f"**{when}.** **{e.title}.** {e.text} {cite(e.cite)} {where}",
            ":::",
            "",
        ]
    return "\n".join(lines)


def glossary_myst(registers: Registers, seen: dict[str, list[str]], document: Document) -> str:
    lines = [":::{glossary}", ":sorted:", ""]
    for t in registers.terms:
        lines += t.headwords
        text = f"{t.definition} {cite(t.cite)}"
        turns = _turns(document, seen.get(f"term:{t.id}", []))
        if turns:
            text += f" Turns: {turn_links(turns)}."
        lines += [f"  {text}", ""]
    return "\n".join(lines + [":::", ""])
