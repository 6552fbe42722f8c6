"""turns_frame and filter_turns as the notebooks and the page use them; exports that read back the same."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import edition


@pytest.fixture(scope="module")
def turns():
    return edition.turns_frame()


def test_one_row_per_turn_with_its_data(turns, document):
    assert list(turns.columns) == ["turn", "id", "speaker", "topics", "text", "words"]
    assert len(turns) == len(document.turns)
    tags = edition.load_edition_topics().by_turn
    for row, turn in zip(turns.itertuples(), document.turns, strict=True):
        assert (row.turn, row.id, row.speaker) == (turn.n, turn.id, turn.speaker)
        assert row.text == "\n\n".join(turn.paragraphs)
        assert row.words == len(" ".join(turn.paragraphs).split())
        assert row.topics == list(tags[turn.id])


def test_filter_by_speaker(turns, document):
    rows = edition.filter_turns(turns, speakers=["Gorbachev"])
    assert list(rows["id"]) == [t.id for t in document.turns if t.speaker == "Gorbachev"]
    assert list(edition.filter_turns(turns, speakers="Gorbachev")["id"]) == list(rows["id"])


def test_filter_by_topics_matches_any_of_them(turns):
    # annotations/topics.yml tags only t04 with trade and only t11 with un-speech
    assert list(edition.filter_turns(turns, topics=["trade", "un-speech"])["id"]) == ["t04", "t11"]
    assert list(edition.filter_turns(turns, topics="jackson-vanik")["id"]) == ["t04", "t05"]


def test_keyword_is_case_insensitive_whole_words_all_required(turns, document):
    rows = edition.filter_turns(turns, query="DOBRYNIN scowcroft")
    expected = [t.id for t in document.turns if "Dobrynin" in t.text and "Scowcroft" in t.text]
    assert list(rows["id"]) == expected == ["t03", "t11"]  # read in the seed
    assert list(edition.filter_turns(turns, query="Dobrynin")["id"]) == ["t01", "t03", "t11"]
    # "scowcroft's" asks for the words "scowcroft" and "s": t11 ("Scowcroft's"), and t03, where "Scowcroft"
    # and "the President's side" give both
    assert list(edition.filter_turns(turns, query="scowcroft's")["id"]) == ["t03", "t11"]
    assert edition.filter_turns(turns, query="dissident").empty  # only "dissidents" occurs
    assert list(edition.filter_turns(turns, query="vanik")["id"]) == ["t04"]


def test_filters_combine(turns):
    # "dissidents" occurs in t08 (Gorbachev) and t09 (Kissinger); both turns are tagged emigration
    assert list(edition.filter_turns(turns, topics=["emigration"], query="dissidents")["id"]) == ["t08", "t09"]
    rows = edition.filter_turns(turns, speakers=["Kissinger"], topics=["emigration"], query="dissidents")
    assert list(rows["id"]) == ["t09"]
    assert edition.filter_turns(turns, speakers=["Kissinger"], topics=["trade"], query="dissidents").empty


def test_no_match_is_an_empty_frame(turns):
    rows = edition.filter_turns(turns, speakers=["Gorbachev"], query="Scowcroft")
    assert rows.empty and list(rows.columns) == list(turns.columns)


def test_an_unknown_speaker_names_the_valid_ones(turns):
    with pytest.raises(ValueError, match=r"unknown speaker 'Bush'; valid speakers: Gorbachev, Kissinger"):
        edition.filter_turns(turns, speakers=["Bush"])


def test_an_unknown_topic_names_the_valid_ones(turns):
    with pytest.raises(ValueError, match=r"unknown topic 'weather'; valid topics: channel, "):
        edition.filter_turns(turns, topics=["weather"])


def test_unknown_values_are_refused_even_on_a_filtered_frame(turns):
    kissinger = edition.filter_turns(turns, speakers="Kissinger")
    with pytest.raises(ValueError, match=r"unknown speaker 'Bush'; valid speakers: Gorbachev, Kissinger"):
        edition.filter_turns(kissinger, speakers="Bush")
    with pytest.raises(ValueError, match=r"unknown topic 'weather'; valid topics: channel, "):
        edition.filter_turns(kissinger, topics=["weather"])


def test_a_speaker_filtered_out_is_still_known(turns):
    """Gorbachev speaks none of Kissinger's turns, yet he is a speaker of the record: no rows, no error."""
    kissinger = edition.filter_turns(turns, speakers="Kissinger")
    assert edition.filter_turns(kissinger, speakers="Gorbachev").empty
    assert list(edition.filter_turns(kissinger, topics="un-speech")["id"]) == ["t11"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_command_writes_what_the_frame_holds(tmp_path, turns, fmt):
    out = tmp_path / f"turns.{fmt}"
    subprocess.run([sys.executable, "-m", "edition", "export", "--format", fmt, str(out)], check=True)
    if fmt == "csv":
        back = pd.read_csv(out, keep_default_na=False)
        back["topics"] = back["topics"].str.split(";")
    else:
        back = pd.DataFrame(json.loads(out.read_text(encoding="utf-8")))
    assert back.to_dict(orient="records") == turns.to_dict(orient="records")


def test_export_refuses_an_unknown_format(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "edition", "export", "--format", "xls", str(tmp_path / "x")],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "unknown format 'xls'" in run.stderr


def test_the_frame_knows_the_speakers_and_topics_of_the_edition():
    frame = edition.turns_frame()  # built here, not shared, so that mutation testing sees make_frame run
    assert frame.attrs == {
        "speakers": ["Gorbachev", "Kissinger"],
        "topics": ["channel", "timing", "transition", "trade", "jackson-vanik", "emigration", "un-speech", "messages"],
    }
    assert list(edition.filter_turns(frame, topics="messages")["id"]) == ["t03", "t12"]


def test_every_unknown_value_is_named():
    with pytest.raises(ValueError) as raised:
        edition.filter_turns(edition.turns_frame(), speakers=["Bush", "Gorbachev", "Baker"])
    assert str(raised.value) == "unknown speaker 'Bush', 'Baker'; valid speakers: Gorbachev, Kissinger"


def test_a_frame_without_its_attributes_takes_the_speakers_from_its_rows(turns):
    """A frame rebuilt from an export has no attrs: its speakers are those of its rows."""
    bare = turns.copy()
    bare.attrs = {}
    assert list(edition.filter_turns(bare, speakers="Gorbachev")["id"]) == ["t02", "t04", "t06", "t08", "t10", "t12"]
    with pytest.raises(ValueError, match=r"^unknown speaker 'Bush'; valid speakers: Gorbachev, Kissinger$"):
        edition.filter_turns(bare, speakers="Bush")


def test_a_frame_without_its_attributes_takes_speakers_and_topics_from_its_rows():
    frame = edition.turns_frame()
    bare = frame.copy()
    bare.attrs = {}
    assert list(edition.filter_turns(bare, topics=["trade"])["id"]) == list(
        edition.filter_turns(frame, topics=["trade"])["id"]
    )
    with pytest.raises(ValueError, match="unknown topic 'commerce'"):
        edition.filter_turns(bare, topics=["commerce"])
