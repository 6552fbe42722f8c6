"""compare_tags and check_tags on small frames whose answers are worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from edition.notebook.frame import COLUMNS
from edition.notebook.tagging import check_tags, compare_tags


def frame(*rows: tuple[int, str, list[str]], vocabulary: tuple[str, ...] = ("a", "b", "c")) -> pd.DataFrame:
    """A turns frame: (turn number, id, editors' topics) per row; the other columns do not matter here."""
    df = pd.DataFrame([(n, i, "S", topics, "text", 1) for n, i, topics in rows], columns=COLUMNS)
    df.attrs = {"speakers": ["S"], "topics": list(vocabulary)}
    return df


EDITORS = frame((1, "t01", ["a"]), (2, "t02", ["a", "b"]), (3, "t03", ["c"]))
MINE = {"t01": ["a"], "t02": ["b"], "t03": ["a", "c"]}


def test_agreement_per_topic_worked_by_hand():
    per_topic, _ = compare_tags(MINE, EDITORS)
    # a: mine on t01, t03; editors' on t01, t02. Both agree on t01 only (t02 and t03 differ): 1 of 3 = 0.33.
    # b: both on t02 alone, and both leave it off t01 and t03: 3 of 3. c: both on t03 alone: 3 of 3.
    assert per_topic.to_dict(orient="index") == {
        "a": {"yours": 2, "editors'": 2, "agreement": 0.33},
        "b": {"yours": 1, "editors'": 1, "agreement": 1.0},
        "c": {"yours": 1, "editors'": 1, "agreement": 1.0},
    }
    assert list(per_topic.index) == ["a", "b", "c"]  # the vocabulary's order


def test_the_turns_where_the_tags_differ_worked_by_hand():
    _, differences = compare_tags(MINE, EDITORS)
    # t01 agrees; t02: the editors add a; t03: I add a.
    assert differences.to_dict(orient="records") == [
        {"turn": 2, "id": "t02", "only yours": [], "only the editors'": ["a"]},
        {"turn": 3, "id": "t03", "only yours": ["a"], "only the editors'": []},
    ]


def test_full_agreement_has_no_differences():
    per_topic, differences = compare_tags({"t01": ["a"], "t02": ["b", "a"], "t03": ["c"]}, EDITORS)
    assert list(per_topic["agreement"]) == [1.0, 1.0, 1.0] and differences.empty
    assert list(differences.columns) == ["turn", "id", "only yours", "only the editors'"]


def test_an_unused_topic_agrees_everywhere():
    editors = frame((1, "t01", ["a"]), (2, "t02", ["a"]), vocabulary=("a", "b"))
    per_topic, _ = compare_tags({"t01": ["a"], "t02": ["a"]}, editors)
    assert per_topic.loc["b"].to_dict() == {"yours": 0, "editors'": 0, "agreement": 1.0}


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ({"t01": ["a"], "t02": ["b"]}, "t03 has no tags: give it at least one topic"),
        ({"t01": ["a"], "t02": [], "t03": ["c"]}, "t02 has an empty list: give it at least one topic"),
        ({"t01": ["a"], "t02": ["b"], "t03": ["c"], "t04": ["a"]}, "'t04' is not a turn id; the turns are t01 to t03"),
        ({"t01": ["a"], "t02": ["b", "x"], "t03": ["c"]}, "t02: 'x' is not one of the topics; the topics are a, b, c"),
    ],
)
def test_a_self_check_says_what_to_fix(tags, message):
    with pytest.raises(ValueError) as raised:
        check_tags(tags, EDITORS)
    assert str(raised.value) == message
    with pytest.raises(ValueError):
        compare_tags(tags, EDITORS)


def test_the_editors_own_tags_agree_with_themselves():
    """On the edition's frame, the editors' tags compared with themselves: every agreement 1.0."""
    import edition

    turns = edition.turns_frame()
    per_topic, differences = compare_tags(dict(zip(turns["id"], turns["topics"], strict=True)), turns)
    assert set(per_topic["agreement"]) == {1.0} and differences.empty
    assert len(per_topic) == len(turns.attrs["topics"])


def test_every_problem_is_reported_at_once_and_text_is_refused_as_text():
    """Text where a list belongs, a misspelt topic, a missing turn and an unknown turn: four problems, one report."""
    from edition.notebook.tagging import tag_problems

    problems = tag_problems({"t01": "a", "t02": ["bb"], "t09": ["a"]}, EDITORS)
    assert problems == [
        "'t09' is not a turn id; the turns are t01 to t03",
        't01: the topics must be a list in square brackets, such as ["a"], not the text "a"',
        "t02: 'bb' is not one of the topics (did you mean 'b'?)",
        "t03 has no tags: give it at least one topic",
        "the topics are a, b, c",
    ]
    assert not [p for p in problems if "a, " in p and "topics are" not in p], "a text spelt out letter by letter"


def test_the_report_never_raises_and_gives_agreement_in_per_cent():
    from edition.notebook.tagging import tagging_report

    broken = tagging_report({"t01": "a"}, EDITORS, {"a": "A", "b": "B", "c": "C"})._repr_html_()
    assert "Not yet: 3 things to fix" in broken and "must be a list" in broken
    report = tagging_report(MINE, EDITORS, {"a": "A", "b": "B", "c": "C"})
    # a: 1 of 3 turns agree (worked above): 33 %; b and c: 100 %.
    assert list(report.agreement["agreement"]) == ["33\u00a0%", "100\u00a0%", "100\u00a0%"]
    assert "0.33" not in report._repr_html_()


def test_the_report_check_sees_a_bare_share():
    """Companion: the per-cent check fails on a share printed as a fraction, as before."""
    from edition.notebook.tagging import percent

    assert percent(0.92) == "92\u00a0%" and percent(0.92) != str(0.92)
