"""Printable handouts: the record, a context sheet, the single lesson's worksheet, every worksheet and the
chapter the worksheets read alongside the record, printed to PDF by Chromium from the built student edition
(questions, no answers), on A4 and on US Letter.

Every page carries the handout's title, its page number and a one-line citation of the record made from the
seed's own metadata, in 8-point type. The book's print styles (book.css) leave out whatever only works on a
screen and set the record and its notes compactly; the handouts' own rules (sheets.HANDOUT_CSS) number each
sheet's questions from 1 and give each the lines its answer needs.
Usage: `python -m edition handouts HTML_DIR OUT_DIR` (`make handouts` does it).
"""

from __future__ import annotations

import html as html_text
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edition.browser import launch, serve
from edition.classroom.sheets import (
    SINGLE_LESSON,
    Sheet,
    Work,
    bibliography,
    compose,
    context_sheet,
    printable_page,
)
from edition.data.apparatus import Apparatus
from edition.data.document import Document
from edition.data.sources import EDITION_PAGE, html_page
from edition.myst.markup import human_date

# Paper -> how its file name ends: `sourcing.pdf` is A4, `sourcing-letter.pdf` US Letter.
PAPERS = {"A4": "", "Letter": "-letter"}
MARGIN = {"top": "11mm", "bottom": "10mm", "left": "13mm", "right": "13mm"}
# Chapters the worksheets send students to (besides the record), printed so that the pack holds them.
READINGS = {"read-alongside": html_page("chapters/read-alongside")}
# Header and footer lines: a narrow face keeps the citation on one line; without one it wraps, never clips.
# 8 pt, the least any text of a handout is set in.
_LINE = (
    "font-family: 'Liberation Sans Narrow', 'Arial Narrow', 'DejaVu Sans Condensed', sans-serif; "
    "font-stretch: condensed; font-size: 8pt; color: #222; width: 100%; box-sizing: border-box; "
    f"padding: 0 {MARGIN['right']} 0 {MARGIN['left']};"
)


@dataclass(frozen=True)
class Handout:
    name: str
    page: str  # the built page printed, or whose frame a composed sheet borrows
    sheet: Sheet | None = None
    writes: bool = False  # students write on it: the header leaves a line for a name
    sources: bool = True  # the works it cites are listed at its foot (the record keeps to its four pages)


def handout_pages(html: Path) -> dict[str, str]:
    """Handout name -> built page: the record, then every worksheet the build holds."""
    pages = {"edition": html_page(EDITION_PAGE)}
    for page in sorted((html / "chapters" / "worksheets").glob("*.html")):
        pages[page.stem] = f"chapters/worksheets/{page.name}"
    return pages


def handouts(html: Path, data: Apparatus) -> list[Handout]:
    """The record, the context sheet, the single lesson's worksheet, each worksheet, then the readings."""
    pages = handout_pages(html)
    context, lesson = context_sheet(data), SINGLE_LESSON
    return [
        Handout("edition", pages.pop("edition"), sources=False),
        Handout(context.name, context.page, context),
        Handout(lesson.name, lesson.page, lesson, writes=True),
        *(Handout(name, page, writes=True) for name, page in pages.items()),
        *(Handout(name, page) for name, page in READINGS.items() if (html / page).is_file()),
    ]


def printable(html: Path, handout: Handout, works: list[Work] | None = None) -> tuple[str, str]:
    """(the URL path it is served at, the HTML printed) for a handout: a composed sheet at a name of its own
    beside the page whose frame it borrows, any other page at its own address; each with the list of the works
    it cites where `handout.sources` (`works`, the bibliography, read from the edition's files unless
    given)."""
    if handout.sheet is not None:
        served = html_page(f"{Path(handout.page).parent.as_posix()}/_{handout.name}")
        return served, compose(html, handout.sheet, works)
    if not handout.sources:
        return handout.page, printable_page(html, handout.page)
    if works is None:
        import edition

        works = bibliography(edition.sources().bibliographies)
    return handout.page, printable_page(html, handout.page, works)


def pdf_name(name: str, paper: str) -> str:
    return f"{name}{PAPERS[paper]}.pdf"


def record_citation(document: Document) -> str:
    """The record in one line: title, date, publisher and address, as the seed's header gives them."""
    m = document.metadata
    return f'"{m.title}", {human_date(m.date.isoformat())}, {m.citation.publisher}, {m.citation.url}'


def _header(title: str, writes: bool) -> str:
    name = '<span style="flex: 1; text-align: center">Name: ____________________</span>' if writes else ""
    return (
        f'<div style="{_LINE} display: flex; justify-content: space-between; gap: 4mm">'
        f'<span style="overflow: hidden; text-overflow: ellipsis">{html_text.escape(title)}</span>{name}'
        '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
    )


def _footer(citation: str) -> str:
    return f'<div style="{_LINE} text-align: center">{html_text.escape(citation)}</div>'


def _serving(body: str) -> Any:
    """A route handler that answers with the handout's HTML instead of the file of the site (if any)."""
    return lambda route: route.fulfill(body=body, content_type="text/html")


_TITLE = """() => {
  const h1 = document.querySelector("article.bd-article h1");
  const copy = h1.cloneNode(true);
  copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
  return copy.textContent.trim();
}"""


def print_handouts(html: Path, out: Path, browser: Any = None, data: Apparatus | None = None) -> list[Path]:
    """Print every handout of the built book `html` into `out`, on each paper. The record's citation and the
    context sheet's events come from the edition's data (loaded unless given)."""
    import edition

    if data is None:
        data = edition.load_edition()
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            launched = launch(p)
            try:
                return print_handouts(html, out, launched, data)
            finally:
                launched.close()
    out.mkdir(parents=True, exist_ok=True)
    footer = _footer(record_citation(data.document))
    works = bibliography(edition.sources().bibliographies)
    written = []
    with serve(html) as site:
        tab = browser.new_page()
        tab.emulate_media(media="print")
        for handout in handouts(html, data):
            path, body = printable(html, handout, works)
            url = f"{site}/{path}"
            tab.route(url, _serving(body))
            tab.goto(url)
            tab.wait_for_load_state("networkidle")
            header = _header(tab.evaluate(_TITLE), handout.writes)
            for paper in PAPERS:
                pdf = out / pdf_name(handout.name, paper)
                tab.pdf(
                    path=str(pdf),
                    format=paper,
                    margin=MARGIN,
                    print_background=True,
                    display_header_footer=True,
                    header_template=header,
                    footer_template=footer,
                )
                written.append(pdf)
        tab.close()
    return written
