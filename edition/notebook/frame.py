"""The turns as a pandas DataFrame, and the one filter that the notebooks, the tests and the benchmark use."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

from edition.data.document import Document
from edition.data.topics import Topics

COLUMNS = ["turn", "id", "speaker", "topics", "text", "words"]


def make_frame(document: Document, topics: Topics) -> pd.DataFrame:
    """One row per turn: number, id, speaker, topic ids, text (paragraphs joined by a blank line), word count."""
    rows = [(t.n, t.id, t.speaker, list(topics.by_turn[t.id]), t.text, len(t.text.split())) for t in document.turns]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame.attrs = {"speakers": list(document.speakers), "topics": list(topics.ids)}
    return frame


def _as_list(values: str | Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    return [values] if isinstance(values, str) else list(values)


def _check(kind: str, asked: list[str], valid: list[str]) -> None:
    unknown = [v for v in asked if v not in valid]
    if unknown:
        raise ValueError(f"unknown {kind} {', '.join(map(repr, unknown))}; valid {kind}s: {', '.join(valid)}")


# The keyword rule, shared with the page's script (edition/sphinx/static/turn-filter.js), which must follow it
# exactly (tests/test_filter_differential.py): text and query are lower-cased, then composed (NFC), so an accent
# typed as a separate mark still matches; a word is a maximal run of \w, that is letters, digits and "_"
# (Unicode categories L and N, the script's [\p{L}\p{N}_]); apostrophes, hyphens and dashes separate words;
# a turn matches when every word of the query is one of its words. The speaker's label is not a word of the turn.


def fold(text: str) -> str:
    """Text as the keyword rule compares it: lower-cased, then in Unicode composed form (NFC)."""
    return unicodedata.normalize("NFC", text.lower())


def query_words(query: str | None) -> list[str]:
    """The words of a keyword query, folded; a turn matches if it contains every one of them as a word."""
    return re.findall(r"\w+", fold(query or ""))


def _contains_word(texts: list[str], word: str) -> np.ndarray:
    """Whole-word containment in folded texts: a cheap substring test first, the regex only on candidates.
    A boolean array even when `texts` is empty (speakers and topics left no turn), so `&=` never sees floats."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    return np.array([word in text and pattern.search(text) is not None for text in texts], dtype=bool)


def filter_turns(
    df: pd.DataFrame,
    speakers: str | Iterable[str] | None = None,
    topics: str | Iterable[str] | None = None,
    query: str | None = None,
) -> pd.DataFrame:
    """The rows whose speaker is one of `speakers`, that carry any of `topics`, and contain every query word.

    Empty or None arguments do not filter. Unknown speakers or topics raise ValueError naming the valid ones.
    """
    speakers, topics = _as_list(speakers), _as_list(topics)
    _check("speaker", speakers, df.attrs.get("speakers") or sorted(df["speaker"].unique()))
    _check("topic", topics, df.attrs.get("topics") or sorted({t for tags in df["topics"] for t in tags}))
    keep = np.ones(len(df), dtype=bool)
    if speakers:
        keep &= df["speaker"].isin(speakers).to_numpy()
    if topics:
        wanted = set(topics)
        keep[keep] = [not wanted.isdisjoint(t) for t in df["topics"].to_numpy()[keep]]
    words = query_words(query)
    if words:
        folded = [fold(text) for text in df["text"].to_numpy()[keep]]
        found = np.ones(len(folded), dtype=bool)
        for word in words:
            found &= _contains_word(folded, word)
        keep[keep] = found
    return df[keep]
