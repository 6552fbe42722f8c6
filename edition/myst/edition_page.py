"""Write the edition page as MyST Markdown, from the Document and its notes.

The Sphinx extension puts this text in place of the page's markers at build time, so the page can never
drift from its data. The source's characters are escaped, never changed: Markdown shows them as printed.
"""

from __future__ import annotations

from collections.abc import Iterable

from edition.data.document import Document, Gap, Turn, surname
from edition.data.notes import Note
from edition.data.registers import Registers
from edition.data.topics import Topics
from edition.myst.markup import cite, escape, turn_links
from edition.myst.registers import see_also

KIND_LABEL = {"textual": "Textual note", "explanatory": "Explanatory note"}
KIND_PREFIX = {"textual": "tx-", "explanatory": "ex-"}


def footnote_label(note: Note) -> str:
    return KIND_PREFIX[note.kind] + note.id


def _with_markers(paragraph: str, notes: Iterable[Note]) -> str:
    """The escaped paragraph with each note's footnote marker placed right after its lemma."""
    out, done = [], 0
    for note in sorted(notes, key=lambda n: n.end):
        out.append(escape(paragraph[done : note.end]))
        out.append(f"[^{footnote_label(note)}]")
        done = note.end
    out.append(escape(paragraph[done:]))
    return "".join(out)


def header_myst(document: Document, registers: Registers | None = None) -> str:
    """The heading block: title, date, participants, source and translator, from the seed's header.

    Participants link to their entries in the persons register, where there is one.
    """
    m = document.metadata
    c = m.citation
    in_register = {p.id for p in registers.persons} if registers else set()
    participants = [
        f"{{ref}}`{p} <person-{surname(p).lower()}>`" if surname(p).lower() in in_register else escape(p)
        for p in m.participants
    ]
    citation = " ".join(c.text.split("<")[0].split())
    return "\n".join(
        [
            f"# {escape(m.title)}",
            "",
            ":::{container} edition-heading",
            "Date",
            f": {m.date.day} {m.date:%B %Y}",
            "",
            "Participants",
            f": {', '.join(participants)}",
            "",
            "Record",
            f": {escape(c.collection)}, {escape(c.archive)}",
            "",
            "Translation",
            f": From the {escape(m.original_language)} by {escape(c.translator)} ({escape(m.contents)})",
            "",
            "Published by",
            f": {escape(c.publisher)}, <{c.url}>",
            "",
            "Citation as published",
            f": {escape(citation)}",
            "",
            "Publisher's summary",
            f": {escape(m.summary)}",
            ":::",
            "",
        ]
    )


def _turn_myst(turn: Turn, notes: list[Note]) -> list[str]:
    paragraphs = [_with_markers(p, [n for n in notes if n.paragraph == i]) for i, p in enumerate(turn.paragraphs)]
    paragraphs[0] = f"**{escape(turn.speaker)}\\.** {paragraphs[0]}"
    lines = [f"({turn.id})=", f"::::{{turn}} {turn.id}", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    return lines + ["::::", ""]


def _gap_myst(gap: Gap, notes: list[Note]) -> list[str]:
    return [f"({gap.id})=", f"::::{{gap}} {gap.id}", _with_markers(gap.mark, notes), "::::", ""]


def footnote_myst(note: Note, registers: Registers | None = None) -> str:
    """The note as a MyST footnote definition: its kind, its text, citations, then links to the registers."""
    text = f"*{KIND_LABEL[note.kind]}.* {note.text}"
    if note.cite:
        text += " " + cite(note.cite)
    if note.see and registers:
        text += " " + see_also(registers, note.see)
    first, *rest = text.splitlines()
    return "\n".join([f"[^{footnote_label(note)}]: {first}", *("    " + line if line else "" for line in rest)])


def transcript_myst(document: Document, notes: Iterable[Note], registers: Registers | None = None) -> str:
    """Every turn and gap in order, then the notes as footnote definitions."""
    order = {s.id: i for i, s in enumerate(document.body)}
    notes = sorted(notes, key=lambda n: (order[n.segment], n.paragraph, n.end))
    lines = [":::::{container} transcript", "", "```{turn-filter}", "```", ""]
    for segment in document.body:
        here = [n for n in notes if n.segment == segment.id]
        lines += _turn_myst(segment, here) if isinstance(segment, Turn) else _gap_myst(segment, here)
    lines += [":::::", ""]
    lines += [footnote_myst(n, registers) + "\n" for n in notes]
    return "\n".join(lines)


def topic_list_myst(topics: Topics, document: Document) -> str:
    """The topic vocabulary as a definition list: label, then definition and turns. The ids are the data's, not
    the reader's: a reader sees each topic by its label, as under the turns and in the filter."""
    lines: list[str] = []
    by_id = {t.id: t for t in document.turns}
    for topic in topics.vocabulary:
        turns = turn_links(by_id[t] for t in topics.turns(topic.id))
        lines += [escape(topic.label), f": {escape(topic.definition)} Turns: {turns}.", ""]
    return "\n".join(lines)
