"""One declarative schema for every annotation file: pydantic models that refuse unknown fields.

The models check each entry on its own (fields, types, ids, dates, safe text); what needs the rest of the
edition (does the turn exist, is the lemma in it, is the citation key in the bibliography) is checked in
`crossrefs`. `json_schemas()` publishes the same models as JSON Schema, so a YAML editor can complete and
check the files while they are written (see README, "Editing the annotations").
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"  # ids of notes, topics and register entries
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
HTML_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?\s*>")
EVENT_ATTRIBUTE = re.compile(r"\bon[a-z]+\s*=", re.I)
RAW_DIRECTIVE = re.compile(r"\{raw\}|\{eval-rst\}|javascript:", re.I)
FIX = " Fix: "  # a validator's message is "problem. Fix: fix"


def _date(value: str) -> str:
    """A date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' that exists in the calendar."""
    try:
        first_day(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD.{FIX}correct the date") from None
    return value


def _parts(value: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a partial date, None where it is not given; ValueError if it is no such date."""
    m = PARTIAL_DATE.match(value)
    if m is None:
        raise ValueError(f"{value!r} is not written YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    return year, month, day  # type: ignore[return-value]


def first_day(value: str) -> date:
    """The first day a partial date may mean: '1988-12' -> 1 December 1988."""
    year, month, day = _parts(value)
    return date(year, 1 if month is None else month, 1 if day is None else day)


def last_day(value: str) -> date:
    """The last day a partial date may mean: '1988-12' -> 31 December 1988, '1989' -> 31 December 1989."""
    year, month, day = _parts(value)
    if day is not None:
        return date(year, month, day)  # type: ignore[arg-type]
    month = 12 if month is None else month
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe(text: str) -> str:
    """MyST Markdown only: raw HTML, event attributes and raw/script directives could run in a reader's page."""
    for tag in HTML_TAG.finditer(text):
        if EVENT_ATTRIBUTE.search(tag.group(0)):
            raise ValueError(f"the text has an event attribute in {tag.group(0)!r}.{FIX}remove the HTML; write MyST")
        raise ValueError(f"the text contains raw HTML <{tag.group(2).lower()}>.{FIX}write MyST Markdown instead")
    if RAW_DIRECTIVE.search(text):
        raise ValueError(f"the text contains a raw or script directive.{FIX}write MyST Markdown only")
    return text.strip()


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_safe)]
Prose = Annotated[Text, AfterValidator(lambda text: " ".join(text.split()))]  # folded YAML, one line of prose
PartialDate = Annotated[
    str,
    AfterValidator(_date),
    Field(json_schema_extra={"pattern": PARTIAL_DATE.pattern, "examples": ["1988-12-07", "1988-12", "1989"]}),
]
Keys = tuple[Annotated[str, StringConstraints(min_length=1)], ...]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class NoteEntry(Entry):
    """A note names its turn or gap and its lemma, the exact words of the source it attaches to."""

    id: Id
    turn: str | None = None
    gap: str | None = None
    lemma: Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
    occurrence: Annotated[int, Field(ge=1)] | None = None
    kind: Literal["textual", "explanatory"]
    text: Text
    cite: Keys = ()
    see: tuple[Annotated[str, StringConstraints(pattern=r"^(person|event|term):[a-z0-9-]+$")], ...] = ()

    @model_validator(mode="after")
    def _placed_and_sourced(self) -> NoteEntry:
        if (self.turn is None) == (self.gap is None):
            raise ValueError(
                f"a note needs exactly one of 'turn' or 'gap'.{FIX}name the turn (turn: t05) or the gap (gap: g1)"
            )
        if self.kind == "explanatory" and not self.cite:
            raise ValueError(f"an explanatory note needs at least one citation.{FIX}add its source key(s) to 'cite'")
        return self

    @property
    def segment(self) -> str:
        return self.turn or self.gap or ""


FORMS = Field(
    default=(),
    description="The words under which the record names or refers to the subject, each matched as whole words and "
    "case-sensitively in every turn: 'Anatoly Dobrynin', 'Jackson-Yanik Amendment'. Each must occur in the record "
    "unless the entry is background.",
)
VARIANTS = Field(
    default=(),
    description="Other spellings under which the record names the subject, its slips included ('Yanik' for "
    "Vanik): matched like forms, and where a turn has only a variant the register says so: 'turn 5 (as “Yanik”)'. "
    "Each must occur in the record unless the entry is background.",
)
BACKGROUND = Field(description="true: not named in the record, only in the chapters; such an entry may list no turns.")
RELATION = Field(
    default=(), description="Ids of events in this file that this event must follow (after) or precede (before)."
)


class Person(Entry):
    """A persons-register entry. The turns listed for a person are computed, never typed: those whose words
    contain one of `forms` or `variants`, those whose notes point to the person, and, for a speaker, the turns
    he speaks. A variant is a spelling of the name that the record has and the register does not use (a slip
    such as "Yanik" for Vanik): a turn found only through a variant is listed with it, "5 (as “Yanik”)"."""

    id: Id
    name: Prose
    sort: Prose
    born: PartialDate | None = None
    died: PartialDate | None = None
    offices: Annotated[
        Prose,
        Field(
            description="The positions held on 17 January 1989 (and, briefly, earlier ones where they matter); for a "
            "person who died before that day, the career, which the register heads 'Career.' instead. The dates "
            "stand in 'born' and 'died': do not repeat them here."
        ),
    ]
    role: Prose
    background: bool = BACKGROUND
    forms: Keys = FORMS
    variants: Keys = VARIANTS
    cite: Annotated[Keys, Field(min_length=1)]

    @model_validator(mode="after")
    def _variants_are_not_forms(self) -> Person:
        both = sorted(set(self.forms) & set(self.variants))
        if both:
            raise ValueError(
                f"{', '.join(repr(v) for v in both)} is both a form and a variant.{FIX}keep it in one of the two lists"
            )
        return self


class Event(Entry):
    """A chronology entry, dated to a day ('1988-12-07'), a month ('1988-12') or a year ('1989').

    Where the chronology puts it (edition.data.chronology): a date stands for its whole day, month or year,
    and an event sorts by the first day it may have happened on. So a month-only date sorts before the days of
    that month, and a year-only date heads its year, unless a relation moves it: `after: [id]` places the
    event after that event (and after everything dated to the same day as it), `before: [id]` places it before
    that event. A relation must not contradict the dates, nor run in a circle. Its turns, like a person's, are
    computed from `forms` and the notes that point to it.
    """

    id: Id
    date: PartialDate
    end: PartialDate | None = None
    title: Prose
    text: Prose
    chapter: Id
    after: tuple[Id, ...] = RELATION
    before: tuple[Id, ...] = RELATION
    forms: Keys = FORMS
    background: bool = False
    cite: Annotated[Keys, Field(min_length=1)]

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Event:
        if self.end is not None and last_day(self.end) < first_day(self.date):
            raise ValueError(f"'end' {self.end} comes before 'date' {self.date}.{FIX}swap them or correct the dates")
        return self


class Term(Entry):
    """A glossary entry; `term` may give several headwords separated by commas. Its turns are computed from
    `forms` and the notes that point to it."""

    id: Id
    term: Prose
    definition: Prose
    forms: Keys = FORMS
    background: bool = False
    cite: Annotated[Keys, Field(min_length=1)]

    @property
    def headwords(self) -> list[str]:
        """'back channel, confidential channel' is two headwords."""
        return [t.strip() for t in self.term.split(",")]


class Topic(Entry):
    id: Id
    label: Prose
    definition: Prose


class NotesFile(Entry):
    notes: list[NoteEntry]


class PersonsFile(Entry):
    persons: list[Person]


class EventsFile(Entry):
    events: list[Event]


class TermsFile(Entry):
    terms: list[Term]


class TopicsFile(Entry):
    vocabulary: Annotated[list[Topic], Field(min_length=1)]
    turns: dict[str, Annotated[list[Id], Field(min_length=1)]]


FILES: dict[str, type[Entry]] = {
    "notes": NotesFile,
    "persons": PersonsFile,
    "events": EventsFile,
    "terms": TermsFile,
    "topics": TopicsFile,
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each annotation file, for editors' YAML tools (published under schemas/)."""
    schemas = {}
    for name, model in FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"annotations/{name}.yml"
        schemas[name] = schema
    return schemas
