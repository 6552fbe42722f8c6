"""The apparatus holds together: every reference resolves, every register entry is used, every paragraph cited.

The turns that the reference pages list for an entry are checked against NAMED_IN, a table written by reading
the seed, not by running the code; a planted bug (forms ignored, notes ignored) makes that check fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import edition
from edition import AnnotationError
from edition.data.apparatus import load_apparatus
from edition.data.appearances import appearances
from edition.data.document import Document, Gap, Turn
from edition.data.notes import Note
from edition.data.registers import Registers, load_registers, turns_with
from edition.data.schema import Event, Person, Term
from tests.conftest import ROOT, edited_sources

CHAPTERS = {p.stem for p in (ROOT / "chapters" / "context").glob("*.md")}
CITED_PAGES = sorted((ROOT / "chapters" / "context").glob("*.md")) + [
    ROOT / "chapters" / "introduction.md",
    ROOT / "chapters" / "read-alongside.md",
]
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")


@pytest.fixture(scope="module")
def registers(apparatus):
    return apparatus.registers


@pytest.fixture(scope="module")
def notes(apparatus):
    return apparatus.notes


def paragraphs(markdown: str) -> list[str]:
    """The prose blocks of a MyST page: no headings, labels, fences, tables; list items one by one."""
    blocks = []
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or block.startswith(("#", "(", "```", ":::", "|", "<!--")):
            continue
        items = re.split(r"\n(?=[-*] |\d+\. )", block)
        blocks.extend(item for item in items if item.strip())
    return blocks


@pytest.mark.parametrize("page", CITED_PAGES, ids=lambda p: p.stem)
def test_every_paragraph_of_the_context_chapters_carries_a_citation(page: Path):
    uncited = [p[:70] for p in paragraphs(page.read_text(encoding="utf-8")) if not CITE.search(p)]
    assert uncited == [], f"{page.name}: paragraphs without a citation: {uncited}"


def test_the_paragraph_check_can_fail():
    text = "# Title\n\nA claim with a source {cite:p}`x`.\n\nA claim without one.\n\n- item {cite:p}`y`\n- bare item\n"
    assert [p for p in paragraphs(text) if not CITE.search(p)] == ["A claim without one.", "- bare item"]


def test_every_citation_key_used_anywhere_is_in_the_bibliography(keys):
    pages = [*ROOT.glob("*.md"), *ROOT.glob("chapters/**/*.md"), *ROOT.glob("notebooks/*.ipynb")]
    used = {
        k.strip() for page in pages for role in CITE.findall(page.read_text(encoding="utf-8")) for k in role.split(",")
    }
    assert used - keys == set()
    assert len(keys) >= 15


def test_every_term_and_register_link_in_the_chapters_resolves(registers):
    terms = {t.lower() for entry in registers.terms for t in entry.headwords}
    labels = {f"person-{p.id}" for p in registers.persons} | {f"event-{e.id}" for e in registers.events}
    for page in ROOT.glob("chapters/**/*.md"):
        text = page.read_text(encoding="utf-8")
        for role in re.findall(r"\{term\}`([^`]*)`", text):
            target = re.sub(r".*<(.*)>", r"\1", role).lower()
            assert target in terms, f"{page.name}: unknown glossary term {role!r}"
        for label in re.findall(r"<((?:person|event)-[a-z0-9-]+)>`", text):
            assert label in labels, f"{page.name}: unknown register label {label!r}"


# The turns where each entry's subject is named, written from the seed (seeds/000_c4ba001cd7a955e4.txt) by
# reading it. Speakers: Kissinger speaks the odd turns, Gorbachev the even ones (the record's "Name." lines).
NAMED_IN = {
    # "Anatoly Dobrynin" in t01 ("on your end Anatoly Dobrynin would serve"), t03 ("if Anatoly Dobrynin could
    # be in the United States") and twice in t11 ("I already told Anatoly Dobrynin", "Anatoly Dobrynin
    # already has Scowcroft's direct personal number").
    "person:dobrynin": ["t01", "t03", "t11"],
    # "[Brent] Scowcroft" in t03, "Scowcroft's direct personal number" in t11.
    "person:scowcroft": ["t03", "t11"],
    # "George Bush" in t01; "President Bush" and "George Bush" in t03; "President Bush" twice in t12.
    "person:bush": ["t01", "t03", "t12"],
    "person:kissinger": ["t01", "t03", "t05", "t07", "t09", "t11"],
    "person:gorbachev": ["t02", "t04", "t06", "t08", "t10", "t12"],
    # "let them all go" (t08: "As far as the dissidents are concerned"), and Kissinger's answer in t09.
    "term:dissident": ["t08", "t09"],
    # "We only fight against the brain drain" (t08).
    "term:brain-drain": ["t08"],
    # "so that it doesn't have to go through the apparatus" (t11).
    "term:apparatus": ["t11"],
    # "Jackson-Vanik Amendment" (t04) and "The Jackson-Yanik Amendment" (t05).
    "term:jackson-vanik": ["t04", "t05"],
    # "a confidential exchange of ideas" (t01), "This confidential channel" (t03), "An exchange of opinions, on
    # which we agreed" (t11), "confidential exchange of opinions" (t12).
    "term:back-channel": ["t01", "t03", "t11", "t12"],
    # The title "President" for Bush before 20 January 1989: t03 ("President Bush", "the President will
    # visit Japan"), t11 ("statements from the President"), t12 ("tell President Bush").
    "term:president-elect": ["t03", "t11", "t12"],
    # "the President will visit Japan with a short stop in China" (t03).
    "event:asia-trip": ["t03"],
    # "I appreciate his letter" (t12).
    "event:bush-letter": ["t12"],
    # "We are waiting for a signal from the administration" (t10).
    "event:strategic-review": ["t10"],
}


def mismatches(seen: dict[str, list[str]]) -> list[str]:
    """Each entry of NAMED_IN whose computed turns differ from the table."""
    return [f"{ref}: {seen.get(ref, [])} != {turns}" for ref, turns in NAMED_IN.items() if seen.get(ref, []) != turns]


def test_the_registers_list_the_turns_that_name_each_entry(apparatus):
    assert mismatches(appearances(apparatus.registers, apparatus.notes, apparatus.document)) == []
    assert apparatus.appearances == appearances(apparatus.registers, apparatus.notes, apparatus.document)


def _without(registers: Registers, field: str) -> Registers:
    """The registers with one field emptied in every entry: a planted bug."""
    return Registers(
        *(tuple(e.model_copy(update={field: ()}) for e in entries) for entries in registers.by_kind().values())
    )


def test_the_table_catches_forms_that_are_ignored(apparatus):
    found = mismatches(appearances(_without(apparatus.registers, "forms"), apparatus.notes, apparatus.document))
    assert any(m.startswith("person:dobrynin: ['t01'] !=") for m in found), found
    assert any(m.startswith("term:dissident: ['t08'] !=") for m in found), found


def _turn(n: int, speaker: str, *paragraphs: str) -> Turn:
    return Turn(f"t{n:02d}", n, speaker, paragraphs, n)


def _note(segment: str, see: tuple[str, ...]) -> Note:
    return Note("n", segment, "x", 1, "explanatory", "A note.", ("k",), see, 0, 1, "notes.yml")


def test_appearances_worked_example(document):
    """Three turns and a gap, worked by hand: forms, a note's `see:`, and the speakers each add turns."""
    small = Document(
        document.metadata,
        (
            _turn(1, "Kissinger", "I told Anatoly Dobrynin.", "Scowcroft's number."),
            Gap("g1", 1, "[...]", 2),
            _turn(2, "Gorbachev", "Yes. Dobrynins are many."),
            _turn(3, "Kissinger", "The Jackson-Yanik Amendment."),
        ),
        ("Kissinger", "Gorbachev"),
    )
    person = dict(sort="s", offices="o", role="r", cite=("k",))
    registers = Registers(
        (
            Person(id="dobrynin", name="A. D.", background=False, forms=("Dobrynin",), **person),
            Person(id="scowcroft", name="B. S.", background=False, forms=("Scowcroft",), **person),
        ),
        (Event(id="ja", date="1974", title="t", text="x", chapter="c", forms=("Jackson-Yanik",), cite=("k",)),),
        (Term(id="detente", term="détente", definition="d", cite=("k",)),),
    )
    notes = [_note("t03", ("term:detente",)), _note("g1", ("person:scowcroft",))]
    assert appearances(registers, notes, small) == {
        "person:dobrynin": ["t01"],  # not t02: "Dobrynins" is another word
        "person:scowcroft": ["t01"],  # "Scowcroft's"; the note on the gap adds no turn
        "event:ja": ["t03"],
        "term:detente": ["t03"],  # from the note only
        "person:kissinger": ["t01", "t03"],
        "person:gorbachev": ["t02"],
    }


@pytest.mark.parametrize(
    ("form", "turns"),
    [
        ("Bush", ["t01", "t03", "t12"]),
        ("Scowcroft", ["t03", "t11"]),  # "Scowcroft's" counts: the apostrophe ends the word
        ("[Brent]", ["t03"]),  # brackets are not letters, yet the form is found
        ("President", ["t03", "t11", "t12"]),
        ("president", []),  # capitals as printed
        ("Dobryn", []),  # whole words only
        ("dissident", []),  # only "dissidents" occurs
        ("exchange of opinions", ["t11", "t12"]),
    ],
)
def test_a_form_matches_whole_words_with_capitals_as_printed(document, form, turns):
    assert turns_with(form, document) == turns


def test_everyone_named_in_the_record_has_an_entry_and_a_note(registers, notes, document):
    body = " ".join(p for t in document.turns for p in t.paragraphs)
    pointed = {ref for note in notes for ref in note.see}
    for person in registers.persons:
        if not person.background:
            assert person.name.split()[-1] in body or person.name.split()[-1] in document.speakers, person.id
            assert f"person:{person.id}" in pointed or person.name.split()[-1] in document.speakers, person.id
    for name in ("Bush", "Dobrynin", "Scowcroft", "Gorbachev", "Kissinger"):
        assert any(p.name.endswith(name) and not p.background for p in registers.persons), name


def test_explanatory_notes_link_to_the_registers(notes):
    explanatory = [n for n in notes if n.kind == "explanatory"]
    assert len(explanatory) >= 15
    assert all(n.see for n in explanatory), [n.id for n in explanatory if not n.see]


def _broken(tmp_path, document, keys, name: str, old: str, new: str) -> str:
    for register in ("persons", "events", "terms"):
        text = (edition.sources().annotations / f"{register}.yml").read_text(encoding="utf-8")
        if register == name:
            assert old in text
            text = text.replace(old, new, 1)
        (tmp_path / f"{register}.yml").write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        load_registers(tmp_path, document, keys, CHAPTERS)
    assert f"{name}.yml" in str(raised.value)
    return str(raised.value)


def test_an_unknown_citation_key_in_a_register(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "persons", "cite: [pmnewsmalta-2022-gorbachev", "cite: [nobody-2000")
    line = _line_of(edition.sources().annotations / "persons.yml", "  - id: gorbachev")
    assert message == (
        f"{tmp_path / 'persons.yml'}, line {line}, person 'gorbachev' (entry 1): unknown citation key 'nobody-2000'. "
        "Fix: add the work to references.bib or correct the key."
    )


def test_two_entries_with_one_id(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "terms", "  - id: politburo\n", "  - id: general-secretary\n")
    line = _line_of(edition.sources().annotations / "terms.yml", "  - id: politburo")
    assert message == (
        f"{tmp_path / 'terms.yml'}, line {line}, term 'general-secretary' (entry 2): the id is already used in this "
        "file. Fix: give the entry its own id."
    )


def test_an_impossible_date(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "events", 'date: "1972-05-22"', 'date: "1972-02-30"')
    assert "'moscow-summit-1972' (entry 1): 'date'" in message and "YYYY-MM-DD" in message


def test_a_typed_turn_list_is_refused(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "terms", 'forms: ["apparatus"]', "turns: [t11]")
    assert "term 'apparatus' (entry 17): unknown field(s) turns" in message and "use only id, term" in message


def test_a_form_that_is_not_in_the_record(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "persons", 'forms: ["Anatoly Dobrynin"]', 'forms: ["A. Dobrynin"]')
    line = _line_of(edition.sources().annotations / "persons.yml", "  - id: dobrynin")
    assert message == (
        f"{tmp_path / 'persons.yml'}, line {line}, person 'dobrynin' (entry 4): the form 'A. Dobrynin' occurs in no "
        "turn of the record. Fix: copy the words as the record prints them (whole words, capitals as printed), "
        "remove the form, or mark the entry 'background: true'."
    )


def test_a_background_entry_may_have_forms_that_are_not_in_the_record(tmp_path, document, keys):
    text = (edition.sources().annotations / "persons.yml").read_text(encoding="utf-8")
    old = "    background: true\n    cite: [historycom-reagan"
    assert old in text
    for register in ("events", "terms"):
        (tmp_path / f"{register}.yml").write_text(
            (edition.sources().annotations / f"{register}.yml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    (tmp_path / "persons.yml").write_text(
        text.replace(old, '    background: true\n    forms: ["Ronald Reagan"]\n    cite: [historycom-reagan'),
        encoding="utf-8",
    )
    registers = load_registers(tmp_path, document, keys, CHAPTERS)
    assert registers.entry("person:reagan").forms == ("Ronald Reagan",)


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def test_an_entry_in_the_record_that_no_turn_names(tmp_path):
    sources = edited_sources(tmp_path, {"terms": ('    forms: ["apparatus"]\n', "")})
    sources.annotations.joinpath("notes.yml").write_text(
        sources.annotations.joinpath("notes.yml").read_text(encoding="utf-8").replace("term:apparatus", "term:pause"),
        encoding="utf-8",
    )
    with pytest.raises(AnnotationError) as raised:
        load_apparatus(sources)
    line = _line_of(sources.annotations / "terms.yml", "  - id: apparatus")
    assert [str(p) for p in raised.value.problems] == [
        f"{sources.annotations / 'terms.yml'}, line {line}, term 'apparatus' (entry 17): the entry is not marked "
        "background, yet no turn names it. Fix: add 'forms:' with the words of the record that name it, point a "
        "note to it with 'see:', or mark it 'background: true'."
    ]


def test_an_unknown_chapter(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "events", "chapter: back-channels", "chapter: back-channel")
    chapters = ", ".join(sorted(CHAPTERS))
    assert f"unknown chapter 'back-channel'. Fix: use one of {chapters}." in message
    assert chapters.startswith("aftermath, back-channels, ")


def test_a_note_pointing_to_a_missing_entry(tmp_path, document, keys, registers):
    text = (
        (edition.sources().annotations / "notes.yml")
        .read_text(encoding="utf-8")
        .replace("person:dobrynin", "person:dobrinin")
    )
    path = tmp_path / "notes.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"note 'dobrynin' .*'see' names 'person:dobrinin'"):
        edition.load_notes([path], document, keys, registers.refs())


def _turn_links(block) -> list[str]:
    """The turns a block of a built page links to, in the order shown."""
    return [a["href"].split("#")[1] for a in block.find_all("a", href=re.compile(r"edition\.html#t\d"))]


def test_the_built_registers_list_the_turns_that_name_each_entry(html, registers):
    pages = {
        kind: BeautifulSoup((html / "chapters" / f"{kind}.html").read_text(), "html.parser")
        for kind in ("persons", "chronology", "glossary")
    }
    shown = {}
    for ref in NAMED_IN:
        kind, _, entry_id = ref.partition(":")
        if kind == "person":
            anchor = pages["persons"].find(id=f"person-{entry_id}")
            block = anchor if anchor.name == "section" else anchor.find_parent("section")
        elif kind == "event":
            block = pages["chronology"].find(id=f"event-{entry_id}")
        else:
            headword = registers.entry(ref).headwords[0]
            block = next(d for d in pages["glossary"].find_all("dt") if d.get_text().rstrip("#") == headword)
            block = block.find_next_sibling("dd")
        shown[ref] = _turn_links(block)
    assert mismatches(shown) == []


def test_the_edition_notes_link_to_the_registers(html, notes):
    page = BeautifulSoup((html / "chapters" / "edition.html").read_text(), "html.parser")
    targets = {"person": "persons.html#person-", "event": "chronology.html#event-", "term": "glossary.html#term-"}
    footnotes = page.select("aside.footnote.note-explanatory")
    assert len(footnotes) == len([n for n in notes if n.kind == "explanatory"])
    for note in footnotes:
        hrefs = [a["href"] for a in note.find_all("a")]
        assert any(any(t in h for t in targets.values()) for h in hrefs), note.get_text()[:80]
