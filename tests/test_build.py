"""The built book as a reader gets it: a clean build, and the edition page carrying every word of the seed."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

import edition
from edition.data.document import split_seed
from tests.conftest import ROOT
from tests.test_registers import seed_turns

EDITORIAL = ".ed, .footnote-reference, .headerlink"


def edition_page(html: Path) -> BeautifulSoup:
    return BeautifulSoup((html / "chapters" / "edition.html").read_text(encoding="utf-8"), "html.parser")


def test_the_book_builds_with_zero_warnings(book):
    assert book.returncode == 0, book.log[-4000:]
    problems = [line for line in book.log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL):", line)]
    assert problems == []
    assert (book.html / "index.html").exists()


def test_the_notebooks_run_side_by_side_and_myst_nb_takes_their_outputs_from_the_cache(book):
    """The canary of edition.speed.notebook_runs: the three notebooks are executed at once ahead of myst-nb, and
    myst-nb finds each in its cache, executing none itself. If myst-nb stopped matching them (a new hash), each
    would be executed twice, and this fails."""
    from importlib.metadata import version

    log = re.sub(r"\x1b\[[0-9;]*m", "", book.log)
    assert "[edition] executing 3 notebooks side by side" in log
    upstream = f"myst-nb {version('myst-nb')}"
    assert log.count("Using cached notebook") == 3, f"{upstream} no longer takes the outputs from the cache"
    assert "Executing notebook using" not in log, f"{upstream} executed a notebook itself"
    # Their kernels use Unix sockets: a TCP kernel warns that it runs over TCP (and may take a port in use).
    assert "running over TCP" not in log, "a kernel was started over TCP"


def test_every_word_of_the_seed_reaches_the_edition_page_in_order(html):
    _, body, _ = split_seed(edition.sources().seed.read_text(encoding="utf-8"))
    transcript = edition_page(html).select_one("div.transcript")
    for editorial in transcript.select(EDITORIAL):
        editorial.decompose()
    paragraphs = [p.get_text() for p in transcript.find_all("p")]
    assert " ".join(paragraphs).split() == body.split()


def test_every_turn_has_its_anchor_number_and_permalink(html, document):
    page = edition_page(html)
    for turn in document.turns:
        block = page.find(id=turn.id)
        assert block is not None, f"no element with id {turn.id}"
        assert "turn" in block["class"]
        assert block["data-speaker"] == turn.speaker
        assert block.has_attr("data-topics")
        link = block.select_one(f'a.turn-number[href="#{turn.id}"]')
        assert link is not None and link.get_text(" ", strip=True) == f"Turn {turn.n}"
        assert block.get_text(" ").split()[2] == f"{turn.speaker}."
    assert len(page.select(".turn")) == len(document.turns)


def test_the_gaps_are_marked_as_editorial_elisions(html, document):
    page = edition_page(html)
    gaps = page.select("div.gap")
    assert [g["id"] for g in gaps] == [g.id for g in document.gaps]
    for gap in gaps:
        assert "Omitted in the published source" in gap.get_text()
        assert "[...]" in gap.get_text()
        assert gap.select_one("a.footnote-reference.note-textual") is not None
        assert "data-speaker" not in gap.attrs


def footnote_for(page: BeautifulSoup, marker) -> BeautifulSoup:
    return page.find(id=marker["href"].lstrip("#"))


def test_jackson_yanik_is_kept_with_its_sic_note(html):
    page = edition_page(html)
    t05 = page.find(id="t05")
    assert "The Jackson-Yanik" in t05.get_text()
    marker = t05.find(string=re.compile("Jackson-Yanik")).find_next("a", class_="footnote-reference")
    note = footnote_for(page, marker)
    assert "note-textual" in marker["class"] and "note-textual" in note["class"]
    assert "sic" in note.get_text() and "Jackson-Vanik" in note.get_text()


def test_textual_and_explanatory_notes_look_different(html):
    page = edition_page(html)
    markers = page.select("div.transcript a.footnote-reference")
    assert markers, "no note markers"
    kinds = set()
    for marker in markers:
        note = footnote_for(page, marker)
        kind = next(c for c in marker["class"] if c.startswith("note-"))
        assert kind in note["class"]
        label = "Textual note." if kind == "note-textual" else "Explanatory note."
        assert note.get_text(" ", strip=True).split("]", 1)[1].strip().startswith(label)
        kinds.add(kind)
    assert kinds == {"note-textual", "note-explanatory"}


def test_the_heading_block_comes_from_the_seed_header(html, document):
    heading = edition_page(html).select_one(".edition-heading").get_text(" ")
    m = document.metadata
    for expected in (m.participants[0], m.participants[1], m.citation.translator, m.citation.url, "17 January 1989"):
        assert expected in heading
    assert edition_page(html).find("h1").get_text().startswith(m.title)


def test_the_book_sources_are_where_the_design_says():
    for name in ("_config.yml", "_toc.yml", "README.md", "requirements.txt", "runtime.txt", "references.bib"):
        assert (ROOT / name).is_file(), name


def test_the_page_offers_the_turns_as_data_built_from_the_same_source(html):
    """The downloads hold the record's turns as the seed prints them (read here without the package's parser)
    and the editors' topics as annotations/topics.yml gives them."""
    links = [a["href"] for a in edition_page(html).select(".turn-downloads a")]
    assert links == ["../data/turns.csv", "../data/turns.json"]
    tagged = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text(encoding="utf-8"))["turns"]
    expected = []
    for n, turn in enumerate(seed_turns(), start=1):
        speaker, text = turn.split(". ", 1)
        topics = tagged[f"t{n:02d}"]
        expected.append(
            {
                "turn": n,
                "id": f"t{n:02d}",
                "speaker": speaker,
                "topics": topics,
                "text": text,
                "words": len(text.split()),
            }
        )
    assert json.loads((html / "data" / "turns.json").read_text(encoding="utf-8")) == expected
    with (html / "data" / "turns.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    assert [(row["id"], row["speaker"], row["text"]) for row in rows] == [
        (e["id"], e["speaker"], e["text"]) for e in expected
    ]
    assert list(rows[0]) == ["turn", "id", "speaker", "topics", "text", "words"]


def test_every_turn_shows_its_topics(html):
    page = edition_page(html)
    topics = edition.load_edition_topics()
    for turn_id, ids in topics.by_turn.items():
        block = page.find(id=turn_id)
        assert block["data-topics"].split() == list(ids)
        shown = [t.get_text() for t in block.select(".turn-topics .topic")]
        assert shown == [topics.label(i) for i in ids]
