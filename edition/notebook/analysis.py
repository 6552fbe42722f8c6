"""Counts and keyword-in-context for the analysis notebook; pure functions over the turns frame, and the one
rule its plots share: a count axis is ticked at whole numbers."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd


def count_axis(axis: Any) -> Any:
    """Tick a matplotlib axis that counts turns or words at whole numbers only: left alone, matplotlib ticks a
    small count at halves (0.5, 1.5), which no count can be. Returns the axis."""
    from matplotlib.ticker import MaxNLocator  # matplotlib is the notebooks' need, not the package's

    axis.set_major_locator(MaxNLocator(integer=True))
    return axis


def speaker_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Turns and words per speaker, with each speaker's share of the words."""
    shares = frame.groupby("speaker").agg(turns=("turn", "count"), words=("words", "sum"))
    shares["share of words"] = (shares["words"] / shares["words"].sum()).round(2)
    return shares


def topics_by_speaker(frame: pd.DataFrame) -> pd.DataFrame:
    """How many of each speaker's turns carry each topic (topics in vocabulary order)."""
    exploded = frame.explode("topics")
    table = pd.crosstab(exploded["topics"], exploded["speaker"])
    return table.reindex(frame.attrs["topics"], fill_value=0)


def keyword_in_context(frame: pd.DataFrame, word: str, width: int = 40) -> pd.DataFrame:
    """Every whole-word occurrence of `word` with `width` characters either side."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    rows = []
    for row in frame.itertuples():
        text = " ".join(row.text.split())
        for m in pattern.finditer(text):
            rows.append(
                (
                    row.turn,
                    row.speaker,
                    text[max(0, m.start() - width) : m.start()],
                    m.group(),
                    text[m.end() : m.end() + width],
                )
            )
    return pd.DataFrame(rows, columns=["turn", "speaker", "left", "keyword", "right"])
