"""Every notebook runs top to bottom in the test environment, and keeps the shape readers rely on."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TOPICS = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text())
LABELS = {t["id"]: t["label"] for t in TOPICS["vocabulary"]}


def execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    where = {"metadata": {"path": str(ROOT / "notebooks")}}
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources=where).execute()
    return notebook


@pytest.fixture(scope="module")
def executed(html: Path) -> dict[str, nbformat.NotebookNode]:
    """Each notebook as the book's build ran it, in this environment, with the outputs readers see on its page:
    from the build's jupyter-cache, which myst-nb renders the page from. (Its copy in jupyter_execute/ has no
    outputs when they came from the cache: myst-nb writes the notebook it read, not the one merged with the
    cached outputs, myst_nb/sphinx_.py.)"""
    from jupyter_cache import get_cache

    cache = get_cache(str(html.parent / ".jupyter_cache"))
    return {p.stem: cache.merge_match_into_notebook(nbformat.read(p, as_version=4))[1] for p in NOTEBOOKS}


def test_there_are_notebooks():
    assert [p.stem for p in NOTEBOOKS] == ["analysis", "explore", "tag-it-yourself"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, executed):
    code = [c for c in executed[path.stem].cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "a cell did not run"
    assert [o for c in code for o in c.outputs if o.output_type == "error"] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_overview_and_prerequisites_and_ends_with_a_summary(path: Path):
    notebook = nbformat.read(path, as_version=4)
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert "## Overview" in markdown[0] and "## Prerequisites" in markdown[0]
    assert "## Summary" in markdown[-1]
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), (
        "commit notebooks without outputs"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_has_a_caption_and_alt_text(path: Path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        draws = "subplots(" in cell.source or ".plot." in cell.source
        if cell.cell_type == "code" and draws:
            meta = cell.metadata.get("mystnb", {})
            assert meta.get("figure", {}).get("caption"), cell.source[:60]
            assert len(meta.get("image", {}).get("alt", "")) > 40, cell.source[:60]


def tables(notebook: nbformat.NotebookNode) -> list[BeautifulSoup]:
    """Every pandas table the notebook shows, as HTML."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            if "dataframe" in html:
                found.append(BeautifulSoup(html, "html.parser").find("table"))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_tables_show_turn_numbers_whole_texts_and_topic_labels(path: Path, executed, document):
    shown = tables(executed[path.stem])
    assert shown, "no table"
    texts = {t.n: " ".join(t.text.split()) for t in document.turns}
    for table in shown:
        columns = [th.get_text() for th in table.select("thead tr:first-child th")][1:]
        cells = [" ".join(td.get_text(" ").split()) for td in table.select("tbody td")]
        assert not [c for c in cells if c.endswith("...")], "a cut-off cell"
        assert not set(cells) & set(LABELS), "a topic id where its label belongs"
        assert not [c for c in cells if c in {t.id for t in document.turns}], "an internal turn id"
        if table.find("th", string="turn"):
            for row in table.select("tbody tr"):
                number = int(row.th.get_text())
                assert number in texts, number
                if "text" in columns:
                    text = row.find_all("td")[columns.index("text")].get_text(" ")
                    assert " ".join(text.split()) == texts[number], number
    if path.stem == "explore":
        first = shown[0]
        assert [int(th.get_text()) for th in first.select("tbody th")] == sorted(texts)
        for label in {LABELS[t] for turn in TOPICS["turns"].values() for t in turn}:
            assert label in first.get_text(" ")


def test_the_explore_notebook_shows_every_matching_turn_in_full(executed, document):
    """The dissidents example: the whole text of each turn that mentions them, not a cut-off preview."""
    table = tables(executed["explore"])[1]
    dissidents = [t for t in document.turns if re.search(r"\bdissidents\b", t.text, re.IGNORECASE)]
    rows = {int(tr.th.get_text()): " ".join(tr.find_all("td")[-1].get_text(" ").split()) for tr in table.tbody("tr")}
    assert rows == {t.n: " ".join(t.text.split()) for t in dissidents}


def test_the_self_check_names_every_mistake_without_a_traceback():
    """Text where a list belongs and a misspelt topic: both named in the cell's output, no error output."""
    notebook = nbformat.read(ROOT / "notebooks" / "tag-it-yourself.ipynb", as_version=4)
    check = next(i for i, c in enumerate(notebook.cells) if c.source.startswith("my_tags = {"))
    tags = notebook.cells[check]
    assert '"t06": ["emigration"]' in tags.source and '"t01": ["channel"]' in tags.source
    tags.source = tags.source.replace('"t06": ["emigration"]', '"t06": ["emigraton"]')
    tags.source = tags.source.replace('"t01": ["channel"]', '"t01": "channel"')
    notebook.cells = notebook.cells[: check + 1]
    outputs = execute(notebook).cells[check].outputs
    assert [o.output_type for o in outputs] == ["execute_result"]
    message = BeautifulSoup(outputs[0]["data"]["text/html"], "html.parser").get_text(" ")
    assert message.startswith("Not yet: 2 things to fix")  # the two mistakes planted above
    assert "t06: 'emigraton' is not one of the topics (did you mean 'emigration'?)" in message
    assert 't01: the topics must be a list in square brackets, such as ["channel"], not the text "channel"' in message
    assert "c, h, a" not in message
    assert all(topic in message for topic in LABELS), "the valid topics are named"


def legends_over_axes(figure: Figure) -> list[str]:
    """Legends that cover part of a plotting area, where they may hide data."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes if ax.get_legend())]
    return [
        f"legend over axes {i}"
        for legend in legends
        for i, ax in enumerate(figure.axes)
        if legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))
    ]


def test_the_analysis_plots_keep_their_legends_off_the_data(monkeypatch):
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(ROOT / "notebooks")
    plt.close("all")
    notebook = nbformat.read(ROOT / "notebooks" / "analysis.ipynb", as_version=4)
    namespace: dict = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            exec(cell.source, namespace)  # the notebook's own code, as the kernel runs it
    figures = [plt.figure(n) for n in plt.get_fignums()]
    with_legend = [f for f in figures if f.legends or any(ax.get_legend() for ax in f.axes)]
    assert len(with_legend) >= 2
    assert [legends_over_axes(f) for f in with_legend] == [[] for _ in with_legend]
    plt.close("all")


def test_a_legend_placed_on_the_data_is_noticed():
    figure = Figure(figsize=(4, 3))
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    ax.scatter([1, 2, 3], [1, 2, 3], label="turns")
    ax.legend(loc="center")
    assert legends_over_axes(figure) == ["legend over axes 0"]
