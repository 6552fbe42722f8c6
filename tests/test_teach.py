"""The classroom kit as a teacher uses it: worksheets whose turn links work and a student edition without
solutions. The printed handouts are tested in test_handouts.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT

WORKSHEETS = sorted((ROOT / "chapters" / "worksheets").glob("*.md"))
TEACH = sorted((ROOT / "chapters" / "teach").glob("*.md"))
EXERCISE = re.compile(r":::\{exercise\}\n:label: ([\w-]+)\n\n(.*?)\n:::", re.S)
SOLUTION = re.compile(r":::\{solution\} ([\w-]+)\n(?::class: dropdown\n)?\n(.*?)\n:::", re.S)


def exercises(page: Path) -> dict[str, str]:
    return dict(EXERCISE.findall(page.read_text(encoding="utf-8")))


def solutions(page: Path) -> dict[str, str]:
    return dict(SOLUTION.findall(page.read_text(encoding="utf-8")))


def test_every_page_of_the_kit_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = {c["file"] for part in toc["parts"] for c in part["chapters"]}
    for page in TEACH + WORKSHEETS:
        assert str(page.relative_to(ROOT).with_suffix("")) in files, page.name
    assert len(WORKSHEETS) >= 4 and len(TEACH) >= 3


@pytest.mark.parametrize("page", WORKSHEETS, ids=lambda p: p.stem)
def test_every_question_has_a_solution_and_every_named_turn_is_linked(page: Path, document):
    questions, answers = exercises(page), solutions(page)
    assert questions, f"{page.name} has no exercises"
    assert set(answers) == set(questions), f"{page.name}: questions without solutions or the reverse"
    turn_ids = {t.id for t in document.turns} | {g.id for g in document.gaps}
    for label, question in questions.items():
        unlinked = re.sub(r"\{ref\}`[^`]*`", "", question)
        assert not re.search(r"\bturns? \d+", unlinked), f"{label}: a turn is named without a link"
        for target in re.findall(r"\{ref\}`[^`<]*<([^>]+)>`", question):
            if re.fullmatch(r"[tg]\d+", target):
                assert target in turn_ids, f"{label}: no anchor #{target}"


def test_worksheet_turn_links_land_on_existing_anchors(html, document):
    ids = {t.id for t in document.turns} | {g.id for g in document.gaps}
    edition_page = BeautifulSoup((html / "chapters" / "edition.html").read_text(), "html.parser")
    for page in WORKSHEETS:
        built = BeautifulSoup((html / "chapters" / "worksheets" / f"{page.stem}.html").read_text(), "html.parser")
        targets = [a["href"].split("#")[1] for a in built.find_all("a", href=re.compile(r"edition\.html#"))]
        assert targets, page.name
        for target in targets:
            assert target in ids and edition_page.find(id=target) is not None, (page.name, target)


def _text(html: Path, page: Path) -> str:
    built = html / page.relative_to(ROOT).with_suffix(".html")
    return flat(BeautifulSoup(built.read_text(), "html.parser").get_text(" "))


def built_solutions(html: Path, page: Path) -> list[str]:
    """The text of each solution as the teacher build renders it (title left out)."""
    built = BeautifulSoup((html / page.relative_to(ROOT).with_suffix(".html")).read_text(), "html.parser")
    texts = []
    for box in built.select(".solution"):
        title = box.select_one(".admonition-title")
        if title:
            title.decompose()
        texts.append(box.get_text(" "))
    return texts


def test_the_teacher_build_has_the_solutions_and_the_student_build_the_questions(html, student):
    """That no answer reaches any file of the student edition is checked once, in test_student.py."""
    assert student.returncode == 0, student.log[-3000:]
    for page in WORKSHEETS:
        answers = built_solutions(html, page)
        assert len(answers) == len(solutions(page)), f"{page.name}: solutions missing from the teacher build"
        student_text = _text(student.html, page)
        for label, question in built_exercises(html, page).items():
            assert flat(question) in student_text, f"{label}: question missing from the student build"


def flat(text: str) -> str:
    """No whitespace and no hyphens: pdftotext joins words it finds hyphenated at a line's end."""
    return re.sub(r"[\s-]+", "", text)


def built_exercises(html: Path, page: Path) -> dict[str, str]:
    """Each exercise's text as the student edition renders it, keyed by label."""
    built = BeautifulSoup((html / page.relative_to(ROOT).with_suffix(".html")).read_text(), "html.parser")
    questions = {}
    for box in built.select("div.exercise"):
        box.select_one(".admonition-title").decompose()
        questions[box["id"]] = box.get_text(" ")
    return questions
