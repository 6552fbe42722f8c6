"""The speed work's switch and theme check, and what rebuilds reuse: the speed work's cache, the notebooks'
cache and what invalidates it, the citations' cache, the downloads, and pages waiting for a handout.

Expected values come from the inputs: a second build of an unchanged book does no purge and parses no page;
a changed page does both again; a notebook cache is emptied exactly when a file the notebooks read changes,
and which files they read is recorded by running them (an audit hook on `open`), not taken from the code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.errors import ExtensionError

import edition
from edition.exchange import turn_citations as citation_module
from edition.speed import theme_css
from edition.sphinx import cite_control as citations
from edition.sphinx import rebuilds
from edition.sphinx.config import EditionConfig
from edition.sphinx.state import set_apparatus
from tests.conftest import ROOT, build_with_warnings
from tests.test_repairs import STOCK_ASSETS, head_assets, in_landmark, loads, page, repaired, write_book  # noqa: F401

pytestmark = pytest.mark.xdist_group("repairs")


@pytest.fixture
def tiny_book(tmp_path: Path) -> Callable[..., Path]:
    """Writes the small book with the whole theme stack and both extensions (conf.py lines added), to build:
    seconds a build, so the tests that use it are in the slow tier (conftest.TIERS)."""

    def write(extra_conf: str = "") -> Path:
        folder = write_book(tmp_path / "src", repairs=True)
        with (folder / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(extra_conf)
        return folder

    return write


# The switch and the theme ---------------------------------------------------------------------------------


def test_the_switch_turns_the_speed_work_off_and_leaves_the_repairs(tiny_book, repaired):  # noqa: F811
    outdir, warnings = build_with_warnings(tiny_book("edition_speed = False\n"))
    assert "WARNING" not in warnings, warnings
    off, on = page(outdir, "plain.html"), page(repaired, "plain.html")
    # Off: every extension's assets on a plain page, Font Awesome's script, the theme's whole stylesheet.
    assert [name for name in STOCK_ASSETS if not loads(off, name)] == []
    assert "fontawesome.js" in str(off) and "fontawesome.js" not in str(on)
    whole = (outdir / "_static" / theme_css.STYLESHEET).stat().st_size
    assert whole > 2 * (repaired / "_static" / theme_css.STYLESHEET).stat().st_size
    # The repairs still apply: the logo in a landmark, the Thebe configuration once.
    assert all(in_landmark(link) for link in off.select("a.navbar-brand"))
    assert sum(text.startswith("const THEBE_JS_URL") for text in head_assets(off)) == 1


def test_under_another_theme_both_extensions_do_nothing_and_say_so(tiny_book):
    outdir, warnings = build_with_warnings(
        tiny_book('html_theme = "alabaster"\nhtml_theme_options = {}\nhtml_logo = None\n')
    )
    said = [line for line in warnings.splitlines() if "does nothing under html_theme" in line]
    assert len(said) == 2 and "edition.repairs" in said[0] + said[1] and "edition.speed" in said[0] + said[1], warnings
    assert all("'alabaster'" in line and "'sphinx_book_theme'" in line for line in said)
    # Nothing was done: no template written, the citation repair not applied, no asset pruned.
    doctrees = outdir.parent / "doctrees"
    assert not list(doctrees.glob("edition-*-templates/**/*.html"))
    assert 'role="doc-biblioentry"' in (outdir / "cite.html").read_text(encoding="utf-8")
    assert loads(page(outdir, "plain.html"), "copybutton.js")


def test_under_the_theme_they_were_written_for_there_is_no_such_warning(tiny_book):
    _, warnings = build_with_warnings(tiny_book())
    assert "edition.theme" not in warnings and "WARNING" not in warnings, warnings


# The speed work's cache -----------------------------------------------------------------------------------


def test_an_unchanged_rebuild_does_no_speed_work_and_a_changed_page_redoes_it(tiny_book, monkeypatch):
    calls = {"trimmed": 0, "pages": 0}
    trimmed, page_names = theme_css.trimmed, theme_css.page_names

    def counted_trim(*args):
        calls["trimmed"] += 1
        return trimmed(*args)

    def counted_pages(*args):
        calls["pages"] += 1
        return page_names(*args)

    monkeypatch.setattr(theme_css, "trimmed", counted_trim)
    monkeypatch.setattr(theme_css, "page_names", counted_pages)
    folder = tiny_book()
    outdir, _ = build_with_warnings(folder)
    stylesheet = outdir / "_static" / theme_css.STYLESHEET
    first = stylesheet.read_bytes()
    assert calls["trimmed"] == 1 and calls["pages"] > 5
    assert b".badge{" not in first  # no page uses Bootstrap's badge yet

    calls.update(trimmed=0, pages=0)
    build_with_warnings(folder)
    assert calls == {"trimmed": 0, "pages": 0}
    assert stylesheet.read_bytes() == first  # the cached result, put back over the theme's copy

    with (folder / "plain.md").open("a", encoding="utf-8") as text:
        text.write('\n<span class="badge">new</span>\n')
    build_with_warnings(folder)
    assert calls["trimmed"] == 1 and calls["pages"] >= 1
    assert b".badge{" in stylesheet.read_bytes()


# The notebooks' cache -------------------------------------------------------------------------------------


NOTEBOOKS = ("notebooks/analysis", "notebooks/explore", "notebooks/tag-it-yourself")


def edition_root(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    for name in ("seeds", "annotations", "notebooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "references.bib", root / "references.bib")
    return root


def fake_app(root: Path, cache: Path, mode: str = "cache") -> tuple[SimpleNamespace, SimpleNamespace]:
    values = {f"edition_{k}": v for k, v in vars(EditionConfig()).items()}
    app = SimpleNamespace(srcdir=str(root), config=SimpleNamespace(**values, bibtex_bibfiles=["references.bib"]))
    env = SimpleNamespace(
        mystnb_config=SimpleNamespace(execution_mode=mode, execution_cache_path=str(cache)),
        found_docs={"index", *NOTEBOOKS},
        doc2path=lambda doc: root / (doc + (".ipynb" if doc.startswith("notebooks/") else ".md")),
    )
    return app, env


def cached_uris(cache: Path) -> list[str]:
    from jupyter_cache import get_cache

    return sorted(Path(r.uri).stem for r in get_cache(str(cache)).list_cache_records())


def cache_outputs(cache: Path, root: Path) -> None:
    """A cached record for each notebook, as myst-nb leaves it after executing them."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    store = get_cache(str(cache))
    for doc in NOTEBOOKS:
        path = root / f"{doc}.ipynb"
        bundle = CacheBundleIn(nbformat.read(path, 4), str(path))
        store.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def test_a_notebook_loses_its_cached_outputs_exactly_when_what_it_reads_changes(tmp_path):
    """What each notebook reads is what running it opens (the test below): the notes only for explore, the
    seed and the topics for all three."""
    root, cache = edition_root(tmp_path), tmp_path / "jupyter_cache"
    (cache / "executed").mkdir(parents=True)
    (cache / "executed" / "old").write_text("outputs of an earlier build")
    app, env = fake_app(root, cache)

    def outdated() -> list[str]:
        return rebuilds.invalidate_notebooks(app, env, set(), set(), set())

    assert outdated() == list(NOTEBOOKS)  # no key beside the cache: nothing in it can be trusted
    assert not (cache / "executed" / "old").exists()
    assert outdated() == []
    cache_outputs(cache, root)
    for changed, expected in [
        ("annotations/notes.yml", ["notebooks/explore"]),
        ("references.bib", ["notebooks/explore"]),
        ("annotations/topics.yml", list(NOTEBOOKS)),
        ("seeds/000_c4ba001cd7a955e4.txt", list(NOTEBOOKS)),
    ]:
        with (root / changed).open("a", encoding="utf-8") as text:
            text.write("\n")
        assert outdated() == expected, changed
        kept = sorted(Path(d).name for d in NOTEBOOKS if d not in expected)
        assert cached_uris(cache) == kept, changed  # the others keep their outputs
        assert outdated() == []
        cache_outputs(cache, root)
    assert rebuilds.invalidate_notebooks(*fake_app(root, tmp_path / "c2", "force"), set(), set(), set()) == []


def test_a_notebook_that_names_an_unknown_kind_of_data_stops_the_build(tmp_path):
    root = edition_root(tmp_path)
    path = root / "notebooks" / "analysis.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["metadata"]["edition"] = {"reads": ["seed", "notes"]}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    app, _ = fake_app(root, tmp_path / "cache")
    with pytest.raises(ExtensionError, match=r"analysis\.ipynb: metadata edition\.reads names 'notes'.*Fix: name only"):
        rebuilds.notebook_inputs(app, path)
    del notebook["metadata"]["edition"]  # no declaration: every data file counts
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert set(edition.sources(root).data_files()) <= set(rebuilds.notebook_inputs(app, path))


OPENED = r"""
import json, os, sys
root = sys.argv[1]
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and os.path.abspath(args[0]).startswith(root):
        opened.add(os.path.abspath(args[0]))
sys.addaudithook(hook)
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
for code in json.loads(sys.stdin.read()):
    result = shell.run_cell(code)
    if not result.success:
        raise SystemExit(f"cell failed: {code[:80]}: {result.error_in_exec!r}")
print(json.dumps(sorted(opened)))
"""


def files_opened(cells: list[str], home: Path) -> set[Path]:
    """The files under the book's root that running these cells (from notebooks/, as the build runs them)
    opens, with `edition` from this checkout."""
    run = subprocess.run(
        [sys.executable, "-c", OPENED, str(ROOT)],
        input=json.dumps(cells),
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", "HOME": str(home)},
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return {Path(p) for p in json.loads(run.stdout.splitlines()[-1])}


def data_read(opened: set[Path]) -> set[Path]:
    """The book's files among them: not the environment, not the notebooks' own folder, not compiled code
    (the .py it comes from is opened too)."""
    inside = {p for p in opened if p.is_relative_to(ROOT) and "__pycache__" not in p.parts}
    return {p for p in inside if not p.relative_to(ROOT).parts[0].startswith((".", "notebooks", "node_modules"))}


def test_each_notebook_reads_only_what_its_cache_key_covers(tmp_path):
    app, _ = fake_app(ROOT, ROOT / "_build" / "unused")
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = [
            "".join(c["source"])
            for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"
        ]
        read = data_read(files_opened(cells, tmp_path))
        covered = set(rebuilds.notebook_inputs(app, notebook))
        assert read and read <= covered, (notebook.name, read - covered)


def test_a_notebook_that_read_a_file_outside_the_key_would_be_noticed(tmp_path):
    app, _ = fake_app(ROOT, ROOT / "_build" / "unused")
    read = data_read(files_opened(["open('../CITATION.cff').read()"], tmp_path))
    assert read - set(rebuilds.notebook_inputs(app, ROOT / "notebooks" / "explore.ipynb")) == {ROOT / "CITATION.cff"}


def test_a_notebook_that_read_the_notes_without_declaring_them_would_be_noticed(tmp_path):
    """analysis declares the seed and the topics only: the notes, read there, fall outside its key."""
    app, _ = fake_app(ROOT, ROOT / "_build" / "unused")
    read = data_read(files_opened(["import edition", "edition.load_edition()"], tmp_path))
    outside = read - set(rebuilds.notebook_inputs(app, ROOT / "notebooks" / "analysis.ipynb"))
    assert ROOT / "annotations" / "notes.yml" in outside


# Citations, downloads, handouts ---------------------------------------------------------------------------


def citation_app(tmp_path: Path, title: str) -> SimpleNamespace:
    env = SimpleNamespace()
    set_apparatus(env, edition.load_edition(ROOT))
    config = SimpleNamespace(html_title=title, author="The editors of this edition", copyright="2026", html_baseurl="")
    builder = SimpleNamespace(format="html", get_target_uri=lambda docname: f"{docname}.html")
    app = SimpleNamespace(env=env, config=config, builder=builder, doctreedir=str(tmp_path))
    citations.load_store(app)
    return app


def test_citations_are_formatted_once_and_again_when_what_they_cite_changes(tmp_path, monkeypatch):
    calls: list[str] = []
    formatted = citation_module.turn_citations

    def counted(apparatus, turn_id, info, html=False):
        calls.append(turn_id)
        return formatted(apparatus, turn_id, info, html=html)

    monkeypatch.setattr(citations, "turn_citations", counted)
    title = "Gorbachev and Kissinger, 17 January 1989: a critical edition"
    app = citation_app(tmp_path, title)
    first = citations.cited(app, "t05")
    citations.save_store(app, None)
    assert calls == ["t05"]
    expected = formatted(app.env.edition_apparatus, "t05", citations.edition_info(app), html=True)
    assert [text for _, _, text in first] == [expected[style] for style in citations.STYLE_LABELS]

    again = citation_app(tmp_path, title)  # the next build, a new process: from the file
    assert citations.cited(again, "t05") == first and calls == ["t05"]
    assert citations.cited(again, "t04") != first and calls == ["t05", "t04"]
    retitled = citation_app(tmp_path, "Another title: a critical edition")
    assert "Another Title" in citations.cited(retitled, "t05")[0][2] and calls == ["t05", "t04", "t05"]


def test_a_page_waiting_for_a_handout_is_read_again_once_it_exists(tmp_path):
    env = SimpleNamespace(docname="chapters/teach/guide", dependencies=[])
    env.note_dependency = env.dependencies.append
    setattr(env, rebuilds.AWAITED, {})
    pdf = tmp_path / "sourcing.pdf"
    rebuilds.await_file(env, pdf)
    assert env.dependencies == [] and rebuilds.arrived(None, env, set(), set(), set()) == []
    pdf.write_bytes(b"%PDF-1.7")
    assert rebuilds.arrived(None, env, set(), set(), set()) == ["chapters/teach/guide"]
    rebuilds.await_file(env, pdf)  # read again: now an ordinary dependency
    assert env.dependencies == [str(pdf)]


def test_downloads_are_current_only_for_the_same_inputs_and_files(tmp_path):
    root = edition_root(tmp_path)
    app, _ = fake_app(root, tmp_path / "unused")
    app.doctreedir, app.outdir = str(tmp_path / "doctrees"), str(tmp_path / "html")
    written = Path(app.outdir) / "data" / "turns.csv"
    written.parent.mkdir(parents=True)
    written.write_text("turn\n")
    key = rebuilds.downloads_key(app)
    assert not rebuilds.downloads_current(app, key)
    rebuilds.remember_downloads(app, key, [written])
    assert rebuilds.downloads_current(app, key)
    with (root / "annotations" / "topics.yml").open("a", encoding="utf-8") as text:
        text.write("\n")
    assert not rebuilds.downloads_current(app, rebuilds.downloads_key(app))
    written.unlink()
    assert not rebuilds.downloads_current(app, key)


# Notebooks executed side by side --------------------------------------------------------------------------

TIMED = """import pathlib, time
start = time.time()
time.sleep(1.5)
pathlib.Path("{name}.times").write_text(f"{{start}} {{time.time()}}")
"""


class StubApp:
    """What the notebook runs ask of a Sphinx application: its configuration (no spare kernels)."""

    config = {"edition_spare_kernels": False}


@pytest.fixture
def kernel_folder(tmp_path: Path) -> Path:
    """A folder for a test that starts Jupyter kernels, seconds each: such tests are in the slow tier."""
    return tmp_path


def test_uncached_notebooks_run_side_by_side_while_the_pages_are_read_and_are_cached_before_myst_nb_reads_them(
    kernel_folder,
):
    """Two notebooks of 1.5 s each run at the same time, in their own folder, and are read after the pages; each
    is cached when Sphinx is about to read it (found by the cache match myst-nb makes), not before; a failing
    notebook is left uncached (myst-nb runs it and reports it); with everything cached, nothing runs."""
    import nbformat
    from jupyter_cache import get_cache

    from edition.speed import notebook_runs

    folder = kernel_folder / "notebooks"
    folder.mkdir()
    sources = {"one": TIMED.format(name="one"), "two": TIMED.format(name="two"), "broken": "1 / 0"}
    for name, code in sources.items():
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, folder / f"{name}.ipynb")
    config = SimpleNamespace(
        execution_mode="cache",
        execution_cache_path=str(kernel_folder / "cache"),
        execution_excludepatterns=[],
        execution_timeout=60,
        execution_allow_errors=False,
    )
    suffix = {"intro": ".md", "zz-last-page": ".md"}
    env = SimpleNamespace(
        mystnb_config=config, doc2path=lambda doc: kernel_folder / f"{doc}{suffix.get(doc, '.ipynb')}"
    )
    docs = ["intro", "notebooks/one", "notebooks/two", "notebooks/broken", "zz-last-page"]
    cache = get_cache(config.execution_cache_path)

    def cached(name: str) -> bool:
        try:
            cache.match_cache_notebook(nbformat.read(folder / f"{name}.ipynb", as_version=4))
        except KeyError:
            return False
        return True

    runs = notebook_runs.execute_ahead(None, env, docs)
    assert docs == ["intro", "zz-last-page", "notebooks/one", "notebooks/two", "notebooks/broken"]
    assert not cached("one")  # still running: Sphinx reads the pages meanwhile
    runs.collect("notebooks/one")  # Sphinx is about to read it
    assert cached("one") and not cached("two")
    runs.close()  # the rest, as the reading ends

    (a0, a1), (b0, b1) = ([float(t) for t in (folder / f"{n}.times").read_text().split()] for n in ("one", "two"))
    assert a0 < b1 and b0 < a1  # the two ran at the same time
    assert cached("two") and not cached("broken")
    assert not Path(runs.sockets).exists()

    for name in ("one", "two"):
        (folder / f"{name}.times").unlink()
    assert notebook_runs.execute_ahead(None, env, [doc for doc in docs if doc != "notebooks/broken"]) is None
    assert not list(folder.glob("*.times"))  # both cached: nothing ran again

    # Started at env-get-outdated (start_early), over every page but a removed one; at env-before-read-docs
    # the same runs are found, and their notebooks are read last.
    edited = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sources["one"] + "\n# edited")])
    edited.metadata["kernelspec"] = nbformat.read(folder / "one.ipynb", as_version=4).metadata["kernelspec"]
    nbformat.write(edited, folder / "one.ipynb")
    app = StubApp()
    env.found_docs = set(docs) - {"notebooks/broken"}  # removed: Sphinx no longer finds it
    notebook_runs.start_early(app, env, set(), {"notebooks/one"}, {"notebooks/broken"})
    assert set(notebook_runs.RUNNING[app].pending) == {"notebooks/one"}
    later = ["notebooks/one", "zz-last-page"]
    assert notebook_runs.execute_ahead(app, env, later) is notebook_runs.RUNNING[app]
    assert later == ["zz-last-page", "notebooks/one"]
    notebook_runs.close(app)
    assert cached("one") and app not in notebook_runs.RUNNING


def test_a_spare_kernel_is_prepared_with_the_modules_the_notebook_imports():
    import nbformat

    from edition.speed.spare_kernels import imported_modules

    cells = [
        "try:\n    import pandas as pd\n    from IPython.display import HTML\nexcept ImportError:\n    pass",
        "%matplotlib inline",  # not Python: skipped
        "from . import near\nimport os, json\nimport pandas",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.cells.append(nbformat.v4.new_markdown_cell("import sys"))
    assert imported_modules(notebook) == ("pandas", "IPython.display", "os", "json")


SPARE_CHECK = [
    "import json\nimport os",
    "print(os.getcwd())",
    "sorted(name for name in dir() if not name.startswith('_'))",
    "json.dumps({'a': 1})",
]


def test_a_notebook_run_in_a_spare_kernel_gives_what_a_new_kernel_gives(kernel_folder):
    """The same outputs and execution counts (the prelude leaves no name and no history), in the notebook's
    folder; a spare is given to the notebook it was prepared for only while the notebook imports the same; a
    stopped spare is no longer running, and closing removes the sockets' folder."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    from edition.speed.spare_kernels import SpareKernels

    folder = kernel_folder / "notebooks"
    folder.mkdir()
    path = folder / "check.ipynb"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in SPARE_CHECK])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)

    def run(km=None):
        ran = nbformat.read(path, as_version=4)
        result = single_nb_execution(ran, cwd=str(folder), timeout=60, allow_errors=False, km=km)
        assert result.err is None
        return [(cell.execution_count, cell.outputs) for cell in ran.cells]

    spares = SpareKernels()
    try:
        spares.prepare(path, notebook)
        spare = spares.take(path, notebook)
        assert spare is not None and spares.take(path, notebook) is None  # taken once
        in_spare = run(spare)
        spares.stop(spare)
        assert in_spare == run()
        assert [count for count, _ in in_spare] == [1, 2, 3, 4]
        assert in_spare[1][1][0]["text"].strip() == str(folder)
        changed = nbformat.read(path, as_version=4)
        changed.cells[0].source = "import json\nimport os\nimport csv"
        spares.prepare(path, notebook)
        assert spares.take(path, changed) is None  # prepared for other imports: the run starts its own kernel
        spares.prepare(path, notebook)
        removed = spares.ready[path][1]
        spares.drop_all_but([])  # the notebook left the book
        assert spares.take(path, notebook) is None
    finally:
        spares.close()
    assert not spare.is_alive() and not removed.result().is_alive()
    assert not Path(spares.sockets).exists()
