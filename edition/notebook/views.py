"""Turns as HTML for notebooks: number, speaker, topics and text, with the keyword's words marked."""

from __future__ import annotations

import re
import unicodedata
from html import escape

import pandas as pd

from edition.data.myst import inline, role_target
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


def turns_html(
    rows: pd.DataFrame, query: str | None = None, labels: dict[str, str] | None = None, notes: tuple = ()
) -> str:
    """A list of the rows' turns, each with its notes (folded) when `notes` are given; an empty frame says so."""
    if rows.empty:
        return "<p><strong>No turns match.</strong></p>"
    labels = labels or {}
    by_turn: dict[str, list] = {}
    for note in notes:
        by_turn.setdefault(note.segment, []).append(note)
    items = []
    for row in rows.itertuples():
        topics = ", ".join(escape(labels.get(t, t)) for t in row.topics)
        paragraphs = "".join(f"<p>{highlight(p, query)}</p>" for p in row.text.split("\n\n"))
        items.append(
            f'<li value="{row.turn}"><p><strong>Turn {row.turn}, {escape(row.speaker)}</strong> '
            f"<em>({topics})</em></p>{paragraphs}{notes_html(by_turn.get(row.id, []))}</li>"
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


# The editors' notes are written in a small part of MyST (read by edition.data.myst): a role shows its text,
# the target it names is left out; a link shows its text; *emphasis* stays emphasis. No markup is shown raw.
_TAGS = {"em_open": "<em>", "em_close": "</em>", "strong_open": "<strong>", "strong_close": "</strong>"}


def prose_html(text: str) -> str:
    """A note's MyST as HTML for a notebook: roles as their words, links as their text, *emphasis*, **strong**."""
    parts = []
    for token in inline(" ".join(text.split())):
        if token.type in ("text", "text_special"):
            parts.append(escape(token.content, quote=False))
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "code_inline":
            parts.append(f"<code>{escape(token.content, quote=False)}</code>")
        elif token.type == "myst_role":
            parts.append(escape(role_target(token.content)[0], quote=False))
        else:
            parts.append(_TAGS.get(token.type, ""))  # a link's own tags: its text stays
    return "".join(parts)


def notes_html(notes: list) -> str:
    """A turn's notes, folded: each with its kind and its lemma, the words it is about."""
    if not notes:
        return ""
    items = "".join(
        f"<li><em>{'Textual note' if n.kind == 'textual' else 'Note'} on “{escape(n.lemma)}”</em>: "
        f"{prose_html(n.text)}</li>"
        for n in notes
    )
    return f"<details><summary>Notes on this turn ({len(notes)})</summary><ul>{items}</ul></details>"


def record_html(document, notes: tuple = ()) -> str:
    """The whole record as it reads: every turn with its number and speaker, the two omitted passages where
    the published source marks them, and each turn's notes (folded) when `notes` are given."""
    by_segment: dict[str, list] = {}
    for note in notes:
        by_segment.setdefault(note.segment, []).append(note)
    parts = []
    for segment in document.body:
        if hasattr(segment, "speaker"):
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in segment.paragraphs)
            parts.append(
                f"<section><p><strong>Turn {segment.n}, {escape(segment.speaker)}</strong></p>{paragraphs}"
                f"{notes_html(by_segment.get(segment.id, []))}</section>"
            )
        else:
            parts.append(
                f"<p><em>{escape(segment.mark)} A passage is omitted here in the published source (omission "
                f"{segment.n}).</em></p>"
            )
    title = escape(document.metadata.title)
    return f"<div class='record'><h3>{title}</h3>{''.join(parts)}</div>"
