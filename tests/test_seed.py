"""The seed is sacred: byte-identical to the source, and parsed without loss."""

import hashlib
import re

import pytest

import edition
from edition.data.document import ParseError, parse_document, split_seed

SEED_SHA256 = "35088e4a0d62f0310c563db13f6b90291707b5babefd5e923d413ada71289166"


def test_seed_is_byte_identical_to_the_source():
    assert hashlib.sha256(edition.sources().seed.read_bytes()).hexdigest() == SEED_SHA256


def test_rendering_the_turns_gives_back_the_body_byte_for_byte(document):
    _, body, _ = split_seed(edition.sources().seed.read_text(encoding="utf-8"))
    assert edition.render_body(document) == body


def test_header_metadata(document):
    m = document.metadata
    assert m.title == "Record of Conversation between M. S. Gorbachev and H. Kissinger"
    assert m.date.isoformat() == "1989-01-17"
    assert m.participants == ("M. S. Gorbachev", "H. Kissinger")
    assert m.citation.publisher == "Wilson Center Digital Archive"
    assert m.citation.archive == "Archive of the Gorbachev Foundation"
    assert m.citation.collection == "Notes of A.S. Chernyaev"
    assert m.citation.note_taker == "A.S. Chernyaev"
    assert m.citation.translator == "Svetlana Savranskaya"
    assert m.citation.url == "https://digitalarchive.umd.edu/document/134823"
    assert m.original_language == "Russian"
    assert m.summary.startswith("Gorbachev and Kissinger discuss")


def test_turns_follow_the_speaker_lines_of_the_seed(document):
    lines = edition.sources().seed.read_text(encoding="utf-8").split("\n")
    speaker_lines = [i + 1 for i, line in enumerate(lines) if re.match(r"^(Gorbachev|Kissinger)\. ", line)]
    assert [t.line for t in document.turns] == speaker_lines
    for turn in document.turns:
        assert lines[turn.line - 1] == f"{turn.speaker}. {turn.paragraphs[0]}"
    assert [t.id for t in document.turns] == [f"t{n:02d}" for n in range(1, len(speaker_lines) + 1)]
    assert [t.n for t in document.turns] == list(range(1, len(speaker_lines) + 1))


def test_gaps_belong_to_no_speaker(document):
    lines = edition.sources().seed.read_text(encoding="utf-8").split("\n")
    gap_lines = [i + 1 for i, line in enumerate(lines) if line == "[...]"]
    assert [g.line for g in document.gaps] == gap_lines
    assert [g.id for g in document.gaps] == [f"g{n}" for n in range(1, len(gap_lines) + 1)]
    assert not any("[...]" in p for t in document.turns for p in t.paragraphs)


def test_a_paragraph_without_a_speaker_continues_the_turn(document):
    t03 = document.segment("t03")
    assert t03.speaker == "Kissinger"
    assert t03.paragraphs[-1] == "George Bush would appreciate an opportunity to receive similar information from you."


def _seed_with_body(body: str) -> str:
    header, _, _ = split_seed(edition.sources().seed.read_text(encoding="utf-8"))
    return header + body


def test_text_before_the_first_speaker_names_its_line():
    _, _, first = split_seed(edition.sources().seed.read_text(encoding="utf-8"))
    with pytest.raises(ParseError, match=rf"line {first}: a paragraph before the first speaker has no speaker"):
        parse_document(_seed_with_body("Someone said this.\n\nKissinger. Yes."))


def test_text_after_a_gap_without_a_speaker_names_its_line():
    _, _, first = split_seed(edition.sources().seed.read_text(encoding="utf-8"))
    with pytest.raises(ParseError, match=rf"line {first + 4}: a paragraph after a gap has no speaker"):
        parse_document(_seed_with_body("Kissinger. Yes.\n\n[...]\n\nAnd then this."))


def test_a_seed_without_its_contents_section_is_refused():
    with pytest.raises(ParseError, match="Contents"):
        parse_document("# **January 17, 1989**\n\nKissinger. Yes.")
