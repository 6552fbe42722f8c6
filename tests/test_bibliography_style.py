"""The bibliography's `edition` style prints each work's year once: a `howpublished` that gives the date
("Los Angeles Times, 3 January 1990") is not followed by the year again ("…, 1990, 1990")."""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_file, parse_string
from pybtex.style.formatting.plain import Style as PlainStyle

import edition
from edition.sphinx.bibliography_style import EditionStyle


def formatted(bib, style=EditionStyle) -> dict[str, str]:
    return {e.key: e.text.render_as("text") for e in style().format_entries(bib.entries.values())}


def year_twice(text: str) -> bool:
    """A year printed twice in a row ("December 1990, 1990"). A year with the label's letter after it
    ("1988, 1988a") is the label, which a reader needs to find the entry cited as "…, 1988a"."""
    return re.search(r"(?<!\d)(\d{4}), \1(?![\w])", text) is not None


@pytest.fixture(scope="module")
def entries() -> dict[str, str]:
    return formatted(parse_file(str(edition.sources().bibliographies[0]), "bibtex"))


def test_no_entry_of_the_bibliography_repeats_its_year(entries):
    assert [f"{key}: {text}" for key, text in entries.items() if year_twice(text)] == []


def test_the_year_check_notices_the_plain_style_s_repeat():
    """pybtex's plain style, which the edition's style changes, prints the year after a dated `howpublished`."""
    bib = parse_string(
        "@misc{v, author = {{The Washington Post}}, title = {Vanik}, year = {2007},"
        " howpublished = {The Washington Post, 1 September 2007}}",
        "bibtex",
    )
    assert year_twice(formatted(bib, PlainStyle)["v"])
    assert not year_twice(formatted(bib)["v"])


def test_every_year_is_still_printed_once(entries):
    """The fix leaves no entry without its year: it is printed, or its `howpublished` already gives it."""
    bib = parse_file(str(edition.sources().bibliographies[0]), "bibtex")
    undated = [key for key, e in bib.entries.items() if re.sub(r"[a-z]$", "", e.fields["year"]) not in entries[key]]
    assert undated == []


@pytest.mark.parametrize(
    ("fields", "ends"),
    [
        # The date given by howpublished: the year is not printed again.
        ("howpublished = {Los Angeles Times, 3 January 1990}, year = {1990}", "Los Angeles Times, 3 January 1990."),
        ("howpublished = {News On 6 (Tulsa), 2018}, year = {2018}", "News On 6 (Tulsa), 2018."),
        # The label's letter: the year is printed, as the label gives it.
        ("howpublished = {Los Angeles Times, 5 January 1988}, year = {1988a}", "5 January 1988, 1988a."),
        # A range that ends in the year is not a date: the year is printed.
        ("howpublished = {Foreign Relations, 1981--1988, volume VI}, year = {1988}", "volume VI, 1988."),
        # No year in howpublished, or no howpublished: the year is printed.
        ("howpublished = {AP News}, year = {1989}", "AP News, 1989."),
        ("year = {1989}", "1989."),
    ],
)
def test_the_year_after_howpublished(fields, ends):
    bib = parse_string(f"@misc{{a, author = {{{{AP}}}}, title = {{A}}, {fields}}}", "bibtex")
    assert formatted(bib)["a"].endswith(ends)


def test_a_work_under_its_editors_prints_its_year_once_too():
    bib = parse_string(
        "@misc{e, editor = {Burr, William}, title = {Back Channel}, year = {2007},"
        " howpublished = {Briefing Book No. 233, 2 November 2007}}",
        "bibtex",
    )
    assert formatted(bib)["e"] == "William Burr, editor. Back channel. Briefing Book No. 233, 2 November 2007."
