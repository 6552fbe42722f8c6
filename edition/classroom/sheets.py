"""Handouts assembled from parts of the built pages: the context sheet and the single lesson's worksheet.

A sheet only chooses and orders passages of the built book (the student edition); it writes no history of
its own, so it cannot say what the book does not, and every claim keeps the citation the book gives it. The
sources a sheet cites are listed at its foot from the citations' own titles (the bibliography's entries).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from edition.data.apparatus import Apparatus
from edition.data.schema import Event


class SheetError(Exception):
    """A part of a sheet no longer matches its page: the page changed under the sheet."""


@dataclass(frozen=True)
class Part:
    """Passages of one built page (CSS selectors), under a heading."""

    page: str
    select: tuple[str, ...]
    heading: str
    intro: str | None = None
    # One answer for the whole part (each pair answers one of its questions): one writing area after the
    # questions instead of lines after each.
    one_answer: bool = False
    columns: tuple[str, ...] = ()  # keep only the table columns with these headings (all when empty)
    events: bool = False  # chronology entries, shortened to date, title and citation


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    page: str  # the built page whose frame (stylesheets, folder) the sheet borrows
    parts: tuple[Part, ...]


# The single 50-minute lesson of chapters/teach/lesson-plans.md: the tables and the questions its students
# write on, in the lesson's order (tests/test_handouts.py checks this against the plan).
SINGLE_LESSON = Sheet(
    name="lesson-sheet",
    title="Worksheet for the single lesson",
    page="chapters/worksheets/organizer.html",
    parts=(
        Part(
            "chapters/worksheets/organizer.html",
            ("#the-conversation-part-by-part table",),
            heading="First reading: the conversation, part by part",
            intro=(
                "Observe only what you can see or read: no guesses yet. Reflect on what you observed: what might "
                "it mean, why might it be there?"
            ),
            columns=("Part", "Observe", "Reflect"),
        ),
        Part(
            "chapters/worksheets/sourcing.html",
            ("#before-you-read-the-turns > p", "#before-you-read-the-turns table", "#sourcing-1", "#sourcing-2"),
            heading="Sourcing and context",
        ),
        Part(
            "chapters/worksheets/close-reading.html",
            ("#close-reading-1", "#close-reading-4", "#close-reading-5", "#close-reading-6", "#close-reading-8"),
            heading="Close reading",
            intro="Answer the question your pair is given, quoting the turn.",
            one_answer=True,
        ),
        Part(
            "chapters/worksheets/corroboration.html",
            ("#corroboration-3", "#corroboration-5"),
            heading="Corroboration",
            intro="Answer the question your half of the class is given.",
            one_answer=True,
        ),
        Part(
            "chapters/worksheets/organizer.html",
            (),
            heading="Exit ticket",
            intro=(
                "Answer the question on the board in four to six sentences: a claim, three pieces of evidence "
                "(turn numbers), and one thing the record cannot show."
            ),
            one_answer=True,
        ),
    ),
)


def context_sheet(data: Apparatus) -> Sheet:
    """Who, when and where, before reading: the introduction's opening and its persons, then the day of the
    record and the events it refers to from the Governors Island meeting to Bush's inauguration (the chronology's
    entries, as date, title and citation)."""
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
        page="chapters/introduction.html",
        parts=(
            Part("chapters/introduction.html", ("#introduction > p:first-of-type",), heading="The record"),
            Part("chapters/introduction.html", ("#who-is-speaking > p",), heading="Who is speaking"),
            Part("chapters/chronology.html", tuple(f"#event-{e.id} > p" for e in events), heading="When", events=True),
        ),
    )


def _event(data: Apparatus, name: str) -> Event:
    found = [e for e in data.registers.events if e.id == name]
    if not found:
        raise SheetError(f"the chronology has no event {name!r}. Fix: name the window's ends in context_sheet()")
    return found[0]


def _pick(html: Path, part: Part) -> list[Tag]:
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


def _sources(soup: BeautifulSoup, body: Tag) -> Tag | None:
    """The works the sheet cites, each once, after the label its citations show; one paragraph saves room."""
    seen: dict[str, str] = {}
    for link in body.select("span.bibtex-citation a[title]"):
        seen.setdefault(link["title"], link.get_text())
    if not seen:
        return None
    block = soup.new_tag("p", attrs={"class": "sheet-sources"})
    heading = soup.new_tag("strong")
    heading.string = "Sources."
    block.append(heading)
    for title, label in seen.items():
        block.append(f" [{label}] {title}")
    return block


def _write_in(soup: BeautifulSoup) -> Tag:
    return soup.new_tag("div", attrs={"class": "write-in", "aria-hidden": "true"})


def compose(html: Path, sheet: Sheet) -> str:
    """The sheet as an HTML page in the frame of `sheet.page` (same folder, same stylesheets)."""
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
        block = soup.new_tag("section", attrs={"class": "sheet-part" + (" one-answer" if part.one_answer else "")})
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
        if part.one_answer:
            block.append(_write_in(soup))
        body.append(block)
    sources = _sources(soup, body)
    if sources is not None:
        body.append(sources)
    article.append(body)
    for header in soup.select("#jb-print-docs-body h1"):
        header.string = sheet.title
    if soup.title is not None:
        soup.title.string = sheet.title
    return str(soup)
