"""The topic vocabulary: every turn tagged, every tag known; broken tags stop the load and say where."""

from __future__ import annotations

import pytest

import edition
from edition import AnnotationError
from edition.data.topics import load_topics


def test_every_turn_carries_known_topics(document):
    topics = edition.load_edition_topics()
    assert 6 <= len(topics.vocabulary) <= 10
    assert set(topics.by_turn) == {t.id for t in document.turns}
    for turn_id, ids in topics.by_turn.items():
        assert ids and set(ids) <= set(topics.ids), turn_id
    assert all(t.label and t.definition for t in topics.vocabulary)


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
