"""Printable handouts: the edition and each worksheet printed to PDF from the built pages by Chromium.

The pages' print styles drop the sidebars, buttons and the filter; turn numbers and notes stay. Worksheets
are printed from the student build, so the handouts carry the questions and no solutions.
Usage: `python -m edition.classroom.handouts HTML_DIR OUT_DIR` (`make handouts` does it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from edition.classroom.browser import launch, serve


def handout_pages(html: Path) -> dict[str, str]:
    """Handout name -> page: the edition, then every worksheet the build holds."""
    pages = {"edition": "chapters/edition.html"}
    for page in sorted((html / "chapters" / "worksheets").glob("*.html")):
        pages[page.stem] = f"chapters/worksheets/{page.name}"
    return pages


def print_handouts(html: Path, out: Path, browser: Any = None) -> list[Path]:
    """Print every handout page of `html` into `out`, with the given Playwright browser or a new Chromium."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            launched = launch(p)
            try:
                return print_handouts(html, out, launched)
            finally:
                launched.close()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    margin = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
    with serve(html) as site:
        tab = browser.new_page()
        tab.emulate_media(media="print")
        for name, page in handout_pages(html).items():
            tab.goto(f"{site}/{page}")
            tab.wait_for_load_state("networkidle")
            path = out / f"{name}.pdf"
            tab.pdf(path=str(path), format="A4", margin=margin, display_header_footer=False)
            written.append(path)
        tab.close()
    return written
