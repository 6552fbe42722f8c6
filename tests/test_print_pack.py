"""The printed pack as a class writes on it, read back from the PDFs with poppler (`pdftotext -bbox-layout`):
under every question the blank height its answer needs, questions numbered 1, 2, 3... on each sheet, no sheet
that sends students to a screen or to a chapter the pack does not hold, and no text under 8 pt.

Ruled lines are drawn, not text, so the blank height below a question's last line of text, down to the next
line of text (or the foot of the page's text area), is its writing space. What each question needs is read
from its own words, not from the code that sizes it (edition/classroom/sheets.py):

- a question that asks for "N to M sentences" needs 10 mm a sentence: M x 10 mm;
- one that asks students to write a paragraph needs 70 mm, one or two paragraphs 100 mm;
- any other needs 20 mm, and 8 mm more for each further thing it asks: each "?" and each sentence that
  opens with an instruction to answer ("List ...", "Find ...", "Give ..."), after the first.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition.classroom.handouts import MARGIN, PAPERS, Handout, handouts, pdf_name, printable
from edition.classroom.sheets import SINGLE_LESSON
from tests.conftest import ROOT, built_pages
from tests.test_handouts import plan_labels
from tests.test_teach import WORKSHEETS, exercises

pytestmark = pytest.mark.xdist_group("handouts")

MM = 72 / 25.4  # PostScript points in a millimetre
# The least height a word box of 8-point type has: Liberation Serif's ascent and descent, 0.891 + 0.216 em, the
# smallest of the faces the handouts use (Liberation Sans 1.117 em, Sans Narrow 1.149, DejaVu 1.164). A word
# whose box is lower is set smaller than 8 pt; in the other faces the check allows up to 0.4 pt less.
SERIF_BOX = 0.891 + 0.216
LEAST_BOX = 8 * SERIF_BOX - 0.02  # poppler's boxes are rounded to a hundredth of a point
GAP = 4 * MM  # more than any space between two lines of one question's text
# Verbs that open a sentence asking for an answer.
ASKING = re.compile(r"(?:^|[.:!?][\"”]?\s+)(?:List|Find|Give|Name|Explain|Describe|Compare|Say|State|Write|Choose)\b")
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
# Words that send a student to something a printed pack does not have.
AWAY = ("screen", "at the top of", "full worksheet", "this page", "scroll", "click")


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Question:
    number: int
    book: str  # the book's number shown beside it ("Ex. 11"), or ""
    text: str
    space_mm: float  # blank height below its last line of text


def layout(pdf: Path) -> tuple[list[Line], list[tuple[float, float]]]:
    """Every line of text in the page body (the header and footer in the margins left out), in reading order,
    and each page's (body top, body bottom) in points."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    soup = BeautifulSoup(xml.stdout, "html.parser")
    top_margin, bottom_margin = (float(MARGIN[side].removesuffix("mm")) * MM for side in ("top", "bottom"))
    lines, bodies = [], []
    for number, page in enumerate(soup.find_all("page"), start=1):
        height = float(page["height"])
        body = (top_margin, height - bottom_margin)
        bodies.append(body)
        for line in page.find_all("line"):
            top, bottom = float(line["ymin"]), float(line["ymax"])
            if top >= body[0] - 1 and bottom <= body[1] + 1:
                words = " ".join(w.get_text() for w in line.find_all("word"))
                lines.append(Line(number, top, bottom, words))
    return lines, bodies


LABEL = re.compile(r"^Question (\d+)(?: \((Ex\. \d+)\))?\s*")


def questions(pdf: Path) -> list[Question]:
    """The sheet's numbered questions: each from its label line down to the first gap wider than any between
    two of its lines; its writing space is that gap (or, last on its page, the rest of the page's text area)."""
    lines, bodies = layout(pdf)
    found = []
    for i, line in enumerate(lines):
        label = LABEL.match(line.text)
        if not label:
            continue
        text, last = [line.text[label.end() :]], line
        for after in lines[i + 1 :]:
            if after.page != last.page or after.top - last.bottom > GAP:
                break
            text.append(after.text)
            last = after
        following = [x for x in lines if x.page == last.page and x.top > last.bottom + 0.5]
        below = min((x.top for x in following), default=bodies[last.page - 1][1])
        found.append(Question(int(label.group(1)), label.group(2) or "", " ".join(text), (below - last.bottom) / MM))
    return found


def needed_mm(question: str) -> float:
    """The writing space a question needs, from what it asks (see the module's docstring)."""
    sentences = re.search(r"\b(\w+) to (\w+) sentences\b", question)
    if sentences and sentences.group(2) in NUMBERS:
        return 10.0 * NUMBERS[sentences.group(2)]
    if re.search(r"\bwrite (?:one or )?two paragraphs\b", question, re.I):
        return 100.0
    if re.search(r"\bwrite an? (?:\w+ )?paragraph\b", question, re.I):
        return 70.0
    asks = question.count("?") + len(ASKING.findall(question))
    return 20.0 + 8.0 * max(asks - 1, 0)


def cramped(found: list[Question]) -> list[str]:
    return [
        f"question {q.number} ({q.book or 'the sheet'}): {q.space_mm:.0f} mm below it, {needed_mm(q.text):.0f} needed"
        for q in found
        if q.space_mm + 0.5 < needed_mm(q.text)
    ]


def numbering_problems(found: list[Question], expected: int) -> list[str]:
    numbers = [q.number for q in found]
    if numbers != list(range(1, expected + 1)):
        return [f"questions numbered {numbers}, not 1 to {expected}"]
    return []


def text_of(pdf: Path) -> str:
    """The PDF's text on one line, words joined across line ends (a word hyphenated there loses its hyphen)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", re.sub(r"(\w)-\n(\w)", r"\1\2", text))


def titles(html: Path) -> dict[str, str]:
    """Each page of the built site (by its path) -> its title, as a reference to it prints it."""
    found = {}
    for page in built_pages(html):
        path = page.relative_to(html).as_posix()
        if path.startswith("_"):
            continue
        heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article h1")
        if heading is None:
            continue
        for link in heading.select(".headerlink"):
            link.decompose()
        found[path] = heading.get_text(" ", strip=True)
    return found


def pack_pages(pack: list[Handout]) -> set[str]:
    """The pages the pack prints: each handout's page and every page a composed sheet quotes."""
    pages = {h.page for h in pack if h.sheet is None}
    return pages | {p.page for h in pack if h.sheet is not None for p in h.sheet.parts if p.page}


def away_problems(text: str, pack_titles: set[str], other_titles: set[str], chapters: bool = True) -> list[str]:
    """What in a sheet's text points away from the pack: words for a screen or a missing part, the title of a
    page the pack does not hold, or (where `chapters`) a chapter named without a title the pack holds."""
    problems = [f"says {word!r}" for word in AWAY if re.search(rf"\b{word}\b", text, re.I)]
    problems += [f"names {title!r}, which the pack does not print" for title in other_titles if title in text]
    for mention in re.finditer(r"\bchapters?\b", text, re.I) if chapters else []:
        near = text[max(mention.start() - 60, 0) : mention.end() + 60]
        if not any(title in near for title in pack_titles):
            problems.append(f"a chapter not in the pack: ...{near}...")
    return problems


def small_words(pdf: Path) -> list[str]:
    """Words whose box is lower than 8-point type's (see LEAST_BOX), with their page."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    small = []
    for number, page in enumerate(BeautifulSoup(xml, "html.parser").find_all("page"), start=1):
        for word in page.find_all("word"):
            height = float(word["ymax"]) - float(word["ymin"])
            if height < LEAST_BOX:
                small.append(f"page {number}: {word.get_text()!r} ({height / SERIF_BOX:.1f} pt)")
    return small


@pytest.fixture(scope="module")
def pack(student_html, apparatus) -> list[Handout]:
    return handouts(student_html, apparatus)


def written_on(pack: list[Handout]) -> list[Handout]:
    return [h for h in pack if h.writes]


def expected_questions(handout: Handout) -> int:
    """How many questions a sheet holds: a worksheet's exercises, or those the plan sets plus the exit ticket."""
    if handout.name == SINGLE_LESSON.name:
        return len(plan_labels()) + 1
    return len(exercises(ROOT / "chapters" / "worksheets" / f"{handout.name}.md"))


# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
def test_every_question_on_every_sheet_has_the_writing_space_its_answer_needs(printed, pack, paper):
    sheets = written_on(pack)
    assert {"lesson-sheet", *(w.stem for w in WORKSHEETS)} <= {h.name for h in sheets}
    problems = []
    for handout in sheets:
        found = questions(printed / pdf_name(handout.name, paper))
        assert found, f"{handout.name}: no numbered question found"
        problems += [f"{pdf_name(handout.name, paper)}: {p}" for p in cramped(found)]
    assert problems == []


def test_a_sheet_with_4_mm_below_its_questions_is_caught(student_html, browser, pack, tmp_path):
    """The lesson sheet as the teacher found it: the questions' lines taken away, 4 mm left under each."""
    from edition.browser import serve

    lesson = next(h for h in pack if h.name == SINGLE_LESSON.name)
    path, body = printable(student_html, lesson)
    with serve(student_html) as site:
        tab = browser.new_page()
        tab.route(f"{site}/{path}", serving(body))
        tab.goto(f"{site}/{path}")
        tab.add_style_tag(content="@media print { .write-in { height: 0 !important; margin: 0 !important; } }")
        tab.pdf(path=str(tmp_path / "cramped.pdf"), format="A4", margin=MARGIN)
        tab.close()
    found = questions(tmp_path / "cramped.pdf")
    assert len(found) == expected_questions(lesson)
    assert len(cramped(found)) >= len(found) - 1  # only one, last on its page, may keep the page's foot


def test_what_a_question_needs_is_read_from_what_it_asks():
    assert needed_mm("Who was Chernyaev?") == 20
    assert needed_mm("Who was he? Which side did he work for? How might that affect the record?") == 36
    assert needed_mm("Answer in four to six sentences: a claim and evidence.") == 60
    assert needed_mm("Using your chart, write a paragraph: which parts are corroborated?") == 70
    assert needed_mm("Write one or two paragraphs. State your claim.") == 100
    assert needed_mm("Read the last two paragraphs of turn 3. What does he offer?") == 20
    assert needed_mm("List every step. At which steps could it change? Find three signs.") == 36


@pytest.mark.parametrize("paper", PAPERS)
def test_each_sheet_numbers_its_questions_from_1(printed, pack, paper):
    for handout in written_on(pack):
        pdf = printed / pdf_name(handout.name, paper)
        found = questions(pdf)
        assert numbering_problems(found, expected_questions(handout)) == [], handout.name
        assert not re.search(r"\bExercise \d", text_of(pdf)), f"{handout.name} prints the book's exercise numbers"
        if handout.name != SINGLE_LESSON.name:
            assert all(q.book for q in found), f"{handout.name}: a question without the book's number beside it"


def test_numbering_as_the_book_gives_it_is_caught():
    book = [Question(n, "", "?", 40) for n in (4, 5, 11, 14)]
    assert numbering_problems(book, 4) == ["questions numbered [4, 5, 11, 14], not 1 to 4"]
    assert numbering_problems([Question(n, "", "?", 40) for n in (1, 2, 3, 4)], 4) == []


def test_no_sheet_sends_students_to_a_screen_or_to_a_chapter_the_pack_does_not_hold(printed, pack, student_html):
    """Every sheet but the record itself (whose page, chapters/edition.md, points readers to the note on the
    text in the book); the chapter the pack prints for reading (read-alongside) names other books' chapters."""
    pages = titles(student_html)
    inside = pack_pages(pack)
    pack_titles = {pages[p] for p in inside}
    other_titles = {t for p, t in pages.items() if p not in inside}
    problems = []
    for handout in pack:
        if handout.name == "edition":
            continue
        for paper in PAPERS:
            text = text_of(printed / pdf_name(handout.name, paper))
            found = away_problems(text, pack_titles, other_titles, chapters=handout.writes or handout.sheet is not None)
            problems += [f"{pdf_name(handout.name, paper)}: {p}" for p in found]
    assert problems == []


def test_a_sheet_that_points_to_a_screen_or_a_missing_chapter_is_caught():
    pack_titles, other_titles = {"Read alongside"}, {"Trade and emigration", "Note on the text"}
    assert away_problems("as the chapter Read alongside says", pack_titles, other_titles) == []
    text = (
        "the English text on your screen. Using the chapter Trade and emigration, explain. If you have the "
        "American records (at the top of the full worksheet), use them. Use the chapter on the amendment."
    )
    problems = away_problems(text, pack_titles, other_titles)
    assert "says 'screen'" in problems and "says 'at the top of'" in problems and "says 'full worksheet'" in problems
    assert "names 'Trade and emigration', which the pack does not print" in problems
    assert any(p.startswith("a chapter not in the pack") and "amendment" in p for p in problems)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_text_on_a_handout_is_smaller_than_8_pt(printed, pack, paper):
    problems = [f"{h.name}: {w}" for h in pack for w in small_words(printed / pdf_name(h.name, paper))]
    assert problems == [], problems[:20]


def test_a_handout_in_7_pt_type_is_caught(student_html, browser, tmp_path):
    from edition.browser import serve

    with serve(student_html) as site:
        tab = browser.new_page()
        tab.emulate_media(media="print")
        tab.goto(f"{site}/chapters/worksheets/organizer.html")
        tab.add_style_tag(content="@media print { .sheet-sources, p, td { font-size: 7pt !important; } }")
        tab.pdf(path=str(tmp_path / "small.pdf"), format="A4")
        tab.close()
    assert len(small_words(tmp_path / "small.pdf")) > 50


def serving(body: str):
    """A route handler answering with `body`."""
    return lambda route: route.fulfill(body=body, content_type="text/html")


SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || !element.checkVisibility()) continue;
    const size = parseFloat(getComputedStyle(element).fontSize) * 0.75;  // px to pt
    if (size < 7.95) small.push(`${element.tagName.toLowerCase()}.${element.className}: ${size.toFixed(1)} pt`);
  }
  return [...new Set(small)];
}"""


def test_no_element_of_a_handout_is_set_under_8_pt_in_print(student_html, browser, pack):
    """The same, exact, from the type sizes the browser prints with (the PDF's word boxes depend on the face)."""
    from edition.browser import serve

    with serve(student_html) as site:
        tab = browser.new_page()
        tab.emulate_media(media="print")
        for handout in pack:
            path, body = printable(student_html, handout)
            tab.route(f"{site}/{path}", serving(body))
            tab.goto(f"{site}/{path}")
            assert tab.evaluate(SMALL_TEXT) == [], handout.name
        tab.close()


def test_the_source_list_of_the_context_sheet_holds_no_editors_remark(printed, pack):
    """Author, title and date of each work; no note of the bibliography's (such as where the editors read it)."""
    from pybtex.database import parse_file

    import edition

    text = text_of(printed / "context-sheet.pdf")
    sources = text.split("Sources.", 1)[1]
    remarks = [
        entry.fields["note"]
        for path in edition.sources().bibliographies
        for entry in parse_file(str(path)).entries.values()
        if "note" in entry.fields
        and not re.fullmatch(r"((Posted|Published|Updated) )?\d{1,2} [A-Z][a-z]+ \d{4}", entry.fields["note"])
    ]
    assert remarks
    for remark in remarks:
        words = re.sub(r"[{}\\`']", "", remark)[:40]
        assert re.sub(r"\s+", " ", words) not in sources, f"an editor's remark is printed: {words!r}"
    assert "staging copy" not in sources and "URL:" not in sources


# Words of the editors' working notes (where a source was read, what could not be checked): they belong in the
# review files, never on a sheet a student is handed.
WORKING_REMARKS = ("staging", "could not be confirmed", "was not found")


@pytest.mark.parametrize("paper", PAPERS)
def test_no_handout_carries_an_editors_working_remark(printed, pack, paper):
    problems = [
        f"{pdf_name(h.name, paper)} says {remark!r}"
        for h in pack
        for remark in WORKING_REMARKS
        if remark in text_of(printed / pdf_name(h.name, paper)).lower()
    ]
    assert problems == []
