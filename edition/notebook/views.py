"""Turns as HTML for notebooks: number, speaker, topics and text, with the keyword's words marked."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from edition.notebook.frame import query_words


def highlight(text: str, query: str | None) -> str:
    """The text, HTML-escaped, with every whole-word match of the query's words in <mark>."""
    words = query_words(query)
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    parts = pattern.split(text)
    return "".join(escape(p) if i % 2 == 0 else f"<mark>{escape(p)}</mark>" for i, p in enumerate(parts))


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
