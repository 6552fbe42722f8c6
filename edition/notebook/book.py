"""Where the notebooks send a reader in the book: the published site, once its address is recorded.

A notebook opened in JupyterLab (on Binder, or on a copy of the repository) must not link the book's source
files: `chapters/edition.md` opens in JupyterLab's Markdown viewer as raw MyST, and the record's text and
notes, which are written into the page at build time, are missing. So the notebooks' Markdown names the
book's pages in words, and a code cell shows the links (`book_links`): to the published site when its address
is recorded in the repository (the file `RECORD`, written by `python -m edition publish`; commit it), and
otherwise a sentence saying that no address is known, never a link to a source file. The record itself can
always be read in the notebook (`views.record_html`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from edition.data.sources import EDITION_PAGE, Sources, find_root, html_page, on_site

# The record of where the book is published, at the repository's root, beside _config.yml.
RECORD = "book-site.yml"
# The pages of the book that the notebooks point to: docname (#anchor) and the words a link shows.
PAGES = {
    EDITION_PAGE: "The edition: the record of the conversation, with the editors' notes",
    "chapters/note-on-the-text#how-the-turns-were-tagged": "Note on the text: how the turns were tagged",
    "chapters/persons": "The persons register",
}
NO_ADDRESS = (
    "This copy of the repository does not record where the book is published (no address in {record}), so "
    "this notebook gives no links to its pages: a link to a chapter's source file would open it without the "
    "record's text. Ask your teacher for the book's address; the record itself is at the end of the explore "
    "notebook (explore.ipynb)."
)


def recorded_site(root: Path | str | None = None) -> str | None:
    """The published book's address recorded in the repository (`RECORD` under `root`, by default the edition
    found from the working directory), or None when none is recorded."""
    if root is None:
        try:
            root = Sources.at(find_root()).root
        except FileNotFoundError:
            return None
    path = Path(root) / RECORD
    if not path.is_file():
        return None
    site = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("site") or ""
    return site if site.startswith(("https://", "http://")) else None


def page_url(site: str, page: str) -> str:
    """A page's address on the published site (built by the html builder, as the publishing workflow builds it):
    `chapters/edition#t05` -> SITE/chapters/edition.html#t05."""
    docname, _, anchor = page.partition("#")
    return on_site(site, html_page(docname)) + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class BookLinks:
    """The links a notebook shows to the book, or the sentence that stands in for them."""

    site: str | None
    pages: tuple[str, ...]

    @property
    def links(self) -> list[tuple[str, str]]:
        """(words, address) for each page; empty where no address is known."""
        if not self.site:
            return []
        return [(PAGES.get(page, page), page_url(self.site, page)) for page in self.pages]

    def _repr_html_(self) -> str:
        if not self.site:
            return f"<p><strong>The book:</strong> {escape(NO_ADDRESS.format(record=RECORD))}</p>"
        items = "".join(
            f'<li><a href="{escape(url)}" target="_blank" rel="noopener">{escape(words)}</a></li>'
            for words, url in self.links
        )
        return f"<p><strong>The book</strong>, on its published site (opens in a new tab):</p><ul>{items}</ul>"

    def __repr__(self) -> str:
        if not self.site:
            return NO_ADDRESS.format(record=RECORD)
        return "\n".join(f"{words}: {url}" for words, url in self.links)


def book_links(*pages: str, site: str | None = None) -> BookLinks:
    """The links to the given pages of the published book (docnames, as in `PAGES`), or, where no site is
    given or recorded, the sentence that says so."""
    return BookLinks(site or recorded_site(), pages)
