"""The topic vocabulary: every turn tagged, every tag known; broken tags stop the load and say where."""

from __future__ import annotations

import re

import pytest
import yaml

import edition
from edition import AnnotationError
from edition.data.topics import load_topics
from edition.myst.edition_page import topic_list_myst
from edition.myst.markup import escape


def test_the_loaded_tags_are_the_files_tags(document):
    """A second reader (plain YAML) against the loader: nothing dropped, nothing reordered."""
    raw = yaml.safe_load(edition.sources().topics.read_text(encoding="utf-8"))
    topics = edition.load_edition_topics()
    assert topics.by_turn == {turn: tuple(ids) for turn, ids in raw["turns"].items()}
    assert [(t.id, t.label, t.definition) for t in topics.vocabulary] == [
        (t["id"], t["label"], " ".join(t["definition"].split())) for t in raw["vocabulary"]
    ]
    assert list(topics.by_turn) == [t.id for t in document.turns]


# Turns whose words name a subject, read in the seed: each must carry that subject's topic.
NAMED_TOPICS = {
    "jackson-vanik": ["t04", "t05"],  # "Jackson-Vanik Amendment", "Jackson-Yanik Amendment"
    "un-speech": ["t11"],  # "your UN speech"
    "emigration": ["t05", "t08", "t09"],  # "your emigration policy", "brain drain", "dissidents"
    "channel": ["t01", "t03", "t12"],  # "a channel for a confidential exchange", "This confidential channel"
    "timing": ["t03", "t11"],  # "the beginning of March", "the first days of March"
    "messages": ["t12"],  # "his letter", "give my regards"
}


def test_the_turns_that_name_a_subject_carry_its_topic():
    topics = edition.load_edition_topics()
    untagged = {topic: [t for t in turns if t not in topics.turns(topic)] for topic, turns in NAMED_TOPICS.items()}
    assert untagged == {topic: [] for topic in NAMED_TOPICS}


def test_the_topic_list_page_shows_the_tagged_turns():
    """The MyST of the topic list, read back: each topic with the turns of the file, in order."""
    raw = yaml.safe_load(edition.sources().topics.read_text(encoding="utf-8"))
    myst = topic_list_myst(edition.load_edition_topics(), edition.load_document())
    for topic in raw["vocabulary"]:
        expected = [int(turn[1:]) for turn, ids in raw["turns"].items() if topic["id"] in ids]
        block = f"\n{myst}".split(f"\n{escape(topic['label'])}\n:", 1)[1].split("\n\n", 1)[0]
        assert [int(n) for n in re.findall(r"\{ref\}`(\d+) <t\d+>`", block)] == expected, topic["id"]


def _broken(tmp_path, document, old: str, new: str) -> str:
    text = edition.sources().topics.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "topics-test.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        load_topics(path, document)
    assert "topics-test.yml" in str(raised.value)
    return str(raised.value)


def test_an_unknown_topic_on_a_turn(tmp_path, document):
    message = _broken(tmp_path, document, "t04: [trade,", "t04: [commerce,")
    assert "turn 't04': unknown topic 'commerce'" in message and "add it to the vocabulary" in message


def test_a_turn_that_does_not_exist(tmp_path, document):
    message = _broken(tmp_path, document, "  t12:", "  t13:")
    assert "turn 't13': unknown turn" in message


def test_an_untagged_turn(tmp_path, document):
    message = _broken(tmp_path, document, "  t07: [emigration]\n", "")
    assert "t07 have no topics" in message and "tag every turn" in message


def test_a_topic_without_a_definition(tmp_path, document):
    message = _broken(tmp_path, document, "    definition: Economic", "    meaning: Economic")
    assert "topic 'trade'" in message and "unknown field(s) meaning" in message


def test_a_topic_defined_twice(tmp_path, document):
    message = _broken(tmp_path, document, "  - id: timing", "  - id: channel")
    assert "topic 'channel' (entry 2)" in message and "already used" in message


def _line(old: str) -> int:
    lines = edition.sources().topics.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(old))


def test_a_topic_defined_twice_names_its_line(tmp_path, document):
    message = _broken(tmp_path, document, "  - id: timing", "  - id: channel")
    line = _line("  - id: timing")
    expected = f"line {line}, topic 'channel' (entry 2): the id is already used. Fix: give each topic its own id.\n"
    assert expected in message


def test_an_empty_vocabulary(tmp_path, document):
    text = edition.sources().topics.read_text(encoding="utf-8")
    start, end = text.index("vocabulary:\n"), text.index("\nturns:")
    path = tmp_path / "topics-test.yml"
    path.write_text(text[:start] + "vocabulary: []\n" + text[end:], encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        load_topics(path, document)
    problems = [str(p) for p in raised.value.problems]
    assert problems[0] == f"{path}: 'vocabulary:' is empty. Fix: define at least one topic."


def test_a_key_twice_in_a_topic(tmp_path, document):
    message = _broken(
        tmp_path, document, "    label: Trade and the economy\n", "    label: Trade\n    label: Economy\n"
    )
    assert (
        f"topics-test.yml, line {_line('    label: Trade and the economy') + 1}, topic 'trade' (entry 4): the key "
        in message
    )


def test_a_file_without_its_turns(tmp_path, document):
    path = tmp_path / "topics-test.yml"
    path.write_text("vocabulary:\n  - id: a\n    label: A\n    definition: The letter.\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        load_topics(path, document)
    assert str(raised.value) == (
        f"{path}, line 1: expected a top-level 'turns:' entry. Fix: the file needs 'vocabulary:' and 'turns:'."
    )


def test_a_turn_tagged_twice(tmp_path, document):
    line = _line("  t05:") + 1
    message = _broken(
        tmp_path, document, "  t05: [jackson-vanik, emigration]\n", "  t05: [jackson-vanik]\n  t05: [trade]\n"
    )
    assert message == (
        f"{tmp_path / 'topics-test.yml'}, line {line}, turn 't05': 't05' appears twice in 'turns:' (first on line "
        f"{line - 1}); YAML would keep only the second. Fix: merge the two 't05:' lines into one."
    )


def test_a_tag_list_written_as_a_block_is_placed_on_its_turn(tmp_path, document):
    line = _line("  t04:")
    message = _broken(tmp_path, document, "  t04: [trade, jackson-vanik]\n", "  t04:\n    - trade\n    - commerce\n")
    assert message.startswith(f"{tmp_path / 'topics-test.yml'}, line {line}, turn 't04': unknown topic 'commerce'.")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("  t12:", "  t13: [channel]\n  t12:", "line {line}, turn 't13': unknown turn. Fix: use one of t01, t02, "
         "t03, t04, t05, t06, t07, t08, t09, t10, t11, t12."),
        ("  t07: [emigration]", "  t07: []", "line {line}, turn 't07': no topics. Fix: give a list of one or more "
         "topic ids."),
        ("  t07: [emigration]", "  t07: emigration", "line {line}, turn 't07': no topics. Fix: give a list of one or "
         "more topic ids."),
        ("  t07: [emigration]", "  t07: [emigrations]", "line {line}, turn 't07': unknown topic 'emigrations'. Fix: "
         "use one of channel, emigration, jackson-vanik, messages, timing, trade, transition, un-speech, or add it "
         "to the vocabulary."),
    ],
)  # fmt: skip
def test_each_problem_of_a_tag_in_full(tmp_path, document, old, new, problem):
    line = _line(old)
    assert _broken(tmp_path, document, old, new) == f"{tmp_path / 'topics-test.yml'}, " + problem.format(line=line)


def test_untagged_turns_are_named_together(tmp_path, document):
    message = _broken(tmp_path, document, "  t06: [emigration]\n  t07: [emigration]\n", "")
    assert message == f"{tmp_path / 'topics-test.yml'}: turn(s) t06, t07 have no topics. Fix: tag every turn."


def test_turns_that_are_not_a_mapping(tmp_path, document):
    text = edition.sources().topics.read_text(encoding="utf-8")
    path = tmp_path / "topics-test.yml"
    path.write_text(text[: text.index("\nturns:")] + "\nturns: [t01, t02]\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        load_topics(path, document)
    assert str(raised.value) == f"{path}: 'turns:' must map each turn id to topic ids. Fix: write t01: [channel]."
