"""Every address the extension writes comes from the builder: the roles {book-address} and {book-file}, the
turns' citations (the "Cite" control and {turn-citations}), the pages' `citation_public_url`, the data
downloads and a downloaded notebook's links, under the html and the dirhtml builder, with and without a site
address. The small test root keeps its record at `edition` and a page that cites it one folder down
(`context/cite`); the expected addresses are written out here as each builder lays out its pages."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition.sphinx.addresses import page_uri
from tests.conftest import SMALL_ROOT

SITE = "https://example.org/ed/"
# builder -> the page files, and the addresses as seen from context/cite and from a file at the site's root.
LAYOUT = {
    "html": {
        "cite": "context/cite.html",
        "edition": "edition.html",
        "from cite": "../edition.html",
        "file from cite": "../data/turns.csv",
        "shown": "edition.html",
        "on site": "https://example.org/ed/edition.html",
        "cite on site": "https://example.org/ed/context/cite.html",
        "from a notebook": "../edition.html",
    },
    "dirhtml": {
        "cite": "context/cite/index.html",
        "edition": "edition/index.html",
        "from cite": "../../edition/",
        "file from cite": "../../data/turns.csv",
        "shown": "edition/",
        "on site": "https://example.org/ed/edition/",
        "cite on site": "https://example.org/ed/context/cite/",
        "from a notebook": "../edition/",
    },
}
CASES = [(b, s) for b in LAYOUT for s in ("", SITE)]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0]}-{'site' if c[1] else 'local'}")
def built(request, tmp_path_factory):
    """The small root built once for each builder and site address, for the tests that read it."""
    from sphinx.testing.util import SphinxTestApp

    builder, site = request.param
    srcdir = Path(shutil.copytree(SMALL_ROOT, tmp_path_factory.mktemp("addresses") / "src"))
    warnings = StringIO()
    app = SphinxTestApp(
        builder, srcdir=srcdir, confoverrides={"html_baseurl": site}, status=StringIO(), warning=warnings
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings.getvalue() == "", warnings.getvalue()
    return app, builder, site


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def test_book_address_links_the_page_at_the_builder_s_address(built):
    app, builder, site = built
    layout = LAYOUT[builder]
    links = page(app, layout["cite"]).select_one("section > p").find_all("a")[:3]  # the page's words, not its menus
    hrefs = [a["href"] for a in links]
    base = layout["on site"] if site else layout["from cite"]
    assert hrefs == [base, f"{base}#t02", f"{base}#t03"]
    shown = [a.get_text() for a in links]
    words = layout["on site"] if site else layout["shown"]
    assert shown == [words, f"{words}#t02", f"{words}#t03"]


def test_book_file_links_the_file_from_the_page(built):
    app, builder, _ = built
    (link,) = page(app, LAYOUT[builder]["cite"]).find_all("a", string="table")
    assert link["href"] == LAYOUT[builder]["file from cite"]
    assert (Path(app.outdir) / "context" / ("cite" if builder == "dirhtml" else "") / link["href"]).resolve() == (
        Path(app.outdir) / "data" / "turns.csv"
    ).resolve()


def test_the_turn_citations_give_the_edition_page_s_address_only_on_a_site(built):
    app, builder, site = built
    layout = LAYOUT[builder]
    chicago = page(app, layout["edition"]).select_one('#t02 .turn-cite-text[data-style="chicago"]').get_text()
    listed = page(app, layout["cite"]).select_one("dl.turn-citations dd").get_text()
    assert " ".join(listed.split()) == " ".join(chicago.split())
    if site:
        assert chicago.endswith(f"turn 2, {layout['on site']}#t02.")
    else:
        assert chicago.endswith("turn 2.") and "example.org/ed" not in chicago


def test_the_citation_tags_give_the_page_s_address_on_a_site(built):
    app, builder, site = built
    meta = page(app, LAYOUT[builder]["cite"]).find("meta", attrs={"name": "citation_public_url"})
    assert (meta["content"] if meta else None) == (LAYOUT[builder]["cite on site"] if site else None)


def test_a_downloaded_notebook_links_the_pages_as_the_builder_writes_them(built):
    app, builder, site = built
    assert page_uri(app.builder, "edition", "notebooks/explore.ipynb") == LAYOUT[builder]["from a notebook"]
    assert page_uri(app.builder, "edition", "notebooks/explore.ipynb", SITE) == LAYOUT[builder]["on site"]
