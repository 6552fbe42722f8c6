"""Every notebook runs top to bottom in the test environment, and keeps the shape readers rely on."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.stem for p in NOTEBOOKS] == ["analysis", "explore", "tag-it-yourself"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


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
