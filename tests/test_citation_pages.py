"""One form per style: "How to cite" and "Rights and reuse" show the citations of turn 5 that its "Cite"
control on the edition page shows, in the local book and in the published site; the bibliography of the built
book prints no year twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.exchange import from_config
from edition.exchange.turn_citations import turn_citations
from edition.sphinx.cite_control import STYLE_LABELS
from tests.conftest import ROOT, SITE
from tests.test_bibliography_style import year_twice

CHAPTERS = ["chapters/how-to-cite", "chapters/rights"]
STYLE_OF = {label: style for style, label in STYLE_LABELS.items()}


def soup(html: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")


def control(html: Path, turn_id: str = "t05") -> dict[str, str]:
    """The texts of a turn's "Cite" control on the edition page, by style."""
    panel = soup(html, "chapters/edition.html").find(id=turn_id).select_one("details.turn-cite")
    return {span["data-style"]: span.get_text() for span in panel.select(".turn-cite-text")}


def listed(html: Path, page: str) -> dict[str, str]:
    """The citations a chapter lists with {turn-citations}, by style (from their labels)."""
    listing = soup(html, page).select("dl.turn-citations")
    assert len(listing) == 1, f"{page}: {len(listing)} lists of a turn's citations"
    terms = listing[0].find_all("dt")
    return {STYLE_OF[dt.get_text()]: dt.find_next_sibling("dd").get_text().strip() for dt in terms}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_shows_what_the_cite_control_shows(html, chapter):
    assert listed(html, f"{chapter}.html") == control(html)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_and_so_does_the_published_site(student_html, chapter):
    shown = listed(student_html, f"{chapter}.html")
    assert shown == control(student_html)
    assert f"{SITE}chapters/edition.html#t05" in shown["chicago"], "the published note gives the turn's address"


def test_the_chapters_are_the_citations_of_the_book_s_configuration(html, apparatus):
    info = from_config(yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")))
    assert listed(html, "chapters/how-to-cite.html") == turn_citations(apparatus, "t05", info)


def test_the_comparison_notices_a_chapter_that_differs(html):
    """The lists are read whole, all five styles, so an edited or missing string shows."""
    shown = listed(html, "chapters/how-to-cite.html")
    assert set(shown) == set(STYLE_LABELS) and all(shown.values())
    assert {**shown, "chicago": shown["chicago"].replace("turn 5", "turn 5, para. 2")} != control(html)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_chapter_types_a_turn_citation_by_hand(chapter):
    """The chapters print the citations with the directive; a form typed in the text would drift from it."""
    text = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    assert "```{turn-citations} t05\n```" in text
    assert not re.search(r"turn \d+, in \*", text), "a hand-written form for citing a turn"


def test_the_built_bibliography_prints_no_year_twice(html):
    entries = [li.get_text() for li in soup(html, "chapters/bibliography.html").select('[role="listitem"]')]
    assert len(entries) > 100
    assert [text for text in entries if year_twice(text)] == []
