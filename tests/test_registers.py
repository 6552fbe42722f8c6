"""The apparatus holds together: every reference resolves, every register entry is used, every paragraph cited.

The turns that the reference pages list for an entry are checked against NAMED_IN, a table written by reading
the seed, not by running the code; a planted bug (forms ignored, notes ignored) makes that check fail.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

import edition
from edition import AnnotationError
from edition.data.apparatus import load_apparatus
from edition.data.appearances import appearances
from edition.data.document import Document, Gap, Turn
from edition.data.notes import Note
from edition.data.registers import Registers, load_registers, turns_with, variant_turns
from edition.data.schema import Event, Person, Term
from edition.myst.registers import offices_label, persons_myst
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
    # "a repeal of the Jackson-Vanik Amendment" (t04, Gorbachev), "The Jackson-Yanik Amendment" (t05, Kissinger):
    # both name Jackson; Vanik is named in t04 and, misspelt "Yanik", in t05.
    "person:jackson": ["t04", "t05"],
    "person:vanik": ["t04", "t05"],
}


def mismatches(seen: dict[str, list[str]]) -> list[str]:
    """Each entry of NAMED_IN whose computed turns differ from the table."""
    return [f"{ref}: {seen.get(ref, [])} != {turns}" for ref, turns in NAMED_IN.items() if seen.get(ref, []) != turns]


def test_the_registers_list_the_turns_that_name_each_entry(apparatus):
    assert mismatches(appearances(apparatus.registers, apparatus.notes, apparatus.document)) == []
    assert mismatches(apparatus.appearances) == []  # what the loaded edition hands to the pages


def _without(registers: Registers, field: str) -> Registers:
    """The registers with one field emptied in every entry: a planted bug."""
    return Registers(
        *(tuple(e.model_copy(update={field: ()}) for e in entries) for entries in registers.by_kind().values())
    )


def test_the_table_catches_forms_that_are_ignored(apparatus):
    found = mismatches(appearances(_without(apparatus.registers, "forms"), apparatus.notes, apparatus.document))
    assert any(m.startswith("person:dobrynin: ['t01'] !=") for m in found), found
    assert any(m.startswith("term:dissident: ['t08'] !=") for m in found), found


def _without_variants(registers: Registers) -> Registers:
    """The registers with the persons' variants dropped: a planted bug (only persons have variants)."""
    persons = tuple(p.model_copy(update={"variants": ()}) for p in registers.persons)
    return Registers(persons, registers.events, registers.terms)


def test_the_table_catches_variants_that_are_ignored(apparatus):
    found = mismatches(appearances(_without_variants(apparatus.registers), apparatus.notes, apparatus.document))
    assert found == ["person:vanik: ['t04'] != ['t04', 't05']"]


SPEAKER = re.compile(r"^(Kissinger|Gorbachev)\. ")


def seed_turns() -> list[str]:
    """The text of each turn, read from the seed as the README describes it, not with the package's parser:
    after the header's "Translation - English", a paragraph "Name. text" starts a turn, "[...]" is a gap, and
    any other paragraph continues the turn before it. Turn N is item N - 1."""
    text = (ROOT / "seeds" / "000_c4ba001cd7a955e4.txt").read_text(encoding="utf-8")
    body = text.split("Translation - English", 1)[1]
    turns: list[str] = []
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", body)):
        if SPEAKER.match(paragraph):
            turns.append(paragraph)
        elif paragraph and paragraph != "[...]":
            turns[-1] += "\n\n" + paragraph
    return turns


def seed_turns_with(*words: str, unless: str | None = None) -> list[str]:
    """The ids of the seed's turns that contain one of `words` (and not `unless`), as plain substrings."""
    return [
        f"t{n:02d}"
        for n, text in enumerate(seed_turns(), start=1)
        if any(w in text for w in words) and (unless is None or unless not in text)
    ]


def test_the_seed_is_read_as_twelve_turns_by_both_speakers():
    turns = seed_turns()
    assert len(turns) == 12
    assert [t.split(".")[0] for t in turns] == ["Kissinger", "Gorbachev"] * 6


def test_a_variant_spelling_counts_as_a_form_of_its_entry(apparatus):
    """Read from the seed: Jackson and Vanik are named wherever the amendment is, misspelt "Yanik" or not."""
    seen = appearances(apparatus.registers, apparatus.notes, apparatus.document)
    assert seed_turns_with("Jackson") == ["t04", "t05"]
    assert seen["person:jackson"] == seed_turns_with("Jackson")
    assert seen["person:vanik"] == seed_turns_with("Vanik", "Yanik")
    assert apparatus.registers.spelled == {
        "person:vanik": dict.fromkeys(seed_turns_with("Yanik", unless="Vanik"), "Yanik")
    }
    assert apparatus.registers.spelled["person:vanik"] == {"t05": "Yanik"}


def person_entries(myst: str) -> dict[str, str]:
    """The persons page's MyST, split into its entries by their labels: {id: the entry's text}."""
    parts = re.split(r"^\(person-([a-z0-9-]+)\)=$", myst, flags=re.M)
    return {parts[i]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


def test_the_register_says_where_the_record_has_only_the_variant(apparatus):
    entries = person_entries(persons_myst(apparatus.registers, apparatus.appearances, apparatus.document))
    assert entries["vanik"].rstrip().endswith("Turns: {ref}`4 <t04>`, {ref}`5 <t05>` (as “Yanik”).")
    assert entries["jackson"].rstrip().endswith("Turns: {ref}`4 <t04>`, {ref}`5 <t05>`.")
    assert sum(entry.count("(as “") for entry in entries.values()) == 1


def test_a_variant_that_is_not_in_the_record(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "persons", 'variants: ["Yanik"]', 'variants: ["Yanick"]')
    line = _line_of(edition.sources().annotations / "persons.yml", "  - id: vanik")
    assert message.startswith(
        f"{tmp_path / 'persons.yml'}, line {line}, person 'vanik' (entry 13): the variant 'Yanick' occurs in no turn "
        "of the record."
    )


def test_a_spelling_that_is_both_form_and_variant(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "persons", 'variants: ["Yanik"]', 'variants: ["Vanik"]')
    assert "person 'vanik' (entry 13): 'Vanik' is both a form and a variant. Fix: keep it in one of the two" in message


def test_the_variant_turns_worked_example(document):
    small = Document(
        document.metadata,
        (
            _turn(1, "Kissinger", "The Jackson-Yanik Amendment."),
            _turn(2, "Gorbachev", "Vanik, or Yanik?"),
            _turn(3, "Kissinger", "Yanikov is another word."),
        ),
        ("Kissinger", "Gorbachev"),
    )
    vanik = Person(
        id="v",
        name="C. V.",
        sort="s",
        offices="o",
        role="r",
        background=False,
        forms=("Vanik",),
        variants=("Yanik",),
        cite=("k",),
    )
    registers = Registers((vanik,), (), ())
    assert appearances(registers, [], small)["person:v"] == ["t01", "t02"]
    assert variant_turns(vanik, small) == {"t01": "Yanik"}  # t02 has the form too; t03 has no whole word


def _dates() -> dict[str, tuple[str | None, str | None]]:
    """(born, died) of each person, read from persons.yml itself."""
    data = yaml.safe_load((ROOT / "annotations" / "persons.yml").read_text(encoding="utf-8"))
    return {p["id"]: (p.get("born"), p.get("died")) for p in data["persons"]}


def _day_of_the_conversation() -> date:
    """The date in the seed's header, "# **January 17, 1989**"."""
    text = (ROOT / "seeds" / "000_c4ba001cd7a955e4.txt").read_text(encoding="utf-8")
    printed = re.search(r"^# \*\*(.+?)\*\*$", text, re.M).group(1)
    return datetime.strptime(printed, "%B %d, %Y").date()


def _dead_before(day: date) -> list[str]:
    """The persons whose death, as persons.yml dates it, may fall before `day` (a bare year counts from 1 January)."""
    return [
        pid
        for pid, (_, died) in _dates().items()
        if died and date(*(int(x) for x in (died.split("-") + ["1", "1"])[:3])) <= day
    ]


def contradicted(entries: dict[str, str], day: date) -> list[str]:
    """Entries of persons who died before `day` that speak of their offices on that day, or repeat the death."""
    said = f"On {day.day} {day:%B %Y}"
    return [pid for pid in _dead_before(day) if said in entries[pid] or re.search(r"\bDied in \d{4}\.", entries[pid])]


def test_no_entry_gives_the_day_s_offices_of_a_person_dead_by_then(apparatus):
    day = _day_of_the_conversation()
    assert "jackson" in _dead_before(day)
    entries = person_entries(persons_myst(apparatus.registers, apparatus.appearances, apparatus.document))
    assert contradicted(entries, day) == []
    assert "**Career.** A Democrat from Washington state" in entries["jackson"]
    alive = [pid for pid in entries if pid not in _dead_before(day)]
    assert all(f"**On {day.day} {day:%B %Y}.**" in entries[pid] for pid in alive), alive


def test_the_contradiction_check_can_fail():
    day = _day_of_the_conversation()
    planted = {pid: "**Career.** x" for pid in _dates()}
    planted["jackson"] = "**On 17 January 1989.** Died in 1983. A Democrat"
    assert contradicted(planted, day) == ["jackson"]
    assert contradicted({**planted, "jackson": "**Career.** Died in 1983. A Democrat"}, day) == ["jackson"]


@pytest.mark.parametrize(
    ("born", "died", "label"),
    [
        (None, None, "On 17 January 1989."),
        ("1913-04-07", "2007-08-30", "On 17 January 1989."),
        ("1912-05-31", "1983-09-01", "Career."),
        (None, "1989", "Career."),  # perhaps dead by 17 January: the day's offices cannot be claimed
        (None, "1989-01-17", "Career."),
        (None, "1989-01-18", "On 17 January 1989."),
        ("1989", None, "Career."),
    ],
)
def test_the_offices_label_follows_the_dates(born, died, label):
    person = Person(
        id="p", name="n", sort="s", born=born, died=died, offices="o", role="r", background=False, cite=("k",)
    )
    assert offices_label(person) == label


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


def test_the_built_persons_register_marks_the_variant_and_no_dead_man_s_offices(html):
    page = BeautifulSoup((html / "chapters" / "persons.html").read_text(), "html.parser")
    entries = {pid: page.find(id=f"person-{pid}") for pid in _dates()}
    text = {
        pid: " ".join((e if e.name == "section" else e.find_parent("section")).get_text(" ").split())
        for pid, e in entries.items()
    }
    assert "5 (as “Yanik”)" in text["vanik"] and "(as" not in text["jackson"]
    assert contradicted(text, _day_of_the_conversation()) == []


def test_the_edition_notes_link_to_the_registers(html, notes):
    page = BeautifulSoup((html / "chapters" / "edition.html").read_text(), "html.parser")
    targets = {"person": "persons.html#person-", "event": "chronology.html#event-", "term": "glossary.html#term-"}
    footnotes = page.select("aside.footnote.note-explanatory")
    assert len(footnotes) == len([n for n in notes if n.kind == "explanatory"])
    for note in footnotes:
        hrefs = [a["href"] for a in note.find_all("a")]
        assert any(any(t in h for t in targets.values()) for h in hrefs), note.get_text()[:80]
