"""Compare a reader's topic tags with the editors': agreement per topic and the turns where they differ.

`tag_problems` lists every problem of a tagging at once, in words a student can act on (text where a list is
wanted, an unknown turn, an unknown topic with the id it probably means); `check_tags` raises them together;
`tagging_report` is what the notebook shows: the problems, or the comparison, recomputed from the tags on
every run and never ending in a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

import pandas as pd


def _example(value: Any) -> str:
    return f'["{value}"]' if isinstance(value, str) else '["channel"]'


def tag_problems(tags: Any, frame: pd.DataFrame, labels: Mapping[str, str] | None = None) -> list[str]:
    """Every problem of a tagging, one sentence each; an empty list when every turn has known topics. With the
    topics' `labels`, a label given for an id is named with its id."""
    valid = list(frame.attrs["topics"])
    ids = list(frame["id"])
    if not isinstance(tags, Mapping):
        return [
            f'my_tags must be a dictionary from turn ids to lists of topics, such as {{"t01": ["channel"]}}, '
            f"not {type(tags).__name__}"
        ]
    problems = []
    for turn_id in tags:
        if turn_id not in ids:
            problems.append(f"{turn_id!r} is not a turn id; the turns are {ids[0]} to {ids[-1]}")
    for turn_id in ids:
        if turn_id not in tags:
            problems.append(f"{turn_id} has no tags: give it at least one topic")
            continue
        topics = tags[turn_id]
        if isinstance(topics, str):
            problems.append(
                f"{turn_id}: the topics must be a list in square brackets, such as {_example(topics)}, "
                f'not the text "{topics}"'
            )
            continue
        if not isinstance(topics, list | tuple | set | frozenset):
            problems.append(f'{turn_id}: the topics must be a list in square brackets, such as ["channel"]')
            continue
        if not topics:
            problems.append(f"{turn_id} has an empty list: give it at least one topic")
        for topic in topics:
            if topic in valid:
                continue
            said = f"{turn_id}: {topic!r} is not one of the topics"
            close = difflib.get_close_matches(str(topic).lower(), valid, n=1, cutoff=0.6)
            by_label = {label.lower(): tid for tid, label in (labels or {}).items()}
            guess = by_label.get(str(topic).lower()) or (close[0] if close else None)
            problems.append(f"{said} (did you mean {guess!r}?)" if guess else said)
    if any("is not one of the topics" in p for p in problems):
        problems.append(f"the topics are {', '.join(valid)}")
    return problems


def check_tags(tags: Mapping[str, Iterable[str]], frame: pd.DataFrame) -> None:
    """A self-check: every turn tagged, only known topics. Raises one ValueError naming every problem."""
    problems = tag_problems(tags, frame)
    if problems:
        raise ValueError("; ".join(problems))


def compare_tags(tags: Mapping[str, Iterable[str]], frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per topic: turns tagged by each side and the share of turns on which both agree; the differing turns)."""
    check_tags(tags, frame)
    mine = {t: set(tags[t]) for t in frame["id"]}
    editors = dict(zip(frame["id"], map(set, frame["topics"]), strict=True))
    per_topic = []
    for topic in frame.attrs["topics"]:
        agree = sum((topic in mine[t]) == (topic in editors[t]) for t in frame["id"])
        per_topic.append(
            (
                topic,
                sum(topic in mine[t] for t in frame["id"]),
                sum(topic in editors[t] for t in frame["id"]),
                round(agree / len(frame), 2),
            )
        )
    differences = [
        (n, t, sorted(mine[t] - editors[t]), sorted(editors[t] - mine[t]))
        for n, t in zip(frame["turn"], frame["id"], strict=True)
        if mine[t] != editors[t]
    ]
    return (
        pd.DataFrame(per_topic, columns=["topic", "yours", "editors'", "agreement"]).set_index("topic"),
        pd.DataFrame(differences, columns=["turn", "id", "only yours", "only the editors'"]),
    )


def percent(share: float) -> str:
    """A share as a reader reads it: 0.92 -> "92 %" (a no-break space before the sign)."""
    return f"{round(share * 100)}\u00a0%"


class TaggingReport:
    """What the notebook shows for a tagging: every problem, or the comparison with the editors, with the
    agreement in per cent. Made afresh from the tags each time the cell runs."""

    def __init__(self, tags: Any, frame: pd.DataFrame, labels: Mapping[str, str]) -> None:
        from edition.notebook.views import reading_table

        self.problems = tag_problems(tags, frame, labels)
        self.fixes = len([p for p in self.problems if not p.startswith("the topics are")])
        self.agreement = self.differences = None
        if not self.problems:
            agreement, differences = compare_tags(tags, frame)
            self.overall = sum(set(tags[t]) == set(e) for t, e in zip(frame["id"], frame["topics"], strict=True))
            agreement = agreement.assign(agreement=agreement["agreement"].map(percent))
            self.agreement = reading_table(agreement, dict(labels))
            self.differences = reading_table(differences, dict(labels))
        self.turns = len(frame)

    def _repr_html_(self) -> str:
        if self.problems:
            items = "".join(f"<li>{escape(p)}</li>" for p in self.problems)
            return (
                f"<p><strong>Not yet: {self.fixes} thing{'s' if self.fixes > 1 else ''} to fix"
                f"</strong> in <code>my_tags</code> above. Fix them and run the cell again; the comparison "
                f"with the editors appears here when every turn has known topics.</p><ul>{items}</ul>"
            )
        same = f"{self.overall} of {self.turns}"
        differ = (
            "<p>No turn differs: your tags are the editors'.</p>"
            if self.differences.empty
            else f"<p>The turns where your tags differ, and how:</p>{self.differences.to_html()}"
        )
        return (
            f"<p><strong>All turns tagged with known topics.</strong> You and the editors give the same topics to "
            f"{same} turns.</p><p>For each topic: how many turns you and the editors tagged with it, and on how "
            f"many of the {self.turns} turns you agree (both tagged it, or both did not):</p>"
            f"{self.agreement.to_html()}{differ}"
        )

    def __repr__(self) -> str:
        if self.problems:
            return "Not yet:\n" + "\n".join(f"- {p}" for p in self.problems)
        return f"All turns tagged with known topics.\n{self.agreement}\n{self.differences}"


def tagging_report(tags: Any, frame: pd.DataFrame, labels: Mapping[str, str]) -> TaggingReport:
    return TaggingReport(tags, frame, labels)
