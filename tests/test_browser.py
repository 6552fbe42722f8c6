"""The edition page in a real browser (Debian's Chromium): notes, permalinks, and nothing fetched from outside."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.requested = []
    opened.on("request", lambda request: opened.requested.append(request.url))
    opened.goto(f"{site}/chapters/edition.html")
    yield opened
    context.close()


def _in_viewport(page, element_id: str) -> bool:
    return page.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.bottom > 0 && r.top < window.innerHeight; }""",
        element_id,
    )


def test_a_note_marker_leads_to_its_note_and_back(page):
    marker = page.locator("#t05 a.footnote-reference").first
    marker_id = marker.get_attribute("id")
    note_id = marker.get_attribute("href").lstrip("#")
    marker.click()
    assert page.url.endswith(f"#{note_id}")
    assert _in_viewport(page, note_id)
    note = page.locator(f"#{note_id}")
    assert "Textual note." in note.inner_text()
    note.locator(f'a[href="#{marker_id}"]').click()
    assert page.url.endswith(f"#{marker_id}")
    assert _in_viewport(page, marker_id)


def test_a_turn_permalink_points_to_its_turn(page):
    page.locator('#t12 a.turn-number[href="#t12"]').click()
    assert page.url.endswith("#t12")
    assert page.evaluate("document.querySelector(':target').id") == "t12"
    assert _in_viewport(page, "t12")
    assert page.locator("#t12 a.turn-number").is_visible()


def test_no_request_leaves_the_machine(page):
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).hostname for url in page.requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(u for u in page.requested if urlparse(u).hostname != "127.0.0.1")
