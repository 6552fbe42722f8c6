"""The repairs (edition.repairs) and the speed work (edition.speed) on other packages' output, each with a
canary and a check of the result.

A canary shows that upstream still does what a module mends or lightens, on upstream's own output: a small
book built without either extension (`stock`), the installed theme's files, or docutils and pandas called
directly. A canary tells three states apart (`canary`): still needed (it passes); upstream fixed it (it
fails: delete the module, its line in its extension's __init__.py, and its tests); upstream changed shape,
so that the module no longer finds what it works on and nothing shows a fix either (it fails: rework the
module). Each failure names the upstream package and its installed version. The same small book built with
both extensions (`repaired`) shows the result; the checks that read it are the ones the canaries run on the
stock output, so each check is seen to fail on bad input. The speed work is also checked on the whole book
in Chromium: every element is styled as with the theme's whole stylesheet, and search still finds the record.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import nbformat
import pandas as pd
import pybtex.plugin
import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_parts
from fontTools.ttLib import TTFont
from pybtex.richtext import Text

from edition.browser import serve
from edition.repairs import generated, sidebar_toggles
from edition.repairs.generated import pydata_theme_file
from edition.speed import (
    icon_font,
    latex_text,
    plugin_lookup,
    search_scripts,
    sidebar_check,
    theme_assets,
    theme_css,
)
from tests.conftest import build_with_warnings, tap_sidebar_open, touch_page

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
    extensions = ', "edition.repairs", "edition.speed"' if repairs else ""
    (folder / "conf.py").write_text(TINY_CONF.format(repairs=extensions))
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
    outdir, warnings = build_with_warnings(folder)
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings
    return outdir


@pytest.fixture(scope="session")
def stock(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small book with sphinx-book-theme, myst-nb, sphinx-exercise and friends, without the repairs."""
    return build(write_book(tmp_path_factory.mktemp("stock") / "src", repairs=False))


@pytest.fixture(scope="session")
def repaired(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same small book with edition.repairs and edition.speed."""
    return build(write_book(tmp_path_factory.mktemp("repaired") / "src", repairs=True))


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def head_assets(soup: BeautifulSoup) -> list[str]:
    """The file names of the stylesheets and scripts a page loads, and the text of its inline scripts."""
    found = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    for script in soup.find_all("script"):
        found.append(script.get("src") or script.get_text())
    return found


# Canaries ---------------------------------------------------------------------------------------------------

NEEDED, FIXED, CHANGED = "still needed", "fixed upstream", "changed shape"


def state(needed: bool, fixed: bool) -> str:
    """What a canary's two readings of upstream's output say: the fault as the module expects it (`needed`), or
    the sign that upstream mended it (`fixed`); neither is a change of shape."""
    return NEEDED if needed else FIXED if fixed else CHANGED


def canary(package: str, seen: str, module: str, fault: str) -> None:
    """Pass while `module` is still needed; otherwise fail, saying which of the two changes upstream made."""
    where = f"{package} {version(package)}"
    if seen == FIXED:
        pytest.fail(f"{where} fixed it ({fault} is gone): delete {module} and its tests")
    if seen == CHANGED:
        pytest.fail(f"{where} changed shape: {module} no longer finds {fault}, and no fix shows; rework {module}")
    assert seen == NEEDED


def test_a_canary_tells_a_fix_from_a_change_of_shape():
    canary("pydata-sphinx-theme", state(True, False), "m", "the fault")
    with pytest.raises(pytest.fail.Exception, match=r"pydata-sphinx-theme 0\.\d+\.\d+ fixed it .*delete m"):
        canary("pydata-sphinx-theme", state(False, True), "m", "the fault")
    with pytest.raises(pytest.fail.Exception, match=r"pydata-sphinx-theme \S+ changed shape: m no longer finds"):
        canary("pydata-sphinx-theme", state(False, False), "m", "the fault")


# Theme assets: Font Awesome's script, script preloads, the theme.css import --------------------------------


def macros_state(macros: str, theme_css_text: str) -> str:
    """Font Awesome's script and the script preloads in the theme's asset macros: there; gone from macros that
    still load the theme's scripts (fixed); or macros that load no script at all (changed)."""
    loads_scripts = "<script defer src=" in macros or '<script src="' in macros
    faults = ("scripts/fontawesome.js" in macros, '<link rel="preload" as="script"' in macros)
    return state(all(faults), loads_scripts and not any(faults))


def test_canary_the_theme_loads_fontawesome_js_preloads_its_scripts_and_imports_basic_css():
    css = pydata_theme_file("static/styles/theme.css")
    seen = macros_state(pydata_theme_file(theme_assets.NAME), css)
    canary("pydata-sphinx-theme", seen, "edition.speed.theme_assets", "fontawesome.js and script preloads")
    seen = state(bool(theme_assets.IMPORT_ONLY.fullmatch(css)), "@import" not in css)
    canary("pydata-sphinx-theme", seen, "edition.speed.theme_assets", "a theme.css that only imports basic.css")


def test_the_macros_canary_reads_fixed_and_changed_macros():
    assert macros_state('<script defer src="{{ x }}"></script>\n', "") == FIXED
    assert macros_state("{% macro head_js_preload() %}{% endmacro %}\n", "") == CHANGED
    assert macros_state(pydata_theme_file(theme_assets.NAME), "") == NEEDED


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
    seen = state(bool(links) and not any(map(in_landmark, links)), bool(links) and all(map(in_landmark, links)))
    canary("sphinx-book-theme", seen, "edition.repairs.navbar_logo", "a logo link outside any landmark")


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
    blocks = any(src.endswith("searchindex.js") for src in blocking)
    matches = search_scripts.extrahead(pydata_theme_file(search_scripts.NAME)) is not None
    seen = state(blocks and matches, not blocks)
    canary("pydata-sphinx-theme", seen, "edition.speed.search_scripts", "a blocking searchindex.js in the head")


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
    missing = [name for name in STOCK_ASSETS if not loads(soup, name)]
    elsewhere = all(
        any(loads(page(stock, p), n) for p in ("code.html", "frame.html", "exercises.html")) for n in missing
    )
    canary("sphinx-book-theme", state(not missing, elsewhere), "edition.speed.unused_assets", "assets on every page")


def test_canary_sphinx_thebe_adds_its_configuration_twice(stock):
    declared = [t for t in head_assets(page(stock, "plain.html")) if t.startswith("const THEBE_JS_URL")]
    seen = state(len(declared) == 2, len(declared) == 1)
    canary("sphinx-thebe", seen, "edition.repairs.duplicate_assets", "a second THEBE_JS_URL declaration")


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
    soup = page(stock, "code.html")
    loaded = any(s["src"].startswith("_static/doctools.js") for s in soup.head.select("script[src]"))
    seen = state("_static/doctools.js" in blocking_scripts(soup), loaded)
    canary("Sphinx", seen, "edition.speed.deferred_scripts", "a blocking doctools.js")


def test_only_documentation_options_blocks_rendering(repaired, html):
    for soup in (page(repaired, "code.html"), page(repaired, "exercises.html"), page(html, "chapters/edition.html")):
        assert [src.rsplit("/", 1)[-1] for src in blocking_scripts(soup)] == ["documentation_options.js"]


# The theme's stylesheet and icon fonts ---------------------------------------------------------------------


def stylesheet_state(css: str | None) -> str:
    """The theme's stylesheet: Bootstrap and every icon's rule (needed); a small one (fixed); none there or one
    without icon rules (changed: the purge would find nothing it knows)."""
    if css is None:
        return CHANGED
    icons = len(re.findall(r"\.fa-[\w-]+:before\{content:", css))
    return state(icons > 1000 and len(css) > 200_000, len(css) <= 200_000)


def test_canary_the_theme_stylesheet_carries_every_font_awesome_icon():
    try:
        css = pydata_theme_file("static/" + theme_css.STYLESHEET)
    except FileNotFoundError:
        css = None
    canary("pydata-sphinx-theme", stylesheet_state(css), "edition.speed.theme_css", "a 397 kB stylesheet")


def test_the_stylesheet_canary_reads_a_renamed_or_trimmed_stylesheet():
    assert stylesheet_state(None) == CHANGED
    assert stylesheet_state(".a{b:c}") == FIXED
    assert stylesheet_state(pydata_theme_file("static/" + theme_css.STYLESHEET)) == NEEDED


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


def test_the_purge_is_done_again_only_for_a_name_the_theme_s_stylesheet_names(tmp_path):
    """A notebook executed again gives its widgets new ids: the cached stylesheet must still serve."""
    used = theme_css.SiteNames({"bd-header", "navbar"}, ("bs-",))
    key = theme_css.inputs_key(tmp_path, used)
    widget_ids = {"0062d0121e0c439d9b495fb2e85dc2e4", "widget-output-7d1e"}
    assert theme_css.inputs_key(tmp_path, theme_css.SiteNames(used.names | widget_ids, used.prefixes)) == key
    assert theme_css.inputs_key(tmp_path, theme_css.SiteNames(used.names | {"badge"}, used.prefixes)) != key
    assert theme_css.inputs_key(tmp_path, theme_css.SiteNames(used.names, ())) != key


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


def icon_fonts_state(css: str, static: Path) -> str:
    """Font Awesome's fonts as the stylesheet declares them: whole TrueType copies the cut reads (needed); no
    icon font declared, or fonts that are already cut (fixed); fonts the cut cannot read, such as Font
    Awesome 7's woff2-only files in pydata-sphinx-theme 0.18, or files missing (changed, not fixed)."""
    faces = [face for face in re.findall(r"@font-face\{[^}]*\}", css) if "fontawesome" in face]
    if not faces:
        return FIXED
    fonts = [icon_font.SOURCE.search(face) for face in faces]
    paths = [static / icon_font.WEBFONTS / f"{found['font']}.ttf" for found in fonts if found]
    if len(paths) != len(faces) or not all(path.is_file() for path in paths):
        return CHANGED
    largest = max(len(TTFont(path).getBestCmap()) for path in paths)
    return state(largest > 1000, largest <= 1000)


def test_canary_font_awesome_fonts_hold_all_their_icons(stock):
    css = (stock / "_static" / theme_css.STYLESHEET).read_text(encoding="utf-8")
    seen = icon_fonts_state(css, stock / "_static")
    canary("pydata-sphinx-theme", seen, "edition.speed.icon_font", "whole TrueType icon fonts")


def test_the_icon_font_canary_reads_woff2_only_fonts_as_a_change_not_a_fix(stock, tmp_path):
    """Font Awesome 7 (pydata-sphinx-theme 0.18) ships woff2 only: the cut has nothing to read, and the whole
    font still loads, so that is a change of shape; no icon font at all is a fix."""
    static = stock / "_static"
    fa7 = (
        '@font-face{font-family:"Font Awesome 7 Free";src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2) '
        'format("woff2")}'
    )
    assert icon_fonts_state(fa7, static) == CHANGED
    whole = (static / theme_css.STYLESHEET).read_text(encoding="utf-8")
    assert icon_fonts_state(whole, tmp_path) == CHANGED  # the TrueType copies are gone
    assert icon_fonts_state(".fa-bars{color:red}", static) == FIXED
    assert icon_fonts_state(whole, static) == NEEDED


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
    # The notebook's widgets are drawn by a script after the load: read the styles once they hold still.
    styles, before = tab.evaluate(COMPUTED_STYLES, STYLE_PROPERTIES), None
    for _ in range(20):
        if styles == before:
            break
        tab.wait_for_timeout(250)
        styles, before = tab.evaluate(COMPUTED_STYLES, STYLE_PROPERTIES), styles
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
    nothing. When upstream binds the visible button, this fails as a fix: delete sidebar_toggles."""
    opens = [tapped_open(browser, stock, 390, 844), tapped_open(browser, stock, 820, 1180)]
    shape = (
        'querySelector(".primary-toggle")' in pydata_theme_file("static/scripts/pydata-sphinx-theme.js")
        and len(page(stock, "plain.html").select(".primary-toggle")) == 2
        and sidebar_toggles.header(pydata_theme_file(sidebar_toggles.NAME)) is not None
    )
    seen = state(shape and not any(opens), all(opens))
    canary("pydata-sphinx-theme", seen, "edition.repairs.sidebar_toggles", "a hidden first .primary-toggle")


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
    problems = list_without_items(page(stock, "cite.html"))
    entries = page(stock, "cite.html").select('[role="list"] > *')
    seen = state(
        'role="doc-biblioentry"' in body and problems == ["div role=doc-biblioentry"] * 2, not problems and entries
    )
    canary("docutils", seen, "edition.repairs.bibliography_items", "citations marked doc-biblioentry in a list")


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
    corner = '<th class="head"></th>' in publish_parts(CORNER, writer_name="html5")["body"]
    empty = empty_header_cells(page(stock, "corner.html"))
    fixed = page(stock, "corner.html").select_one("thead tr > td") is not None and empty == 0
    canary("docutils", state(corner and empty == 1, fixed), "edition.repairs.table_headers", "an empty <th> corner")


def test_an_empty_corner_is_an_ordinary_cell(repaired):
    soup = page(repaired, "corner.html")
    assert empty_header_cells(soup) == 0
    assert [cell.name for cell in soup.select("thead tr")[0].find_all(["th", "td"])] == ["td", "th", "th"]


# pandas tables ---------------------------------------------------------------------------------------------


def test_canary_pandas_writes_a_scoped_style_and_empty_header_cells(stock):
    html = a_frame()._repr_html_()
    soup = page(stock, "frame.html")
    faults = ("<style scoped>" in html, "<th></th>" in html)
    seen = state(
        all(faults) and bool(soup.select("article style[scoped]")) and empty_header_cells(soup) == 2, not any(faults)
    )
    canary("pandas", seen, "edition.repairs.dataframes", "a scoped style and empty header cells")


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
    repeated = repeated_ids(page(stock, "exercises.html"))
    seen = state(repeated == ["exercise-content", "solution-content"], not repeated)
    canary("sphinx-exercise", seen, "edition.repairs.exercise_ids", "repeated exercise-content ids")


def test_exercise_and_solution_bodies_have_unique_ids_and_a_class(repaired):
    soup = page(repaired, "exercises.html")
    assert repeated_ids(soup) == []
    assert [s.get_text(strip=True) for s in soup.select("section.exercise-content")] == ["Question 1.", "Question 2."]
    assert [s.get_text(strip=True) for s in soup.select("section.solution-content")] == ["Answer 1.", "Answer 2."]


# The sidebar navigation's empty check ----------------------------------------------------------------------


def test_canary_pydata_checks_sphinx_book_theme_s_navigation_for_emptiness_and_it_can_never_be_empty():
    import inspect

    import pydata_sphinx_theme

    source = inspect.getsource(pydata_sphinx_theme.update_and_remove_templates)
    spared = re.search(r"templates_skip_empty_check=\[([^\]]*)\]", source)
    navigation = sidebar_check.NAVIGATION
    seen = state(spared is not None and navigation not in spared[1], spared is not None and navigation in spared[1])
    canary("pydata-sphinx-theme", seen, "edition.speed.sidebar_check", f"a second render of {navigation}")
    from importlib.resources import files

    template = files("sphinx_book_theme") / "theme" / "sphinx_book_theme" / "components" / navigation
    first = template.read_text(encoding="utf-8").lstrip()
    opens = first.startswith("<nav") and first.rstrip().endswith("</nav>")  # the element whatever the toc holds
    canary("sphinx-book-theme", state(opens, False), "edition.speed.sidebar_check", "a navigation never empty")


def test_the_navigation_is_spared_the_empty_check_and_other_templates_are_still_checked(monkeypatch):
    from pydata_sphinx_theme import utils

    own = getattr(utils._update_and_remove_templates, "__wrapped__", utils._update_and_remove_templates)
    monkeypatch.setattr(utils, "_update_and_remove_templates", own)  # pydata's, even after a build in this process
    rendered: list[str] = []
    output = {"icon-links.html": "<a>icon</a>", "search-button-field.html": "  \n"}
    templates = SimpleNamespace(render=lambda name, ctx: rendered.append(name) or output.get(name, "<nav></nav>"))
    app = SimpleNamespace(builder=SimpleNamespace(templates=templates))
    sidebars = ["icon-links", "search-button-field", "sbt-sidebar-nav.html"]
    assert utils._update_and_remove_templates(app, {}, sidebars, "sidebars") == [
        "icon-links.html",
        "sbt-sidebar-nav.html",
    ]
    assert rendered == ["icon-links.html", "search-button-field.html", "sbt-sidebar-nav.html"]  # pydata's own
    sidebar_check.spare_navigation()
    sidebar_check.spare_navigation()  # a second build in the same process adds no second wrapper
    rendered.clear()
    assert utils._update_and_remove_templates(app, {}, sidebars, "sidebars") == [
        "icon-links.html",
        "sbt-sidebar-nav.html",
    ]
    assert rendered == ["icon-links.html", "search-button-field.html"]  # the empty one still dropped
    rendered.clear()
    utils._update_and_remove_templates(app, {}, ["navbar-nav", "icon-links"], "x", ["navbar-nav.html"])
    assert rendered == ["icon-links.html"]  # the caller's own list still spared


# pybtex's decoding of LaTeX ---------------------------------------------------------------------------------

LATEX = [
    "Gorbachev, Mikhail S.",
    r"Giscard d'Estaing, Val{\'e}ry",
    r"\emph{Masterpieces} of History",
    "1969--1976",
    "{NATO}",
]


def pybtex_decoding():
    return getattr(Text.from_latex, "__wrapped__", Text.from_latex.__func__)  # pybtex's own


def test_canary_pybtex_decodes_the_same_latex_again_at_every_call():
    decode = pybtex_decoding()
    first, second = decode(Text, LATEX[1]), decode(Text, LATEX[1])
    same = first.render_as("html") == second.render_as("html")
    canary(
        "pybtex",
        state(same and first is not second, first is second),
        "edition.speed.latex_text",
        "a decoding per call",
    )


def test_decodings_are_made_once_and_equal_pybtex_s_own(monkeypatch):
    calls: list = []
    decode = pybtex_decoding()
    monkeypatch.setattr(Text, "from_latex", classmethod(lambda cls, latex: calls.append(latex) or decode(cls, latex)))
    latex_text.remember_decodings()
    latex_text.remember_decodings()  # a second build in the same process adds no second memo
    shared = [Text.from_latex(latex) for latex in LATEX]
    assert [Text.from_latex(latex) for latex in LATEX] == shared and all(
        a is b for a, b in zip(shared, (Text.from_latex(latex) for latex in LATEX), strict=True)
    )
    assert calls == LATEX  # each string decoded once
    assert [t.render_as("html") for t in shared] == [decode(Text, latex).render_as("html") for latex in LATEX]
    assert shared[1].render_as("text") == "Giscard d'Estaing, Valéry"  # the accent decoded, not left as LaTeX


def test_pybtex_formatting_leaves_a_shared_decoding_as_it_was():
    """The memo shares one result between callers: pybtex's formatting must make new text, not change it."""
    text = pybtex_decoding()(Text, "the record")
    for formatted in (text.capfirst(), text.add_period(), text.upper(), text.append(" ends"), Text(text, ".")):
        assert formatted.render_as("text") != "the record"
    assert text.render_as("text") == "the record"


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
    canary("pybtex", state(len(calls) == 3, len(calls) == 1), "edition.speed.plugin_lookup", "a query per lookup")


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
