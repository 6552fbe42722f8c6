"""Shared fixtures: the parsed document, one cold build of the book, and a local server for the browser."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import edition
from edition.browser import CHROMIUM, MISSING, launch, serve
from edition.data.bibliography import citation_keys
from edition.data.document import Document
from edition.data.sources import Sources

pytest_plugins = ["sphinx.testing.fixtures"]  # make_app for the extension tests on a small test root

ROOT = Path(__file__).resolve().parent.parent
# A site and a repository for the published build (example.org is reserved for examples; nothing is fetched).
SITE = "https://example.org/gk-1989/"
REPOSITORY = "https://github.com/example/gk-1989"
BRANCH = "main"


@dataclass(frozen=True)
class Build:
    returncode: int
    log: str
    html: Path


def build_book(source: Path, output: Path, toc: Path | None = None, config: Path | None = None) -> Build:
    """`jupyter-book build -W -n --keep-going`, cold, into `output`; the log keeps stdout and stderr."""
    jb = Path(sys.executable).parent / "jupyter-book"
    extra = (["--toc", str(toc)] if toc else []) + (["--config", str(config)] if config else [])
    run = subprocess.run(
        [str(jb), "build", str(source), "--path-output", str(output), "-W", "-n", "--keep-going", *extra],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Build(run.returncode, run.stdout + run.stderr, output / "_build" / "html")


def copy_book(destination: Path) -> Path:
    """A copy of the book's sources, for builds that must not touch the working tree."""
    ignore = shutil.ignore_patterns(
        "_build",
        ".venv",
        ".venv-cff",
        ".git",
        ".wheelhouse",
        "node_modules",
        "__pycache__",
        ".pytest_cache",
        ".ruff_cache",
    )
    shutil.copytree(ROOT, destination, ignore=ignore)
    return destination


def edited_sources(tmp_path: Path, changes: dict[str, tuple[str, str]], bibliography: str | None = None) -> Sources:
    """The edition's sources with a copy of annotations/ in which each named file's `old` text is replaced (and,
    if given, a bibliography of this text instead of references.bib)."""
    real = edition.sources()
    folder = tmp_path / "annotations"
    folder.mkdir()
    for path in real.annotations.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if path.stem in changes:
            old, new = changes[path.stem]
            assert old in text, (path.name, old)
            text = text.replace(old, new, 1)
        (folder / path.name).write_text(text, encoding="utf-8")
    bibliographies = real.bibliographies
    if bibliography is not None:
        (tmp_path / "references.bib").write_text(bibliography, encoding="utf-8")
        bibliographies = (tmp_path / "references.bib",)
    return Sources(real.root, real.seed, folder, bibliographies, real.context)


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


# The theme's sidebar buttons and the dialogs they open on a phone or tablet (under 992 px).
SIDEBARS = {".primary-toggle": "#pst-primary-sidebar-modal", ".secondary-toggle": "#pst-secondary-sidebar-modal"}


def touch_page(browser, width: int, height: int):
    """A page in a new touch-screen context of the given size (a phone's, under 600 px: mobile too)."""
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=width < 600)
    return context.new_page()


def tap_sidebar_open(page, button: str) -> bool:
    """Tap the visible sidebar button as a finger does; whether its sidebar is then on screen."""
    page.locator(f"{button}:visible").tap()
    sidebar = page.locator(SIDEBARS[button])
    try:
        sidebar.wait_for(state="visible", timeout=2000)
    except Exception:
        return False
    box = sidebar.bounding_box()
    viewport = page.viewport_size
    return bool(box) and box["width"] > 100 and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1


def built_pages(site: Path) -> list[Path]:
    """Every page of a built site, in order; the theme's Jinja macros in _static are a template, not a page."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


SMALL_ROOT = ROOT / "tests" / "roots" / "test-edition"


def build_with_warnings(srcdir: Path) -> tuple[Path, str]:
    """An HTML build of a small book with sphinx.testing, in this process: its output folder and its warnings."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), warnings.getvalue()


@pytest.fixture(scope="session")
def small_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition extension's HTML build of the small test root (three turns, one gap, tiny annotations),
    made once for the tests that only read it; a test that edits the root builds its own copy (`make_app`)."""
    srcdir = Path(shutil.copytree(SMALL_ROOT, tmp_path_factory.mktemp("small-root") / "src"))
    outdir, warnings = build_with_warnings(srcdir)
    assert warnings == "", warnings
    return outdir


@pytest.fixture(scope="session")
def document() -> Document:
    return edition.load_document()


@pytest.fixture(scope="session")
def apparatus() -> edition.Apparatus:
    """The repository's text, registers, notes and topics, loaded and cross-checked once."""
    return edition.load_edition()


@pytest.fixture(scope="session")
def keys() -> set[str]:
    """The citation keys of references.bib."""
    return citation_keys(edition.sources().bibliographies[0])


def build_teacher(out: Path) -> Build:
    """The book as `make book` builds it: the teachers' edition, local, with no address."""
    return build_book(ROOT, out)


def build_student(out: Path) -> Build:
    """The student edition (no teachers' part, no solutions) as the publishing workflow builds the public site:
    with the site's address and repository filled in."""
    from edition.classroom.student import student_config, student_toc
    from edition.sphinx.site import configure

    published = configure(ROOT / "_config.yml", out / "published.yml", SITE, REPOSITORY, BRANCH)
    config = student_config(published, out / "_config.yml")
    return build_book(ROOT, out, toc=student_toc(ROOT / "_toc.yml", out / "_toc.yml"), config=config)


# The suite's two full builds, by the name of the fixture that gives each.
BUILDS = {"book": build_teacher, "student": build_student}


def session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder shared by every process of this test session (with pytest-xdist, by all its workers)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(folder: Path, name: str) -> Build:
    """The build `name`, made once per test session by whichever process asks first; the others wait for it
    (a file lock) and read its result."""
    out = folder / f"build-{name}"
    with open(folder / f"build-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = out / "result.json"
        if not result.exists():
            out.mkdir(exist_ok=True)
            build = BUILDS[name](out)
            result.write_text(json.dumps({"returncode": build.returncode, "log": build.log}), encoding="utf-8")
        done = json.loads(result.read_text(encoding="utf-8"))
    return Build(done["returncode"], done["log"], out / "_build" / "html")


# The tiers (`make check` runs the tests with none of these marks; `make test` runs them all). A test gets a
# mark from the fixtures it uses, directly or through another fixture, so that no test can forget its mark:
# - book: one of the full builds of the book (the teachers' or the student edition), a minute or more;
# - browser: Debian's Chromium, driven by Playwright;
# - slow: a fresh environment (Binder's), the printed handouts, a wheel built from a clone, the small books
#   built with the whole theme stack (the repairs' stock and repaired books, test_speed's tiny_book).
TIERS = {
    "book": set(BUILDS),
    "browser": {"browser"},
    "slow": {
        "printed",
        "fresh_jupyter",
        "repo_copy",
        "wheel",
        "stock",
        "repaired",
        "tiny_book",
        "kernel_folder",
        "preview_book",
    },
}


def pytest_configure(config: pytest.Config) -> None:
    """With pytest-xdist's `-n N` and no `--dist`, share the tests out by `xdist_group` (the costly fixtures of a
    group are then made once), in collection order (see `pytest_collection_modifyitems`), as `make test` does."""
    if getattr(config.option, "numprocesses", None) and config.option.dist == "load":
        config.option.dist = "loadgroup"
        config.option.loadscopereorder = False


def tiers(fixturenames: list[str]) -> set[str]:
    """The tier marks of a test that uses these fixtures (its whole fixture closure)."""
    return {mark for mark, fixtures in TIERS.items() if fixtures & set(fixturenames)}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tiers (TIERS); then the tests that need no full build first (in their files'
    order), so that they run while the builds go on: pytest-xdist keeps this order (`--no-loadscope-reorder`)."""
    for item in items:
        for mark in sorted(tiers(item.fixturenames)):
            item.add_marker(mark)
    items.sort(key=lambda item: any(name in item.fixturenames for name in BUILDS))


@pytest.fixture(scope="session", autouse=True)
def builds_in_background(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Start the builds the collected tests need as soon as the session starts, each in one process (worker N
    of M starts the builds N, N+M, ...), so that they run while the tests that need no build do."""
    items = request.session.items
    needed = [name for name in BUILDS if any(name in item.fixturenames for item in items)]
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    folder = session_folder(tmp_path_factory)
    threads = [threading.Thread(target=shared_build, args=(folder, name)) for name in needed[worker::workers]]
    for thread in threads:
        thread.start()
    yield
    for thread in threads:
        thread.join()


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return shared_build(session_folder(tmp_path_factory), "book")


@pytest.fixture(scope="session")
def html(book: Build) -> Path:
    assert book.returncode == 0, f"the book did not build:\n{book.log[-4000:]}"
    return book.html


@pytest.fixture(scope="session")
def student(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The student edition as published (see `build_student`). The teacher book (`book`) is the local,
    unconfigured state."""
    return shared_build(session_folder(tmp_path_factory), "student")


@pytest.fixture(scope="session")
def student_html(student: Build) -> Path:
    assert student.returncode == 0, f"the student edition did not build:\n{student.log[-4000:]}"
    return student.html


@pytest.fixture(scope="session")
def site(html: Path) -> Iterator[str]:
    """The built HTML served on 127.0.0.1 at a free port."""
    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def printed(student_html, browser, apparatus, tmp_path_factory) -> Path:
    """Every handout printed from the student edition (edition.classroom.handouts), once per test process: the
    tests that read them are grouped in one process (xdist_group "handouts")."""
    from edition.classroom.handouts import print_handouts

    folder = tmp_path_factory.mktemp("handouts")
    print_handouts(student_html, folder, browser, apparatus)
    return folder


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(MISSING + " `make test` installs it where missing.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
