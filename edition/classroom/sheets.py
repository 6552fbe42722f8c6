"""Handouts as students get them on paper: the worksheets, and the sheets assembled from parts of the built
pages (the context sheet and the single lesson's worksheet).

A sheet only chooses and orders passages of the built book (the student edition); it writes no history of
its own, so it cannot say what the book does not, and every claim keeps the citation the book gives it. The
sources a sheet cites are listed at its foot, author, title and date, without the bibliography's remarks.

On every sheet students write on, the questions are numbered from 1 (the book's number follows in small
type, for the teacher's answer key) and each has ruled lines below it, as many as the answer it asks for
needs (ANSWER_LINES). The print rules for this are HANDOUT_CSS, added to every handout's page.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from edition.data.apparatus import Apparatus
from edition.data.schema import Event
from edition.data.sources import html_page


class SheetError(Exception):
    """A part of a sheet no longer matches its page: the page changed under the sheet."""


# The central question of the lesson plans (chapters/teach/lesson-plans.md), which the single lesson's exit ticket
# prints, so that nothing on the sheet depends on what is written on the board.
CENTRAL_QUESTION = (
    "What did Gorbachev and Kissinger each want from the confidential channel discussed on 17 January 1989, and "
    "how much can this record, a translated and shortened Soviet note, let us conclude about it?"
)

LINE_MM = 8  # the ruled lines' spacing: wide-ruled, for handwriting
# Ruled lines under each question of the worksheets, for the answer it asks: 3 or 4 for one point with its
# evidence, 5 or 6 for two or three linked questions, 7 for a list with reasons, 10 and more for a paragraph.
ANSWER_LINES = {
    "organizer-1": 4,
    "organizer-2": 5,
    "organizer-3": 5,
    "sourcing-1": 5,
    "sourcing-2": 7,
    "sourcing-3": 4,
    "sourcing-4": 4,
    "sourcing-5": 6,
    "sourcing-6": 5,
    "sourcing-7": 6,
    "close-reading-1": 5,
    "close-reading-2": 5,
    "close-reading-3": 5,
    "close-reading-4": 5,
    "close-reading-5": 5,
    "close-reading-6": 6,
    "close-reading-7": 5,
    "close-reading-8": 6,
    "corroboration-1": 7,
    "corroboration-2": 5,
    "corroboration-3": 6,
    "corroboration-4": 6,
    "corroboration-5": 6,
    "corroboration-6": 5,
    "corroboration-7": 10,  # a paragraph
    "controversy-1": 7,  # three to five sentences
    "controversy-2": 16,  # one or two paragraphs
}

# Added to every handout's page (after the book's print styles, which it refines): numbered questions with
# their lines, nothing smaller than 8 pt, the sources at the foot of a sheet readable.
HANDOUT_CSS = f"""@media print {{
  .handout div.exercise::after {{ display: none !important; }}
  .handout div.exercise .admonition-title .book-number {{ font-weight: normal; font-size: 8.5pt; color: #333; }}
  .handout .write-in {{
    height: calc(var(--lines, 4) * {LINE_MM}mm); margin: 0.15cm 0 0.25cm;
    background-size: 100% {LINE_MM}mm !important;
  }}
  .handout .sheet-question .exercise-content p {{ margin: 0 !important; }}
  .handout .sheet-sources {{ font-size: 8.5pt !important; line-height: 1.3; overflow-wrap: anywhere; }}
  .handout sup, .handout sub, .handout small, .handout code {{ font-size: max(8pt, 0.8em) !important; }}
}}"""


@dataclass(frozen=True)
class Part:
    """Passages of one built page (CSS selectors), under a heading; or a question the sheet itself asks."""

    page: str | None
    select: tuple[str, ...]
    heading: str
    intro: str | None = None
    columns: tuple[str, ...] = ()  # keep only the table columns with these headings (all when empty)
    events: bool = False  # chronology entries, shortened to date, title and citation
    ask: str | None = None  # a question of the sheet's own (the exit ticket), numbered with the book's
    lines: int = 0  # the ruled lines under `ask`


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    page: str  # the built page whose frame (stylesheets, folder) the sheet borrows
    parts: tuple[Part, ...]


# The single 50-minute lesson of chapters/teach/lesson-plans.md: the table and the questions its students
# write on, in the lesson's order (tests/test_handouts.py checks this against the plan). The lesson's pack is
# this sheet, the record and the context sheet: every question here is answered from them.
SINGLE_LESSON = Sheet(
    name="lesson-sheet",
    title="Worksheet for the single lesson",
    page=html_page("chapters/worksheets/sourcing"),
    parts=(
        Part(
            html_page("chapters/worksheets/sourcing"),
            ("#before-you-read-the-turns table",),
            heading="Before reading: the record as a source",
            intro="Fill in this table from the heading above the record (its title, date, citation and summary) and "
            'from the context sheet. Write "not stated" where they do not say.',
        ),
        Part(
            html_page("chapters/worksheets/sourcing"),
            ("#sourcing-1", "#sourcing-2"),
            heading="After reading: who made the record, and how",
            intro="Answer the question your half of the class is given.",
        ),
        Part(
            html_page("chapters/worksheets/close-reading"),
            ("#close-reading-1", "#close-reading-4", "#close-reading-6", "#close-reading-8"),
            heading="Close reading",
            intro="Answer the question your pair is given. Read the turns and their notes in the record first, and "
            "quote the record exactly as it is printed.",
        ),
        Part(
            None,
            (),
            heading="Exit ticket",
            ask=f"{CENTRAL_QUESTION} Answer in four to six sentences: a claim, three pieces of evidence (turn "
            "numbers), and one thing the record cannot show.",
            lines=8,
        ),
    ),
)


def context_sheet(data: Apparatus) -> Sheet:
    """Who, when and where, before reading: the introduction's opening and its persons, then the day of the
    record and the events it refers to from the Governors Island meeting to Bush's inauguration (the
    chronology's entries, as date, title and citation)."""
    start, end = (_event(data, name).date for name in ("governors-island-meeting", "inauguration"))
    day = data.document.metadata.date.isoformat()
    events = sorted(
        (
            e
            for e in data.registers.events
            if e.date == day or (start <= e.date <= end and len(e.date) == 10 and data.appearances.get(f"event:{e.id}"))
        ),
        key=lambda e: e.date,
    )
    return Sheet(
        name="context-sheet",
        title="Before reading the record: who, when, where",
        page=html_page("chapters/introduction"),
        parts=(
            Part(
                html_page("chapters/introduction"),
                ("#introduction > p:first-of-type",),
                heading="The record",
                intro="Passages of the book's Introduction and Chronology, with the sources they cite.",
            ),
            Part(html_page("chapters/introduction"), ("#who-is-speaking > p",), heading="Who is speaking"),
            Part(
                html_page("chapters/chronology"),
                tuple(f"#event-{e.id} > p" for e in events),
                heading="When",
                events=True,
            ),
        ),
    )


def _event(data: Apparatus, name: str) -> Event:
    found = [e for e in data.registers.events if e.id == name]
    if not found:
        raise SheetError(f"the chronology has no event {name!r}. Fix: name the window's ends in context_sheet()")
    return found[0]


def _pick(html: Path, part: Part) -> list[Tag]:
    if part.page is None:
        return []
    page = BeautifulSoup((html / part.page).read_text(encoding="utf-8"), "html.parser")
    picked = []
    for selector in part.select:
        found = page.select(selector)
        if not found:
            raise SheetError(
                f"{part.page} has nothing at {selector!r} (the page changed). Fix: update the sheet's parts "
                "in edition/classroom/sheets.py to the page's present ids."
            )
        picked += [copy.copy(element) for element in found]
    return picked


def _keep_columns(table: Tag, headings: tuple[str, ...]) -> None:
    """The table with only the named columns, so that the write-in boxes left are wide enough to use."""
    names = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    missing = set(headings) - set(names)
    if missing:
        raise SheetError(f"the table has no column {sorted(missing)} (its columns: {names}). Fix: name its columns")
    for row in table.select("tr"):
        for name, cell in zip(names, row.find_all(["th", "td"], recursive=False), strict=True):
            if name not in headings:
                cell.decompose()


def _chronology_entry(paragraph: Tag) -> Tag:
    """An event as date, title and citation: the event's text, its chapter and turn links are left out."""
    citation = paragraph.select_one("span.bibtex-citation")
    keep = paragraph.find_all("strong", recursive=False)[:2]
    for child in list(paragraph.children):
        if child not in keep and child is not citation:
            child.extract()
    for strong in keep:
        strong.insert_after(" ")
    return paragraph


@dataclass(frozen=True)
class Work:
    """A work of the bibliography as a sheet lists it: its title, where it appeared and its date; never the
    editors' remarks (its note) or its address."""

    title: str
    year: str
    where: str
    date: str = ""  # a day, where the entry gives one apart from `where`

    def line(self) -> str:
        parts = [self.title, self.where, self.date]
        return ". ".join(p.rstrip(".") for p in parts if p) + "."


# A note that is only a date ("27 January 1975", "Posted 8 December 2008") is the work's date, not a remark.
_DATE = re.compile(r"(?:(?:Posted|Published|Updated) )?\d{1,2} [A-Z][a-z]+ \d{4}\.?")
_WHERE = ("journal", "booktitle", "howpublished", "publisher", "institution", "organization")


def bibliography(bibliographies: tuple[Path, ...]) -> list[Work]:
    """The works of the bibliography files, their fields read as text (LaTeX markup resolved)."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin
    from pybtex.richtext import Text

    # One backend for every field: `render_as` looks the backend up again at each call, and each lookup reads
    # the metadata of every installed distribution (half a minute for the handouts' 3,500 fields).
    backend = find_plugin("pybtex.backends", "text")()

    def text(value: str) -> str:
        return Text.from_latex(value).render(backend)

    works = []
    for path in bibliographies:
        for entry in parse_file(str(path), bib_format="bibtex").entries.values():
            fields = entry.fields
            where = next((text(fields[f]) for f in _WHERE if f in fields), "")
            note = text(fields.get("note", "")).strip()
            date = note if _DATE.fullmatch(note) and note.rstrip(".") not in where else ""
            works.append(Work(text(fields.get("title", "")), fields.get("year", ""), where, date))
    return works


def _squeezed(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def source_line(label: str, reference: str, works: list[Work]) -> str:
    """The work a citation labelled `label` (e.g. "Chernyaev, 1989") points to, whose entry as the bibliography
    prints it is `reference` (the citation's title): the work of that year whose title the entry holds, the
    longest such title if several."""
    year = label.rsplit(" ", 1)[-1]
    found = [w for w in works if w.year == year and w.title and _squeezed(w.title) in _squeezed(reference)]
    if not found:
        raise SheetError(
            f"no work of the bibliography matches the citation [{label}] ({reference[:80]!r}). Fix: check the "
            "entry's title and year in references.bib"
        )
    return max(found, key=lambda w: len(w.title)).line()


def _sources(soup: BeautifulSoup, body: Tag, works: list[Work]) -> Tag | None:
    """The works the sheet cites, each once, after the label its citations show; one paragraph saves room."""
    seen: dict[str, str] = {}
    for link in body.select("span.bibtex-citation a[title]"):
        if link.find_parent(class_="solution") is None:  # an answer, never printed, cites nothing on the sheet
            seen.setdefault(link["title"], link.get_text())
    if not seen:
        return None
    block = soup.new_tag("p", attrs={"class": "sheet-sources"})
    heading = soup.new_tag("strong")
    heading.string = "Sources."
    block.append(heading)
    for title, label in seen.items():
        block.append(f" [{label}] {source_line(label, title, works)}")
    return block


def _write_in(soup: BeautifulSoup, lines: int) -> Tag:
    return soup.new_tag("div", attrs={"class": "write-in", "aria-hidden": "true", "style": f"--lines: {lines}"})


def _question(soup: BeautifulSoup, text: str, lines: int) -> Tag:
    """A question of the sheet's own, in the frame the book gives its exercises."""
    box = soup.new_tag("div", attrs={"class": "exercise admonition sheet-question", "data-lines": str(lines)})
    title = soup.new_tag("p", attrs={"class": "admonition-title"})
    box.append(title)
    content = soup.new_tag("section", attrs={"class": "exercise-content"})
    paragraph = soup.new_tag("p")
    paragraph.string = text
    content.append(paragraph)
    box.append(content)
    return box


def number_questions(soup: BeautifulSoup, root: Tag) -> int:
    """Number the questions under `root` from 1 ("Question 1", then the book's "(Ex. 11)") and put below each
    as many ruled lines as its answer needs. Returns how many there are."""
    boxes = root.select("div.exercise")
    for number, box in enumerate(boxes, start=1):
        title = box.select_one(".admonition-title")
        book = re.search(r"\d+", title.get_text(" ", strip=True)) if title is not None else None
        if title is None:
            title = soup.new_tag("p", attrs={"class": "admonition-title"})
            box.insert(0, title)
        title.clear()
        caption = soup.new_tag("span", attrs={"class": "caption-number"})
        caption.string = f"Question {number}"
        title.append(caption)
        if book is not None:
            small = soup.new_tag("span", attrs={"class": "book-number"})
            small.string = f"(Ex. {book.group()})"
            title.append(" ")
            title.append(small)
        lines = int(box["data-lines"]) if box.has_attr("data-lines") else ANSWER_LINES.get(box.get("id", ""), 0)
        if not lines:
            raise SheetError(
                f"the question {box.get('id')!r} has no writing space. Fix: give it its lines in ANSWER_LINES "
                "(edition/classroom/sheets.py)"
            )
        for old in box.select(".write-in"):
            old.decompose()
        box.append(_write_in(soup, lines))
    # A reference to a question of the sheet ("Exercise 26 below") calls it by its number on the sheet.
    numbers = {box["id"]: n for n, box in enumerate(boxes, start=1) if box.has_attr("id")}
    for link in root.select("a.reference.internal[href*='#']"):
        target = link["href"].rsplit("#", 1)[1]
        if target in numbers and re.fullmatch(r"Exercise \d+", link.get_text(strip=True)):
            link.string = f"question {numbers[target]}"
    return len(boxes)


def for_print(soup: BeautifulSoup) -> None:
    """The page as a handout: the handouts' print rules after the book's, under a class of its own."""
    style = soup.new_tag("style", attrs={"id": "handout-print"})
    style.string = HANDOUT_CSS
    (soup.head or soup).append(style)
    if soup.body is not None:
        soup.body["class"] = [*soup.body.get("class", []), "handout"]


def printable_page(html: Path, page: str, works: list[Work] | None = None) -> str:
    """A built page as it is printed: its questions numbered, with their lines, and the handouts' print rules.
    Given the bibliography's `works`, the works the page cites are listed at its foot, as on a composed sheet."""
    soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise SheetError(f"{page} has no article: is {html} a built book?")
    number_questions(soup, article)
    sources = _sources(soup, article, works) if works is not None else None
    if sources is not None:
        article.append(sources)
    for_print(soup)
    return str(soup)


def compose(html: Path, sheet: Sheet, works: list[Work] | None = None) -> str:
    """The sheet as an HTML page in the frame of `sheet.page` (same folder, same stylesheets). Its sources are
    listed from `works` (the bibliography, read from the edition's files unless given)."""
    soup = BeautifulSoup((html / sheet.page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise SheetError(f"{sheet.page} has no article: is {html} a built book?")
    article.clear()
    body = soup.new_tag("section", attrs={"class": f"handout-sheet {sheet.name}"})
    title = soup.new_tag("h1")
    title.string = sheet.title
    body.append(title)
    for part in sheet.parts:
        block = soup.new_tag("section", attrs={"class": "sheet-part"})
        heading = soup.new_tag("h2")
        heading.string = part.heading
        block.append(heading)
        if part.intro:
            intro = soup.new_tag("p", attrs={"class": "sheet-intro"})
            intro.string = part.intro
            block.append(intro)
        for element in _pick(html, part):
            if part.events:
                element = _chronology_entry(element)
            tables = [element] if element.name == "table" else element.select("table")
            for table in tables if part.columns else []:
                _keep_columns(table, part.columns)
            block.append(element)
        if part.ask:
            block.append(_question(soup, part.ask, part.lines))
        body.append(block)
    number_questions(soup, body)
    if works is None:
        import edition

        works = bibliography(edition.sources().bibliographies)
    sources = _sources(soup, body, works)
    if sources is not None:
        body.append(sources)
    article.append(body)
    for header in soup.select("#jb-print-docs-body h1"):
        header.string = sheet.title
    if soup.title is not None:
        soup.title.string = sheet.title
    for_print(soup)
    return str(soup)
