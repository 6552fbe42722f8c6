"""Compare a reader's topic tags with the editors': agreement per topic and the turns where they differ."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd


def check_tags(tags: Mapping[str, Iterable[str]], frame: pd.DataFrame) -> None:
    """A self-check: every turn tagged, only known topics. Raises ValueError saying what to fix."""
    valid = frame.attrs["topics"]
    missing = [t for t in frame["id"] if not list(tags.get(t, []))]
    if missing:
        raise ValueError(f"give every turn at least one topic; untagged: {', '.join(missing)}")
    extra = sorted(set(tags) - set(frame["id"]))
    if extra:
        raise ValueError(f"unknown turn id(s) {', '.join(extra)}; use t01 to {frame['id'].iloc[-1]}")
    for turn_id, topics in tags.items():
        unknown = [t for t in topics if t not in valid]
        if unknown:
            raise ValueError(f"{turn_id}: unknown topic(s) {', '.join(unknown)}; valid topics: {', '.join(valid)}")


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
