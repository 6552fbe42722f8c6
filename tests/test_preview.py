"""The editors' preview: what it watches, and an editor's session with it (start, edit a page, edit the
configuration), read from the pages it serves."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import edition
from edition.data.sources import SEED
from edition.sphinx.preview import changed_files, needs_restart, snapshot

ROOT = Path(__file__).resolve().parents[1]


def test_the_preview_watches_the_sources_and_not_the_outputs_or_the_tools(tmp_path):
    for name in ("intro.md", "annotations/notes.yml", "_build/html/intro.html", ".git/index", "node_modules/x.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    before = snapshot(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in before) == ["annotations/notes.yml", "intro.md"]
    (tmp_path / "intro.md").write_text("x and more", encoding="utf-8")
    (tmp_path / "new.md").write_text("x", encoding="utf-8")
    (tmp_path / "annotations" / "notes.yml").unlink()
    (tmp_path / "_build" / "html" / "intro.html").write_text("rebuilt", encoding="utf-8")
    changed = changed_files(before, snapshot(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p in changed] == ["annotations/notes.yml", "intro.md", "new.md"]
    assert changed_files(before, before) == []


def test_the_preview_starts_again_only_for_what_sphinx_reads_once(tmp_path):
    package = tmp_path / "edition"
    assert needs_restart(tmp_path, package, [tmp_path / "_config.yml"])
    assert needs_restart(tmp_path, package, [tmp_path / "intro.md", tmp_path / "_toc.yml"])
    assert needs_restart(tmp_path, package, [package / "sphinx" / "pages.py"])
    assert not needs_restart(tmp_path, package, [tmp_path / "annotations" / "notes.yml", tmp_path / "intro.md"])
    assert not needs_restart(tmp_path, package, [tmp_path / "chapters" / "_config.yml"])  # not the book's


CONFIG = "title: {title}\nexecute:\n  execute_notebooks: 'off'\nsphinx:\n  config:\n    html_theme: basic\n"


@pytest.fixture
def preview_book(tmp_path: Path) -> Path:
    """A small Jupyter Book that `find_root` takes for the edition (it has the seed); its builds take seconds,
    so the test that uses it is in the slow tier (conftest.TIERS)."""
    book = tmp_path / "book"
    (book / SEED).parent.mkdir(parents=True)
    shutil.copy(ROOT / SEED, book / SEED)
    (book / "_config.yml").write_text(CONFIG.format(title="First title"), encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (book / "intro.md").write_text("# Intro\n\nThe first words.\n", encoding="utf-8")
    return book


def next_report(process: subprocess.Popen, errors: Path, *starts: str, seconds: float = 120) -> str:
    """The preview's next line that starts with one of `starts` (other lines skipped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"the preview ended: {errors.read_text(encoding='utf-8')[-2000:]}")
        if line.startswith(starts):
            return line.strip()
    pytest.fail(f"no {starts} from the preview in {seconds} s")


def served(report: str, page: str) -> str:
    address = report.rsplit(": ", 1)[1]
    with urllib.request.urlopen(address + page, timeout=10) as response:
        return response.read().decode("utf-8")


def test_an_editor_edits_a_page_and_the_configuration_and_reads_each_change_in_the_served_book(preview_book):
    env = os.environ | {"PYTHONPATH": str(Path(edition.__file__).resolve().parents[1])}
    command = [sys.executable, "-m", "edition", "preview", "--port", "0"]
    errors = preview_book.parent / "preview-errors.txt"  # a file: warnings never fill a pipe nobody reads
    with errors.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(command, cwd=preview_book, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
    report = functools.partial(next_report, process, errors)
    try:
        built = report("built in ", "not built")
        assert built.startswith("built in "), built
        assert "The first words." in served(built, "intro.html")

        (preview_book / "intro.md").write_text("# Intro\n\nThe words as edited.\n", encoding="utf-8")
        rebuilt = report("rebuilt in ", "not rebuilt")
        assert rebuilt.startswith("rebuilt in ") and "(intro.md changed)" in rebuilt, rebuilt
        assert "The words as edited." in served(rebuilt, "intro.html")

        (preview_book / "_config.yml").write_text(CONFIG.format(title="Second title"), encoding="utf-8")
        assert report("_config.yml changed") == "_config.yml changed: starting again"
        again = report("built in ", "not built")
        assert again.startswith("built in "), again
        assert "Second title" in served(again, "intro.html")
    finally:
        process.terminate()
        process.wait(timeout=30)


BROKEN_CHECK = """from pathlib import Path

from sphinx.errors import ExtensionError


def check(app, env, docnames):
    if (Path(app.srcdir) / "broken.txt").exists():
        raise ExtensionError("broken.txt: a broken entry")


def setup(app):
    app.connect("env-before-read-docs", check)
"""


def test_a_failed_build_says_why_and_the_next_change_is_built_by_a_new_application(preview_book, capsys):
    """An extension stops the build, as the edition's does on a broken annotation: the preview says why, drops
    the application (telling its extensions, edition-app-closing), and builds the fixed book in a new one."""
    from edition.sphinx.preview import Book

    (preview_book / "broken_check.py").write_text(BROKEN_CHECK, encoding="utf-8")
    config = CONFIG.format(title="First title") + "  local_extensions:\n    broken_check: ./\n"
    (preview_book / "_config.yml").write_text(config, encoding="utf-8")
    book = Book(preview_book, preview_book / "_build")
    try:
        assert book.build()
        first = book.app
        closed = []
        first.add_event("edition-app-closing")  # as edition.speed adds it, for the spare kernels
        first.connect("edition-app-closing", lambda app: closed.append(app))
        (preview_book / "broken.txt").write_text("x", encoding="utf-8")
        assert not book.build()
        assert "the build failed: broken.txt: a broken entry" in capsys.readouterr().err
        assert closed == [first] and book.app is None
        (preview_book / "broken.txt").unlink()
        (preview_book / "intro.md").write_text("# Intro\n\nThe words after the fix.\n", encoding="utf-8")
        assert book.build() and book.app is not first
        assert "The words after the fix." in (preview_book / "_build" / "html" / "intro.html").read_text()
    finally:
        book.close()
