"""Handouts a teacher can print as they are: every page numbered and carrying the record's citation, nothing
that only works on a screen, the record on at most four pages, room to write on the worksheets, a one-page
context sheet that says only what the book says, A4 and US Letter, and a 50-minute lesson, timed step by step,
of at most eight printed pages per student. Read back from the PDFs with poppler (pdftotext, pdfinfo) and
measured in Chromium. The writing space, numbering, words and type sizes of the printed sheets are checked in
test_print_pack.py. The handouts are printed once per test process (the session fixture `printed`)."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import edition
from edition.browser import serve
from edition.classroom.handouts import PAPERS, handouts, pdf_name, printable
from edition.classroom.sheets import CENTRAL_QUESTION, SINGLE_LESSON, compose, context_sheet
from edition.data.document import split_seed
from tests.conftest import ROOT
from tests.test_teach import WORKSHEETS, built_exercises, built_solutions, exercises, flat

# Its fixtures are costly (session-scoped, so that other tests run between its own do not tear them down): one
# test process runs all of this file.
pytestmark = pytest.mark.xdist_group("handouts")

CM = 96 / 2.54  # CSS pixels in a centimetre
# Paper -> (width, height) in PostScript points (ISO 216 A4: 210 x 297 mm; US Letter: 8.5 x 11 in).
SIZES = {"A4": (595, 842), "Letter": (612, 792)}
# Words of the screen's controls: the page contents list, the filter, the downloads, copy links, navigation.
SCREEN_WORDS = ("Contents", "Keyword", "Show all turns", "Showing all", "Download", "copy it", "Copy link")
# Elements that only work on a screen; none may be rendered in print.
SCREEN_ONLY = (
    "button, input, select, textarea, form, nav, dialog, [role=search], .turn-tools, #jb-print-toc, .headerlink, "
    ".bd-sidebar-secondary, .bd-sidebar-primary, .bd-header, .bd-header-article, .prev-next-area, .copybtn, "
    ".launch-buttons, .dropdown-toggle, .screen-only, .solution"
)


def seed_citation() -> tuple[str, str, str]:
    """Title, date and address of the record, read from the seed's header with this test's own patterns."""
    header = edition.sources().seed.read_text(encoding="utf-8").split("### **Summary:**")[0]
    title = re.search(r"^## \*\*(.+?)\*\*$", header, re.M).group(1)
    printed = re.search(r"^# \*\*(.+?)\*\*$", header, re.M).group(1)
    date = datetime.strptime(printed, "%B %d, %Y")
    url = re.search(r"<(https://[^>]+)>", header).group(1)
    return title, f"{date.day} {date:%B %Y}", url


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return float(width), float(height)


def page_lines(pdf: Path, number: int) -> list[str]:
    """One page's text, line by line as laid out (a wrapped line shows as two)."""
    run = ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"]
    return subprocess.run(run, capture_output=True, text=True, check=True).stdout.splitlines()


def pdf_text(path: Path) -> str:
    """The PDF's text, squeezed (see `flat`), without its note markers ([1], [2], ...)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return flat(re.sub(r"\[\d+\]", "", text))


def unmarked_pages(pdf: Path) -> list[str]:
    """Each page that lacks 'Page N of M' or the record's citation (title, date and address on one line)."""
    title, date, url = seed_citation()
    total = pages(pdf)
    problems = []
    for number in range(1, total + 1):
        lines = page_lines(pdf, number)
        if not any(f"Page {number} of {total}" in line for line in lines):
            problems.append(f"{pdf.name} page {number}: no 'Page {number} of {total}'")
        if not any(title in line and date in line and url in line for line in lines):
            problems.append(f"{pdf.name} page {number}: no one-line citation of the record")
    return problems


@pytest.fixture(scope="session")
def names(student_html, apparatus) -> list[str]:
    return [h.name for h in handouts(student_html, apparatus)]


def test_every_handout_is_printed_on_a4_and_on_us_letter(printed, names):
    assert {"edition", "context-sheet", "lesson-sheet", "read-alongside", *(w.stem for w in WORKSHEETS)} <= set(names)
    for name in names:
        for paper, size in SIZES.items():
            width, height = page_size(printed / pdf_name(name, paper))
            assert abs(width - size[0]) <= 2 and abs(height - size[1]) <= 2, (name, paper, width, height)


def test_every_page_shows_its_number_and_the_citation_of_the_record(printed):
    problems = [problem for pdf in sorted(printed.glob("*.pdf")) for problem in unmarked_pages(pdf)]
    assert problems == []
    assert len(list(printed.glob("*.pdf"))) == 2 * len(
        set(p.stem.removesuffix("-letter") for p in printed.glob("*.pdf"))
    )


def test_a_page_printed_without_number_or_citation_is_caught(student_html, browser, tmp_path):
    with serve(student_html) as site:
        tab = browser.new_page()
        tab.goto(f"{site}/chapters/worksheets/sourcing.html")
        tab.pdf(path=str(tmp_path / "bare.pdf"), format="A4")
        tab.close()
    problems = unmarked_pages(tmp_path / "bare.pdf")
    assert any("no 'Page 1 of" in p for p in problems) and any("no one-line citation" in p for p in problems)


@pytest.mark.parametrize("paper", PAPERS)
def test_the_record_fits_four_pages_and_holds_the_whole_record_in_order(printed, paper):
    pdf = printed / pdf_name("edition", paper)
    assert pages(pdf) <= 4
    _, body, _ = split_seed(edition.sources().seed.read_text(encoding="utf-8"))
    text, position = pdf_text(pdf), 0
    for paragraph in body.split("\n\n"):
        found = text.find(flat(paragraph), position)
        assert found >= 0, f"the record handout lacks, or breaks, the paragraph {paragraph[:60]!r}"
        position = found + len(flat(paragraph))


def test_the_record_handout_keeps_every_turn_number_and_note(printed, apparatus):
    text = subprocess.run(
        ["pdftotext", "-layout", str(printed / "edition.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for turn in apparatus.document.turns:
        assert re.search(rf"^\s*{turn.n}\s+{turn.speaker}\.", text, re.M), f"turn {turn.n} lost its number"
    squeezed = flat(text)
    for number in range(1, len(apparatus.notes) + 1):
        assert f"[{number}]" in squeezed, f"note {number} is not printed"


def test_no_screen_control_is_printed(printed, names):
    for name in names:
        for paper in PAPERS:
            pdf = printed / pdf_name(name, paper)
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            found = [word for word in SCREEN_WORDS if word in text]
            assert found == [], f"{pdf_name(name, paper)} prints screen controls: {found}"


def rendered_screen_controls(tab) -> list[str]:
    """The screen-only elements that print media still renders, as tag.class."""
    return tab.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
             .filter((e) => e.checkVisibility())
             .map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join("."))""",
        SCREEN_ONLY,
    )


def printables(student_html, apparatus):
    """(name, url path, HTML as printed) for each handout."""
    return [(h.name, *printable(student_html, h)) for h in handouts(student_html, apparatus)]


def open_in_print(tab, site: str, page: str, body: str | None, name: str) -> None:
    """The page at `page` in print media: the built file, or `body` served in its place."""
    url = f"{site}/{page}"
    if body is not None:
        tab.route(url, lambda route: route.fulfill(body=body, content_type="text/html"))
    tab.goto(url)
    tab.wait_for_load_state("networkidle")


@pytest.fixture
def print_tab(student_html, browser):
    """A tab the width of an A4 page's text, with print media, over the served student edition."""
    with serve(student_html) as site:
        tab = browser.new_page(viewport={"width": round(18.4 * CM), "height": 1000})
        tab.emulate_media(media="print")
        yield tab, site
        tab.close()


def test_no_screen_only_element_is_rendered_in_print(print_tab, student_html, apparatus):
    tab, site = print_tab
    for name, page, body in printables(student_html, apparatus):
        open_in_print(tab, site, page, body, name)
        assert rendered_screen_controls(tab) == [], name


def test_a_planted_button_is_caught_in_print(print_tab):
    tab, site = print_tab
    open_in_print(tab, site, "chapters/edition.html", None, "edition")
    tab.evaluate("""() => { const b = document.createElement("span"); b.className = "copybtn";
      b.textContent = "Copy link to this view"; document.querySelector("article").prepend(b); }""")
    tab.add_style_tag(content="@media print { .copybtn { display: inline !important; } }")
    assert rendered_screen_controls(tab) == ["span.copybtn"]


WRITE_IN_CELLS = """() => [...document.querySelectorAll("article td")]
  .filter((td) => td.textContent.trim() === "" && !td.classList.contains("head"))
  .map((td) => { const r = td.getBoundingClientRect();
                 return {w: r.width, h: r.height, columns: td.parentElement.children.length}; })"""
ANSWER_SPACE = """() => [...document.querySelectorAll("article div.exercise")].map((box) => {
  const after = getComputedStyle(box, "::after");
  const own = after.display === "none" ? 0 : parseFloat(after.height) || 0;
  const lines = box.querySelector(".write-in");
  return Math.max(own, lines ? lines.getBoundingClientRect().height : 0); })"""


def write_in_problems(tab) -> list[str]:
    """Boxes too small to write in: every empty table cell at least 4 cm wide and 10 cm² (at least 2.5 cm
    high where four columns make it narrow, 1.75 cm where it is wider); at least 3 cm of lines per question."""
    problems = []
    for cell in tab.evaluate(WRITE_IN_CELLS):
        # Lengths come back rounded to the pixel's fraction: one pixel more.
        width, height = (cell["w"] + 1) / CM, (cell["h"] + 1) / CM
        tall = 2.5 if cell["columns"] >= 4 else 1.75
        if width < 4 or height < tall or width * height < 10:
            problems.append(f"a write-in cell of {width:.2f} x {height:.2f} cm")
    problems += [f"a question with {h / CM:.2f} cm to answer" for h in tab.evaluate(ANSWER_SPACE) if h + 1 < 3 * CM]
    return problems


def test_worksheets_leave_room_to_write(print_tab, student_html, apparatus):
    tab, site = print_tab
    writes = {h.name for h in handouts(student_html, apparatus) if h.writes}
    sheets = [(n, p, b) for n, p, b in printables(student_html, apparatus) if n in writes]
    assert len(sheets) == len(WORKSHEETS) + 1
    for name, page, body in sheets:
        open_in_print(tab, site, page, body, name)
        assert tab.evaluate(WRITE_IN_CELLS) or tab.evaluate(ANSWER_SPACE), f"{name}: nothing to write in"
        assert write_in_problems(tab) == [], name


def test_cramped_write_in_space_is_caught(print_tab, student_html, apparatus):
    tab, site = print_tab
    organizer = next(h for h in handouts(student_html, apparatus) if h.name == "organizer")
    open_in_print(tab, site, *printable(student_html, organizer), "organizer")
    tab.add_style_tag(content="@media print { td { height: 1cm !important; } .write-in { height: 1cm !important; } }")
    problems = write_in_problems(tab)
    assert any("write-in cell" in p for p in problems) and any("to answer" in p for p in problems)


@pytest.mark.parametrize("paper", PAPERS)
def test_the_context_sheet_is_one_page(printed, paper):
    assert pages(printed / pdf_name("context-sheet", paper)) == 1


def test_the_context_sheet_says_only_what_the_book_says_with_its_citations(printed, student_html, apparatus):
    """Every passage, cut at its citations, is in the introduction or the chronology as built; every passage
    cites; every work cited is listed; and all of it is printed."""
    sheet = BeautifulSoup(compose(student_html, context_sheet(apparatus)), "html.parser")
    book = "".join(
        flat(BeautifulSoup((student_html / "chapters" / f"{p}.html").read_text(), "html.parser").get_text(" "))
        for p in ("introduction", "chronology")
    )
    printed_text = pdf_text(printed / "context-sheet.pdf")
    passages = sheet.select(".handout-sheet .sheet-part > p:not(.sheet-intro)")  # an intro is the sheet's own
    assert len(passages) >= 5
    for passage in passages:
        assert passage.select("span.bibtex-citation"), f"a passage without a citation: {passage.get_text()[:60]!r}"
        for piece in re.split(r"\[[^\]]*\]", passage.get_text(" ")):
            if flat(piece).strip(".,;"):
                assert flat(piece) in book, f"not in the book: {piece[:80]!r}"
                assert flat(piece) in printed_text, f"not printed: {piece[:80]!r}"
    sources = sheet.select_one(".sheet-sources").get_text(" ")
    for link in sheet.select(".sheet-part span.bibtex-citation a"):
        assert f"[{link.get_text()}]" in sources, f"{link.get_text()} is cited but not listed"


def lesson_plans() -> str:
    return (ROOT / "chapters" / "teach" / "lesson-plans.md").read_text(encoding="utf-8")


def single_lesson() -> str:
    return lesson_plans().split("## Single lesson")[1].split("\n## ")[0]


def plan_rows() -> list[list[str]]:
    """The single lesson's table: one list of cells a step (minutes, activity, teacher, students, materials)."""
    return [line.strip("|").strip().split(" | ") for line in single_lesson().splitlines() if re.match(r"\| \d", line)]


def plan_labels() -> list[str]:
    """The questions the plan sets its students (its teacher's and students' columns), in its order, except
    those the teacher asks orally."""
    said = [cell for row in plan_rows() for cell in row[2:4]]  # what the teacher does, what students do
    sentences = [s for cell in said for s in re.split(r"(?<=[.;:])\s", cell) if "orally" not in s]
    labels = [label for s in sentences for label in re.findall(r"\{ref\}`([a-z-]+-\d+)`", s)]
    return list(dict.fromkeys(labels))


def test_the_50_minute_plan_prints_at_most_eight_pages_per_student(printed):
    paragraph = next(p for p in single_lesson().split("\n\n") if p.startswith("**What to print**"))
    named = re.findall(r"\{handout\}`([^`]+)`", paragraph)
    assert "edition" in named and len(named) >= 2
    for paper in PAPERS:
        total = sum(pages(printed / pdf_name(name, paper)) for name in named)
        assert total <= 8, f"{paper}: {total} pages per student"


def test_the_lesson_sheet_holds_every_question_the_plan_sets_its_students(printed, student_html):
    """The questions the plan sets (its teacher's and students' columns), except those the teacher asks orally,
    are on the sheet, and the sheet holds no other question of the book's."""
    labels = plan_labels()
    assert {"sourcing-1", "close-reading-1"} <= set(labels)
    text = pdf_text(printed / "lesson-sheet.pdf")
    questions = {}
    for page in WORKSHEETS:
        questions |= built_exercises(student_html, page)
    for label in labels:
        assert flat(questions[label]) in text, f"{label} is not on the lesson sheet"
    others = [label for label, question in questions.items() if label not in labels and flat(question) in text]
    assert others == [], f"the lesson sheet holds questions the plan does not set: {others}"


def test_the_plan_calls_each_question_by_the_number_the_sheet_prints(printed, student_html):
    """Where the plan says "question 3 ({ref}`close-reading-1`)", the sheet's question 3 is that exercise."""
    text = pdf_text(printed / "lesson-sheet.pdf")
    questions = {}
    for page in WORKSHEETS:
        questions |= built_exercises(student_html, page)
    named = re.findall(r"question (\d+) \(\{ref\}`([a-z-]+-\d+)`\)", single_lesson())
    assert sorted(label for _, label in named) == sorted(plan_labels())
    for number, label in named:
        after = text.split(flat(f"Question {number}"), 1)
        assert len(after) == 2 and after[1].lstrip("(Ex.0123456789)").startswith(flat(questions[label])[:40]), label


def timing_problems(spans: list[tuple[int, int]]) -> list[str]:
    """What keeps steps of (start, end) minutes from filling a 50-minute lesson one after another."""
    problems = [f"starts at {spans[0][0]}"] if spans[0][0] != 0 else []
    problems += [f"{span} takes no time" for span in spans if span[1] <= span[0]]
    problems += [f"{a} then {b}" for a, b in zip(spans, spans[1:], strict=False) if a[1] != b[0]]
    return problems + ([f"ends at {spans[-1][1]}"] if spans[-1][1] != 50 else [])


def test_the_single_lesson_is_timed_steps_that_fill_50_minutes_reading_included():
    """Steps one after another from 0 to 50 minutes, each with what the teacher and the students do; one of them
    the students' reading of the whole record, another the exit ticket."""
    rows = plan_rows()
    spans = [tuple(int(m) for m in re.fullmatch(r"(\d+)–(\d+)", row[0]).groups()) for row in rows]
    assert timing_problems(spans) == []
    assert all(len(row) == 5 and row[2].strip() and row[3].strip() for row in rows)
    reading = [row for row in rows if "twelve turns" in row[2] and row[3].startswith("Read")]
    assert reading, "no step in which students read the whole record"
    assert rows[-1][1] == "Exit ticket"


def test_a_plan_that_runs_over_or_skips_minutes_is_caught():
    assert timing_problems([(0, 5), (5, 13), (13, 23), (23, 35), (35, 44), (44, 50)]) == []
    assert timing_problems([(0, 5), (5, 13), (15, 23), (23, 52)]) == ["(5, 13) then (15, 23)", "ends at 52"]
    assert timing_problems([(2, 10), (10, 10), (10, 50)]) == ["starts at 2", "(10, 10) takes no time"]


def test_the_exit_ticket_prints_the_plans_central_question(printed):
    central = re.findall(r"\*(What did Gorbachev and Kissinger[^*]+)\*", lesson_plans())
    assert central and set(central) == {CENTRAL_QUESTION}
    assert flat(CENTRAL_QUESTION) in pdf_text(printed / pdf_name(SINGLE_LESSON.name, "A4"))


@pytest.mark.parametrize("page", WORKSHEETS, ids=lambda p: p.stem)
def test_each_worksheet_handout_holds_every_question(printed, student_html, page: Path):
    """The handouts are printed from the student edition, in which test_student.py finds no answer."""
    text = pdf_text(printed / f"{page.stem}.pdf")
    questions = built_exercises(student_html, page)
    assert set(questions) == set(exercises(page))
    for label, question in questions.items():
        assert flat(question) in text, f"{label}: question not in the handout"


def test_printing_the_teacher_pages_leaves_the_answers_out(html, browser, apparatus, tmp_path):
    """A worksheet printed from the teachers' edition, as the handouts are printed (each once, on A4)."""
    worksheets = [h for h in handouts(html, apparatus) if h.name in {page.stem for page in WORKSHEETS}]
    assert len(worksheets) == len(WORKSHEETS)
    with serve(html) as site:
        tab = browser.new_page()
        tab.emulate_media(media="print")
        for handout in worksheets:
            open_in_print(tab, site, *printable(html, handout), handout.name)
            tab.pdf(path=str(tmp_path / f"{handout.name}.pdf"), format="A4")
        tab.close()
    for page in WORKSHEETS:
        answers = built_solutions(html, page)
        assert answers
        text = pdf_text(tmp_path / f"{page.stem}.pdf")
        for answer in answers:
            assert flat(answer)[:60] not in text, f"{page.name}: an answer is printed"
