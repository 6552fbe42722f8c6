"""The edition page in a real browser (Debian's Chromium): notes, permalinks, and nothing fetched from outside."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

import edition
from edition.notebook.frame import query_words


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
    page.wait_for_function("hash => location.hash === hash", arg=f"#{note_id}")  # the address follows the link
    assert _in_viewport(page, note_id)
    note = page.locator(f"#{note_id}")
    assert "Textual note." in note.inner_text()
    note.locator(f'a[href="#{marker_id}"]').click()
    page.wait_for_function("hash => location.hash === hash", arg=f"#{marker_id}")  # the address follows the link
    assert _in_viewport(page, marker_id)


def test_a_turn_permalink_points_to_its_turn(page):
    page.locator('#t12 a.turn-number[href="#t12"]').click()
    page.wait_for_function("hash => location.hash === hash", arg="#t12")  # the address follows the link
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
    status = page.locator(".turn-filter-count")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
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
    assert page.locator(".turn-filter-count").inner_text() == "No turns match."
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
    # A local build has no repository, so no launch button (tests/test_publishing.py): the notebook downloads,
    # from the header's download button and from the "Run it yourself" line, both at the notebook beside the page.
    assert page.locator('a[href="explore.ipynb"]').count() >= 1
    assert page.get_by_role("link", name="This notebook").get_attribute("href") == "explore.ipynb"


# Sharing a view, and the edition on a phone (issue 12, item 6).


def _copy_link(page) -> str:
    page.get_by_role("button", name="Copy link to this view").click()
    message = page.locator(".turn-filter-copied")
    page.wait_for_function("el => el.textContent !== ''", arg=message.element_handle())
    assert message.get_attribute("role") == "status" and message.get_attribute("aria-live") == "polite"
    return message.inner_text()


def test_the_filter_says_that_a_view_can_be_shared(page):
    help_text = page.locator("#turn-filter-help")
    assert "can be shared" in help_text.inner_text()
    assert page.locator("form.turn-filter").get_attribute("aria-describedby") == "turn-filter-help"


def test_copy_link_puts_the_view_on_the_clipboard_and_says_so(browser, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site}/chapters/edition.html#t03")
    page.get_by_label("Emigration and dissidents", exact=True).check()
    page.get_by_label("Keyword").press_sequentially("dissidents")
    assert _copy_link(page) == "Link copied"
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == f"{site}/chapters/edition.html?topic=emigration&q=dissidents"  # the view, not the #t03
    assert not page.locator(".turn-filter-link").is_visible()
    shared = context.new_page()
    shared.goto(link)
    expected = list(edition.filter_turns(edition.turns_frame(), topics="emigration", query="dissidents")["id"])
    assert _visible_turns(shared) == expected
    context.close()


def test_without_the_clipboard_api_the_link_is_shown_selected_and_copied(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })")
    page.goto(f"{site}/chapters/edition.html?speaker=Gorbachev")
    assert _copy_link(page) == "Link copied"  # by the older copy command, on the selected field
    field = page.get_by_role("textbox", name="Link to this view")
    assert field.is_visible() and field.get_attribute("readonly") is not None
    assert field.input_value() == f"{site}/chapters/edition.html?speaker=Gorbachev"
    selected = page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]")
    assert page.evaluate("document.activeElement.classList.contains('turn-filter-link')")
    assert selected == [0, len(field.input_value())]
    page.get_by_label("Kissinger", exact=True).check()  # another view: the old link goes
    assert not field.is_visible() and page.locator(".turn-filter-copied").inner_text() == ""
    context.close()


def _filter_top(page) -> float:
    return page.evaluate("document.querySelector('.turn-tools').getBoundingClientRect().top")


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_a_shared_link_opens_at_the_record_not_the_top(browser, site, viewport):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{site}/chapters/edition.html?topic=trade&q=economies")
    page.wait_for_load_state("load")
    header = page.evaluate("document.querySelector('.bd-header-article').getBoundingClientRect().bottom")
    assert page.evaluate("window.scrollY") > 0
    # The view's count and its first turn are on screen, below the sticky header...
    assert header <= page.locator(".turn-filter-count").bounding_box()["y"]
    first_turn = page.locator(".transcript .turn:visible").first
    assert first_turn.get_attribute("id") == "t04" and first_turn.bounding_box()["y"] < height
    if width > 1000:  # ...and where the screen has room for it, the whole filter above them
        assert header <= _filter_top(page) <= header + 40
    page.goto(f"{site}/chapters/edition.html")  # no view in the address: the page opens at its top
    page.wait_for_load_state("load")
    assert page.evaluate("window.scrollY") == 0
    page.goto(f"{site}/chapters/edition.html?speaker=Kissinger#t05")  # a turn asked for: the turn, not the filter
    page.wait_for_load_state("load")
    assert page.evaluate("document.getElementById('t05').getBoundingClientRect().top") < height / 2
    context.close()


# Scrolls from below the filter back to the top in small steps (scrolling up is what brings out the theme's
# "Back to top" button), and at each step notes whether the button shows and whether it covers the keyword box.
SCROLL_UP = """async (step) => {
  const box = document.getElementById("turn-filter-q");
  const button = document.getElementById("pst-back-to-top");
  const frames = () => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done))));
  const start = box.getBoundingClientRect().top + window.scrollY + 1500;
  window.scrollTo(0, start);
  await frames();
  const covered = [];
  let shown = 0;
  for (let y = start; y >= 0; y -= step) {
    window.scrollTo(0, y);
    await frames();
    const b = button.getBoundingClientRect();
    const k = box.getBoundingClientRect();
    if (getComputedStyle(button).display === "none") continue;
    shown += 1;
    if (b.left < k.right && k.left < b.right && b.top < k.bottom && k.top < b.bottom) covered.push(y);
  }
  box.focus();
  await frames();
  const b = button.getBoundingClientRect();
  const k = box.getBoundingClientRect();
  const coveredWhenFocused = getComputedStyle(button).display !== "none" &&
    b.left < k.right && k.left < b.right && b.top < k.bottom && k.top < b.bottom;
  return { covered, shown, coveredWhenFocused };
}"""


def _scroll_up_on_a_phone(browser, site, init_script: str | None = None) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    page.goto(f"{site}/chapters/edition.html")
    page.wait_for_load_state("load")
    found = page.evaluate(SCROLL_UP, 20)
    context.close()
    return found


def test_on_a_phone_the_back_to_top_button_never_covers_the_keyword_box(browser, site):
    found = _scroll_up_on_a_phone(browser, site)
    assert found["shown"] > 0, "the theme's button never showed: the test would prove nothing"
    assert found["covered"] == [] and not found["coveredWhenFocused"]


def test_the_phone_check_catches_the_button_over_the_keyword_box(browser, site):
    """Companion: without the script that moves the button aside (no IntersectionObserver), the theme's button
    covers the keyword box at some point of the scroll, as reported in issue 12."""
    found = _scroll_up_on_a_phone(browser, site, "delete window.IntersectionObserver")
    assert found["covered"], "the button never covered the box: the check above could not fail"


def _search(page, site, query: str) -> list[tuple[str, str]]:
    """The site search's results for `query`, as (link, snippet), once the first three have their snippets."""
    page.goto(f"{site}/search.html?q={quote(query)}")
    page.wait_for_function(
        """() => { const items = [...document.querySelectorAll("#search-results ul.search > li")].slice(0, 3);
                   return items.length === 3 && items.every((li) => li.querySelector("p.context")); }""",
        timeout=20_000,
    )
    items = page.locator("#search-results ul.search > li").all()
    return [(li.locator("a").first.get_attribute("href"), li.locator("p.context").inner_text()) for li in items[:3]]


def _grams(words: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_searching_a_topic_finds_the_record_with_a_snippet_of_its_text(page, site, apparatus):
    turns = edition.turns_frame().set_index("id")
    for topic in apparatus.topics.vocabulary:
        results = _search(page, site, topic.label)
        on_record = [(link, snippet) for link, snippet in results if link.startswith("chapters/edition.html")]
        assert on_record, f"{topic.label!r}: the record is not among the first three results: {results}"
        link, snippet = on_record[0]
        turn = link.partition("#")[2]
        assert topic.id in turns.loc[turn, "topics"], f"{topic.label!r}: {link} is not a turn on that topic"
        # Four words in a row of the turn's own text, not only the page's headings or the filter's labels.
        assert _grams(query_words(snippet)) & _grams(query_words(turns.loc[turn, "text"])), (topic.label, snippet)


def test_the_local_server_keeps_quiet_about_a_dropped_request_and_still_reports_other_errors(capsys):
    """Chromium drops requests it no longer needs (a page left while a file loads): no traceback for those."""
    import http.server

    from edition.browser import _Server

    server = _Server(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    try:
        for error, reported in ((BrokenPipeError(32, "Broken pipe"), False), (ValueError("a real fault"), True)):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 1))
            assert ("Traceback" in capsys.readouterr().err) is reported, error
    finally:
        server.server_close()
