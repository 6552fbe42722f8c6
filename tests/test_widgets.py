"""The explorer's controls driven as a reader would: set a value, read what is shown."""

from __future__ import annotations

import re

import pytest

import edition
from edition.notebook.widgets import build_explorer


@pytest.fixture
def explorer():
    return build_explorer(edition.turns_frame(), edition.load_edition_topics().labels)


def shown_turns(explorer) -> list[int]:
    return [int(n) for n in re.findall(r'<li value="(\d+)">', explorer.results.value)]


def test_at_first_every_turn_shows(explorer, document):
    assert shown_turns(explorer) == [t.n for t in document.turns]
    assert f"Showing all {len(document.turns)} turns." in explorer.count.value


def test_choosing_a_speaker_and_a_topic(explorer):
    explorer.speakers.value = ("Kissinger",)
    explorer.topics.value = ("channel",)
    expected = edition.filter_turns(explorer.frame, speakers=["Kissinger"], topics=["channel"])
    assert shown_turns(explorer) == list(expected["turn"])
    assert f"Showing {len(expected)} of 12 turns." in explorer.count.value


def test_a_keyword_is_marked_in_the_text(explorer):
    explorer.query.value = "brain drain"
    assert shown_turns(explorer) == list(edition.filter_turns(explorer.frame, query="brain drain")["turn"])
    assert "<mark>brain</mark> <mark>drain</mark>" in explorer.results.value


def test_no_match_says_so(explorer):
    explorer.speakers.value = ("Gorbachev",)
    explorer.query.value = "Scowcroft"
    assert shown_turns(explorer) == []
    assert "No turns match." in explorer.count.value and "No turns match." in explorer.results.value


def test_controls_are_labelled(explorer):
    assert [explorer.speakers.description, explorer.topics.description, explorer.query.description] == [
        "Speaker",
        "Topic",
        "Keyword",
    ]
    assert dict((v, k) for k, v in explorer.topics.options)["channel"] == "The confidential channel"
