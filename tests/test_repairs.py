"""The repairs of other packages' output (edition.repairs), each with a canary and a check of the result.

A canary shows that upstream still does what a repair mends, on upstream's own output: a small book built
without the repairs (`stock`), the installed theme's files, or docutils and pandas called directly. When a
canary fails, upstream has changed: delete the repair (its module and its line in edition/repairs/__init__.py)
and its tests. The same small book built with the repairs (`repaired`) shows the mended output; the checks
that read it are the ones the canaries run on the stock output, so each check is seen to fail on bad input.
The phone-speed repairs are also checked on the whole book in Chromium: every element is styled as with the
theme's whole stylesheet, and search still finds the record.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pandas as pd
import pybtex.plugin
import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_parts
from fontTools.ttLib import TTFont
from sphinx.testing.util import SphinxTestApp

from edition.classroom.browser import serve
from edition.repairs import (
    generated,
    icon_font,
    plugin_lookup,
    search_scripts,
    sidebar_toggles,
    theme_assets,
    theme_css,
)
from edition.repairs.generated import pydata_theme_file
from tests.conftest import tap_sidebar_open, touch_page

# Its fixtures are costly (session-scoped, so that other tests run between its own do not tear them down): one
# test process runs all of this file.
pytestmark = pytest.mark.xdist_group("repairs")

TINY_CONF = """
extensions = ["myst_nb", "sphinx_exercise", "sphinx_design", "sphinx_copybutton", "sphinx_togglebutton",
              "sphinx_thebe"{repairs}]
html_theme = "sphinx_book_theme"
html_title = "A tiny book"
html_logo = "logo.svg"
html_theme_options = {{"logo": {{"text": "A tiny book"}}, "search_as_you_type": True}}
nb_execution_mode = "off"
exclude_patterns = ["_build"]
"""
PAGES = {
    "index.md": "# A tiny book\n\n```{toctree}\nplain\ncode\nframe\nexercises\ncorner\ncite\n```\n",
    "plain.md": "# Plain\n\nA page with text only.\n",
    "code.md": "# Code\n\n```python\nprint('a code block')\n```\n",
    "exercises.md": "# Exercises\n\n"
    + "".join(
        f"```{{exercise}}\n:label: ex{n}\n\nQuestion {n}.\n```\n\n"
        f"```{{solution}} ex{n}\n:class: dropdown\n\nAnswer {n}.\n```\n\n"
        for n in (1, 2)
    ),
    "corner.md": "# Corner\n\n| | Observe | Reflect |\n|---|---|---|\n| Title | | |\n",
    "cite.rst": "Cite\n====\n\nSee [Alpha]_ and [Beta]_.\n\n.. [Alpha] A first work.\n.. [Beta] A second work.\n",
}
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'
STOCK_ASSETS = (
    "sphinx-design.min.css",
    "design-tabs.js",
    "sphinx-thebe.css",
    "sphinx-thebe.js",
    "mystnb.",
    "copybutton.css",
    "copybutton.js",
    "pygments.css",
    "togglebutton.css",
    "togglebutton.js",
    "exercise.css",
)


def a_frame() -> pd.DataFrame:
    return pd.DataFrame({"words": [12, 5]}, index=pd.Index(["t01", "t02"], name="turn"))


def write_book(folder: Path, repairs: bool) -> Path:
    folder.mkdir()
    (folder / "conf.py").write_text(TINY_CONF.format(repairs=', "edition.repairs"' if repairs else ""))
    (folder / "logo.svg").write_text(LOGO)
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    frame = a_frame()
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A frame"),
            nbformat.v4.new_code_cell(
                "frame",
                execution_count=1,
                outputs=[
                    nbformat.v4.new_output(
                        "execute_result",
                        data={"text/html": frame._repr_html_(), "text/plain": repr(frame)},
                        execution_count=1,
                    )
                ],
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(notebook, folder / "frame.ipynb")
    return folder


def build(folder: Path) -> Path:
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=folder, status=StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "WARNING" not in warnings.getvalue() and "ERROR" not in warnings.getvalue(), warnings.getvalue()
    return Path(app.outdir)


@pytest.fixture(scope="session")
def stock(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small book with sphinx-book-theme, myst-nb, sphinx-exercise and friends, without the repairs."""
    return build(write_book(tmp_path_factory.mktemp("stock") / "src", repairs=False))


@pytest.fixture(scope="session")
def repaired(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same small book with edition.repairs."""
    return build(write_book(tmp_path_factory.mktemp("repaired") / "src", repairs=True))


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def head_assets(soup: BeautifulSoup) -> list[str]:
    """The file names of the stylesheets and scripts a page loads, and the text of its inline scripts."""
    found = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    for script in soup.find_all("script"):
        found.append(script.get("src") or script.get_text())
    return found


# Theme assets: Font Awesome's script, script preloads, the theme.css import --------------------------------


def test_canary_the_theme_loads_fontawesome_js_preloads_its_scripts_and_imports_basic_css():
    macros = pydata_theme_file(theme_assets.NAME)
    assert "scripts/fontawesome.js" in macros
    assert '<link rel="preload" as="script"' in macros
    assert theme_assets.IMPORT_ONLY.fullmatch(pydata_theme_file("static/styles/theme.css"))


def test_the_pages_load_neither_fontawesome_js_nor_preloads_and_link_basic_css(repaired, stock):
    for outdir, expected in ((repaired, True), (stock, False)):
        html = (outdir / "plain.html").read_text(encoding="utf-8")
        assert ("fontawesome.js" not in html) is expected
        assert ('rel="preload"' not in html) is expected
        assert ("_static/styles/theme.css" not in html and "_static/basic.css" in html) is expected
    soup = page(repaired, "plain.html")
    assert [s["src"].split("?")[0] for s in soup.body.select("script[defer][src*='scripts/']")] == [
        "_static/scripts/bootstrap.js",
        "_static/scripts/pydata-sphinx-theme.js",
    ]


def test_the_macros_keep_the_installed_theme_s_digests():
    digests = set(re.findall(r"\?digest=(\w+)", pydata_theme_file(theme_assets.NAME)))
    written = theme_assets.templates()[theme_assets.NAME]
    assert digests and set(re.findall(r"\?digest=(\w+)", written)) == digests


def test_a_theme_without_those_lines_needs_no_macros_override():
    fixed = "{% macro head_js_preload() %}\n{% endmacro %}\n"
    assert theme_assets.webpack_macros(fixed, "@import 'other.css';") is None


def test_generated_templates_are_rewritten_only_when_changed_and_stale_ones_removed(tmp_path):
    generated.write_templates(tmp_path, {"a.html": "A", "static/b.html": "B"})
    stamp = (tmp_path / "a.html").stat().st_mtime_ns
    generated.write_templates(tmp_path, {"a.html": "A"})
    assert (tmp_path / "a.html").stat().st_mtime_ns == stamp
    assert not (tmp_path / "static" / "b.html").exists()


# The logo link in a landmark ------------------------------------------------------------------------------

LANDMARKS = {"nav", "header", "main", "aside", "footer", "form"}


def in_landmark(element) -> bool:
    return any(parent.name in LANDMARKS or parent.get("role") for parent in element.parents if parent.name)


def test_canary_the_theme_s_logo_link_stands_outside_any_landmark(stock):
    links = page(stock, "plain.html").select("a.navbar-brand")
    assert links and not any(in_landmark(link) for link in links)


def test_the_logo_link_stands_in_a_named_landmark_and_keeps_the_configured_logo(repaired):
    links = page(repaired, "plain.html").select("a.navbar-brand")
    assert links and all(in_landmark(link) for link in links)
    nav = links[0].find_parent("nav")
    assert nav["aria-label"] == "Book title"
    assert nav.select_one("img.logo__image")["src"].endswith("logo.svg")
    assert nav.get_text(strip=True) == "A tiny book"


# Search scripts --------------------------------------------------------------------------------------------


def test_canary_the_theme_loads_the_search_index_synchronously_on_every_page(stock):
    scripts = page(stock, "plain.html").head.select("script[src]")
    blocking = [s["src"] for s in scripts if not s.has_attr("defer") and not s.has_attr("async")]
    assert any(src.endswith("searchindex.js") for src in blocking)
    assert search_scripts.extrahead(pydata_theme_file(search_scripts.NAME)) is not None


def test_with_search_as_you_type_the_search_scripts_are_deferred(repaired):
    scripts = [s for s in page(repaired, "plain.html").head.select("script[src]") if "search" in s["src"]]
    assert [s["src"] for s in scripts] == ["_static/searchtools.js", "searchindex.js"]
    assert all(s.has_attr("defer") for s in scripts)


def test_without_search_as_you_type_only_the_search_page_loads_the_search_scripts(html):
    for name in ("index.html", "chapters/edition.html", "genindex.html"):
        assert "searchindex.js" not in (html / name).read_text(encoding="utf-8"), name
    assert page(html, "search.html").select_one('script[src="searchindex.js"]') is not None


def test_a_theme_that_no_longer_loads_the_search_scripts_needs_no_layout_override():
    layout = "{%- block extrahead %}\n  <meta name='x'/>\n{%- endblock extrahead %}"
    assert search_scripts.extrahead(layout) is None


def test_the_search_dialog_finds_the_record(browser, site):
    tab = browser.new_page()
    tab.goto(f"{site}/chapters/edition.html")
    tab.keyboard.press("Control+k")
    tab.locator("#pst-search-dialog input[name=q]").press_sequentially("Dobrynin")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search.html?q=Dobrynin*")
    tab.locator("#search-results .search-summary", has_text="Search finished").wait_for()
    found = tab.locator("#search-results ul.search li a").evaluate_all("links => links.map(a => a.href)")
    assert any(urlsplit(href).path.endswith("/chapters/edition.html") for href in found), found
    tab.close()


# Unused assets, and scripts that block the first paint -----------------------------------------------------


def loads(soup: BeautifulSoup, name: str) -> bool:
    return any(name in asset.rsplit("/", 1)[-1] for asset in head_assets(soup))


def test_canary_the_extensions_add_their_assets_to_every_page(stock):
    soup = page(stock, "plain.html")
    assert [name for name in STOCK_ASSETS if not loads(soup, name)] == []
    assert any(text.startswith("const THEBE_JS_URL") for text in head_assets(soup))


def test_a_page_loads_only_the_assets_of_what_it_holds(repaired):
    holds = {
        "plain.html": (),
        "code.html": ("copybutton.css", "copybutton.js", "pygments.css"),
        "frame.html": ("mystnb.", "copybutton.css", "copybutton.js", "pygments.css", "dataframe.css"),
        "exercises.html": ("togglebutton.css", "togglebutton.js", "exercise.css"),
    }
    for name, expected in holds.items():
        soup = page(repaired, name)
        assert [asset for asset in (*STOCK_ASSETS, "dataframe.css") if loads(soup, asset)] == list(expected), name
        assert not any(text.startswith("const THEBE_JS_URL") for text in head_assets(soup))
        repeated = [asset for asset, count in Counter(head_assets(soup)).items() if count > 1]
        assert repeated == [], name


def blocking_scripts(soup: BeautifulSoup) -> list[str]:
    scripts = soup.head.select("script[src]")
    return [s["src"].split("?")[0] for s in scripts if not (s.has_attr("defer") or s.has_attr("async"))]


def test_canary_sphinx_and_the_extensions_add_scripts_that_block_rendering(stock):
    assert "_static/doctools.js" in blocking_scripts(page(stock, "code.html"))


def test_only_documentation_options_blocks_rendering(repaired, html):
    for soup in (page(repaired, "code.html"), page(repaired, "exercises.html"), page(html, "chapters/edition.html")):
        assert [src.rsplit("/", 1)[-1] for src in blocking_scripts(soup)] == ["documentation_options.js"]


# The theme's stylesheet and icon fonts ---------------------------------------------------------------------


def test_canary_the_theme_stylesheet_carries_every_font_awesome_icon():
    css = pydata_theme_file("static/" + theme_css.STYLESHEET)
    assert len(re.findall(r"\.fa-[\w-]+:before\{content:", css)) > 1000


def test_purge_keeps_what_can_match_and_drops_what_cannot():
    css = (
        '@charset "UTF-8";/*! license */.used{a:1}.gone{b:2}.used .gone,.used>p{c:3}'
        "@media (min-width:1px){.gone{d:4}.used{e:5}}@font-face{font-family:x}"
        ".used:not(.gone){f:6}[data-theme=dark] .used{g:7}.bs-tooltip-end{h:8}/* note */"
    )
    names = theme_css.SiteNames({"used"}, ("bs-",))
    assert theme_css.purge(css, names) == (
        '@charset "UTF-8";/*! license */.used{a:1}.used>p{c:3}@media (min-width:1px){.used{e:5}}'
        "@font-face{font-family:x}.used:not(.gone){f:6}[data-theme=dark] .used{g:7}.bs-tooltip-end{h:8}"
    )


def test_the_site_names_come_from_pages_and_the_scripts_they_load(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "app.js").write_text('el.classList.add("shown"); x = `bs-${kind}`;')
    (tmp_path / "_static" / "unused.js").write_text('el.classList.add("never");')
    (tmp_path / "page.html").write_text(
        '<html><body class="a b"><p id="c">d</p><script src="_static/app.js?v=1"></script></body></html>'
    )
    names = theme_css.site_names(tmp_path)
    assert {"a", "b", "c", "shown"} <= names.names and "never" not in names.names and "d" not in names.names
    assert names.prefixes == ("bs-",)


def test_the_trimmed_stylesheet_and_cut_fonts_are_much_smaller(repaired):
    styles = repaired / "_static" / "styles" / "pydata-sphinx-theme.css"
    assert styles.stat().st_size < len(pydata_theme_file("static/" + theme_css.STYLESHEET)) / 2
    cut = sorted((repaired / "_static" / icon_font.WEBFONTS).glob("fa-solid-900.*.woff"))
    assert len(cut) == 1 and cut[0].stat().st_size < 20_000
    assert cut[0].name in styles.read_text(encoding="utf-8")


def test_icons_are_named_escaped_or_as_characters():
    css = '.fa-bars:before{content:"\\f0c9"}:root{--icon:"\uf058"}.x:before{content:"\\201c"}'
    assert icon_font.icons_named([css]) == {0xF0C9, 0xF058}


def test_a_cut_font_holds_exactly_the_named_icons_it_has(stock):
    whole = stock / "_static" / icon_font.WEBFONTS / "fa-solid-900.ttf"
    bars, glass, unknown = 0xF0C9, 0xF002, 0xE0FF
    assert {bars, glass} <= set(TTFont(whole).getBestCmap()) and unknown not in TTFont(whole).getBestCmap()
    cut = TTFont(BytesIO(icon_font.cut_font(whole, {bars, glass, unknown})))
    assert cut.flavor == "woff" and set(cut.getBestCmap()) == {bars, glass}
    original = TTFont(whole)
    for icon in (bars, glass):
        drawn = [font["glyf"][font.getBestCmap()[icon]].getCoordinates(font["glyf"])[:2] for font in (original, cut)]
        assert list(drawn[0][0]) == list(drawn[1][0]) and drawn[0][1] == drawn[1][1]


def test_canary_font_awesome_fonts_hold_all_their_icons(stock):
    solid = TTFont(stock / "_static" / icon_font.WEBFONTS / "fa-solid-900.ttf")
    assert len(solid.getBestCmap()) > 1000


STYLE_PROPERTIES = [
    "display",
    "position",
    "float",
    "visibility",
    "opacity",
    "color",
    "background-color",
    "background-image",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "text-align",
    "text-decoration-line",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-top-style",
    "border-top-color",
    "border-left-width",
    "border-left-color",
    "border-radius",
    "box-shadow",
    "width",
    "height",
    "overflow-x",
    "overflow-y",
    "z-index",
    "flex-direction",
    "justify-content",
    "align-items",
    "gap",
    "grid-template-columns",
    "transform",
    "content",
    "list-style-type",
    "white-space",
    "cursor",
    "outline-style",
]
COMPUTED_STYLES = """(properties) => [...document.querySelectorAll('body *')].flatMap(element =>
    [null, '::before', '::after'].map(pseudo => {
        const style = getComputedStyle(element, pseudo);
        return properties.map(p => p + ': ' + style.getPropertyValue(p)).join('; ');
    }))"""


def computed_styles(browser, url: str, stylesheet: str | None, width: int, scheme: str) -> list[str]:
    """What Chromium computes for every element of the page (and its ::before, ::after); with `stylesheet`,
    served in place of the site's copy of the theme's stylesheet."""
    tab = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    if stylesheet is not None:
        tab.route(
            "**/styles/pydata-sphinx-theme.css*", lambda route: route.fulfill(body=stylesheet, content_type="text/css")
        )
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    styles = tab.evaluate(COMPUTED_STYLES, STYLE_PROPERTIES)
    tab.close()
    return styles


def test_every_element_is_styled_as_by_the_theme_s_whole_stylesheet(browser, site, html):
    """The trimmed stylesheet lost no rule that applies: Chromium computes the same styles for every element
    of the edition page on a phone and of a notebook page (code, tables) in dark mode as with the theme's own."""
    whole = pydata_theme_file("static/" + theme_css.STYLESHEET)
    for name, width, scheme in (("chapters/edition.html", 390, "light"), ("notebooks/explore.html", 1280, "dark")):
        trimmed = computed_styles(browser, f"{site}/{name}", None, width, scheme)
        assert trimmed == computed_styles(browser, f"{site}/{name}", whole, width, scheme), (name, width, scheme)


def test_a_stylesheet_that_lost_a_rule_in_use_is_noticed(browser, site, html):
    names = theme_css.site_names(html)
    lost = theme_css.purge(
        pydata_theme_file("static/" + theme_css.STYLESHEET), names._replace(names=names.names - {"bd-sidebar-primary"})
    )
    url = f"{site}/chapters/edition.html"
    assert computed_styles(browser, url, lost, 1280, "light") != computed_styles(browser, url, None, 1280, "light")


# Sidebar buttons on phones and tablets ---------------------------------------------------------------------


def tapped_open(browser, outdir: Path, width: int, height: int) -> bool:
    """Whether tapping the site-navigation button of a small book's page opens its sidebar at this size."""
    with serve(outdir) as url:
        tab = touch_page(browser, width, height)
        tab.goto(f"{url}/plain.html")
        opened = tap_sidebar_open(tab, ".primary-toggle")
        tab.context.close()
    return opened


def test_canary_the_theme_binds_the_hidden_sidebar_button_so_a_tap_opens_nothing(browser, stock):
    """Upstream's fault, seen as a reader sees it: at a phone's and a tablet's size the visible button does
    nothing. When upstream binds the visible button, this fails: delete sidebar_toggles."""
    assert 'querySelector(".primary-toggle")' in pydata_theme_file("static/scripts/pydata-sphinx-theme.js")
    assert len(page(stock, "plain.html").select(".primary-toggle")) == 2
    assert not tapped_open(browser, stock, 390, 844)
    assert not tapped_open(browser, stock, 820, 1180)


def test_a_tap_on_the_visible_button_opens_the_sidebar(browser, repaired):
    assert len(page(repaired, "plain.html").select(".primary-toggle")) == 1
    assert tapped_open(browser, repaired, 390, 844)
    assert tapped_open(browser, repaired, 820, 1180)


def test_the_header_loses_only_its_sidebar_buttons():
    """Read from the installed header.html: two buttons, each of three lines, and the condition around the
    second; nothing else is taken out, and a header without them needs no override."""
    source = pydata_theme_file(sidebar_toggles.NAME)
    written = sidebar_toggles.header(source)
    assert written is not None
    diff = difflib.ndiff(source.splitlines(), written.splitlines()[1:])
    removed = [line[2:].strip() for line in diff if line.startswith("- ") and line[2:].strip()]
    assert [line.split(" ")[0] for line in removed] == ["<button", "<span", "</button>"] + [
        "{%",
        "<button",
        "<span",
        "</button>",
        "{%",
    ], removed
    assert all("sidebar-toggle" in line for line in removed if line.startswith("<button"))
    assert sidebar_toggles.header(written) is None


def test_only_sphinx_book_theme_gets_the_override():
    assert sidebar_toggles.templates("pydata_sphinx_theme") == {}
    assert list(sidebar_toggles.templates("sphinx_book_theme")) == [sidebar_toggles.NAME]


# Bibliography entries --------------------------------------------------------------------------------------

CITATIONS = "See [Alpha]_ and [Beta]_.\n\n.. [Alpha] A first work.\n.. [Beta] A second work.\n"


def list_without_items(soup: BeautifulSoup) -> list[str]:
    """Problems of role="list" elements: children that are not list items, or deprecated roles."""
    problems = []
    for listing in soup.select('[role="list"]'):
        for child in listing.find_all(recursive=False):
            if child.get("role") != "listitem" and child.name != "li":
                problems.append(f"{child.name} role={child.get('role')}")
    return problems


def test_canary_docutils_marks_citations_doc_biblioentry_in_a_role_list(stock):
    body = publish_parts(CITATIONS, writer_name="html5")["body"]
    assert 'role="doc-biblioentry"' in body
    assert list_without_items(page(stock, "cite.html")) == ["div role=doc-biblioentry"] * 2


def test_citations_are_list_items(repaired):
    soup = page(repaired, "cite.html")
    assert list_without_items(soup) == []
    entries = soup.select('[role="list"] > [role="listitem"]')
    assert [e.get_text(" ", strip=True) for e in entries] == ["[ Alpha ] A first work.", "[ Beta ] A second work."]


# Empty header cells ----------------------------------------------------------------------------------------

CORNER = "+---+-----+\n|   | Obs |\n+===+=====+\n| a | b   |\n+---+-----+\n"


def empty_header_cells(soup: BeautifulSoup) -> int:
    return sum(1 for th in soup.select("th") if not th.get_text(strip=True))


def test_canary_docutils_writes_an_empty_corner_as_a_header_cell(stock):
    assert '<th class="head"></th>' in publish_parts(CORNER, writer_name="html5")["body"]
    assert empty_header_cells(page(stock, "corner.html")) == 1


def test_an_empty_corner_is_an_ordinary_cell(repaired):
    soup = page(repaired, "corner.html")
    assert empty_header_cells(soup) == 0
    assert [cell.name for cell in soup.select("thead tr")[0].find_all(["th", "td"])] == ["td", "th", "th"]


# pandas tables ---------------------------------------------------------------------------------------------


def test_canary_pandas_writes_a_scoped_style_and_empty_header_cells(stock):
    html = a_frame()._repr_html_()
    assert "<style scoped>" in html and "<th></th>" in html
    soup = page(stock, "frame.html")
    assert soup.select("article style[scoped]") and empty_header_cells(soup) == 2


def test_pandas_tables_are_valid_and_keep_their_cells(repaired):
    soup = page(repaired, "frame.html")
    assert soup.select("article style") == [] and empty_header_cells(soup) == 0
    table = soup.select_one("table.dataframe")
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.select("tr")]
    assert rows == [["", "words"], ["turn", ""], ["t01", "12"], ["t02", "5"]]
    assert "vertical-align" in (repaired / "_static" / "dataframe.css").read_text()


# sphinx-exercise's ids -------------------------------------------------------------------------------------


def repeated_ids(soup: BeautifulSoup) -> list[str]:
    return sorted(i for i, n in Counter(e["id"] for e in soup.select("[id]")).items() if n > 1)


def test_canary_sphinx_exercise_repeats_the_ids_of_exercise_and_solution_bodies(stock):
    assert repeated_ids(page(stock, "exercises.html")) == ["exercise-content", "solution-content"]


def test_exercise_and_solution_bodies_have_unique_ids_and_a_class(repaired):
    soup = page(repaired, "exercises.html")
    assert repeated_ids(soup) == []
    assert [s.get_text(strip=True) for s in soup.select("section.exercise-content")] == ["Question 1.", "Question 2."]
    assert [s.get_text(strip=True) for s in soup.select("section.solution-content")] == ["Answer 1.", "Answer 2."]


# pybtex's plugin lookups -----------------------------------------------------------------------------------


def counted(query, calls: list):
    def count(**kwargs):
        calls.append(kwargs)
        return query(**kwargs)

    return count


def test_canary_pybtex_queries_the_installed_entry_points_on_every_lookup(monkeypatch):
    query = getattr(pybtex.plugin.entry_points, "__wrapped__", pybtex.plugin.entry_points)  # pybtex's own
    calls: list = []
    monkeypatch.setattr(pybtex.plugin, "entry_points", counted(query, calls))
    for _ in range(3):
        pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    assert len(calls) == 3


def test_each_pybtex_lookup_is_made_once_and_run_time_plugins_still_come_first(monkeypatch):
    query = getattr(pybtex.plugin.entry_points, "__wrapped__", pybtex.plugin.entry_points)
    calls: list = []
    monkeypatch.setattr(pybtex.plugin, "entry_points", counted(query, calls))
    plugin_lookup.remember_entry_points()
    plugin_lookup.remember_entry_points()  # a second build in the same process adds no second memo
    plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    assert [pybtex.plugin.find_plugin("pybtex.backends", "plaintext") for _ in range(3)] == [plaintext] * 3
    assert calls == [{"group": "pybtex.backends", "name": "plaintext"}]

    class Backend(plaintext):
        pass

    monkeypatch.setitem(pybtex.plugin._RUNTIME_PLUGINS, "pybtex.backends", {"plaintext": Backend})
    assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is Backend
