"""What the exports say about this edition itself, as opposed to the record it edits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edition.data.sources import EDITION_PAGE, html_page, on_site


@dataclass(frozen=True)
class EditionInfo:
    """The edition's title, editors and year as its configuration gives them, and where the book is published.

    `editors` are names as they are to be printed; an institutional name such as "The editors of this
    edition" is kept whole, never split into given and family names. `url` is the book's base address, or
    None while the book has no public address: then no export prints one. `page` is the edition page's path
    in the site: in a build, as its builder writes it; elsewhere by the html builder's rule.
    """

    title: str
    editors: tuple[str, ...]
    year: int
    url: str | None
    page: str = html_page(EDITION_PAGE)

    def page_address(self) -> str | None:
        """The absolute address of the edition page, which reproduces the record, if the book has an address."""
        return None if self.url is None else on_site(self.url, self.page)

    def turn_address(self, turn_id: str) -> str | None:
        """The absolute address of a turn's anchor on the edition page, if the book has an address."""
        page = self.page_address()
        return None if page is None else f"{page}#{turn_id}"


def from_config(config: Mapping[str, Any], where: str = "_config.yml", page: str | None = None) -> EditionInfo:
    """The edition as the book's configuration describes it: `title`, `author` (the editors, named as one),
    the year in `copyright` (the last, if it gives a range) and `html: baseurl:` (empty: no address).

    `config` holds `_config.yml`'s keys; the book's extension passes the values Sphinx received from them, so
    the command line and the built site describe the edition alike. `where` names the source in errors;
    `page` is the edition page's path in the site as the build's builder gives it (by default, the html
    builder's).
    """
    missing = [key for key in ("title", "author", "copyright") if not str(config.get(key) or "").strip()]
    if missing:
        raise ValueError(f"{where}: no {', '.join(missing)}; the edition's citations and exports need them")
    years = re.findall(r"\b\d{4}\b", str(config["copyright"]))
    if not years:
        raise ValueError(f'{where}: copyright {config["copyright"]!r} gives no year; write it as copyright: "2026"')
    url = str((config.get("html") or {}).get("baseurl") or "").strip()
    return EditionInfo(
        title=str(config["title"]).strip(),
        editors=(str(config["author"]).strip(),),
        year=int(years[-1]),
        url=url or None,
        page=page or html_page(EDITION_PAGE),
    )
