"""Shared fixtures: the parsed document, one cold build of the book, and a local server for the browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import edition
from edition.bibliography import citation_keys
from edition.document import Document
from edition.serve import CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


@dataclass(frozen=True)
class Build:
    returncode: int
    log: str
    html: Path


def build_book(source: Path, output: Path, toc: Path | None = None) -> Build:
    """`jupyter-book build -W -n --keep-going`, cold, into `output`; the log keeps stdout and stderr."""
    jb = Path(sys.executable).parent / "jupyter-book"
    extra = ["--toc", str(toc)] if toc else []
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
        "_build", ".venv", ".git", ".wheelhouse", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"
    )
    shutil.copytree(ROOT, destination, ignore=ignore)
    return destination


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
    return citation_keys(edition.BIBLIOGRAPHY)


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_book(ROOT, tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def html(book: Build) -> Path:
    assert book.returncode == 0, f"the book did not build:\n{book.log[-4000:]}"
    return book.html


@pytest.fixture(scope="session")
def site(html: Path) -> Iterator[str]:
    """The built HTML served on 127.0.0.1 at a free port."""
    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}. Install Debian's package (as root: apt-get install -y chromium), "
            "or set CHROMIUM to its path; `make test` installs it where missing. Never `playwright install`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
