"""The edition as one TEI P5 document: the record's words, its turns and gaps, the notes, registers and topics.

Everything comes from the apparatus; nothing is retyped. Each turn is an <sp> whose speaker points to the
persons register (who="#kissinger") and whose topics point to the taxonomy (ana="#topic-channel"); each gap
is a <gap> with the mark the source prints; each note stands in <back> and points at its lemma, which sits
between two <anchor>s in the text. The document validates against TEI All (schemas/tei_all.rng).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from edition.data.apparatus import Apparatus
from edition.data.document import Gap
from edition.data.notes import Note
from edition.exchange.info import EditionInfo
from edition.exchange.prose import TEI_NS, append_inline, append_paragraphs, append_text, child, tei

GAP_REASON = "omitted-in-source"

# The source's errors that a textual note declares, with the reading the note gives: note id -> correction.
# The notes' data has no field for a correction, so the few there are are listed here; `_corrections` checks
# that each note still exists, is textual and has the erroneous reading as its lemma.
CORRECTIONS = {"jackson-yanik": "Jackson-Vanik"}

# Language names as the seed prints them -> BCP 47 codes (TEI's language/@ident).
LANGUAGE_CODES = {"English": "en", "Russian": "ru"}

# The licences as LICENSE states them; the source text is the publisher's and is covered by neither.
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_TEXT = "The editorial matter (notes, registers, topics, encoding) is licensed under CC BY 4.0."
SOURCE_RIGHTS = "The text of the record is reproduced from the publisher and is not covered by that licence."


def tei_document(apparatus: Apparatus, info: EditionInfo) -> etree._ElementTree:
    """The whole edition as a TEI document; raises ValueError where the data cannot be encoded faithfully."""
    root = tei("TEI")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    root.append(_header(apparatus, info))
    text = child(root, "text")
    text.append(_body(apparatus))
    text.append(_back(apparatus))
    return etree.ElementTree(root)


def write_tei(apparatus: Apparatus, info: EditionInfo, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tei_document(apparatus, info).write(str(out), encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return out


# --- identifiers: one namespace of xml:ids, so registers, topics and notes are prefixed -------------------


def topic_ref(topic_id: str) -> str:
    return f"topic-{topic_id}"


def note_ref(note_id: str) -> str:
    return f"n-{note_id}"


def anchor_refs(note_id: str) -> tuple[str, str]:
    """The anchors before and after a note's lemma."""
    return f"a-{note_id}-start", f"a-{note_id}-end"


def entry_ref(kind: str, entry_id: str) -> str:
    """A register entry's xml:id: a person's own id (who="#kissinger"), `event-ID` or `term-ID`."""
    return entry_id if kind == "person" else f"{kind}-{entry_id}"


def see_ref(address: str) -> str:
    """A note's `see` address (person:ID, event:ID, term:ID) as the xml:id of the register entry."""
    kind, _, entry_id = address.partition(":")
    return entry_ref(kind, entry_id)


def _pointers(ids: Iterable[str]) -> str:
    return " ".join(f"#{i}" for i in ids)


# --- header ------------------------------------------------------------------------------------------------


def _header(apparatus: Apparatus, info: EditionInfo) -> etree._Element:
    header = tei("teiHeader")
    header.append(_file_desc(apparatus, info))
    header.append(_encoding_desc(apparatus))
    header.append(_profile_desc(apparatus))
    return header


def _file_desc(apparatus: Apparatus, info: EditionInfo) -> etree._Element:
    metadata = apparatus.document.metadata
    persons = _persons_by_surname(apparatus)
    file_desc = tei("fileDesc")
    title_stmt = child(file_desc, "titleStmt")
    child(title_stmt, "title", metadata.title, type="main")
    child(title_stmt, "title", info.title, type="edition")
    for editor in info.editors:
        child(title_stmt, "editor", editor)

    publication = child(file_desc, "publicationStmt")
    for editor in info.editors:
        child(publication, "authority", editor)
    child(publication, "date", str(info.year), when=f"{info.year:04d}")
    if info.url:
        child(publication, "ptr", type="edition", target=info.url)
    availability = child(publication, "availability")
    child(child(availability, "licence", target=LICENCE), "p", LICENCE_TEXT)
    child(availability, "p", SOURCE_RIGHTS)

    source = child(file_desc, "sourceDesc")
    citation = metadata.citation
    printed = child(source, "bibl", citation.text.replace(f"<{citation.url}>", "").strip() + " ", type="citation")
    child(printed, "ref", citation.url, target=citation.url)
    bibl = child(source, "bibl", type="source")
    child(bibl, "title", metadata.title)
    child(bibl, "date", metadata.date_as_printed, when=metadata.date.isoformat())
    child(bibl, "publisher", citation.publisher)
    for resp, name in (("notes taken by", citation.note_taker), ("translated by", citation.translator)):
        stmt = child(bibl, "respStmt")
        child(stmt, "resp", resp)
        person = persons.get(name.split()[-1])
        child(stmt, "persName", name, **({"ref": f"#{person}"} if person else {}))
    child(bibl, "ptr", target=citation.url)
    identifier = child(child(source, "msDesc"), "msIdentifier")
    child(identifier, "repository", citation.archive)
    child(identifier, "collection", citation.collection)
    return file_desc


def _encoding_desc(apparatus: Apparatus) -> etree._Element:
    document = apparatus.document
    turns, gaps = document.turns, document.gaps
    encoding = tei("encodingDesc")
    decl = child(encoding, "editorialDecl")
    statements = {
        "normalization": f"The words of the source ({document.metadata.citation.publisher}) are reproduced "
        "unchanged, character for character: spellings, hyphens standing for dashes, straight quotation marks "
        "and the publisher's square brackets stand as printed. Nothing is corrected, modernised or retyped.",
        "correction": "Where a textual note declares a reading to be an error, the reading is encoded as sic, "
        "with the editors' correction beside it in corr; the text of the source is the sic.",
        "segmentation": f"The text is divided into {len(turns)} turns (sp), one for each time a speaker begins, "
        "which the source marks by the speaker's name followed by a full stop; a paragraph without a name "
        f"continues the turn before it. The turn numbers (n) and identifiers ({turns[0].id} to {turns[-1].id}) "
        "are the edition's.",
        "interpretation": f"The source prints {gaps[0].mark} in {len(gaps)} places where it omits words; each is a "
        f"gap with reason {GAP_REASON}, its printed mark in rend. The omissions are the publisher's. Notes are "
        "textual (about the text: variants, spellings kept as printed, gaps) or explanatory (persons, events, "
        "documents, terms); each points at its lemma, the words between its two anchors. Citation keys name "
        "works in the edition's bibliography (references.bib). The topics of each turn (ana) are the editors' "
        "judgement. The abstract is the publisher's summary.",
    }
    for part, statement in statements.items():
        child(child(decl, part), "p", statement)
    taxonomy = child(child(encoding, "classDecl"), "taxonomy", xml_id="topics")
    for topic in apparatus.topics.vocabulary:
        category = child(taxonomy, "category", xml_id=topic_ref(topic.id))
        description = child(category, "catDesc")
        child(description, "term", topic.label).tail = f": {topic.definition}"
    return encoding


def _profile_desc(apparatus: Apparatus) -> etree._Element:
    metadata = apparatus.document.metadata
    profile = tei("profileDesc")
    append_paragraphs(child(profile, "abstract"), metadata.summary)
    creation = child(profile, "creation")
    child(creation, "date", metadata.date_as_printed, when=metadata.date.isoformat())
    languages = child(profile, "langUsage")
    translation = metadata.contents.rpartition(" - ")[2]
    for name, usage in ((translation, "the text, a translation"), (metadata.original_language, "the original")):
        if name not in LANGUAGE_CODES:
            raise ValueError(f"the seed names the language {name!r}; add its BCP 47 code to LANGUAGE_CODES")
        child(languages, "language", f"{name} ({usage})", ident=LANGUAGE_CODES[name])
    people = child(child(profile, "particDesc"), "listPerson")
    for person in apparatus.registers.persons:
        entry = child(people, "person", xml_id=person.id)
        child(entry, "persName", person.name)
        child(entry, "persName", person.sort, type="sort")
        if person.born:
            child(entry, "birth", when=person.born)
        if person.died:
            child(entry, "death", when=person.died)
        append_paragraphs(child(entry, "note", type="offices"), person.offices)
        append_paragraphs(child(entry, "note", type="role"), person.role)
        _turns(entry, apparatus, f"person:{person.id}")
        _cite(child(entry, "note", type="sources"), person.cite)
    return profile


def _persons_by_surname(apparatus: Apparatus) -> dict[str, str]:
    """Surname (as the register sorts it) -> person id: how the record's names find their register entries."""
    return {p.sort.split(",")[0]: p.id for p in apparatus.registers.persons}


def _turns(parent: etree._Element, apparatus: Apparatus, address: str) -> None:
    """A pointer to the turns where a register entry's subject appears, if it appears in the record."""
    turns = apparatus.appearances.get(address)
    if turns:
        child(parent, "ptr", type="turns", target=_pointers(turns))


def _cite(parent: etree._Element, keys: Iterable[str]) -> None:
    listing = child(parent, "listBibl")
    for key in keys:
        child(child(listing, "bibl"), "idno", key, type="citation-key")


# --- body: turns and gaps, with anchors and corrections in the paragraphs ---------------------------------


@dataclass(frozen=True)
class _Mark:
    """Something placed in a paragraph at a character offset: an anchor, or a choice replacing `length` chars."""

    offset: int
    rank: int  # at one offset: anchors that close a lemma, then anchors that open one, then a choice
    element: etree._Element
    length: int = 0


def _body(apparatus: Apparatus) -> etree._Element:
    document = apparatus.document
    speakers = _persons_by_surname(apparatus)
    missing = sorted(set(document.speakers) - set(speakers))
    if missing:
        raise ValueError(f"no persons-register entry sorts under the speaker(s) {', '.join(missing)}")
    marks = _marks(apparatus)
    body = tei("body")
    for segment in document.body:
        if isinstance(segment, Gap):
            child(body, "gap", xml_id=segment.id, reason=GAP_REASON, rend=segment.mark)
            continue
        sp = child(
            body,
            "sp",
            xml_id=segment.id,
            n=str(segment.n),
            who=f"#{speakers[segment.speaker]}",
            ana=_pointers(topic_ref(t) for t in apparatus.topics.by_turn[segment.id]),
        )
        child(sp, "speaker", f"{segment.speaker}.")
        for index, paragraph in enumerate(segment.paragraphs):
            sp.append(_paragraph(paragraph, marks.get((segment.id, index), []), segment.id))
    return body


def _marks(apparatus: Apparatus) -> dict[tuple[str, int], list[_Mark]]:
    """The anchors around every lemma in a turn, and the corrections, by (turn id, paragraph index)."""
    turn_ids = {t.id for t in apparatus.document.turns}
    marks: dict[tuple[str, int], list[_Mark]] = {}
    for note in apparatus.notes:
        if note.segment not in turn_ids:
            continue  # a note on a gap points at the gap itself
        start, end = anchor_refs(note.id)
        place = marks.setdefault((note.segment, note.paragraph), [])
        place.append(_Mark(note.end - len(note.lemma), 1, tei("anchor", xml_id=start)))
        place.append(_Mark(note.end, 0, tei("anchor", xml_id=end)))
    for note, correction in _corrections(apparatus):
        choice = tei("choice")
        child(choice, "sic", note.lemma)
        child(choice, "corr", correction)
        place = marks.setdefault((note.segment, note.paragraph), [])
        place.append(_Mark(note.end - len(note.lemma), 2, choice, len(note.lemma)))
    return marks


def _corrections(apparatus: Apparatus) -> list[tuple[Note, str]]:
    notes = {n.id: n for n in apparatus.notes}
    turn_ids = {t.id for t in apparatus.document.turns}
    found = []
    for note_id, correction in CORRECTIONS.items():
        note = notes.get(note_id)
        if note is None or note.kind != "textual" or note.segment not in turn_ids:
            raise ValueError(f"CORRECTIONS names {note_id!r}, which is not a textual note on a turn")
        if note.lemma == correction:
            raise ValueError(f"the note {note_id!r} has the lemma {note.lemma!r}, which is already the correction")
        found.append((note, correction))
    return found


def _paragraph(text: str, marks: list[_Mark], where: str) -> etree._Element:
    paragraph = tei("p")
    at = 0
    for mark in sorted(marks, key=lambda m: (m.offset, m.rank)):
        if mark.offset < at:
            raise ValueError(
                f"{where}: a lemma boundary falls inside a corrected reading ({text[mark.offset :][:40]!r})"
            )
        append_text(paragraph, text[at : mark.offset])
        paragraph.append(mark.element)
        at = mark.offset + mark.length
    append_text(paragraph, text[at:])
    return paragraph


# --- back: notes, chronology, glossary ---------------------------------------------------------------------


def _back(apparatus: Apparatus) -> etree._Element:
    back = tei("back")
    notes = child(back, "div", type="notes")
    child(notes, "head", "Notes")
    order = {s.id: i for i, s in enumerate(apparatus.document.body)}
    for note in sorted(apparatus.notes, key=lambda n: (order[n.segment], n.paragraph, n.end)):
        notes.append(_note(note, {t.id for t in apparatus.document.turns}))

    chronology = child(back, "div", type="chronology")
    child(chronology, "head", "Chronology")
    events = child(chronology, "listEvent")
    for event in apparatus.registers.events:
        dates = {"from": event.date, "to": event.end} if event.end else {"when": event.date}
        entry = child(events, "event", xml_id=entry_ref("event", event.id), **dates)
        append_inline(child(entry, "label"), event.title)
        append_inline(child(entry, "desc"), event.text)
        if turns := apparatus.appearances.get(f"event:{event.id}"):
            child(entry, "ptr", type="turns", target=_pointers(turns))
        _cite(entry, event.cite)

    glossary = child(back, "div", type="glossary")
    child(glossary, "head", "Glossary")
    terms = child(glossary, "list", type="gloss")
    for term in apparatus.registers.terms:
        append_inline(child(terms, "label", xml_id=entry_ref("term", term.id)), term.term)
        item = child(terms, "item")
        append_inline(item, term.definition)
        if turns := apparatus.appearances.get(f"term:{term.id}"):
            child(item, "ptr", type="turns", target=_pointers(turns))
        _cite(item, term.cite)
    return back


def _note(note: Note, turn_ids: set[str]) -> etree._Element:
    if note.segment in turn_ids:
        start, end = anchor_refs(note.id)
        element = tei("note", xml_id=note_ref(note.id), type=note.kind, target=f"#{start}", targetEnd=f"#{end}")
    else:
        element = tei("note", xml_id=note_ref(note.id), type=note.kind, target=f"#{note.segment}")
    append_paragraphs(element, note.text)
    if note.see:
        child(element, "ptr", type="see", target=_pointers(see_ref(r) for r in note.see))
    if note.cite:
        _cite(element, note.cite)
    return element


__all__ = ["CORRECTIONS", "TEI_NS", "tei_document", "write_tei"]
