"""Citations of a turn in Chicago (17th ed., notes), MLA (9th ed.) and APA (7th ed.), formatted by citeproc.

Each expected string was first written by hand from the style's own rules (quoted in the comments), then
set beside citeproc's output. Where they differ, the comment says why and what was decided; the test pins the
output that ships (the EXPECTED_ strings), so a change in the processor, the styles or the data is noticed.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from citeproc import Locator, formatter

import edition
from edition.exchange import EditionInfo
from edition.exchange.citation import STYLES, _format, _punctuation_in_quote, csl_item, turn_citations

TITLE = "Gorbachev and Kissinger, 17 January 1989: a critical edition"
EDITORS = ("The editors of this edition",)  # _config.yml names no person; the name is kept whole
ONLINE = EditionInfo(TITLE, EDITORS, 2026, "https://example.org/edition/")
OFFLINE = EditionInfo(TITLE, EDITORS, 2026, None)
ADDRESS = "https://example.org/edition/chapters/edition.html#t05"
ROOT = Path(__file__).resolve().parent.parent

# The record is cited under its note-taker, A. S. Chernyaev, where its publisher begins with the title: in all
# three CSL styles a work without an author is listed under its editors (or its translator), so the title can lead
# only if the edition's editors go unnamed (see csl_item; "How to cite" says so in one sentence). The record's
# date is its original date and the publisher is the archive that holds it; nowhere does a citation pair the
# publisher with 1989 (see test_no_style_dates_the_publisher_to_1989).

# Chicago 17th ed., first full note for a part of an edited work (CMOS 14.106), translated (14.104), with its
# archive (14.222), URL last (14.6). By hand:
#   A. S. Chernyaev, “Record of Conversation between M. S. Gorbachev and H. Kissinger,” January 17, 1989, trans.
#   Svetlana Savranskaya, in Gorbachev and Kissinger, 17 January 1989: A Critical Edition, ed. The editors of this
#   edition (2026), turn 5, Notes of A.S. Chernyaev, Archive of the Gorbachev Foundation, Wilson Center Digital
#   Archive, https://example.org/edition/chapters/edition.html#t05.
# citeproc differs in three ways, each accepted:
# - "trans. Svetlana Savranskaya" follows the editors, not the record's title: CSL has one translator variable,
#   which the style prints with the editors. Every word of the record in the edition is her translation.
# - The record's date stands with the edition's year ("January 17, 1989, 2026", no parentheses): CSL holds it as
#   the original date, which the style prints in the publication facts of an archival manuscript. The order
#   still reads as the record's date, then the edition's year.
# - The archive and collection come in the publisher's order ("Archive of the Gorbachev Foundation, Notes of
#   A.S. Chernyaev"), not collection first: they are the publisher's words, kept as one piece.
EXPECTED_CHICAGO = (
    "A. S. Chernyaev, “Record of Conversation between M. S. Gorbachev and H. Kissinger,” in Gorbachev and "
    "Kissinger, 17 January 1989: A Critical Edition, ed. The editors of this edition, trans. Svetlana Savranskaya, "
    "January 17, 1989, 2026, turn 5, Archive of the Gorbachev Foundation, Notes of A.S. Chernyaev, Wilson Center "
    f"Digital Archive, {ADDRESS}."
)

# MLA 9th ed. works-cited entry: Author. "Title of source." Optional original date (5.19). Contributors to the
# source. Title of container, contributors to it, date, location (5.106). By hand:
#   Chernyaev, A. S. “Record of Conversation between M. S. Gorbachev and H. Kissinger.” 17 Jan. 1989. Translated by
#   Svetlana Savranskaya. Gorbachev and Kissinger, 17 January 1989: A Critical Edition, edited by The editors of
#   this edition, 2026, Wilson Center Digital Archive, Archive of the Gorbachev Foundation, Notes of A.S.
#   Chernyaev, https://example.org/edition/chapters/edition.html#t05.
# citeproc puts the translator among the container's contributors (one translator variable, as for Chicago).
# Accepted for the same reason.
EXPECTED_MLA = (
    "Chernyaev, A. S. “Record of Conversation between M. S. Gorbachev and H. Kissinger.” 17 Jan. 1989. Gorbachev "
    "and Kissinger, 17 January 1989: A Critical Edition, edited by The editors of this edition, translated by "
    "Svetlana Savranskaya, 2026, Wilson Center Digital Archive, Archive of the Gorbachev Foundation, Notes of A.S. "
    f"Chernyaev, {ADDRESS}."
)
# MLA in the text: author and locator, the title only to tell works by one author apart: "(Chernyaev, turn 5)".
# citeproc-py treats the style's `disambiguate` condition as always true, so the title always appears. Accepted:
# a paper on these weeks may well cite other records by Chernyaev, and then MLA wants the title.
#   (Chernyaev, turn 5)
EXPECTED_MLA_IN_TEXT = "(Chernyaev, “Record of Conversation between M. S. Gorbachev and H. Kissinger,” turn 5)"

# APA 7th ed. chapter in an edited book (10.3), translated and republished (10.2): sentence-case titles (6.17),
# initials for the translator, "Trans." and "Ed." (9.10), the repository with the archive and collection in
# parentheses as the style prints an archival source, "(Original work published…)". By hand:
#   Chernyaev, A. S. (2026). Record of conversation between M. S. Gorbachev and H. Kissinger (S. Savranskaya,
#   Trans.). In The editors of this edition (Ed.), Gorbachev and Kissinger, 17 January 1989: A critical edition.
#   Wilson Center Digital Archive (Archive of the Gorbachev Foundation, Notes of A.S. Chernyaev).
#   https://example.org/edition/chapters/edition.html#t05 (Original work published 1989)
# citeproc differs in three places; accepted and stated here, since a fix would mean editing its output by hand:
# - "Record of Conversation": the title stays as the publisher prints it (APA wants sentence case, which CSL
#   expects in the data; the edition does not re-case the publisher's title, and Chicago and MLA need it so).
# - "a critical edition": citeproc-py does not capitalise the first word after a colon.
# - "Svetlana Savranskaya, trans." and "(ed.)": the translator is a literal name (see csl_item: citeproc-py
#   would shorten it to "S." in Chicago and MLA, whose rules want the full name), and citeproc-py does not apply
#   the style's title case to the labels.
EXPECTED_APA = (
    "Chernyaev, A. S. (2026). Record of Conversation between M. S. Gorbachev and H. Kissinger (Svetlana "
    "Savranskaya, trans.). In The editors of this edition (ed.), Gorbachev and Kissinger, 17 January 1989: a "
    "critical edition. Wilson Center Digital Archive (Archive of the Gorbachev Foundation, Notes of A.S. "
    f"Chernyaev). {ADDRESS} (Original work published 1989)"
)
# APA in the text: both years of a republished work, and a non-page locator in long form, capitalised (8.13).
# The rule and citeproc agree:
EXPECTED_APA_IN_TEXT = "(Chernyaev, 1989/2026, Turn 5)"


@pytest.fixture(scope="module")
def online(apparatus: edition.Apparatus) -> dict[str, str]:
    return turn_citations(apparatus, "t05", ONLINE)


@pytest.fixture(scope="module")
def offline(apparatus: edition.Apparatus) -> dict[str, str]:
    return turn_citations(apparatus, "t05", OFFLINE)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("chicago", EXPECTED_CHICAGO),
        ("mla", EXPECTED_MLA),
        ("mla-in-text", EXPECTED_MLA_IN_TEXT),
        ("apa", EXPECTED_APA),
        ("apa-in-text", EXPECTED_APA_IN_TEXT),
    ],
)
def test_turn_5_in_each_style(online: dict[str, str], style: str, expected: str) -> None:
    assert online[style] == expected


def test_the_turn_is_cited_by_its_number(online: dict[str, str]) -> None:
    assert "turn 5" in online["chicago"] and "turn 5" in online["mla-in-text"] and "Turn 5" in online["apa-in-text"]


def test_with_an_address_the_turn_links_to_its_anchor(online: dict[str, str]) -> None:
    assert [style for style in ("chicago", "mla", "apa") if ADDRESS not in online[style]] == []


def test_without_an_address_no_address_is_printed(offline: dict[str, str]) -> None:
    for style, text in offline.items():
        assert "http" not in text and "URL" not in text and "None" not in text, style
        assert "example.org" not in text and "#t05" not in text, style
    assert offline["chicago"] == EXPECTED_CHICAGO.replace(f", {ADDRESS}.", ".")
    assert offline["apa"] == EXPECTED_APA.replace(f" {ADDRESS}", "")


def test_the_address_check_notices_an_address(online: dict[str, str]) -> None:
    assert any("http" in text for text in online.values())


def test_another_turn_gets_its_own_number_and_anchor(apparatus: edition.Apparatus) -> None:
    cited = turn_citations(apparatus, "t11", ONLINE)
    assert "turn 11" in cited["chicago"] and cited["chicago"].endswith("chapters/edition.html#t11.")


def dates_the_publisher_to_1989(text: str) -> bool:
    """The reading a reprint gives: the publisher with the record's year, as if it had printed it in 1989."""
    return "repr." in text or re.search(r"Wilson Center Digital Archive,? (\(?1989|January 17, 1989)", text) is not None


def test_no_style_dates_the_publisher_to_1989(online: dict[str, str]) -> None:
    assert [style for style, text in online.items() if dates_the_publisher_to_1989(text)] == []


def test_the_date_check_notices_the_publisher_as_original_publisher(apparatus: edition.Apparatus) -> None:
    """The modelling the edition left: the publisher as `original-publisher` beside the record's date."""
    item = csl_item(apparatus, "t05", ONLINE)
    item["original-publisher"] = item.pop("archive")
    cited = {style: _format(name, item, formatter.plain, Locator("turn", "5")) for style, name in STYLES.items()}
    listed = {style: _format(name, item, formatter.plain, None) for style, name in STYLES.items()}
    assert dates_the_publisher_to_1989(cited["chicago"]) and dates_the_publisher_to_1989(listed["mla"])


def test_an_unknown_turn_is_refused(apparatus: edition.Apparatus) -> None:
    with pytest.raises(ValueError, match="no turn 't13'"):
        turn_citations(apparatus, "t13", ONLINE)
    with pytest.raises(ValueError, match="no turn 'g1'"):
        turn_citations(apparatus, "g1", ONLINE)


def test_html_sets_the_edition_in_italics(apparatus: edition.Apparatus) -> None:
    html = turn_citations(apparatus, "t05", ONLINE, html=True)
    assert "<i>Gorbachev and Kissinger, 17 January 1989: A Critical Edition</i>" in html["chicago"]


def test_punctuation_goes_inside_the_closing_quote() -> None:
    assert _punctuation_in_quote("“Record,” in “Record.” x") == "“Record,” in “Record.” x"
    assert _punctuation_in_quote("“Record”, in “Record”. x") == "“Record,” in “Record.” x"
    assert _punctuation_in_quote("“Record”; in “Record”: x") == "“Record”; in “Record”: x"


def test_citation_cff_names_the_edition_as_the_book_does() -> None:
    """CITATION.cff repeats the book's title and author (its form is checked by `cffconvert --validate`)."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff["title"] == config["title"]
    assert cff["authors"] == [{"name": config["author"]}]
    assert not {"doi", "url", "repository-code"} & set(cff), "no address the edition has not confirmed"


CFFCONVERT = ROOT / ".venv-cff" / "bin" / "cffconvert"


def cff_check(path: Path) -> subprocess.CompletedProcess:
    assert CFFCONVERT.exists(), "cffconvert is missing: run `make install-test`"
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_cff_validates():
    run = cff_check(ROOT / "CITATION.cff")
    assert run.returncode == 0, run.stdout + run.stderr


def test_an_invalid_citation_cff_is_refused(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("cff-version:", "cff-versio:"))
    assert cff_check(broken).returncode != 0
