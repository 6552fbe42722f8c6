"""The seed read into a Document, checked against what the seed file says (read by eye, written down here), and
every way a broken seed is refused, with its whole message."""

from __future__ import annotations

from pathlib import Path

import pytest

import edition
from edition.data.document import ParseError, parse_body, parse_document, read_document

SEED = edition.sources().seed.read_text(encoding="utf-8")

# The line of each `Speaker.` paragraph and each `[...]` in seeds/000_c4ba001cd7a955e4.txt (grep -n).
LINES = {
    "t01": 24, "t02": 26, "t03": 28, "g1": 36, "t04": 38, "t05": 40, "t06": 44,
    "t07": 46, "t08": 48, "t09": 50, "g2": 52, "t10": 54, "t11": 56, "t12": 62,
}  # fmt: skip


def test_each_turn_and_gap_knows_its_number_and_line():
    document = read_document(edition.sources().seed)  # not the shared fixture: mutation testing must see the call
    assert {s.id: s.line for s in document.body} == LINES
    assert [(t.id, t.n) for t in document.turns] == [(f"t{n:02d}", n) for n in range(1, 13)]
    assert [(g.id, g.n) for g in document.gaps] == [("g1", 1), ("g2", 2)]


def test_the_header_as_printed():
    document = read_document(edition.sources().seed)
    m = document.metadata
    assert m.title == "Record of Conversation between M. S. Gorbachev and H. Kissinger"
    assert m.date_as_printed == "January 17, 1989"
    assert m.summary.startswith("Gorbachev and Kissinger discuss opening up a secret line of communication")
    assert m.summary.endswith("a visit between President Bush and Gorbachev in the near future.")
    assert (m.original_language, m.contents) == ("Russian", "Translation - English")
    c = m.citation
    assert c.text.startswith('"Record of Conversation between M. S. Gorbachev and H. Kissinger", January 17, 1989')
    assert c.text.endswith("Translated by Svetlana Savranskaya.  \n<https://digitalarchive.umd.edu/document/134823>")
    assert (c.note_taker, c.translator) == ("A.S. Chernyaev", "Svetlana Savranskaya")
    assert c.url == "https://digitalarchive.umd.edu/document/134823"
    assert document.speakers == ("Gorbachev", "Kissinger")
    assert (m.date.isoformat(), m.participants) == ("1989-01-17", ("M. S. Gorbachev", "H. Kissinger"))
    assert (c.publisher, c.archive) == ("Wilson Center Digital Archive", "Archive of the Gorbachev Foundation")
    assert c.collection == "Notes of A.S. Chernyaev"


def _refused(text: str) -> str:
    with pytest.raises(ParseError) as raised:
        parse_document(text)
    return str(raised.value)


def test_a_seed_without_a_contents_section():
    assert _refused(SEED.replace("### **Contents:**", "### **Content:**")) == (
        "line 1: no '### **Contents:**' section followed by a language line and the body"
    )


@pytest.mark.parametrize(
    "old", ["# **January 17, 1989**\n", "## **Record of Conversation between M. S. Gorbachev and H. Kissinger**\n"]
)
def test_a_seed_without_its_date_or_title_line(old):
    assert _refused(SEED.replace(old, "")) == (
        "header: expected '# **<date>**' and '## **<title>**' lines before the citation"
    )


def test_a_seed_without_a_summary():
    assert _refused(SEED.replace("### **Summary:**", "### **Abstract:**")) == (
        "header: the section '### **Summary:**' is missing"
    )


def test_a_citation_in_another_form():
    assert _refused(SEED.replace(". Translated by", "; translated by")) == (
        "header: the citation does not read '\"Title\", Date, Publisher, Archive, Notes of X. Translated by Y.' "
        "followed by '<URL>'"
    )


def test_a_title_without_its_participants():
    title = "Record of Conversation between M. S. Gorbachev and H. Kissinger**"
    assert _refused(SEED.replace(title, "Record of Conversation**", 1)) == (
        "header: cannot find the participants in the title 'Record of Conversation'"
    )


def test_two_blank_lines_between_paragraphs():
    text = SEED.replace("\n\nGorbachev. Yes, that's correct.", "\n\n\nGorbachev. Yes, that's correct.")
    assert _refused(text) == "line 26: more than one blank line, or a blank paragraph, between paragraphs"


def test_a_paragraph_after_a_gap_names_the_speakers():
    text = SEED.replace("[...]\n\nGorbachev. Of course", "[...]\n\nOf course")
    assert _refused(text) == (
        "line 38: a paragraph after a gap has no speaker; start it with one of Gorbachev., Kissinger. "
        "('Of course, the problem of coordinating o')"  # its first 40 characters
    )


def test_read_document_names_the_file(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(SEED.replace("### **Contents:**", "### **Content:**"), encoding="utf-8")
    with pytest.raises(ParseError) as raised:
        read_document(path)
    assert (
        str(raised.value) == f"{path}: line 1: no '### **Contents:**' section followed by a language line and the body"
    )


def test_read_document_reads_utf8(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.replace("Russian", "Русский").encode("utf-8"))
    assert read_document(Path(path)).metadata.original_language == "Русский"


def test_a_turn_may_continue_after_an_earlier_gap():
    (a, gap, b) = parse_body("A. One.\n\n[...]\n\nB. Two.\n\nStill B.", ("A", "B"), first_line=5)
    assert (a.id, a.line, gap.id, gap.line, b.id, b.line) == ("t01", 5, "g1", 7, "t02", 9)
    assert b.paragraphs == ("Two.", "Still B.")


def test_spaces_at_the_end_of_a_paragraph_are_kept():
    (turn,) = parse_body("A. One. \n\nTwo.  ", ("A",))
    assert turn.paragraphs == ("One. ", "Two.  ")


def test_a_paragraph_of_two_lines_counts_both():
    first, second = parse_body("A. One\nline two.\n\nB. Three.", ("A", "B"), first_line=1)
    assert (first.line, second.line) == (1, 4)


def test_a_hundred_turns_get_three_digit_ids():
    turns = parse_body("\n\n".join(f"A. {n}." for n in range(100)), ("A",))
    assert (turns[0].id, turns[-1].id, turns[-1].n) == ("t001", "t100", 100)


def test_a_paragraph_may_begin_and_end_with_any_letter():
    (turn,) = parse_body("A. X marks the spot, said X", ("A",))
    assert (turn.paragraphs, turn.line) == (("X marks the spot, said X",), 1)


def test_a_segment_that_does_not_exist():
    with pytest.raises(KeyError, match="t99"):
        read_document(edition.sources().seed).segment("t99")
