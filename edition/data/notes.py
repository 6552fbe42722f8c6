"""Load and check the editorial notes in annotations/notes*.yml.

A note is keyed, not positional: it names its turn (or gap) and its lemma, the exact words it attaches
to. Every problem stops the load with an AnnotationError that names the file, the entry and the fix, so
that nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn

import yaml

from edition.document import Document

KINDS = ("textual", "explanatory")
FIELDS = {"id", "turn", "gap", "lemma", "occurrence", "kind", "text", "cite", "see"}
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # ids of notes, topics and register entries
HTML_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?\s*>")
EVENT_ATTRIBUTE = re.compile(r"\bon[a-z]+\s*=", re.I)
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
RAW_DIRECTIVE = re.compile(r"\{raw\}|\{eval-rst\}|javascript:", re.I)

Kind = Literal["textual", "explanatory"]


class AnnotationError(ValueError):
    """A note that cannot be placed or trusted; the message says where it is and what to fix."""


@dataclass(frozen=True)
class Note:
    """An editorial note attached after its lemma: `paragraph` and `end` locate it in the segment."""

    id: str
    segment: str
    lemma: str
    occurrence: int
    kind: Kind
    text: str
    cite: tuple[str, ...]
    see: tuple[str, ...]
    paragraph: int
    end: int
    source: str


def display(path: Path) -> str:
    """The path as a maintainer types it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_yaml(path: Path, key: str) -> Any:
    """The value under the top-level `key` of a YAML file; malformed YAML is reported with its line."""
    where = display(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise AnnotationError(
            f"{where}: malformed YAML{at}: {problem}. Fix the YAML syntax there (indentation, a missing ':' or quote)."
        ) from None
    if not isinstance(data, dict) or key not in data:
        raise AnnotationError(f"{where}: expected a top-level '{key}:' entry.")
    return data[key]


def _occurrences(text: str, lemma: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(lemma), text)]


def _check_text(text: str, fail: Callable[[str, str], NoReturn]) -> None:
    for tag in HTML_TAG.finditer(text):
        name = tag.group(2).lower()
        if EVENT_ATTRIBUTE.search(tag.group(0)):
            fail(f"the text has an event attribute in {tag.group(0)!r}", "remove the HTML; notes are MyST Markdown")
        fail(f"the text contains raw HTML <{name}>", "write MyST Markdown instead (links as [text](url))")
    if RAW_DIRECTIVE.search(text):
        fail("the text contains a raw or script directive", "write MyST Markdown only")


def _parse_entry(
    entry: Any, index: int, where: str, document: Document, citation_keys: set[str], refs: set[str]
) -> Note:
    label = f"entry {index}"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        label = f"note '{entry['id']}' (entry {index})"

    def fail(problem: str, fix: str) -> NoReturn:
        raise AnnotationError(f"{where}, {label}: {problem}. Fix: {fix}.")

    if not isinstance(entry, dict):
        fail("an entry must be a mapping with id, turn, lemma, kind, text and cite", "rewrite the entry")
    unknown = sorted(set(entry) - FIELDS)
    if unknown:
        fail(f"unknown field(s) {', '.join(unknown)}", f"use only {', '.join(sorted(FIELDS))}")
    note_id = entry.get("id")
    if not isinstance(note_id, str) or not ID.match(note_id):
        fail(
            "the id is missing or not lower-case letters, digits and hyphens",
            "give the note an id like 'jackson-yanik'",
        )
    places = [k for k in ("turn", "gap") if k in entry]
    if len(places) != 1:
        fail("a note needs exactly one of 'turn' or 'gap'", "name the turn (e.g. turn: t05) or the gap (gap: g1)")
    segment_id = str(entry[places[0]])
    try:
        segment = document.segment(segment_id)
    except KeyError:
        valid = [s.id for s in document.body if s.id[0] == places[0][0]]
        fail(f"unknown {places[0]} '{segment_id}'", f"use one of {', '.join(valid)}")
    kind = entry.get("kind")
    if kind not in KINDS:
        fail(f"unknown kind {kind!r}", f"use one of {', '.join(KINDS)}")
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        fail("the note has no text", "write the note in 'text:'")
    _check_text(text, fail)
    cite = entry.get("cite", [])
    if isinstance(cite, str):
        cite = [cite]
    if not isinstance(cite, list) or not all(isinstance(k, str) for k in cite):
        fail("'cite' must be a list of citation keys", "write cite: [key1, key2]")
    if kind == "explanatory" and not cite:
        fail("an explanatory note needs at least one citation", "add its source key(s) to 'cite'")
    for key in cite + [k.strip() for role in CITE_ROLE.findall(text) for k in role.split(",")]:
        if key not in citation_keys:
            fail(f"unknown citation key '{key}'", "add the work to references.bib or correct the key")
    see = entry.get("see", [])
    if not isinstance(see, list) or not all(isinstance(r, str) for r in see):
        fail("'see' must be a list like [person:dobrynin, term:brain-drain]", "rewrite 'see:'")
    for ref in see:
        if ref not in refs:
            fail(
                f"'see' names '{ref}', which is not in the registers",
                "use person:ID, event:ID or term:ID from annotations/persons.yml, events.yml or terms.yml",
            )
    lemma = entry.get("lemma")
    if not isinstance(lemma, str) or not lemma:
        fail("the note has no lemma", f"copy the exact words it attaches to from {segment_id}")
    found = [(p, i) for p, para in enumerate(segment.paragraphs) for i in _occurrences(para, lemma)]
    occurrence = entry.get("occurrence")
    if not found:
        fail(
            f"the lemma {lemma!r} does not occur in {segment_id}",
            f"copy the exact words from {segment_id}, which begins {segment.paragraphs[0][:50]!r}",
        )
    if occurrence is None and len(found) > 1:
        fail(
            f"the lemma {lemma!r} occurs {len(found)} times in {segment_id}",
            f"add 'occurrence: N' (1 to {len(found)}) or lengthen the lemma",
        )
    occurrence = 1 if occurrence is None else occurrence
    if not isinstance(occurrence, int) or not 1 <= occurrence <= len(found):
        fail(f"occurrence {occurrence!r} is out of range", f"use 1 to {len(found)}")
    paragraph, start = found[occurrence - 1]
    return Note(
        id=note_id,
        segment=segment_id,
        lemma=lemma,
        occurrence=occurrence,
        kind=kind,
        text=text.strip(),
        cite=tuple(cite),
        see=tuple(see),
        paragraph=paragraph,
        end=start + len(lemma),
        source=where,
    )


def load_notes(
    paths: list[Path], document: Document, citation_keys: set[str], refs: set[str] | None = None
) -> tuple[Note, ...]:
    """All notes from the given files, in file order; ids are unique across files.

    `refs` are the register entries a note may point to under `see` (person:ID, event:ID, term:ID).
    """
    notes: list[Note] = []
    seen: dict[str, str] = {}
    for path in paths:
        where = display(path)
        entries = read_yaml(path, "notes")
        if not isinstance(entries, list):
            raise AnnotationError(f"{where}: 'notes:' must be a list of entries.")
        for index, entry in enumerate(entries, start=1):
            note = _parse_entry(entry, index, where, document, citation_keys, refs or set())
            if note.id in seen:
                raise AnnotationError(
                    f"{where}, note '{note.id}' (entry {index}): the id is already used in {seen[note.id]}. "
                    "Fix: give each note its own id."
                )
            seen[note.id] = where
            notes.append(note)
    return tuple(notes)
