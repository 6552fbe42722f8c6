"""Parse the seed into a Document: header metadata and an ordered body of turns and gaps.

The seed is the publisher's text. It is parsed, never retyped: every paragraph keeps its exact characters,
so that `render_body` gives back the seed's body byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

PARAGRAPH_BREAK = "\n\n"
GAP_MARK = "[...]"
CONTENTS_HEADING = "### **Contents:**"


class ParseError(ValueError):
    """The seed cannot be read as a record of conversation; the message names the line."""


@dataclass(frozen=True)
class Citation:
    """The publisher's citation, split into the parts an edition reports."""

    text: str
    publisher: str
    archive: str
    collection: str
    note_taker: str
    translator: str
    url: str


@dataclass(frozen=True)
class Metadata:
    title: str
    date: date
    date_as_printed: str
    participants: tuple[str, ...]
    citation: Citation
    summary: str
    original_language: str
    contents: str


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted words: the first paragraph follows `Speaker. ` in the seed."""

    id: str
    n: int
    speaker: str
    paragraphs: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return PARAGRAPH_BREAK.join(self.paragraphs)


@dataclass(frozen=True)
class Gap:
    """An elision `[...]` printed by the publisher; it belongs to no speaker."""

    id: str
    n: int
    mark: str
    line: int

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return (self.mark,)


Segment = Turn | Gap


@dataclass(frozen=True)
class Document:
    metadata: Metadata
    body: tuple[Segment, ...]
    speakers: tuple[str, ...] = field(default=())

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(s for s in self.body if isinstance(s, Turn))

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(s for s in self.body if isinstance(s, Gap))

    def segment(self, segment_id: str) -> Segment:
        for s in self.body:
            if s.id == segment_id:
                return s
        raise KeyError(segment_id)


def render_body(document: Document) -> str:
    """Write the body back in the seed's own form (the round-trip the tests check)."""
    paragraphs: list[str] = []
    for s in document.body:
        if isinstance(s, Gap):
            paragraphs.append(s.mark)
        else:
            paragraphs.append(f"{s.speaker}. {s.paragraphs[0]}")
            paragraphs.extend(s.paragraphs[1:])
    return PARAGRAPH_BREAK.join(paragraphs)


def split_seed(text: str) -> tuple[str, str, int]:
    """Return (header, body, line number of the body's first line)."""
    marker = re.search(rf"^{re.escape(CONTENTS_HEADING)}\n\n[^\n]+\n\n", text, re.M)
    if marker is None:
        raise ParseError(f"line 1: no '{CONTENTS_HEADING}' section followed by a language line and the body")
    header, body = text[: marker.end()], text[marker.end() :]
    return header, body, header.count("\n") + 1


def _sections(header: str) -> dict[str, str]:
    """The header's `### **Name:**` sections, each with its text."""
    parts = re.split(r"^### \*\*(.+?):\*\*\n", header, flags=re.M)
    return {name.strip(): value.strip() for name, value in zip(parts[1::2], parts[2::2], strict=True)}


_CITATION = re.compile(
    r'^"(?P<title>[^"]+)", (?P<date>[A-Z][a-z]+ \d{1,2}, \d{4}), (?P<publisher>[^,]+), '
    r"(?P<archive>[^,]+), (?P<collection>Notes of (?P<note_taker>[^.]+(?:\.[^.]+)*?))\. "
    r"Translated by (?P<translator>[^.]+)\.\s*\n<(?P<url>https?://[^>]+)>$"
)


def parse_metadata(header: str) -> Metadata:
    dated = re.search(r"^# \*\*(.+?)\*\*$", header, re.M)
    titled = re.search(r"^## \*\*(.+?)\*\*$", header, re.M)
    if dated is None or titled is None:
        raise ParseError("header: expected '# **<date>**' and '## **<title>**' lines before the citation")
    sections = _sections(header)
    for name in ("Citation", "Summary", "Original Language", "Contents"):
        if name not in sections:
            raise ParseError(f"header: the section '### **{name}:**' is missing")
    cited = _CITATION.match(sections["Citation"])
    if cited is None:
        raise ParseError(
            'header: the citation does not read \'"Title", Date, Publisher, Archive, Notes of X. '
            "Translated by Y.' followed by '<URL>'"
        )
    title = titled.group(1)
    between = re.search(r"between (.+) and (.+)$", title)
    if between is None:
        raise ParseError(f"header: cannot find the participants in the title {title!r}")
    return Metadata(
        title=title,
        date=datetime.strptime(dated.group(1), "%B %d, %Y").date(),
        date_as_printed=dated.group(1),
        participants=(between.group(1), between.group(2)),
        citation=Citation(
            text=sections["Citation"],
            publisher=cited["publisher"],
            archive=cited["archive"],
            collection=cited["collection"],
            note_taker=cited["note_taker"],
            translator=cited["translator"],
            url=cited["url"],
        ),
        summary=sections["Summary"],
        original_language=sections["Original Language"],
        contents=sections["Contents"],
    )


def surname(participant: str) -> str:
    """The name the transcript uses for a speaker: 'M. S. Gorbachev' speaks as 'Gorbachev'."""
    return participant.split()[-1]


def parse_body(body: str, speakers: tuple[str, ...], first_line: int = 1) -> tuple[Segment, ...]:
    """Split the body into turns and gaps; every paragraph must find a place."""
    prefix = re.compile(rf"^({'|'.join(re.escape(s) for s in speakers)})\. ")
    entries: list[tuple[str, int, list[str]]] = []  # (speaker, line, paragraphs); speaker "" for a gap
    line = first_line
    for paragraph in body.split(PARAGRAPH_BREAK):
        if not paragraph.strip() or paragraph != paragraph.strip("\n"):
            raise ParseError(f"line {line}: more than one blank line, or a blank paragraph, between paragraphs")
        spoken = prefix.match(paragraph)
        if paragraph == GAP_MARK:
            entries.append(("", line, [paragraph]))
        elif spoken:
            entries.append((spoken.group(1), line, [paragraph[spoken.end() :]]))
        elif not entries or not entries[-1][0]:
            where = "after a gap" if entries else "before the first speaker"
            raise ParseError(
                f"line {line}: a paragraph {where} has no speaker; start it with one of "
                f"{', '.join(s + '.' for s in speakers)} ({paragraph[:40]!r})"
            )
        else:
            entries[-1][2].append(paragraph)
        line += paragraph.count("\n") + 2
    width = max(2, len(str(sum(1 for speaker, _, _ in entries if speaker))))
    segments: list[Segment] = []
    turns = gaps = 0
    for speaker, at, paragraphs in entries:
        if speaker:
            turns += 1
            segments.append(Turn(f"t{turns:0{width}d}", turns, speaker, tuple(paragraphs), at))
        else:
            gaps += 1
            segments.append(Gap(f"g{gaps}", gaps, paragraphs[0], at))
    return tuple(segments)


def parse_document(text: str) -> Document:
    header, body, first_line = split_seed(text)
    metadata = parse_metadata(header)
    speakers = tuple(surname(p) for p in metadata.participants)
    return Document(metadata=metadata, body=parse_body(body, speakers, first_line), speakers=speakers)


def read_document(path: Path) -> Document:
    try:
        return parse_document(path.read_text(encoding="utf-8"))
    except ParseError as error:
        raise ParseError(f"{path}: {error}") from None
