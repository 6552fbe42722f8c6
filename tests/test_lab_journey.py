"""A student's journey in a real JupyterLab (issue 20): a copy of the repository opened in JupyterLab (pinned in
requirements-test.txt) in Debian's Chromium, each notebook run with Run > Run All Cells, the controls used with
the mouse and the keyboard, a keyword that finds nothing, a tagging with mistakes, and every link of every
notebook followed, before the site's address is recorded (in the run of each journey) and after. One JupyterLab
server for the module; no request may leave 127.0.0.1 (the published site is served from the built book under its
address)."""

from __future__ import annotations

import json
import mimetypes
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml

from tests.conftest import BRANCH, REPOSITORY, ROOT, SITE, copy_book

try:  # where `python -m edition publish` keeps its code (edition/classroom/publish.py until it moved)
    from edition.sphinx.site import configure
except ImportError:
    from edition.classroom.publish import configure

pytestmark = pytest.mark.xdist_group("lab")

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
TOPICS = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text())
LABELS = {t["id"]: t["label"] for t in TOPICS["vocabulary"]}
PERSONS = yaml.safe_load((ROOT / "annotations" / "persons.yml").read_text())["persons"]
# JupyterLab's own settings for the test: every cell in the page (no windowing), no news or update checks.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": (
        '{"fetchNews": "false", "checkForUpdates": false}'
    ),
}


OPEN = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the current tab
# The index of the notebook's active cell, the one its command mode acts on.
ACTIVE = f"[...document.querySelectorAll('{OPEN} .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of the repository at 127.0.0.1; yields (address, the copy's folder)."""
    base = tmp_path_factory.mktemp("lab")
    repo = copy_book(base / "repo")
    (repo / "book-site.yml").unlink(missing_ok=True)  # the state of a repository with no address recorded
    settings = base / "settings"
    for name, text in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(text)
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(base / "config"), "JUPYTER_RUNTIME_DIR": str(base / "runtime")}
    env["IPYTHONDIR"] = str(base / "ipython")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--ServerApp.port={port}"]
    command += [
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",  # the fixture's own requests that stop the kernels at the end
        f"--ServerApp.root_dir={repo}",
    ]
    command += [f"--LabApp.workspaces_dir={base / 'workspaces'}", f"--LabApp.user_settings_dir={settings}"]
    command += ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = open(base / "lab.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{address}/api/status", timeout=2)
            break
        except OSError:
            assert server.poll() is None, (base / "lab.log").read_text()[-3000:]
            time.sleep(0.5)
    yield address, repo
    try:  # the notebooks' kernels first, each at once: a server left to stop them took over 30 s under load
        with urllib.request.urlopen(f"{address}/api/kernels", timeout=10) as listing:
            kernels = json.load(listing)
        for kernel in kernels:
            stop = urllib.request.Request(f"{address}/api/kernels/{kernel['id']}", method="DELETE")
            urllib.request.urlopen(stop, timeout=30).close()
    finally:  # the server is stopped even if that failed
        server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a server still shutting its kernels down on a busy machine
        server.kill()
        server.wait()
    log.close()


@pytest.fixture(scope="module")
def published_site(html: Path):
    """The built book, to be served under the site's address when a link leads there."""
    return html


@pytest.fixture
def tab(browser, lab, published_site):
    """A tab that may reach only JupyterLab; the site's address is answered from the built book."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith("http://127.0.0.1"):
            return request_route.continue_()
        if url.startswith(SITE):
            path = published_site / unquote(urldefrag(url)[0].removeprefix(SITE).split("?")[0])
            if path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return request_route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
            return request_route.fulfill(status=404, body="missing")
        outside.append(url)
        return request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield page
    context.close()
    assert outside == [], f"requests left the machine: {outside[:5]}"


def run_all(page, address: str, name: str) -> None:
    """Open the notebook in JupyterLab, wait for its kernel, Run > Run All Cells, wait until every cell ran."""
    page.goto(f"{address}/lab/tree/notebooks/{name}.ipynb?reset")  # ?reset: only this notebook open
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=60000)
    page.wait_for_function("document.querySelector('#jp-main-statusbar')?.textContent.includes('Idle')", timeout=60000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile("^Run All Cells")).click()
    page.wait_for_function(
        f"""() => {{ const p = [...document.querySelectorAll('{OPEN} .jp-CodeCell .jp-InputPrompt')]
              .map(e => e.textContent); return p.length && p.every(t => /\\[\\d+\\]/.test(t)); }}""",
        timeout=120000,
    )


def errors(page) -> list[str]:
    """Error outputs and tracebacks shown in the notebook."""
    texts = page.eval_on_selector_all(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output", "els => els.map(e => e.innerText)"
    )
    return [t[:300] for t in texts if "Traceback" in t or re.search(r"^\w*Error\b", t, re.M)]


def shown_turns(page) -> list[int]:
    return page.eval_on_selector_all(".jupyter-widgets li[value]", "els => els.map(e => e.value)")


def settle(page, check, timeout: float = 10) -> None:
    end = time.time() + timeout
    while not check() and time.time() < end:
        page.wait_for_timeout(100)


def test_explore_in_jupyterlab_controls_keyword_and_keyboard(tab, lab, document, published_site):
    address, _ = lab
    run_all(tab, address, "explore")
    assert errors(tab) == []
    assert unrecorded_link_problems(tab, lab, "explore", published_site) == []
    # Gorbachev + "Trade and the economy": from the seed and topics.yml, turn 4 alone.
    expected = [t.n for t in document.turns if t.speaker == "Gorbachev" and "trade" in TOPICS["turns"][t.id]]
    assert expected == [4]
    tab.get_by_role("checkbox", name="Gorbachev").check()
    tab.get_by_role("checkbox", name=LABELS["trade"]).check()
    settle(tab, lambda: shown_turns(tab) == expected)
    assert shown_turns(tab) == expected
    tab.get_by_role("button", name="Clear choices").click()
    settle(tab, lambda: len(shown_turns(tab)) == len(document.turns))
    assert shown_turns(tab) == [t.n for t in document.turns]
    assert not tab.get_by_role("checkbox", name="Gorbachev").is_checked()

    # A keyword the text does not have: one "No turns match.", why, and a topic to try.
    keyword = tab.get_by_role("textbox", name="Keyword")
    keyword.press_sequentially("trade")
    # "tra" already matches no turn: wait for the hint that answers the whole word, as a reader would.
    box = tab.locator(".jupyter-widgets.widget-vbox").first
    hint = box.get_by_text(f"Try the topic “{LABELS['trade']}”")
    settle(tab, lambda: shown_turns(tab) == [] and hint.count() > 0)
    controls = box.inner_text()
    assert controls.count("No turns match.") == 1
    assert "whole words only" in controls and f"Try the topic “{LABELS['trade']}”" in controls
    # A name with the register's variant: Vanik is "Yanik" in persons.yml's variants, turn 5 in the seed.
    variants = [v for p in PERSONS for v in p.get("variants", [])]
    assert "Yanik" in variants
    keyword.fill("")
    keyword.press_sequentially("Jackson-Vanik")
    with_variant = [t.n for t in document.turns if re.search(r"Jackson-(Vanik|Yanik)", t.text)]
    settle(tab, lambda: shown_turns(tab) == with_variant)
    assert shown_turns(tab) == with_variant == [4, 5]
    tab.get_by_role("button", name="Clear choices").click()
    # The kernel clears the lists and the keyword and sends the state back: wait for it, as a person waits for
    # the page to show every turn again, before using the keyboard (a tick made meanwhile could be undone).
    everything = [t.n for t in document.turns]
    settle(
        tab, lambda: shown_turns(tab) == everything and not tab.get_by_role("checkbox", name="Gorbachev").is_checked()
    )
    assert shown_turns(tab) == everything

    # Keyboard alone: Space ticks, the Down arrow moves within the list and never to another cell.
    first = tab.get_by_role("checkbox", name="Gorbachev")
    first.focus()
    active = ACTIVE
    cell = tab.evaluate(active)
    tab.keyboard.press("Space")
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Space")
    assert tab.evaluate(active) == cell, "an arrow key left the list for another cell"
    assert first.is_checked() and tab.get_by_role("checkbox", name="Kissinger").is_checked()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Space")  # the first topic
    assert tab.get_by_role("checkbox", name=LABELS[TOPICS["vocabulary"][0]["id"]]).is_checked()
    channel = [t.n for t in document.turns if TOPICS["vocabulary"][0]["id"] in TOPICS["turns"][t.id]]
    settle(tab, lambda: shown_turns(tab) == channel)
    assert shown_turns(tab) == channel


def test_the_arrow_check_sees_a_list_that_lets_arrows_out(tab, lab):
    """Companion: a plain <select multiple> in a widget output (ipywidgets' SelectMultiple) loses the Down arrow
    to the notebook, which moves to the next cell: the check above would fail on it."""
    address, repo = lab
    import nbformat

    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": KERNEL})
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\nw.SelectMultiple(options=['Gorbachev', 'Kissinger'], description='Speaker')"
        ),
        nbformat.v4.new_markdown_cell("after"),
    ]
    nbformat.write(notebook, repo / "notebooks" / "select-check.ipynb")
    try:
        run_all(tab, address, "select-check")
        tab.locator(".jupyter-widgets select option").first.click()  # as the student did: a click in the list
        active = ACTIVE
        cell = tab.evaluate(active)
        tab.keyboard.press("ArrowDown")
        tab.wait_for_timeout(300)
        assert tab.evaluate(active) != cell
    finally:
        (repo / "notebooks" / "select-check.ipynb").unlink()


def test_tagging_mistakes_give_feedback_without_a_traceback(tab, lab, published_site):
    address, repo = lab
    import nbformat

    path = repo / "notebooks" / "tag-it-yourself.ipynb"
    original = path.read_text()
    notebook = nbformat.reads(original, as_version=4)
    tags = next(c for c in notebook.cells if c.source.startswith("my_tags = {"))
    assert '"t01": ["channel"]' in tags.source and '"t06": ["emigration"]' in tags.source
    tags.source = tags.source.replace('"t01": ["channel"]', '"t01": "channel"').replace(
        '"t06": ["emigration"]', '"t06": ["emigraton"]'
    )
    nbformat.write(notebook, path)
    try:
        run_all(tab, address, "tag-it-yourself")
        text = tab.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").inner_text()
        assert errors(tab) == []
        assert "Not yet: 2 things to fix" in text
        assert 't01: the topics must be a list in square brackets, such as ["channel"], not the text "channel"' in text
        assert "did you mean 'emigration'?" in text and "c, h, a" not in text
        assert unrecorded_link_problems(tab, lab, "tag-it-yourself", published_site) == []
    finally:
        path.write_text(original)


def test_analysis_runs_in_jupyterlab(tab, lab, published_site):
    run_all(tab, lab[0], "analysis")
    assert errors(tab) == []
    assert unrecorded_link_problems(tab, lab, "analysis", published_site) == []


def notebook_links(page) -> list[tuple[str, str]]:
    """(text, href) of every link in the open notebook: its Markdown and its outputs."""
    return page.eval_on_selector_all(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell a[href]:not(.jp-InternalAnchorLink)",
        "els => els.map(a => [a.innerText, a.getAttribute('href')])",
    )


def follow(page, lab, name: str, text: str, href: str, published: Path) -> str | None:
    """Follow a link of the notebook `name`; None if it leads somewhere a reader can read, else what is wrong."""
    address, repo = lab
    if href.startswith(SITE):
        target, anchor = urldefrag(href)
        path = published / target.removeprefix(SITE)
        if not path.is_file() or path.suffix != ".html":
            return f"{href}: no such page on the site"
        with page.context.expect_page() as opened:
            page.get_by_role("link", name=text).first.click()
        site_page = opened.value
        site_page.wait_for_load_state()
        words = site_page.locator("main").inner_text()
        problems = []
        if len(words.split()) < 50:
            problems.append(f"{href}: an empty page")
        if re.search(r":::|\{cite|\{term\}|```\{", words):
            problems.append(f"{href}: raw MyST")
        if anchor and site_page.locator(f"[id='{anchor}']").count() != 1:
            problems.append(f"{href}: no #{anchor} on the page")
        site_page.close()
        return "; ".join(problems) or None
    if href.startswith(f"{address}/files/"):  # JupyterLab's form of a relative link to a file of the repository
        target = repo / unquote(urlsplit(href).path.removeprefix("/files/"))
        href = target.relative_to(repo).as_posix()
    elif re.match(r"https?://", href):
        return None if urlsplit(href).hostname not in {"127.0.0.1", "localhost"} else f"{href}: a local address"
    else:
        target = (repo / "notebooks" / unquote(href.split("#")[0])).resolve()
    if not target.is_file():
        return f"{href}: a missing file"
    href = target.resolve().relative_to(repo.resolve()).as_posix()
    if target.suffix != ".ipynb":
        return f"{href}: a source file ({target.suffix}) opened in JupyterLab"
    page.get_by_role("link", name=text).first.click()
    page.wait_for_selector(f".lm-TabBar-tab.jp-mod-current:has-text('{target.name}')", timeout=30000)
    opened_kind = page.evaluate(
        "document.querySelector('.jp-MainAreaWidget:not(.lm-mod-hidden)')?.classList.contains('jp-NotebookPanel')"
    )
    page.locator(f".lm-TabBar-tab:has-text('{name}.ipynb')").first.click()  # back to the notebook, still run
    page.wait_for_selector(f".lm-TabBar-tab.jp-mod-current:has-text('{name}.ipynb')", timeout=30000)
    return None if opened_kind else f"{href}: did not open as a notebook"


def link_problems(page, lab, name: str, published: Path) -> tuple[list[str], list[str]]:
    """The links of the notebook `name`, run in `page`, and what is wrong where each of them leads."""
    links = notebook_links(page)
    found = [follow(page, lab, name, text, href, published) for text, href in links]
    return [href for _, href in links], [f"{name}: {problem}" for problem in found if problem]


def unrecorded_link_problems(page, lab, name: str, published: Path) -> list[str]:
    """With no site's address recorded (the repository as cloned): every link of the run notebook leads to a
    readable page, none to the site, and the notebook says that it does not know where the book is published."""
    assert not (lab[1] / "book-site.yml").exists()
    hrefs, problems = link_problems(page, lab, name, published)
    problems += [f"{name}: {href}: a link to a site that was never recorded" for href in hrefs if href.startswith(SITE)]
    words = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").inner_text()
    if name != "analysis" and "does not record where the book is published" not in words:
        problems.append(f"{name}: no word that the book's address is not recorded")
    return problems


def test_every_notebook_is_followed_in_a_journey_with_no_address_recorded():
    """The check above runs in the journey of each notebook (explore, tagging, analysis), on its own run."""
    source = Path(__file__).read_text(encoding="utf-8")
    checked = set(re.findall(r'unrecorded_link_problems\(tab, lab, "([\w-]+)", published_site\)', source))
    assert checked == set(NOTEBOOKS)


def test_every_link_in_every_notebook_leads_to_a_readable_page_once_the_address_is_recorded(tab, lab, published_site):
    address, repo = lab
    record = repo / "book-site.yml"
    configure(repo / "_config.yml", repo / "_config.yml", SITE, REPOSITORY, BRANCH)  # python -m edition publish
    assert record.is_file()
    try:
        to_site, problems = [], []
        for name in NOTEBOOKS:
            run_all(tab, address, name)
            hrefs, found = link_problems(tab, lab, name, published_site)
            to_site += [href for href in hrefs if href.startswith(SITE)]
            problems += found
        assert problems == []
        assert f"{SITE}chapters/edition.html" in to_site
        assert f"{SITE}chapters/note-on-the-text.html#how-the-turns-were-tagged" in to_site
    finally:
        record.unlink()
        shutil.copy(ROOT / "_config.yml", repo / "_config.yml")


def test_the_link_check_sees_a_source_link_and_a_missing_file(tab, lab, published_site):
    """Companion: the check refuses a link to a chapter's source and one to a file that is not there."""
    address, repo = lab
    import nbformat

    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": KERNEL})
    notebook.cells = [nbformat.v4.new_markdown_cell("[the edition](../chapters/edition.md) [gone](gone.ipynb)")]
    nbformat.write(notebook, repo / "notebooks" / "link-check.ipynb")
    try:
        tab.goto(f"{address}/lab/tree/notebooks/link-check.ipynb?reset")
        tab.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell a[href]", timeout=60000)
        found = [follow(tab, lab, "link-check", t, h, published_site) for t, h in notebook_links(tab)]
        assert found == [
            "chapters/edition.md: a source file (.md) opened in JupyterLab",
            "notebooks/gone.ipynb: a missing file",
        ]
    finally:
        (repo / "notebooks" / "link-check.ipynb").unlink()
