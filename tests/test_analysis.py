"""The analysis notebook's helpers on small frames, with answers worked out by hand, and on the record."""

from __future__ import annotations

import pandas as pd

import edition
from edition.notebook.analysis import keyword_in_context, speaker_shares, topics_by_speaker
from edition.notebook.frame import COLUMNS


def frame(*rows: tuple[int, str, list[str], str]) -> pd.DataFrame:
    """(turn, speaker, topics, text) per row; the word count is the text's."""
    df = pd.DataFrame(
        [(n, f"t{n:02d}", speaker, topics, text, len(text.split())) for n, speaker, topics, text in rows],
        columns=COLUMNS,
    )
    df.attrs = {"speakers": ["A", "B"], "topics": ["x", "y", "z"]}
    return df


SMALL = frame(
    (1, "A", ["x"], "one two"),  # 2 words
    (2, "B", ["x", "y"], "one two three four five six seven eight"),  # 8 words
    (3, "A", ["y"], "Channel? The channel,\n\nchannels, a channel."),  # 6 words
)


def test_speaker_shares_worked_by_hand():
    # A: turns 1 and 3, 2 + 6 = 8 words; B: turn 2, 8 words; 16 words in all, half each.
    assert speaker_shares(SMALL).to_dict(orient="index") == {
        "A": {"turns": 2, "words": 8, "share of words": 0.5},
        "B": {"turns": 1, "words": 8, "share of words": 0.5},
    }


def test_speaker_shares_round_to_two_places():
    uneven = frame((1, "A", ["x"], "a"), (2, "B", ["x"], "b c"))
    assert list(speaker_shares(uneven)["share of words"]) == [0.33, 0.67]


def test_topics_by_speaker_worked_by_hand():
    table = topics_by_speaker(SMALL)
    # x: A in turn 1, B in turn 2; y: B in turn 2, A in turn 3; z: nobody (kept, in the vocabulary's order).
    assert list(table.index) == ["x", "y", "z"]
    assert table.to_dict(orient="index") == {"x": {"A": 1, "B": 1}, "y": {"A": 1, "B": 1}, "z": {"A": 0, "B": 0}}


def test_keyword_in_context_whole_words_any_case():
    rows = keyword_in_context(SMALL, "channel", width=5)
    # "Channel? The channel, channels, a channel." (the paragraphs joined by one space): three whole words,
    # "channels" is another word; five characters either side, fewer at the edges.
    assert rows.to_dict(orient="records") == [
        {"turn": 3, "speaker": "A", "left": "", "keyword": "Channel", "right": "? The"},
        {"turn": 3, "speaker": "A", "left": " The ", "keyword": "channel", "right": ", cha"},
        {"turn": 3, "speaker": "A", "left": "s, a ", "keyword": "channel", "right": "."},
    ]


def test_keyword_in_context_with_no_match_keeps_its_columns():
    rows = keyword_in_context(SMALL, "seven eight nine")
    assert rows.empty and list(rows.columns) == ["turn", "speaker", "left", "keyword", "right"]


def test_on_the_record():
    """Counted from the seed by hand: Kissinger speaks the odd turns, Gorbachev the even ones; 'Dobrynin'
    occurs four times, all in Kissinger's turns 1, 3 and 11 (twice in 11)."""
    turns = edition.turns_frame()
    shares = speaker_shares(turns)
    assert shares["turns"].to_dict() == {"Gorbachev": 6, "Kissinger": 6}
    assert shares["words"].sum() == sum(len(t.text.split()) for t in edition.load_document().turns)
    kwic = keyword_in_context(turns, "Dobrynin")
    assert list(kwic["turn"]) == [1, 3, 11, 11] and set(kwic["speaker"]) == {"Kissinger"}
    assert list(kwic["left"].str.endswith("Anatoly ")) == [True] * 4
