"""How the built book is cited and exchanged, as a reader and a reference manager meet it: each turn's "Cite"
control (its texts, copying in Chromium, the keyboard, no JavaScript, print), the `citation_*` tags of every
page against the seed's header read here on its own, the "How to cite" page and the TEI download."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.exchange import EditionInfo
from edition.exchange.tei import write_tei
from edition.exchange.turn_citations import turn_citations
from tests.conftest import ROOT, tab_to
from tests.conftest import built_pages as conftest_pages
from tests.test_citations import ADDRESS, EXPECTED_CHICAGO

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
# The edition as _config.yml describes it, built here by hand (the site builds it with from_config).
INFO = EditionInfo(CONFIG["title"], (CONFIG["author"],), int(CONFIG["copyright"]), CONFIG["html"]["baseurl"] or None)
STYLES = ["chicago", "mla", "mla-in-text", "apa", "apa-in-text"]
COPIED = "Citation copied"


def soup(html: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")


def control_texts(page: BeautifulSoup, turn_id: str) -> dict[str, str]:
    control = page.find(id=turn_id).select_one("details.turn-cite")
    return {span["data-style"]: span.get_text() for span in control.select(".turn-cite-text")}


# --- the control's texts -----------------------------------------------------------------------------------


def test_each_turn_offers_the_three_styles_as_citeproc_formats_them(html, apparatus):
    page = soup(html, "chapters/edition.html")
    for turn in apparatus.document.turns:
        control = page.find(id=turn.id).select_one("details.turn-cite")
        assert control is not None and "ed" in control["class"], turn.id
        labels = [dt.get_text() for dt in control.select("dt")]
        assert [label.split()[0] for label in labels] == ["Chicago", "MLA", "MLA,", "APA", "APA,"]
        assert control_texts(page, turn.id) == turn_citations(apparatus, turn.id, INFO), turn.id
        assert control.select_one("summary").get_text() == f"Cite turn {turn.n}"
    assert len(page.select("details.turn-cite")) == len(apparatus.document.turns)


def test_turn_5_in_chicago_on_the_page_is_the_hand_checked_note(html):
    expected = EXPECTED_CHICAGO.replace(f", {ADDRESS}.", f", {INFO.turn_address('t05')}." if INFO.url else ".")
    assert control_texts(soup(html, "chapters/edition.html"), "t05")["chicago"] == expected


def test_an_address_only_where_the_book_has_one(html, apparatus):
    page = soup(html, "chapters/edition.html")
    for turn in apparatus.document.turns:
        texts = " ".join(control_texts(page, turn.id).values())
        if INFO.url:
            assert INFO.turn_address(turn.id) in texts
        else:
            record = "https://digitalarchive.umd.edu/document/134823"  # the seed's own address, in every build
            assert "http" not in texts.replace(record, "") and "edition.html" not in texts and "#t" not in texts, (
                turn.id
            )


# --- the control in a browser ------------------------------------------------------------------------------


@pytest.fixture
def context(browser, site):
    """A browser context allowed to use the clipboard, as a reader's browser allows it after a click."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    yield context
    context.close()


def test_copy_puts_the_citation_on_the_clipboard_and_announces_it(context, site, apparatus):
    page = context.new_page()
    page.goto(f"{site}/chapters/edition.html")
    cited = turn_citations(apparatus, "t05", INFO)
    page.click("#t05 details.turn-cite > summary")
    for style in ("chicago", "apa-in-text"):
        button = page.locator(f'#t05 .turn-cite-text[data-style="{style}"] + button')
        assert button.inner_text().startswith("Copy")
        page.evaluate("navigator.clipboard.writeText('')")
        button.click()
        status = page.locator("#t05 .turn-cite-status")
        status.wait_for(state="visible")
        page.wait_for_function(f"document.querySelector('#t05 .turn-cite-status').textContent === '{COPIED}'")
        assert status.get_attribute("role") == "status"
        assert page.evaluate("navigator.clipboard.readText()") == cited[style]
    page.close()


def test_the_copy_check_notices_an_empty_clipboard(context, site):
    page = context.new_page()
    page.goto(f"{site}/chapters/edition.html")
    page.evaluate("navigator.clipboard.writeText('')")
    assert page.evaluate("navigator.clipboard.readText()") == ""
    page.close()


def test_the_control_works_from_the_keyboard(context, site, apparatus):
    page = context.new_page()
    page.goto(f"{site}/chapters/edition.html")
    summary = "#t05 details.turn-cite > summary"
    tab_to(page, summary)
    assert not page.evaluate("document.querySelector('#t05 details.turn-cite').open")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('#t05 details.turn-cite').open")
    assert page.locator('#t05 .turn-cite-text[data-style="chicago"]').is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('#t05 button.turn-cite-copy')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('#t05 .turn-cite-status').textContent === '{COPIED}'")
    assert page.evaluate("navigator.clipboard.readText()") == turn_citations(apparatus, "t05", INFO)["chicago"]
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('#t05 details.turn-cite').open")
    assert page.evaluate(f"document.activeElement.matches('{summary}')")
    page.close()


def test_without_javascript_the_citations_are_text_on_the_page(browser, site, apparatus):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/chapters/edition.html")
    page.click("#t05 details.turn-cite > summary")
    chicago = page.locator('#t05 .turn-cite-text[data-style="chicago"]')
    assert chicago.is_visible() and chicago.inner_text() == turn_citations(apparatus, "t05", INFO)["chicago"]
    assert page.locator("#t05 button.turn-cite-copy").count() == 0
    context.close()


def test_the_control_is_not_printed(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/chapters/edition.html")
    page.click("#t05 details.turn-cite > summary")
    assert page.locator("#t05 details.turn-cite > summary").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("#t05 details.turn-cite > summary").is_visible()
    assert not page.locator('#t05 .turn-cite-text[data-style="chicago"]').is_visible()
    page.close()


# --- the citation_* tags -----------------------------------------------------------------------------------


def seed_header() -> dict[str, str]:
    """The record's title, date, note-taker and publisher as the seed's header prints them."""
    (seed,) = sorted((ROOT / "seeds").glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    date = re.search(r"^# \*\*(.+?)\*\*$", text, re.M).group(1)
    title = re.search(r"^## \*\*(.+?)\*\*$", text, re.M).group(1)
    citation = re.search(r'^"[^"]+", [A-Z][a-z]+ \d+, \d{4}, ([^,]+), .*Notes of (.+?)\. Translated by', text, re.M)
    initials, family = citation.group(2).rsplit(" ", 1)
    return {
        "citation_title": title,
        "citation_date": datetime.strptime(date, "%B %d, %Y").strftime("%Y/%m/%d"),
        "citation_author": f"{family}, {initials}",
        "citation_publisher": citation.group(1),
    }


def tags(page: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in page.head.find_all("meta", attrs={"name": re.compile(r"^citation_")}):
        found.setdefault(meta["name"], []).append(meta["content"])
    return found


def missing_tags(page: BeautifulSoup) -> list[str]:
    """What Zotero and Google Scholar need that the page lacks: a title, an author, a date, a publisher."""
    have = tags(page)
    needed = [("citation_title",), ("citation_author",), ("citation_publication_date", "citation_date")]
    needed.append(("citation_publisher",))
    return [" or ".join(names) for names in needed if not any(have.get(name) for name in names)]


def built_pages(html: Path) -> list[str]:
    """Every page of the built site (conftest.built_pages), by its path in the site."""
    return [p.relative_to(html).as_posix() for p in conftest_pages(html)]


def test_every_page_carries_the_citation_tags(html):
    pages = built_pages(html)
    assert len(pages) > 20
    assert {page: missing for page in pages if (missing := missing_tags(soup(html, page)))} == {}


def test_the_tag_check_notices_a_page_without_them():
    bare = BeautifulSoup(
        "<html><head><meta name='citation_title' content='x'></head><body></body></html>", "html.parser"
    )
    assert missing_tags(bare) == ["citation_author", "citation_publication_date or citation_date", "citation_publisher"]


def test_the_edition_page_describes_the_record_as_the_seed_does(html):
    found = tags(soup(html, "chapters/edition.html"))
    assert {name: found.get(name) for name in seed_header()} == {name: [v] for name, v in seed_header().items()}
    assert found["citation_date"] == ["1989/01/17"]


def test_the_other_pages_describe_the_edition_as_the_config_does(html):
    for page in built_pages(html):
        if page == "chapters/edition.html":
            continue
        found = tags(soup(html, page))
        assert found["citation_author"] == [CONFIG["author"]], page
        assert found["citation_publication_date"] == [str(CONFIG["copyright"])], page
        # The theme's <title> is the page's title, a dash and the book's title.
        shown = soup(html, page).title.get_text().strip()
        title = CONFIG["title"] if page == "index.html" else re.sub(rf" [—-] {re.escape(CONFIG['title'])}$", "", shown)
        assert found["citation_title"] == [title], page
        assert found.get("citation_inbook_title") == (None if page == "index.html" else [CONFIG["title"]]), page
        assert ("citation_public_url" in found) == bool(INFO.url), page


# --- "How to cite" and the TEI download -------------------------------------------------------------------


def test_how_to_cite_shows_turn_5_as_its_control_does(html):
    listing = soup(html, "chapters/how-to-cite.html").select_one("dl.turn-citations")
    shown = [" ".join(dd.get_text().split()) for dd in listing.select("dd")]
    control = control_texts(soup(html, "chapters/edition.html"), "t05")
    assert shown == [" ".join(control[style].split()) for style in STYLES]
    assert listing.select_one("dd em").get_text() in control["chicago"]  # the edition's title in italics


def test_the_edition_page_links_the_tei_the_export_writes(html, apparatus, tmp_path):
    page = soup(html, "chapters/edition.html")
    (link,) = page.select(".tei-download a")
    site_tei = (html / "chapters" / link["href"]).resolve()
    assert site_tei == (html / "data" / "edition-tei.xml").resolve()
    exported = write_tei(apparatus, INFO, tmp_path / "edition.xml")
    assert site_tei.read_bytes() == exported.read_bytes()


def test_the_small_root_builds_without_a_site_address(small_root):
    """(The addresses under a site and under dirhtml: tests/test_addresses.py.)"""
    page = BeautifulSoup((small_root / "edition.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("details.turn-cite")) == 3
