"""The apparatus holds together: every reference resolves, every register entry is used, every paragraph cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import edition
from edition import AnnotationError
from edition.data.appearances import appearances
from edition.data.registers import load_registers
from tests.conftest import ROOT

CHAPTERS = {p.stem for p in (ROOT / "chapters" / "context").glob("*.md")}
CITED_PAGES = sorted((ROOT / "chapters" / "context").glob("*.md")) + [
    ROOT / "chapters" / "introduction.md",
    ROOT / "chapters" / "read-alongside.md",
]
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")


@pytest.fixture(scope="module")
def registers(apparatus):
    return apparatus.registers


@pytest.fixture(scope="module")
def notes(apparatus):
    return apparatus.notes


def paragraphs(markdown: str) -> list[str]:
    """The prose blocks of a MyST page: no headings, labels, fences, tables; list items one by one."""
    blocks = []
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or block.startswith(("#", "(", "```", ":::", "|", "<!--")):
            continue
        items = re.split(r"\n(?=[-*] |\d+\. )", block)
        blocks.extend(item for item in items if item.strip())
    return blocks


@pytest.mark.parametrize("page", CITED_PAGES, ids=lambda p: p.stem)
def test_every_paragraph_of_the_context_chapters_carries_a_citation(page: Path):
    uncited = [p[:70] for p in paragraphs(page.read_text(encoding="utf-8")) if not CITE.search(p)]
    assert uncited == [], f"{page.name}: paragraphs without a citation: {uncited}"


def test_the_paragraph_check_can_fail():
    text = "# Title\n\nA claim with a source {cite:p}`x`.\n\nA claim without one.\n\n- item {cite:p}`y`\n- bare item\n"
    assert [p for p in paragraphs(text) if not CITE.search(p)] == ["A claim without one.", "- bare item"]


def test_every_citation_key_used_anywhere_is_in_the_bibliography(keys):
    pages = [*ROOT.glob("*.md"), *ROOT.glob("chapters/**/*.md"), *ROOT.glob("notebooks/*.ipynb")]
    used = {
        k.strip() for page in pages for role in CITE.findall(page.read_text(encoding="utf-8")) for k in role.split(",")
    }
    assert used - keys == set()
    assert len(keys) >= 15


def test_every_term_and_register_link_in_the_chapters_resolves(registers):
    terms = {t.lower() for entry in registers.terms for t in entry.headwords}
    labels = {f"person-{p.id}" for p in registers.persons} | {f"event-{e.id}" for e in registers.events}
    for page in ROOT.glob("chapters/**/*.md"):
        text = page.read_text(encoding="utf-8")
        for role in re.findall(r"\{term\}`([^`]*)`", text):
            target = re.sub(r".*<(.*)>", r"\1", role).lower()
            assert target in terms, f"{page.name}: unknown glossary term {role!r}"
        for label in re.findall(r"<((?:person|event)-[a-z0-9-]+)>`", text):
            assert label in labels, f"{page.name}: unknown register label {label!r}"


def test_every_register_entry_is_used_or_marked_as_background(registers, notes, document):
    seen = appearances(registers, notes, document)
    unused = [ref for ref in sorted(registers.refs()) if not seen.get(ref) and not registers.entry(ref).background]
    assert unused == []


def test_everyone_named_in_the_record_has_an_entry_and_a_note(registers, notes, document):
    body = " ".join(p for t in document.turns for p in t.paragraphs)
    pointed = {ref for note in notes for ref in note.see}
    for person in registers.persons:
        if not person.background:
            assert person.name.split()[-1] in body or person.name.split()[-1] in document.speakers, person.id
            assert f"person:{person.id}" in pointed or person.name.split()[-1] in document.speakers, person.id
    for name in ("Bush", "Dobrynin", "Scowcroft", "Gorbachev", "Kissinger"):
        assert any(p.name.endswith(name) and not p.background for p in registers.persons), name


def test_explanatory_notes_link_to_the_registers(notes):
    explanatory = [n for n in notes if n.kind == "explanatory"]
    assert len(explanatory) >= 15
    assert all(n.see for n in explanatory), [n.id for n in explanatory if not n.see]


def _broken(tmp_path, document, keys, name: str, old: str, new: str) -> str:
    for register in ("persons", "events", "terms"):
        text = (edition.sources().annotations / f"{register}.yml").read_text(encoding="utf-8")
        if register == name:
            assert old in text
            text = text.replace(old, new, 1)
        (tmp_path / f"{register}.yml").write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        load_registers(tmp_path, document, keys, CHAPTERS)
    assert f"{name}.yml" in str(raised.value)
    return str(raised.value)


def test_an_unknown_citation_key_in_a_register(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "persons", "cite: [pmnewsmalta-2022-gorbachev", "cite: [nobody-2000")
    assert "'gorbachev' (entry 1): unknown citation key 'nobody-2000'" in message


def test_an_impossible_date(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "events", 'date: "1972-05-22"', 'date: "1972-02-30"')
    assert "'moscow-summit-1972' (entry 1): 'date'" in message and "YYYY-MM-DD" in message


def test_an_unknown_turn_in_a_register(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "terms", "turns: [t11]", "turns: [t31]")
    assert "unknown turn 't31'" in message


def test_an_unknown_chapter(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "events", "chapter: back-channels", "chapter: back-channel")
    assert "unknown chapter 'back-channel'" in message


def test_a_note_pointing_to_a_missing_entry(tmp_path, document, keys, registers):
    text = (
        (edition.sources().annotations / "notes.yml")
        .read_text(encoding="utf-8")
        .replace("person:dobrynin", "person:dobrinin")
    )
    path = tmp_path / "notes.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"note 'dobrynin' .*'see' names 'person:dobrinin'"):
        edition.load_notes([path], document, keys, registers.refs())


def test_the_built_registers_link_back_to_the_turns(html, registers, notes, document):
    seen = appearances(registers, notes, document)
    pages = {
        kind: BeautifulSoup((html / "chapters" / f"{kind}.html").read_text(), "html.parser")
        for kind in ("persons", "chronology", "glossary")
    }
    for person in registers.persons:
        anchor = pages["persons"].find(id=f"person-{person.id}")
        block = anchor if anchor.name == "section" else anchor.find_parent("section")
        hrefs = {a["href"].split("#")[1] for a in block.find_all("a", href=re.compile("edition.html#t"))}
        assert hrefs == set(seen.get(f"person:{person.id}", [])), person.id
    for event in registers.events:
        block = pages["chronology"].find(id=f"event-{event.id}")
        hrefs = {a["href"].split("#")[1] for a in block.find_all("a", href=re.compile("edition.html#t"))}
        assert hrefs == set(seen.get(f"event:{event.id}", [])), event.id


def test_the_edition_notes_link_to_the_registers(html, notes):
    page = BeautifulSoup((html / "chapters" / "edition.html").read_text(), "html.parser")
    targets = {"person": "persons.html#person-", "event": "chronology.html#event-", "term": "glossary.html#term-"}
    footnotes = page.select("aside.footnote.note-explanatory")
    assert len(footnotes) == len([n for n in notes if n.kind == "explanatory"])
    for note in footnotes:
        hrefs = [a["href"] for a in note.find_all("a")]
        assert any(any(t in h for t in targets.values()) for h in hrefs), note.get_text()[:80]
