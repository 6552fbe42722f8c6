"""What the exports say about this edition itself, as opposed to the record it edits."""

from __future__ import annotations

from dataclasses import dataclass

EDITION_PAGE = "chapters/edition.html"


@dataclass(frozen=True)
class EditionInfo:
    """The edition's title, editors and year as its configuration gives them, and where the book is published.

    `editors` are names as they are to be printed; an institutional name such as "The editors of this
    edition" is kept whole, never split into given and family names. `url` is the book's base address, or
    None while the book has no public address: then no export prints one.
    """

    title: str
    editors: tuple[str, ...]
    year: int
    url: str | None

    def turn_address(self, turn_id: str) -> str | None:
        """The absolute address of a turn's anchor on the edition page, if the book has an address."""
        if self.url is None:
            return None
        return f"{self.url.rstrip('/')}/{EDITION_PAGE}#{turn_id}"
