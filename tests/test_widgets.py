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


def test_no_match_says_so_once_and_explains(explorer, document):
    explorer.speakers.value = ("Gorbachev",)
    explorer.query.value = "Scowcroft"
    assert shown_turns(explorer) == []
    both = explorer.count.value + explorer.results.value
    assert both.count("No turns match.") == 1
    said = [t.n for t in document.turns if "Scowcroft" in t.text]  # Kissinger's turns, from the seed
    assert f"The keyword is in turns {', '.join(map(str, said))}" in explorer.results.value


def test_a_word_not_in_the_text_is_explained_with_a_topic(explorer, document):
    assert not [t for t in document.turns if re.search(r"\btrade\b", t.text, re.I)]  # the seed has no "trade"
    explorer.query.value = "trade"
    assert "whole words only" in explorer.results.value
    assert "Try the topic “Trade and the economy”" in explorer.results.value


def test_a_variant_spelling_of_the_register_is_found(explorer, document):
    """persons.yml gives Vanik the variant "Yanik": turn 4 says Jackson-Vanik, turn 5 Jackson-Yanik."""
    explorer.query.value = "Jackson-Vanik"
    expected = [t.n for t in document.turns if re.search(r"Jackson-[VY]anik", t.text)]
    assert shown_turns(explorer) == expected == [4, 5]
    assert "“Yanik” [sic]" in explorer.results.value


def test_clear_choices_unticks_everything(explorer, document):
    explorer.speakers.boxes[0].value = True
    explorer.query.value = "channel"
    assert len(shown_turns(explorer)) < len(document.turns)
    explorer.clear.click()
    assert shown_turns(explorer) == [t.n for t in document.turns]
    assert not any(b.value for b in explorer.speakers.boxes + explorer.topics.boxes) and explorer.query.value == ""


def test_controls_are_labelled(explorer):
    assert [explorer.speakers.description, explorer.topics.description, explorer.query.description] == [
        "Speaker",
        "Topic",
        "Keyword",
    ]
    assert dict((v, k) for k, v in explorer.topics.options)["channel"] == "The confidential channel"
