"""The whole edition loaded in one call, checked against what the files say (read by eye), and every problem of
every file gathered into one error. These tests call the loader themselves rather than share the session's
copy, so that mutation testing (`make mutate`) sees which test exercises it."""

from __future__ import annotations

import pytest

import edition
from edition import AnnotationError
from edition.data.apparatus import load_apparatus
from edition.data.sources import SEED, Sources, find_root
from tests.conftest import edited_sources
from tests.test_registers import mismatches


def test_the_edition_as_loaded():
    loaded = load_apparatus(edition.sources())
    assert [t.id for t in loaded.document.turns][:3] == ["t01", "t02", "t03"]
    assert {"masterpieces-2010", "wilson-record-1989", "frus-1981-88-v06-d181"} <= loaded.citation_keys
    assert loaded.registers.entry("person:dobrynin").forms == ("Anatoly Dobrynin",)
    assert loaded.registers.entry("event:jeb-bush-armenia").after == ("armenian-earthquake",)
    assert {(n.segment, n.lemma) for n in loaded.notes} >= {("t05", "Jackson-Yanik"), ("t12", "his letter")}
    assert loaded.topics.by_turn["t04"] == ("trade", "jackson-vanik")
    assert mismatches(loaded.appearances) == []


def test_a_broken_bibliography_and_a_broken_note_are_reported_together(tmp_path):
    bib = edition.sources().bibliographies[0].read_text(encoding="utf-8") + "\n@book{broken, title = {x\n"
    sources = edited_sources(tmp_path, {"notes": ("lemma: George Bush\n", "lemma: George Busch\n")}, bib)
    with pytest.raises(AnnotationError) as raised:
        load_apparatus(sources)
    files = [p.file.rsplit("/", 1)[-1] for p in raised.value.problems]
    assert files[0] == "references.bib" and "notes.yml" in files


def test_the_edition_is_found_from_a_folder_inside_it(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / SEED).write_text("x", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    assert find_root(tmp_path / "notebooks") == tmp_path.resolve()
    where = Sources.at(tmp_path)
    assert (where.root, where.seed, where.annotations) == (tmp_path, tmp_path / SEED, tmp_path / "annotations")
    assert (where.bibliographies, where.context) == ((tmp_path / "references.bib",), tmp_path / "chapters/context")
    assert where.topics == tmp_path / "annotations" / "topics.yml"


def test_a_folder_with_a_book_but_not_the_seed_is_not_the_edition(tmp_path):
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError) as raised:
        find_root(tmp_path)
    assert str(raised.value) == (
        f"No edition found in {tmp_path.resolve()} or above it (a folder with _config.yml and {SEED}). Run this from "
        "inside a copy of the edition's repository, or pass its folder explicitly."
    )
