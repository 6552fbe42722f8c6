"""The readers' tasks, done as a person does them, in Chromium: tapping on a phone, clicking on a desktop.

Each journey asserts what the person sees (on screen, not covered by anything, readable), not the page's
internals: a student who moves through the student site on a phone, filters the record, shares the view and
cites a turn; a teacher on a desktop who goes from the front page to the single-lesson plan and opens every
PDF it names and an answer key; a student on the published site who opens a notebook on Binder or downloads
it; and every page of both sites at a small phone's, a phone's and a tablet's width, with no sideways scroll
and targets a finger can hit (WCAG 2.2, 2.5.8: 24 by 24 CSS px, or far enough from the next target).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

import edition
from edition.browser import serve
from tests.conftest import (
    BRANCH,
    REPOSITORY,
    ROOT,
    SIDEBARS,
    build_book,
    built_pages,
    copy_book,
    tap_sidebar_open,
    touch_page,
)

PHONE, TABLET, SMALL_PHONE = (390, 844), (820, 1180), (320, 640)


def seed_turns() -> list[tuple[int, str]]:
    """(number, speaker) of every turn, read from the seed with this test's own pattern: a turn is a
    paragraph that begins with its speaker's name and a full stop."""
    body = edition.sources().seed.read_text(encoding="utf-8").split("Translation - English")[1]
    speakers = re.findall(r"^(Kissinger|Gorbachev)\. ", body, re.M)
    return list(enumerate(speakers, start=1))


def tagged(topic: str) -> set[int]:
    """The turns the editors tagged with `topic`, from annotations/topics.yml as an editor reads it."""
    turns = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text(encoding="utf-8"))["turns"]
    return {int(turn.lstrip("t")) for turn, topics in turns.items() if topic in topics}


SEEN = """(element) => {
    // On screen and not covered: the element's box meets the viewport below any sticky header, and the
    // point at its centre (of its visible part) belongs to it. Of a run of text over several lines, its
    // first line.
    const inline = getComputedStyle(element).display === 'inline' && element.getClientRects().length > 0;
    const box = inline ? element.getClientRects()[0] : element.getBoundingClientRect();
    const header = document.querySelector('.bd-header-article');
    const top = Math.max(box.top, header ? header.getBoundingClientRect().bottom : 0, 0);
    const bottom = Math.min(box.bottom, window.innerHeight);
    const left = Math.max(box.left, 0), right = Math.min(box.right, window.innerWidth);
    if (box.width === 0 || bottom - top < 4 || right - left < 4) return false;
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    return !!hit && (element === hit || element.contains(hit));
}"""


def seen(locator) -> bool:
    """Whether a person sees the element: on screen, below the sticky header, not covered."""
    return locator.evaluate(SEEN)


def comes_into_view(locator, timeout: float = 3000) -> bool:
    """Whether the element is seen once the page has stopped moving (a drawer closing, a scroll to an anchor),
    as a person looks when the page settles: `seen`, waited for up to `timeout` ms."""
    try:
        locator.page.wait_for_function(SEEN, arg=locator.element_handle(), timeout=timeout)
    except Exception:
        return False
    return True


def look_at(locator) -> bool:
    """Scroll to the element as a reader does, then whether it is seen."""
    locator.scroll_into_view_if_needed()
    locator.page.wait_for_timeout(100)
    return seen(locator)


@pytest.fixture(scope="module")
def student_site(student_html: Path):
    with serve(student_html) as url:
        yield url


# Navigation by touch -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
@pytest.mark.parametrize("which", ["teachers", "students"])
def test_the_menus_open_by_touch_and_their_links_navigate(browser, site, student_site, which, size):
    url = site if which == "teachers" else student_site
    tab = touch_page(browser, *size)
    tab.goto(f"{url}/chapters/edition.html")
    assert tap_sidebar_open(tab, ".secondary-toggle"), "the page-contents button opened nothing"
    tab.locator(f"{SIDEBARS['.secondary-toggle']} a[href='#notes']").tap()
    tab.wait_for_function("location.hash === '#notes'")
    assert comes_into_view(tab.locator("#notes h2"))
    tab.keyboard.press("Escape")
    assert tap_sidebar_open(tab, ".primary-toggle"), "the site-navigation button opened nothing"
    tab.locator(f"{SIDEBARS['.primary-toggle']} a[href$='persons.html']").tap()
    tab.wait_for_url("**/chapters/persons.html")
    tab.context.close()


def test_the_menu_opens_from_the_keyboard_and_escape_closes_it(browser, site):
    tab = touch_page(browser, *PHONE)
    tab.goto(f"{site}/index.html")
    tab.locator(".primary-toggle:visible").focus()
    tab.keyboard.press("Enter")
    sidebar = tab.locator(SIDEBARS[".primary-toggle"])
    sidebar.wait_for(state="visible")
    tab.keyboard.press("Escape")
    sidebar.wait_for(state="hidden")
    tab.context.close()


# (a) A student on a phone ----------------------------------------------------------------------------------


def test_a_student_on_a_phone_filters_shares_cites_and_reads_a_note(browser, student_site):
    expected = {n for n, speaker in seed_turns() if speaker == "Gorbachev"} & tagged("trade")
    assert expected == {4}, "the record's turn 4 is Gorbachev's on trade"  # the seed and the tags, read here
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, has_touch=True, is_mobile=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=student_site)
    tab = context.new_page()
    tab.goto(f"{student_site}/index.html")
    assert tap_sidebar_open(tab, ".primary-toggle")
    tab.locator(f"{SIDEBARS['.primary-toggle']} a[href$='chapters/edition.html']").tap()
    tab.wait_for_url("**/chapters/edition.html")

    speaker = tab.locator("form.turn-filter label", has_text="Gorbachev")
    assert look_at(speaker)
    speaker.tap()
    topic = tab.locator("form.turn-filter label", has_text="Trade and the economy")
    assert look_at(topic)
    topic.tap()
    count = tab.locator(".turn-filter-count")
    assert count.inner_text() == f"Showing {len(expected)} of {len(seed_turns())} turns."
    shown = {int(t.get_attribute("id")[1:]) for t in tab.locator(".transcript .turn:visible").all()}
    assert shown == expected

    # The notes follow: those of turn 4 show, those of the hidden turns do not, and the reader is told.
    markers = {a.get_attribute("href") for a in tab.locator("#t04 a.footnote-reference").all()}
    assert tab.locator(".notes-filter").inner_text().startswith(f"Showing the {len(markers)} notes of the turns shown")
    assert tab.locator("aside.footnote:visible").count() == len(markers)
    first_note = tab.locator("#t01 a.footnote-reference").first.get_attribute("href")
    assert not tab.locator(first_note).is_visible()

    tab.locator(".turn-filter-copy").tap()
    copied = tab.locator(".turn-filter-copied")
    copied.wait_for(state="visible")
    assert copied.inner_text() == "Link copied"
    link = tab.evaluate("navigator.clipboard.readText()")
    assert "speaker=Gorbachev" in link and "topic=trade" in link

    fresh = context.new_page()
    fresh.goto(link)
    fresh.wait_for_load_state("load")
    assert seen(fresh.locator(".turn-filter-count")) or seen(fresh.locator("#t04 .turn-number"))
    assert fresh.locator(".turn-filter-count").inner_text() == count.inner_text()

    cite = fresh.locator("#t04 .turn-cite > summary")
    assert look_at(cite)
    cite.tap()
    chicago = fresh.locator('#t04 .turn-cite-text[data-style="chicago"]')
    assert look_at(chicago)
    assert "turn 4" in chicago.inner_text()
    panel = fresh.locator("#t04 .turn-cite-panel").bounding_box()
    for words in fresh.locator("#t04 > p:not(.turn-topics)").all():
        box = words.bounding_box()
        assert box["y"] + box["height"] <= panel["y"] or box["y"] >= panel["y"] + panel["height"], (
            "the panel covers the turn"
        )

    marker = fresh.locator("#t04 a.footnote-reference").first
    assert look_at(marker)
    marker.tap()
    note = fresh.locator(marker.get_attribute("href"))
    fresh.wait_for_function("id => location.hash === id", arg=marker.get_attribute("href"))
    assert seen(note), "the note is not on screen after tapping its marker"
    note.locator("a[role='doc-backlink']").first.tap()
    fresh.wait_for_timeout(300)
    assert seen(marker), "coming back from the note does not bring the reader to the marker"
    context.close()


# (b) A teacher on a desktop --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def teachers_with_handouts(printed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The teachers' book as `make handouts` leaves it: built again once the PDFs exist, so that it links them."""
    folder = tmp_path_factory.mktemp("teachers-with-handouts")
    source = copy_book(folder / "src")
    shutil.copytree(printed, source / "_build" / "handouts")
    build = build_book(source, folder / "out")
    assert build.returncode == 0, build.log[-4000:]
    return build.html


@pytest.mark.xdist_group("handouts")
def test_a_teacher_opens_every_pdf_the_single_lesson_plan_names_and_an_answer_key(browser, teachers_with_handouts):
    with serve(teachers_with_handouts) as url:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(f"{url}/index.html")
        tab.locator("#pst-primary-sidebar a[href$='lesson-plans.html']").click()
        tab.wait_for_url("**/lesson-plans.html")
        plan = tab.locator("section#single-lesson-50-minutes")
        named = plan.get_by_text(re.compile(r"handout \(printable PDF")).all()
        assert named, "the single-lesson plan names no printable handout"
        links = [a.get_attribute("href") for a in plan.locator("a[href$='.pdf']").all()]
        assert len(links) >= len(named)
        for href in links:
            response = tab.request.get(f"{url}/chapters/teach/{href}")
            assert response.ok and response.body()[:5] == b"%PDF-", href
        tab.goto(f"{url}/chapters/worksheets/sourcing.html")
        toggle = tab.locator(
            ".solution .dropdown-toggle, details.solution > summary, .solution .admonition-title"
        ).first
        toggle.click()
        answer = tab.locator(".solution").first.locator("p").last
        answer.wait_for(state="visible")
        assert look_at(answer) and answer.inner_text().strip()
        tab.close()


# (c) A student on the published site opens a notebook ------------------------------------------------------


def test_a_student_opens_a_notebook_on_binder_or_downloads_it(browser, student_site, student_html):
    tab = touch_page(browser, *PHONE)
    tab.goto(f"{student_site}/notebooks/explore.html")
    launch = tab.locator(
        ".dropdown-launch-buttons > button:visible, [aria-label='Launch interactive content']:visible"
    ).first
    launch.tap()
    binder = tab.locator("a[href*='mybinder.org']")
    binder.first.wait_for(state="visible")
    owner_repo = urlsplit(REPOSITORY).path.strip("/")
    assert binder.first.get_attribute("href") == (
        f"https://mybinder.org/v2/gh/{owner_repo}/{BRANCH}?urlpath=lab/tree/notebooks/explore.ipynb"
    )
    tab.keyboard.press("Escape")
    download = tab.locator(".dropdown-download-buttons > button:visible").first
    download.tap()
    link = tab.locator("a[href$='explore.ipynb']:visible").first
    link.wait_for(state="visible")
    response = tab.request.get(f"{student_site}/notebooks/{link.get_attribute('href')}")
    assert response.ok
    cells = json.loads(response.body())["cells"]
    # What a student reads first: the opening cell, and the first code cell, which is what runs first.
    opening = "".join(cells[0]["source"])
    first_code = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
    assert cells[0]["cell_type"] == "markdown" and "run" in opening.lower()
    assert REPOSITORY in first_code and "pip install -r requirements.txt" in first_code, (
        "the downloaded notebook does not say where to get what it needs"
    )
    tab.context.close()


# (d) Every page at a small phone's, a phone's and a tablet's width -----------------------------------------

# Targets a finger must hit: links, buttons, form fields and disclosures shown on the page. A link inside a
# sentence is exempt (WCAG's inline exception), and so is a small target whose 24 px circle touches no other
# target (its spacing exception).
SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
      && getComputedStyle(e).visibility !== 'hidden' && !e.closest('dialog:not([open]), [hidden]'); };
  const inSentence = (e) => {
    if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
    const block = e.parentElement.closest('p, li, dd, dt, td, th, figcaption, blockquote');
    return !!block && block.textContent.replace(/\\s+/g, ' ').trim().length > e.textContent.trim().length + 3;
  };
  const targets = [...document.querySelectorAll(selector)].filter(shown).filter((e) => !inSentence(e));
  const boxes = targets.map((e) => e.getBoundingClientRect());
  const small = [];
  targets.forEach((e, i) => {
    const r = boxes[i];
    if (r.width >= 24 && r.height >= 24) return;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const crowded = boxes.some((o, j) => {
      if (j === i || targets[j].contains(e) || e.contains(targets[j])) return false;
      const nx = Math.max(o.left, Math.min(x, o.right)), ny = Math.max(o.top, Math.min(y, o.bottom));
      const otherSmall = o.width < 24 || o.height < 24;
      return Math.hypot(nx - x, ny - y) < 12
        || (otherSmall && Math.hypot(o.left + o.width / 2 - x, o.top + o.height / 2 - y) < 24);
    });
    if (crowded) small.push(`${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 40)}" `
      + `${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  return small;
}"""


def site_pages(html: Path) -> list[str]:
    """Every page of a built site a reader can reach (not the theme's files, the index or the search page)."""
    skip = ("_sources/", "_images/", "genindex", "search.html")
    names = (p.relative_to(html).as_posix() for p in built_pages(html))
    return [n for n in names if not n.startswith(skip)]


def page_problems(tab, url: str, width: int) -> list[str]:
    tab.goto(url)
    tab.wait_for_load_state("load")
    problems = []
    wide = tab.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"scrolls sideways: {wide} px wide on a {width} px screen")
    problems += [f"small target: {target}" for target in tab.evaluate(SMALL_TARGETS)]
    return problems


def layout_problems(browser, url: str, html: Path, width: int) -> list[str]:
    tab = touch_page(browser, width, 800)
    found = [
        f"{name} at {width} px: {problem}"
        for name in site_pages(html)
        for problem in page_problems(tab, f"{url}/{name}", width)
    ]
    tab.context.close()
    return found


@pytest.mark.parametrize("width", [SMALL_PHONE[0], PHONE[0], TABLET[0]])
def test_no_page_of_the_teachers_book_scrolls_sideways_or_has_small_targets(browser, site, html, width):
    assert layout_problems(browser, site, html, width) == []


@pytest.mark.parametrize("width", [SMALL_PHONE[0], PHONE[0], TABLET[0]])
def test_no_page_of_the_student_site_scrolls_sideways_or_has_small_targets(browser, student_site, student_html, width):
    assert layout_problems(browser, student_site, student_html, width) == []


def test_a_wide_page_a_crowded_target_and_a_covered_element_are_caught(browser, site):
    """The checks above fail where a person would be stuck."""
    tab = touch_page(browser, *PHONE)
    tab.goto(f"{site}/chapters/edition.html")
    tab.evaluate("""() => {
        const wide = document.createElement('p'); wide.textContent = 'x'.repeat(200); wide.style.whiteSpace = 'pre';
        document.querySelector('.bd-article').append(wide);
        const box = document.querySelector('.transcript');
        for (const label of ['a', 'b']) {
            const button = document.createElement('button'); button.textContent = label;
            button.style.cssText = 'width: 12px; height: 12px; padding: 0; font-size: 8px';
            box.prepend(button);
        }
        const cover = document.createElement('div');
        cover.style.cssText = 'position: fixed; inset: 0; background: white; z-index: 9999';
        cover.id = 'cover'; document.body.append(cover);
    }""")
    assert tab.evaluate("document.documentElement.scrollWidth") > PHONE[0]
    assert len(tab.evaluate(SMALL_TARGETS)) == 2
    assert not seen(tab.locator("#t01 .turn-number"))
    tab.evaluate("document.getElementById('cover').remove()")
    tab.locator("#t01").scroll_into_view_if_needed()
    assert seen(tab.locator("#t01 .turn-number"))
    tab.context.close()


# A filtered view, printed or with all its notes --------------------------------------------------------------


def test_a_printed_filtered_view_says_which_filter_it_shows(browser, site, tmp_path):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    printed = {}
    for name, query in (("filtered", "?speaker=Gorbachev&topic=trade"), ("whole", "")):
        tab.goto(f"{site}/chapters/edition.html{query}")
        tab.emulate_media(media="print")
        tab.pdf(path=str(tmp_path / f"{name}.pdf"), format="A4")
        run = subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True, text=True)
        printed[name] = " ".join(run.stdout.split())
    turns = len(seed_turns())
    assert (
        f"A filtered view: 1 of {turns} turns (speaker Gorbachev; topic Trade and the economy)" in printed["filtered"]
    )
    assert f"{site}/chapters/edition.html" in printed["filtered"]
    assert "A filtered view" not in printed["whole"]
    tab.close()


def test_a_reader_can_show_every_note_of_a_filtered_view(browser, site):
    tab = touch_page(browser, *PHONE)
    tab.goto(f"{site}/chapters/edition.html?speaker=Gorbachev&topic=trade")
    total = tab.locator("aside.footnote").count()
    assert tab.locator("aside.footnote:visible").count() < total
    button = tab.locator(".notes-filter-toggle")
    assert look_at(button) and button.inner_text() == "Show all notes"
    button.tap()
    assert tab.locator("aside.footnote:visible").count() == total
    assert tab.locator(".notes-filter").inner_text().startswith(f"Showing all {total} notes.")
    tab.context.close()


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two CSS rgb() colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_heading_reached_by_a_link_stays_readable_on_its_band(browser, site, scheme):
    tab = browser.new_page(viewport={"width": PHONE[0], "height": PHONE[1]}, color_scheme=scheme)
    tab.goto(f"{site}/chapters/edition.html#notes")
    heading = tab.locator("#notes > h2")
    colour, band = heading.evaluate("h => [getComputedStyle(h).color, getComputedStyle(h).backgroundColor]")
    assert band not in ("rgba(0, 0, 0, 0)", "transparent"), "no band marks the heading reached"
    assert contrast(colour, band) >= 4.5, (scheme, colour, band)
    tab.close()
