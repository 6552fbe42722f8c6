"""Every note resolves; every kind of broken note stops the load with a message naming file, entry and fix."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from edition import AnnotationError, load_notes
from edition.data.notes import Note


@pytest.fixture(scope="module")
def notes(apparatus):
    return apparatus.notes


def misplaced(notes, document) -> list[str]:
    """The notes whose place (paragraph, end) does not hold their lemma in the text of the seed."""
    return [
        n.id
        for n in notes
        if document.segment(n.segment).paragraphs[n.paragraph][n.end - len(n.lemma) : n.end] != n.lemma
    ]


def test_every_note_attaches_after_its_lemma(notes, document):
    assert misplaced(notes, document) == []
    assert len(notes) >= 20


def test_the_place_check_sees_a_note_one_character_off(notes, document):
    shifted = [replace(notes[0], end=notes[0].end + 1)]
    assert misplaced(shifted, document) == [notes[0].id]


def test_the_occurrence_counts_in_the_whole_turn(tmp_path, document, keys):
    """'President Bush' occurs once in each paragraph of t12: the second is the second paragraph's."""
    text = GOOD.replace("turn: t01", "turn: t12").replace("lemma: Governor's Island", "lemma: President Bush")
    (first,) = _load(tmp_path, document, keys, text.replace("kind:", "occurrence: 1\n    kind:"))
    assert (first.paragraph, first.end) == (0, document.segment("t12").paragraphs[0].index("President Bush") + 14)


def test_the_notes_every_edition_of_this_text_needs(notes):
    by_lemma = {(n.segment, n.lemma): n for n in notes}
    assert by_lemma[("t05", "Jackson-Yanik")].kind == "textual"
    assert "[*sic*]" in by_lemma[("t05", "Jackson-Yanik")].text
    assert by_lemma[("t01", "Governor's Island")].kind == "textual"
    assert by_lemma[("g1", "[...]")].kind == by_lemma[("g2", "[...]")].kind == "textual"
    assert by_lemma[("t03", "President Bush")].kind == "explanatory"
    assert "20 January 1989" in by_lemma[("t03", "President Bush")].text
    assert by_lemma[("t12", "his letter")].kind == "explanatory"
    assert any(n.lemma in ("cooperation-is", "--") for n in notes)


GOOD = """\
notes:
  - id: first
    turn: t01
    lemma: Governor's Island
    kind: textual
    text: A note.
    cite: [masterpieces-2010]
"""


def _load(tmp_path: Path, document, keys, text: str):
    path = tmp_path / "notes-test.yml"
    path.write_text(text, encoding="utf-8")
    return load_notes([path], document, keys)


def _error(tmp_path: Path, document, keys, text: str) -> str:
    with pytest.raises(AnnotationError) as raised:
        _load(tmp_path, document, keys, text)
    message = str(raised.value)
    assert "notes-test.yml" in message, message
    return message


def test_a_good_note_loads(tmp_path, document, keys):
    (note,) = _load(tmp_path, document, keys, GOOD)
    assert (note.segment, note.paragraph) == ("t01", 0)


def test_unknown_turn(tmp_path, document, keys):
    message = _error(tmp_path, document, keys, GOOD.replace("turn: t01", "turn: t99"))
    assert "note 'first'" in message and "unknown turn 't99'" in message and "use one of t01" in message


def test_lemma_not_found(tmp_path, document, keys):
    message = _error(tmp_path, document, keys, GOOD.replace("lemma: Governor's Island", "lemma: Governors Island"))
    assert "note 'first'" in message and "'Governors Island' does not occur in t01" in message
    assert "Fix: copy the exact words from t01" in message


def test_lemma_ambiguous(tmp_path, document, keys):
    text = GOOD.replace("turn: t01", "turn: t12").replace("lemma: Governor's Island", "lemma: President Bush")
    message = _error(tmp_path, document, keys, text)
    assert "note 'first'" in message and "occurs 2 times in t12" in message and "occurrence: N" in message


def test_occurrence_names_which_of_several(tmp_path, document, keys):
    text = GOOD.replace("turn: t01", "turn: t12").replace("lemma: Governor's Island", "lemma: President Bush")
    (note,) = _load(tmp_path, document, keys, text.replace("kind:", "occurrence: 2\n    kind:"))
    assert note.paragraph == 1


def test_unknown_kind(tmp_path, document, keys):
    message = _error(tmp_path, document, keys, GOOD.replace("kind: textual", "kind: textural"))
    assert "note 'first'" in message and "unknown kind 'textural'" in message and "textual, explanatory" in message


def test_unknown_citation_key(tmp_path, document, keys):
    message = _error(tmp_path, document, keys, GOOD.replace("[masterpieces-2010]", "[no-such-book]"))
    assert "note 'first'" in message and "unknown citation key 'no-such-book'" in message
    assert "references.bib" in message


def test_unknown_citation_key_inside_the_text(tmp_path, document, keys):
    message = _error(tmp_path, document, keys, GOOD.replace("A note.", "See {cite:p}`nobody-1999`."))
    assert "unknown citation key 'nobody-1999'" in message


def test_malformed_yaml(tmp_path, document, keys):
    message = _error(tmp_path, document, keys, GOOD.replace("    kind: textual", "  kind: [textual"))
    assert "malformed YAML at line" in message and "Fix: correct the YAML syntax there" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Look <script>alert(1)</script>", "raw HTML <script>"),
        ('Look <iframe src="https://example.org"></iframe>', "raw HTML <iframe>"),
        ('Look <a href="#" onclick="steal()">here</a>', "event attribute"),
        ('Look <img src=x onerror="steal()">', "event attribute"),
    ],
)
def test_raw_html_in_note_text(tmp_path, document, keys, text, expected):
    message = _error(tmp_path, document, keys, GOOD.replace("A note.", repr(text)))
    assert "note 'first'" in message and expected in message and "MyST" in message


def test_an_explanatory_note_without_a_citation(tmp_path, document, keys):
    text = GOOD.replace("kind: textual", "kind: explanatory").replace("    cite: [masterpieces-2010]\n", "")
    message = _error(tmp_path, document, keys, text)
    assert "needs at least one citation" in message


def test_a_misspelt_field_is_not_dropped(tmp_path, document, keys):
    message = _error(tmp_path, document, keys, GOOD.replace("text:", "txt:"))
    assert "unknown field(s) txt" in message


def test_two_notes_with_one_id(tmp_path, document, keys):
    twice = GOOD + GOOD.split("notes:\n", 1)[1]
    message = _error(tmp_path, document, keys, twice)
    assert "note 'first' (entry 2)" in message and "already used" in message


# --- each problem of a note, in full -----------------------------------------------------------------------------


def _messages(tmp_path: Path, document, keys, text: str, refs: set[str] | None = None, *more: str) -> list[str]:
    """Every problem of the files (notes-test.yml, then notes-2.yml, ...), without the folder's name."""
    paths = [tmp_path / "notes-test.yml"] + [tmp_path / f"notes-{i}.yml" for i in range(2, len(more) + 2)]
    for path, body in zip(paths, (text, *more), strict=True):
        path.write_text(body, encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        load_notes(paths, document, keys, refs)
    return [str(p).removeprefix(f"{tmp_path}/") for p in raised.value.problems]


AT = "notes-test.yml, line 2, note 'first' (entry 1): "
BEGINS = "'In practical terms, as I understand, you implied t'"  # the first 50 characters of t01


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("turn: t01", "gap: g9", "unknown gap 'g9'. Fix: use one of g1, g2."),
        ("turn: t01", "turn: t00", "unknown turn 't00'. Fix: use one of t01, t02, t03, t04, t05, t06, t07, t08, t09, "
         "t10, t11, t12."),
        ("lemma: Governor's Island", "lemma: Governors Island", "the lemma 'Governors Island' does not occur in t01. "
         f"Fix: copy the exact words from t01, which begins {BEGINS}."),
        ("lemma: Governor's Island", 'lemma: "Island\\n\\nthat"', "the lemma 'Island\\n\\nthat'... spans two "
         "paragraphs of t01. Fix: attach the note to words within one paragraph."),
        ("[masterpieces-2010]", "[nobody]", "unknown citation key 'nobody'. Fix: add the work to references.bib or "
         "correct the key."),
        ("[masterpieces-2010]", "[masterpieces-2010]\n    see: [person:dobrynin]", "'see' names 'person:dobrynin', "
         "which is not in the registers. Fix: use person:ID, event:ID or term:ID from annotations/persons.yml, "
         "events.yml or terms.yml."),
    ],
)  # fmt: skip
def test_each_problem_of_a_note_in_full(tmp_path, document, keys, old, new, problem):
    assert _messages(tmp_path, document, keys, GOOD.replace(old, new), {"person:bush"}) == [AT + problem]


def test_a_long_lemma_across_paragraphs_is_shortened_in_the_message(tmp_path, document, keys):
    lemma = 'lemma: "in such a dialogue.\\n\\nWe are ready to begin at any time"'
    text = GOOD.replace("turn: t01", "turn: t03").replace("lemma: Governor's Island", lemma)
    assert _messages(tmp_path, document, keys, text) == [
        AT + "the lemma 'in such a dialogue.\\n\\nWe are ready to beg'... spans two paragraphs of t03. Fix: attach "
        "the note to words within one paragraph."
    ]


def test_an_occurrence_beyond_the_last(tmp_path, document, keys):
    text = GOOD.replace("turn: t01", "turn: t12").replace("lemma: Governor's Island", "lemma: President Bush")
    assert _messages(tmp_path, document, keys, text.replace("kind:", "occurrence: 3\n    kind:")) == [
        AT + "occurrence 3 is out of range. Fix: use 1 to 2."
    ]


def test_a_second_note_with_the_same_id_and_a_later_broken_one(tmp_path, document, keys):
    entry = GOOD.split("notes:\n")[1]
    third = entry.replace("first", "third").replace("Governor's", "Govern")
    assert _messages(tmp_path, document, keys, GOOD + entry + third) == [
        "notes-test.yml, line 8, note 'first' (entry 2): the id is already used in "
        f"{tmp_path}/notes-test.yml. Fix: give each note its own id.",
        "notes-test.yml, line 14, note 'third' (entry 3): the lemma 'Govern Island' does not occur in t01. Fix: copy "
        f"the exact words from t01, which begins {BEGINS}.",
    ]


def test_a_broken_file_does_not_hide_the_next_one(tmp_path, document, keys):
    problems = _messages(tmp_path, document, keys, "notes: [\n", None, GOOD.replace("Governor's", "Governors"))
    assert [p.split(":")[0] for p in problems] == [
        "notes-test.yml, line 2",
        "notes-2.yml, line 2, note 'first' (entry 1)",
    ]


def test_a_note_keeps_all_it_says(tmp_path, document, keys):
    text = GOOD.replace("A note.", "See {cite:p}`masterpieces-2010, wilson-record-1989`.")
    (note,) = _load(tmp_path, document, keys, text.replace("kind:", "occurrence: 1\n    kind:"))
    assert note == Note(
        id="first",
        segment="t01",
        lemma="Governor's Island",
        occurrence=1,
        kind="textual",
        text="See {cite:p}`masterpieces-2010, wilson-record-1989`.",
        cite=("masterpieces-2010",),
        see=(),
        paragraph=0,
        end=document.segment("t01").paragraphs[0].index("Governor's Island") + len("Governor's Island"),
        source=str(tmp_path / "notes-test.yml"),
    )


def test_every_key_of_a_cite_role_is_checked(tmp_path, document, keys):
    text = GOOD.replace("A note.", "See {cite:p}`masterpieces-2010,nobody-1999`.")
    assert _messages(tmp_path, document, keys, text) == [
        AT + "unknown citation key 'nobody-1999'. Fix: add the work to references.bib or correct the key."
    ]
