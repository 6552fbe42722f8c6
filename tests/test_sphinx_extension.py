"""The edition extension on a small test root (three turns, one gap, tiny annotations), with sphinx.testing:
the doctree and HTML it writes, its error path, an incremental rebuild after an annotation edit, and the
dirhtml and text builders. The tests that only read share one build of the root (`small_root`, conftest.py);
the handout links of the teachers' guide are tested in test_links.py. The whole book is built once elsewhere,
as the integration test."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError

from tests.conftest import SMALL_ROOT as ROOT


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    """A fresh copy of the test root, so that a test may edit its annotations."""
    return Path(shutil.copytree(ROOT, tmp_path / "src"))


def build(make_app, srcdir: Path, builder: str = "html", **overrides):
    app = make_app(builder, srcdir=srcdir, confoverrides=overrides, warningiserror=False)
    app.build()
    return app


def page(built, name: str) -> BeautifulSoup:
    """A page of a build: of a Sphinx application, or of the folder it wrote."""
    outdir = Path(built if isinstance(built, Path) else built.outdir)
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def test_each_turn_is_a_numbered_anchored_block_with_its_speaker_and_topics(small_root):
    html = page(small_root, "edition.html")
    turns = html.select("div.turn")
    assert [t["id"] for t in turns] == ["t01", "t02", "t03"]
    assert [t["data-speaker"] for t in turns] == ["Smith", "Jones", "Smith"]
    assert turns[2]["data-topics"] == "channel timing"
    assert turns[2].select_one("a.turn-number")["href"] == "#t03"
    assert [s.get_text() for s in turns[2].select(".turn-topics .topic")] == ["The channel", "Timing"]
    assert "A second paragraph of the same turn." in turns[2].get_text()
    gap = html.select_one("div.gap")
    assert gap["id"] == "g1" and gap["role"] == "note" and "Omitted in the published source" in gap.get_text()


def test_notes_are_footnotes_after_their_lemma_with_their_kind(small_root):
    html = page(small_root, "edition.html")
    marker = html.select_one("#t01 a.footnote-reference")
    assert "note-explanatory" in marker["class"]
    assert marker.previous_sibling.endswith("a channel")
    note = html.find(id=marker["href"].lstrip("#"))
    assert "Explanatory note." in note.get_text() and "persons.html#person-brown" in str(note)
    assert "note-textual" in html.select_one("#g1 a.footnote-reference")["class"]


def test_the_heading_block_and_downloads_come_from_the_seed(small_root):
    html = page(small_root, "edition.html")
    heading = html.select_one(".edition-heading").get_text(" ")
    assert "3 March 1990" in heading and "Gail Translator" in heading and "https://example.org/document/1" in heading
    assert [a["href"] for a in html.select(".turn-downloads a")] == ["data/turns.csv", "data/turns.json"]
    with (small_root / "data" / "turns.csv").open(encoding="utf-8") as rows:
        assert [row["id"] for row in csv.DictReader(rows)] == ["t01", "t02", "t03"]


def test_the_registers_point_back_to_the_turns(small_root):
    brown = page(small_root, "persons.html").find(id="person-brown").find_parent("section")
    assert {a["href"] for a in brown.find_all("a", href=True) if "#t" in a["href"]} >= {"edition.html#t01"}
    meeting = page(small_root, "chronology.html").find(id="event-meeting")
    assert "April 1990" in meeting.get_text() and meeting.find("a", href="edition.html#t03")


def test_dirhtml_links_follow_the_builder(make_app, srcdir):
    app = build(make_app, srcdir, "dirhtml")
    html = page(app, "edition/index.html")
    assert [a["href"] for a in html.select(".turn-downloads a")] == ["../data/turns.csv", "../data/turns.json"]
    assert (Path(app.outdir) / "data" / "turns.json").is_file()


def test_the_text_builder_shows_the_words_without_the_furniture(make_app, srcdir):
    app = build(make_app, srcdir, "text")
    text = (Path(app.outdir) / "edition.txt").read_text(encoding="utf-8")
    assert "Jones.** Yes, Brown would do." in " ".join(text.split())
    assert "Download the turns" not in text and "Turn 1" not in text


def test_a_broken_note_stops_the_build_naming_every_problem(make_app, srcdir):
    notes = srcdir / "annotations" / "notes.yml"
    text = notes.read_text(encoding="utf-8").replace("turn: t01", "turn: t09").replace("kind: textual", "kind: txt")
    notes.write_text(text, encoding="utf-8")
    with pytest.raises(ExtensionError) as raised:
        make_app("html", srcdir=srcdir)
    message = str(raised.value)
    assert "2 problems" in message
    assert "notes.yml, line 2, note 'channel' (entry 1): unknown turn 't09'" in message
    assert "note 'gap-one' (entry 2): unknown kind 'txt'" in message and "Fix: use one of textual" in message


def test_an_annotation_edit_rebuilds_the_edition_page(make_app, srcdir):
    build(make_app, srcdir)
    notes = srcdir / "annotations" / "notes.yml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("A confidential line", "A private line"), "utf-8")
    app = make_app("html", srcdir=srcdir)
    reread: list[str] = []  # the documents Sphinx reads again, as it tells its extensions
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.build()
    assert "edition" in reread and "index" not in reread  # the page that shows the notes; not every page
    assert "persons" not in reread and "chronology" not in reread  # they show where entries appear, not notes
    assert "A private line of communication." in page(app, "edition.html").get_text()

    persons = srcdir / "annotations" / "persons.yml"
    persons.write_text(persons.read_text(encoding="utf-8").replace("A go-between.", "An intermediary."), "utf-8")
    app = make_app("html", srcdir=srcdir)
    reread.clear()
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.build()
    assert "persons" in reread and "chronology" not in reread  # the register that shows the office
    assert "An intermediary." in page(app, "persons.html").get_text()


def test_a_second_build_in_the_same_process_loads_the_edited_data(make_app, srcdir):
    """The preview calls Sphinx again in one process: the data is loaded again when a file changed."""
    app = build(make_app, srcdir)
    notes = srcdir / "annotations" / "notes.yml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("A confidential line", "A private line"), "utf-8")
    app.build()
    assert "A private line of communication." in page(app, "edition.html").get_text()


def test_a_work_with_editors_and_no_author_is_listed_under_its_editors():
    from pybtex.database import parse_string

    from edition.sphinx.bibliography_style import EditionStyle

    bib = """@misc{ebb, editor = {Savranskaya, Svetlana and Blanton, Thomas}, title = {Reagan, {Gorbachev} and {Bush}},
              howpublished = {Briefing Book}, year = {2008}}
             @misc{plain, title = {Untitled Note}, year = {2001}}"""
    entries = parse_string(bib, "bibtex").entries
    formatted = {e.key: e.text.render_as("text") for e in EditionStyle().format_entries(entries.values())}
    assert formatted["ebb"].startswith("Svetlana Savranskaya and Thomas Blanton, editors. Reagan, Gorbachev and Bush.")
    assert formatted["plain"].startswith("Untitled note.")
