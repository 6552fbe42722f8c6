"""Readers see a topic by its label, never by its id: no page of the book shows "The confidential channel
(channel)". The labels and ids are read from annotations/topics.yml itself, not from the code that renders them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

import edition
from edition.myst.edition_page import topic_list_myst
from tests.conftest import ROOT, built_pages


def vocabulary() -> list[tuple[str, str]]:
    """(id, label) of every topic, as annotations/topics.yml has them."""
    data = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text(encoding="utf-8"))
    return [(t["id"], t["label"]) for t in data["vocabulary"]]


def ids_shown(text: str) -> list[str]:
    """Each topic whose id stands in parentheses after its label in `text` (spaces and code quotes allowed)."""
    found = []
    for topic_id, label in vocabulary():
        if re.search(rf"{re.escape(label)}\s*\(\s*`?{re.escape(topic_id)}`?\s*\)", " ".join(text.split())):
            found.append(topic_id)
    return found


def page_text(path: Path) -> str:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")


def test_the_check_finds_an_id_after_its_label():
    assert ids_shown("The confidential channel ( channel ) A private line") == ["channel"]
    assert ids_shown("Jackson-Vanik (`jackson-vanik`)\n: The amendment") == ["jackson-vanik"]
    assert ids_shown("The confidential channel: a private line (see channel 2)") == []


def test_the_topic_list_shows_labels_not_ids():
    myst = topic_list_myst(edition.load_edition_topics(), edition.load_document())
    assert ids_shown(myst.replace("\\", "")) == []
    for topic_id, label in vocabulary():
        assert label in myst.replace("\\", ""), label
        assert f"`{topic_id}`" not in myst, topic_id


def test_no_built_page_shows_a_topic_id_after_its_label(html):
    pages = built_pages(html)
    assert len(pages) > 20
    shown = {str(p.relative_to(html)): ids for p in pages if (ids := ids_shown(page_text(p)))}
    assert shown == {}
    for page in ("chapters/introduction.html", "chapters/note-on-the-text.html"):
        text = " ".join(page_text(html / page).split())
        assert all(label in text for _, label in vocabulary()), page


@pytest.mark.parametrize("page", ["chapters/introduction.html", "chapters/note-on-the-text.html"])
def test_the_check_finds_an_id_planted_in_a_built_page(html, page, tmp_path):
    planted = tmp_path / "page.html"
    text = (html / page).read_text(encoding="utf-8")
    planted.write_text(text.replace("The confidential channel", "The confidential channel ( channel )", 1))
    assert "channel" in ids_shown(page_text(planted))
