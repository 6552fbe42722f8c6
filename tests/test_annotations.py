"""Every note resolves; every kind of broken note stops the load with a message naming file, entry and fix."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from edition import AnnotationError, load_notes


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
