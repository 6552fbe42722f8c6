"""Turns as HTML for notebooks: number, speaker, topics and text, with the keyword's words marked."""

from __future__ import annotations

import re
import unicodedata
from html import escape

import pandas as pd

from edition.notebook.frame import fold, query_words


def highlight(text: str, query: str | None) -> str:
    """The text, HTML-escaped, with each word that the keyword rule (frame.fold, \\w runs) matches in <mark>."""
    words = set(query_words(query))
    text = unicodedata.normalize("NFC", text)  # composed, as the rule compares it: an accent stays in its word
    parts, end = [], 0
    for word in re.finditer(r"\w+", text):
        if fold(word.group()) in words:
            parts += [escape(text[end : word.start()]), f"<mark>{escape(word.group())}</mark>"]
            end = word.end()
    return "".join(parts) + escape(text[end:])


def count_text(shown: int, total: int) -> str:
    if shown == 0:
        return "No turns match."
    return f"Showing all {total} turns." if shown == total else f"Showing {shown} of {total} turns."


def turns_html(rows: pd.DataFrame, query: str | None = None, labels: dict[str, str] | None = None) -> str:
    """A list of the rows' turns; an empty frame says so."""
    if rows.empty:
        return "<p><strong>No turns match.</strong></p>"
    labels = labels or {}
    items = []
    for row in rows.itertuples():
        topics = ", ".join(escape(labels.get(t, t)) for t in row.topics)
        paragraphs = "".join(f"<p>{highlight(p, query)}</p>" for p in row.text.split("\n\n"))
        items.append(
            f'<li value="{row.turn}"><p><strong>Turn {row.turn}, {escape(row.speaker)}</strong> '
            f"<em>({topics})</em></p>{paragraphs}</li>"
        )
    return f'<ol class="turn-list">{"".join(items)}</ol>'


def reading_table(table: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """A table as a student reads it: turn numbers as the index, topics by their labels (a list of topic ids
    becomes the labels joined by commas, topic ids in the index their labels), no internal turn ids."""
    shown = table.drop(columns=["id"], errors="ignore")
    if "turn" in shown.columns:
        shown = shown.set_index("turn")
    elif len(shown) and shown.index.isin(list(labels)).all():
        shown = shown.rename(index=labels).rename_axis("topic")
    for column in shown.columns:
        if len(shown) and shown[column].map(lambda value: isinstance(value, list)).all():
            shown[column] = [", ".join(labels.get(t, t) for t in ids) or "none" for ids in shown[column]]
    return shown
