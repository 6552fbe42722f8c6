"""The student edition, the public site, holds no model answer in any file: pages, search index, copied
sources, downloads, notebooks. The answers are taken from the worksheets' sources and from the teacher
build, never from the code that hides them."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.search.en import SearchEnglish

from tests.conftest import ROOT, built_pages

WORKSHEETS = sorted((ROOT / "chapters" / "worksheets").glob("*.md"))
TEACH = sorted((ROOT / "chapters" / "teach").glob("*.md"))
SOLUTION_BLOCK = re.compile(r"^:::\{solution\}[^\n]*\n(.*?)^:::$", re.S | re.M)
SNIPPET = 60  # characters of each answer paragraph looked for
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot"}
ENGLISH = SearchEnglish({})


def squeeze(text: str) -> str:
    return " ".join(text.split())


def source_answers() -> list[str]:
    """Every paragraph of every solution block, as written in the worksheets' Markdown."""
    found = []
    for page in WORKSHEETS:
        for block in SOLUTION_BLOCK.findall(page.read_text(encoding="utf-8")):
            found += [squeeze(p) for p in re.split(r"\n\s*\n", block) if p.strip() and not p.lstrip().startswith(":")]
    return found


def solution_boxes(page: BeautifulSoup) -> list:
    """The teacher build's solution boxes on a page, their titles ("Solution to Exercise 1") removed."""
    boxes = page.select(".solution")
    for box in boxes:
        for title in box.select(".admonition-title"):
            title.decompose()
    return boxes


def built_answers(teacher: Path) -> list[str]:
    """Every paragraph of every solution as the teacher build renders it."""
    found = []
    for page in WORKSHEETS:
        built = BeautifulSoup((teacher / "chapters" / "worksheets" / f"{page.stem}.html").read_text(), "html.parser")
        for box in solution_boxes(built):
            found += [squeeze(p.get_text(" ")) for p in box.find_all("p") if p.get_text(strip=True)]
    return found


def public_pages(teacher: Path) -> list[BeautifulSoup]:
    """The teacher build's pages that the student edition has too (all but the teachers' part), solutions cut."""
    pages = []
    for path in built_pages(teacher):
        if "teach" not in path.relative_to(teacher).parts:
            page = BeautifulSoup(path.read_text(), "html.parser")
            for box in solution_boxes(page):
                box.decompose()
            pages.append(page)
    return pages


def distinctive(paragraph: str, public: str) -> str | None:
    """The paragraph's first stretch of SNIPPET characters (from a word's start) that no public page holds; an
    answer may open as a note does ("On 7 December 1988 ..."), and finding those words there is no leak."""
    starts = [0, *(m.end() for m in re.finditer(" ", paragraph))]
    for start in starts:
        snippet = paragraph[start : start + SNIPPET]
        if snippet not in public:
            return snippet
        if start + SNIPPET >= len(paragraph):
            break
    return None


def index_keys(text: str) -> set[str]:
    """The keys under which Sphinx's English search index files the words of a text (stem, or the word)."""
    return {key for word in ENGLISH.split(text) for key in (ENGLISH.stem(word).lower(), word.lower())}


def answer_keys_of(teacher: Path) -> set[str]:
    """Search keys of the words of the teacher build's solutions."""
    keys = set()
    for page in WORKSHEETS:
        built = BeautifulSoup((teacher / "chapters" / "worksheets" / f"{page.stem}.html").read_text(), "html.parser")
        for box in solution_boxes(built):
            keys |= index_keys(box.get_text(" "))
    return keys


def shown_keys(site: Path) -> set[str]:
    """Search keys of every word the site's pages show."""
    pages = built_pages(site)
    return set().union(*(index_keys(BeautifulSoup(p.read_text(), "html.parser").get_text(" ")) for p in pages))


def readings(path: Path) -> Iterator[str]:
    """Every way the file's text can be read: as it is, as a browser shows it, as the data it decodes to."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        yield subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return
    data = path.read_bytes()
    if path.name == "objects.inv":
        header_end = data.index(b"\n", data.index(b"# The remainder"))
        data = data[: header_end + 1] + zlib.decompress(data[header_end + 1 :])
    text = data.decode("utf-8", errors="replace")
    yield text
    if suffix in {".html", ".htm"}:
        yield BeautifulSoup(text, "html.parser").get_text(" ")
    if suffix in {".xml", ".svg"}:
        yield BeautifulSoup(text, "xml").get_text(" ")
    if suffix in {".json", ".ipynb", ".js"}:
        start, end = text.find("{"), text.rfind("}")
        if start >= 0 and end > start:
            with contextlib.suppress(json.JSONDecodeError):  # a script, not data
                yield " ".join(strings(json.loads(text[start : end + 1])))


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def search_keys(site: Path) -> set[str]:
    text = (site / "searchindex.js").read_text()
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["terms"]) | set(index["titleterms"])


def leaks(site: Path, answers: list[str], keys: set[str]) -> list[str]:
    """Where in the built site an answer shows: each file, each way of reading it; and the search index, which
    keeps words, not sentences: a word of the answers that it indexes but no page shows."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.suffix.lower() not in IMAGES):
        texts = [squeeze(t) for t in readings(path)]
        found += [f"{path.relative_to(site)}: {a!r}" for a in answers if any(a in t for t in texts)]
    hidden = (keys & search_keys(site)) - shown_keys(site)  # indexed, yet on no page: from a hidden answer
    found += [f"searchindex.js: the answers' word {k!r}" for k in sorted(hidden)]
    return found


@pytest.fixture(scope="module")
def answers(html: Path) -> list[str]:
    """A distinctive stretch of every answer paragraph, as written and as built."""
    written, built = source_answers(), built_answers(html)
    blocks = sum(len(SOLUTION_BLOCK.findall(p.read_text(encoding="utf-8"))) for p in WORKSHEETS)
    assert blocks >= 20 and len(written) >= blocks and len(built) >= blocks, (blocks, len(written), len(built))
    public = "\n".join(squeeze(page.get_text(" ")) for page in public_pages(html))
    snippets = {p: distinctive(p, public) for p in written + built}
    shared = [p for p, snippet in snippets.items() if snippet is None]
    assert len(shared) <= len(snippets) // 20, f"answers found whole on the public pages: {shared}"
    return sorted({snippet for snippet in snippets.values() if snippet})


@pytest.fixture(scope="module")
def answer_keys(html: Path, student_html: Path) -> set[str]:
    keys = answer_keys_of(html)
    unseen = keys - shown_keys(student_html)
    assert len(unseen) >= 20, f"too few words of the answers are absent from the student pages: {sorted(unseen)}"
    return keys


def test_no_answer_in_any_file_of_the_student_site(student_html, answers, answer_keys):
    assert leaks(student_html, answers, answer_keys) == []


def test_the_check_finds_an_answer_planted_in_a_page_a_source_a_notebook_and_the_search_index(
    student_html, answers, answer_keys, tmp_path
):
    site = shutil.copytree(student_html, tmp_path / "site")
    worksheet = ROOT / "chapters" / "worksheets" / "sourcing.md"
    page = site / "chapters" / "worksheets" / "sourcing.html"
    page.write_text(page.read_text().replace("</main>", f"<p>{first_answer(worksheet)}</p></main>", 1))
    source = site / "_sources" / "chapters" / "worksheets" / "sourcing.md"
    source.parent.mkdir(parents=True)
    shutil.copy(worksheet, source)
    notebook = site / "notebooks" / "explore.ipynb"
    copy = json.loads(notebook.read_text())
    copy["cells"][-1]["source"] = first_answer(ROOT / "chapters" / "worksheets" / "controversy.md").split()
    notebook.write_text(json.dumps(copy, indent=1))
    index = site / "searchindex.js"
    planted = sorted(answer_keys - shown_keys(site))[0]
    index.write_text(index.read_text().replace('"terms": {', f'"terms": {{"{planted}": 0, ', 1))
    found = leaks(site, answers, answer_keys)
    for where in ("chapters/worksheets/sourcing.html", "_sources/chapters/worksheets/sourcing.md", "notebooks/explore"):
        assert any(line.startswith(where) for line in found), (where, found)
    assert f"searchindex.js: the answers' word {planted!r}" in found


def first_answer(worksheet: Path) -> str:
    """The first answer paragraph of a worksheet, from its source: the leak to plant."""
    block = SOLUTION_BLOCK.findall(worksheet.read_text(encoding="utf-8"))[0]
    return squeeze(next(p for p in re.split(r"\n\s*\n", block) if p.strip() and not p.lstrip().startswith(":")))


def test_the_student_site_has_no_teachers_part_and_no_link_to_it(student_html):
    for page in TEACH:
        assert not (student_html / page.relative_to(ROOT).with_suffix(".html")).exists(), page.name
    assert not (student_html / "_sources").exists(), "page sources (with the answers) are copied into the site"
    for path in built_pages(student_html):
        for link in BeautifulSoup(path.read_text(), "html.parser").find_all("a", href=True):
            assert "teach/" not in link["href"] and "/_sources/" not in f"/{link['href']}", (path.name, link["href"])


def test_every_notebook_of_the_student_site_can_be_downloaded(student_html):
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        page = BeautifulSoup((student_html / "notebooks" / f"{notebook.stem}.html").read_text(), "html.parser")
        downloads = [a["href"] for a in page.select(".dropdown-download-buttons a[href]")]
        assert downloads == [f"{notebook.stem}.ipynb"], downloads
        assert json.loads((student_html / "notebooks" / downloads[0]).read_text())["cells"]


# Words by which a page speaks to teachers or names what only their edition holds.
FOR_TEACHERS = re.compile(r"model answers?|\bteach students\b|\bteachers?\b|\bthese teaching\b", re.I)


def teacher_words(page: Path) -> list[str]:
    """The words of a built page's main text that speak to teachers or name the model answers."""
    main = BeautifulSoup(page.read_text(), "html.parser").find("main")
    return FOR_TEACHERS.findall(" ".join(main.get_text(" ").split()))


def test_the_student_site_s_rights_page_speaks_to_its_readers(student_html):
    assert teacher_words(student_html / "chapters" / "rights.html") == []


def test_the_teacher_words_check_can_fail(student_html, tmp_path):
    page = tmp_path / "rights.html"
    text = (student_html / "chapters" / "rights.html").read_text()
    planted = "<p>Teach students to quote the record; the licence covers the model answers.</p></main>"
    page.write_text(text.replace("</main>", planted, 1))
    assert teacher_words(page) == ["Teach students", "model answers"]
