"""Every page of the built book as a reader's browser sees it: nothing fetched from outside, no errors,
no accessibility violations (axe-core), valid HTML (Nu HTML Checker), and the edition usable by keyboard."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

import edition
from tests.conftest import ROOT, built_pages, tab_to

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def page_paths(html: Path) -> list[str]:
    """Every page of the built book, as its path in the site."""
    return [str(p.relative_to(html)) for p in built_pages(html)]


def test_the_page_list_covers_the_table_of_contents(html):
    pages = page_paths(html)
    for doc in ("index", "chapters/edition", "chapters/glossary", "notebooks/explore", "search", "genindex"):
        assert f"{doc}.html" in pages


# The pages are checked in PARTS parts (every PARTS-th page from the part's number on), which the test
# processes share out among themselves.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_loads_with_no_outside_request_no_error_and_no_axe_violation(browser, site, html, part):
    axe = Axe()
    problems: dict[str, list] = {}
    for page_path in page_paths(html)[part::PARTS]:
        page = browser.new_page()
        found: list = []
        page.on("console", lambda m, found=found: m.type == "error" and found.append(("console", m.text)))
        page.on("pageerror", lambda e, found=found: found.append(("script error", str(e))))
        page.on("response", lambda r, found=found: r.status >= 400 and found.append((r.status, r.url)))
        page.on("requestfailed", lambda r, found=found: found.append(("failed", r.url)))
        page.on(
            "request",
            lambda r, found=found: (
                urlparse(r.url).hostname not in ("127.0.0.1", None) and found.append(("outside", r.url))
            ),
        )
        page.goto(f"{site}/{page_path}")
        page.wait_for_load_state("networkidle")
        # axe fetches stylesheets itself and resolves their @imports against the page: stop listening first.
        found = list(found)
        violations = axe.run(page).response["violations"]
        found += [("axe", v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
        if found:
            problems[page_path] = found
        page.close()
    assert problems == {}


def test_the_edition_works_from_the_keyboard_alone(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/chapters/edition.html")
    turns = edition.turns_frame()
    # The filter: a speaker box by Space, a keyword typed, the reset button by Enter.
    tab_to(page, 'input[name="speaker"][value="Gorbachev"]')
    page.keyboard.press("Space")
    expected = list(edition.filter_turns(turns, speakers=["Gorbachev"])["id"])
    assert [e.get_attribute("id") for e in page.locator(".transcript .turn:visible").all()] == expected
    tab_to(page, "#turn-filter-q")
    page.keyboard.type("letter")
    expected = list(edition.filter_turns(turns, speakers=["Gorbachev"], query="letter")["id"])
    assert [e.get_attribute("id") for e in page.locator(".transcript .turn:visible").all()] == expected
    tab_to(page, 'button[type="reset"]')
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.transcript .turn:not([hidden])').length === 12")
    # A turn's permalink, then a note marker and back, by Enter.
    tab_to(page, 'a.turn-number[href="#t03"]')
    page.keyboard.press("Enter")
    page.wait_for_function("hash => location.hash === hash", arg="#t03")  # the address follows the link
    tab_to(page, "#t03 a.footnote-reference")
    marker_id = page.evaluate("document.activeElement.id")
    note_id = page.evaluate("document.activeElement.getAttribute('href').slice(1)")
    page.keyboard.press("Enter")
    page.wait_for_function("hash => location.hash === hash", arg=f"#{note_id}")  # the address follows the link
    tab_to(page, f'#{note_id} a[href="#{marker_id}"]')
    page.keyboard.press("Enter")
    page.wait_for_function("hash => location.hash === hash", arg=f"#{marker_id}")  # the address follows the link
    # Escape closes the search dialog the theme opens with Ctrl+K.
    page.keyboard.press("Control+k")
    dialog = page.locator("#pst-search-dialog")
    dialog.wait_for(state="visible")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    page.close()


@dataclass(frozen=True)
class Checked:
    """One run of the Nu HTML Checker: its exit code, the files it says it read, and its errors per file."""

    returncode: int
    files: list[str]
    errors: dict[str, list[tuple[int | None, str]]]


def check_html(pages: list[Path]) -> Checked:
    """vnu over `pages` in one run (one JVM start). Its JSON report is required: no output is a failure, not
    a pass. `--verbose` makes it name each file it checks, so a page it skipped cannot pass unnoticed."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker: apt-get install -y default-jre-headless"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci` (make test does)"
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--verbose", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(run.stderr)
    except json.JSONDecodeError as error:
        raise AssertionError(f"vnu gave no JSON report (exit {run.returncode}): {run.stderr[-2000:]!r}") from error
    errors: dict[str, list[tuple[int | None, str]]] = {str(p): [] for p in pages}
    for message in report["messages"]:
        file = unquote(urlparse(message.get("url", "")).path)
        errors.setdefault(file, []).append((message.get("lastLine"), f"{message['type']}: {message['message']}"))
    return Checked(run.returncode, run.stdout.splitlines(), errors)


def test_every_page_is_valid_html(html):
    pages = built_pages(html)
    checked = check_html(pages)
    assert checked.files == [str(p) for p in pages]
    assert {page: found for page, found in checked.errors.items() if found} == {}
    assert checked.returncode == 0


def test_the_html_check_reports_an_invalid_page_and_passes_a_valid_one(tmp_path):
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
    valid, invalid = tmp_path / "valid.html", tmp_path / "invalid.html"
    valid.write_text(f'{head}<body><p id="a">A page.</p></body></html>', encoding="utf-8")
    invalid.write_text(f'{head}<body><p id="a">Two</p><p id="a">ids</p><li>stray</li></body></html>', encoding="utf-8")
    checked = check_html([valid, invalid])
    assert checked.files == [str(valid), str(invalid)]
    assert checked.errors[str(valid)] == []
    assert len(checked.errors[str(invalid)]) >= 2
    assert any("Duplicate ID" in message for _, message in checked.errors[str(invalid)])
    assert checked.returncode != 0  # and the book's pages pass with 0 (above): the exit code tells them apart
