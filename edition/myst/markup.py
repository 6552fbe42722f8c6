"""Small MyST helpers shared by the pages written from data: escaping, dates, links to turns, citations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from edition.data.document import Turn

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
MONTHS = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so no source character is read as Markdown."""
    return _PUNCTUATION.sub(r"\\\1", text)


def human_date(value: str) -> str:
    """'1972-08' -> 'August 1972'; '1988-12-07' -> '7 December 1988'."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"


def turn_links(turns: Iterable[Turn]) -> str:
    """'1, 3' as links to the turns' anchors on the edition page: each turn by its number."""
    return ", ".join(f"{{ref}}`{t.n} <{t.id}>`" for t in turns)


def cite(keys: tuple[str, ...]) -> str:
    return f"{{cite:p}}`{','.join(keys)}`"
