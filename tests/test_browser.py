"""The edition page in a real browser (Debian's Chromium): notes, permalinks, and nothing fetched from outside."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

import edition


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


def _visible_turns(page) -> list[str]:
    return [e.get_attribute("id") for e in page.locator(".transcript .turn:visible").all()]


def test_the_filter_leaves_exactly_the_matching_turns_and_shares_them_by_url(page):
    turns = edition.turns_frame()
    expected = list(edition.filter_turns(turns, speakers=["Kissinger"], topics=["emigration"])["id"])
    page.get_by_label("Kissinger", exact=True).check()
    page.get_by_label("Emigration and dissidents", exact=True).check()
    assert _visible_turns(page) == expected
    status = page.get_by_role("status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"Showing {len(expected)} of {len(turns)} turns."
    assert "speaker=Kissinger" in page.url and "topic=emigration" in page.url
    assert page.locator(".transcript .gap:visible").count() == 0
    page.reload()
    assert _visible_turns(page) == expected
    assert page.get_by_label("Kissinger", exact=True).is_checked()
    assert status.inner_text() == f"Showing {len(expected)} of {len(turns)} turns."


def test_the_keyword_filter_works_from_the_keyboard_and_says_when_nothing_matches(page):
    turns = edition.turns_frame()
    page.get_by_label("Keyword").press_sequentially("dissidents")
    assert _visible_turns(page) == list(edition.filter_turns(turns, query="dissidents")["id"])
    assert "q=dissidents" in page.url
    page.get_by_label("Keyword").press_sequentially(" Scowcroft")
    assert _visible_turns(page) == []
    assert page.get_by_role("status").inner_text() == "No turns match."
    page.get_by_role("button", name="Show all turns").press("Enter")
    page.wait_for_function("document.querySelectorAll('.transcript .turn:not([hidden])').length === 12")
    assert len(_visible_turns(page)) == len(turns)
    assert "?" not in page.url


def test_a_shared_link_opens_the_filtered_view(browser, site):
    turns = edition.turns_frame()
    page = browser.new_page()
    page.goto(f"{site}/chapters/edition.html?speaker=Gorbachev&topic=trade&topic=transition")
    expected = list(edition.filter_turns(turns, speakers=["Gorbachev"], topics=["trade", "transition"])["id"])
    assert _visible_turns(page) == expected
    page.close()


def test_without_javascript_every_turn_shows_and_no_dead_controls(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/chapters/edition.html?speaker=Gorbachev")
    assert len(_visible_turns(page)) == len(edition.turns_frame())
    assert not page.locator("form.turn-filter").is_visible()
    context.close()


def test_notebook_pages_show_no_inert_controls(page, site):
    page.goto(f"{site}/notebooks/explore.html")
    assert page.locator(".jupyter-widgets, .widget-container, select, input[type=checkbox]").count() == 0
    # A local build has no repository, so no launch button (tests/test_publishing.py): the notebook downloads.
    assert page.locator('a[href="explore.ipynb"]').count() == 1
