"""One declarative schema for every annotation file: pydantic models that refuse unknown fields.

The models check each entry on its own (fields, types, ids, dates, safe text); what needs the rest of the
edition (does the turn exist, is the lemma in it, is the citation key in the bibliography) is checked in
`crossrefs`. `json_schemas()` publishes the same models as JSON Schema, so a YAML editor can complete and
check the files while they are written (see README, "Editing the annotations").
"""

from __future__ import annotations

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
    m = PARTIAL_DATE.match(value)
    if m:
        year, month, day = (int(g) if g else 1 for g in m.groups())
        try:
            date(year, month, day)
            return value
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD.{FIX}correct the date")


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
PartialDate = Annotated[str, AfterValidator(_date)]
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


class Person(Entry):
    """A persons-register entry. `forms` are the other names under which the record names the person."""

    id: Id
    name: Prose
    sort: Prose
    born: PartialDate | None = None
    died: PartialDate | None = None
    offices: Prose
    role: Prose
    background: bool
    forms: Keys = ()
    cite: Annotated[Keys, Field(min_length=1)]


class Event(Entry):
    """A chronology entry; `turns` are the turns that refer to it."""

    id: Id
    date: PartialDate
    end: PartialDate | None = None
    title: Prose
    text: Prose
    chapter: Id
    turns: tuple[str, ...] = ()
    forms: Keys = ()
    background: bool = False
    cite: Annotated[Keys, Field(min_length=1)]


class Term(Entry):
    """A glossary entry; `term` may give several headwords separated by commas."""

    id: Id
    term: Prose
    definition: Prose
    turns: tuple[str, ...] = ()
    forms: Keys = ()
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
