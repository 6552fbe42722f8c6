"""Reader pages speak to teachers and students: no build command, no file of the repository and no function of
the package on any built page outside the notebooks (which teach the code on purpose), in the teacher's book
and in the student edition. The words looked for come from the Makefile and the package, not from the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, built_pages

SKIP = {"notebooks"}  # the notebook pages, where code is the subject (built_pages leaves out the theme files)


def makefile_targets() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return sorted({t for t in re.findall(r"^([a-z][\w-]*):", text, re.M)})


def public_functions() -> list[str]:
    """The package's public functions whose names cannot be ordinary words (they hold an underscore)."""
    text = (ROOT / "edition" / "__init__.py").read_text(encoding="utf-8")
    names = re.findall(r"^def ([a-z]\w*)\(", text, re.M) + re.findall(r'name == "(\w+)"', text)
    return sorted(n for n in names if "_" in n)


def programmer_words() -> dict[str, re.Pattern[str]]:
    """What a reader should never meet: the pattern for each kind of programmer's word."""
    return {
        "build command": re.compile(
            rf"\bmake (?:{'|'.join(map(re.escape, makefile_targets()))})\b|\bpython3? -m\b|\bpip3? install\b"
            r"|\bjupyter-book\b|\bnpm (?:ci|install|run)\b"
        ),
        "file path": re.compile(r"\bseeds/|\bannotations/|\b_build\b|\w\.ya?ml\b|\w\.py\b|\b_toc\b|\b_config\b"),
        "function name": re.compile(rf"\bedition\.[a-z_]+\(|\b(?:{'|'.join(map(re.escape, public_functions()))})\b"),
    }


def reader_pages(site: Path) -> list[Path]:
    return [p for p in built_pages(site) if not SKIP & set(p.relative_to(site).parts)]


def reader_text(page: Path) -> str:
    """What a reader of the page can see or hear: its text, and its tooltips and alternative texts."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    said = [soup.get_text(" ")]
    said += [el[attr] for attr in ("title", "alt", "aria-label") for el in soup.find_all(attrs={attr: True})]
    return " ".join(" ".join(said).split())


def programmer_speak(site: Path) -> list[tuple[str, str, str]]:
    """(page, kind, words in context) for every programmer's word on the site's reader pages."""
    found = []
    patterns = programmer_words()
    for page in reader_pages(site):
        text = reader_text(page)
        for kind, pattern in patterns.items():
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 40) : match.end() + 40]
                found.append((str(page.relative_to(site)), kind, context))
    return found


def test_the_words_looked_for_come_from_the_makefile_and_the_package():
    assert {"book", "student", "handouts", "test"} <= set(makefile_targets())
    assert {"filter_turns", "load_edition", "turns_frame"} <= set(public_functions())


def test_no_reader_page_of_the_book_speaks_programmer(html):
    assert len(reader_pages(html)) > 20
    assert programmer_speak(html) == []


def test_no_reader_page_of_the_student_edition_speaks_programmer(student_html):
    assert len(reader_pages(student_html)) > 15
    assert programmer_speak(student_html) == []


@pytest.mark.parametrize(
    ("planted", "kind"),
    [
        ("run make handouts first", "build command"),
        ("then python -m edition student", "build command"),
        ("pip install -e .", "build command"),
        ("the text is in seeds/000.txt", "file path"),
        ("see annotations/notes.yml", "file path"),
        ("the PDFs in _build/handouts", "file path"),
        ("call edition.load_edition() first", "function name"),
        ("filter_turns does it", "function name"),
    ],
)
def test_a_planted_programmer_word_is_caught(student_html, tmp_path, planted, kind):
    """The check reads a copy of one reader page (the introduction) with the words planted in it."""
    page = tmp_path / "chapters" / "introduction.html"
    page.parent.mkdir()
    text = (student_html / "chapters" / "introduction.html").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    assert programmer_speak(tmp_path) == []
    page.write_text(text.replace("</article>", f"<p>{planted}</p></article>", 1), encoding="utf-8")
    found = programmer_speak(tmp_path)
    assert found and {(p, k) for p, k, _ in found} == {("chapters/introduction.html", kind)}, found
