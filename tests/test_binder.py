"""Where the notebooks run. On Binder: the repository with requirements.txt alone runs every notebook, and
repo2docker accepts it. Downloaded from the book into a fresh Jupyter: each notebook stops at its first code
cell with one sentence saying what to install; doing what that sentence says makes it run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.data.sources import html_page, on_site
from edition.sphinx.site import download_copy
from tests.conftest import REPOSITORY, ROOT, SITE, copy_book

# Its fixtures are costly (session-scoped, so that other tests run between its own do not tear them down): one
# test process runs all of this file.
pytestmark = pytest.mark.xdist_group("binder")

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WHEELHOUSE = ROOT / ".wheelhouse"
UV = str(Path(sys.executable).parent / "uv")
# Runs each notebook of a folder in the interpreter's own kernel; prints, for each, None or its first error.
RUN_NOTEBOOKS = """
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
results = {}
for path in sorted(Path(sys.argv[1]).glob("*.ipynb")):
    notebook = nbformat.read(path, as_version=4)
    where = {"metadata": {"path": str(path.parent)}}
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", resources=where, shutdown_kernel="immediate")
    try:
        client.execute()
        results[path.name] = None
    except CellExecutionError as error:
        code = [c for c in notebook.cells if c.cell_type == "code"]
        failed = next(i for i, c in enumerate(code) if any(o.output_type == "error" for o in c.outputs))
        shown = next(o for o in code[failed].outputs if o.output_type == "error")
        results[path.name] = {"ename": error.ename, "evalue": error.evalue, "code_cell": failed,
                              "traceback": shown.traceback}
print(json.dumps(results))
"""


def pip_install(python: Path, *args: str, cwd: Path | None = None) -> None:
    """`pip install ARGS` into `python`'s environment from the local wheelhouse only (a copy of exactly the
    pinned requirements): no network. uv's `pip install` does it, reading the same requirement files as pip,
    in a few seconds instead of a minute."""
    assert (WHEELHOUSE / ".installed").exists(), "no local wheelhouse: run `make install-test`"
    run = subprocess.run(
        [UV, "pip", "install", "--quiet", "--offline", "--no-index", "--find-links", str(WHEELHOUSE)]
        + ["--python", str(python), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "UV_CACHE_DIR": str(python.parent.parent.parent / "uv-cache")},
    )
    assert run.returncode == 0, run.stderr[-3000:]


def run_notebooks(python: Path, folder: Path, cwd: Path) -> dict[str, dict | None]:
    """Python may keep the bytecode it compiles (as after pip, which compiles at install), so that each kernel
    does not compile pandas and matplotlib again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = subprocess.run(
        [str(python), "-c", RUN_NOTEBOOKS, str(folder)], capture_output=True, text=True, cwd=cwd, env=env
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def repo_copy(tmp_path_factory) -> Path:
    return copy_book(tmp_path_factory.mktemp("binder") / "repo")


@pytest.fixture(scope="session")
def fresh_jupyter(tmp_path_factory) -> Path:
    """A fresh Jupyter's Python: a kernel and the means to run a notebook, nothing of the edition."""
    venv = tmp_path_factory.mktemp("jupyter") / "venv"
    subprocess.run([UV, "venv", "--quiet", "--offline", "--python", sys._base_executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    pip_install(python, "ipykernel", "nbclient", "nbformat")
    return python


@pytest.fixture(scope="session")
def downloads(tmp_path_factory) -> Path:
    """The notebooks as a reader downloads them from the published book, alone in a folder."""
    folder = tmp_path_factory.mktemp("downloads")
    for path in NOTEBOOKS:
        docname = f"notebooks/{path.stem}"
        notebook = download_copy(
            json.loads(path.read_text()), docname, lambda page: on_site(SITE, html_page(page)), SITE, REPOSITORY
        )
        (folder / path.name).write_text(json.dumps(notebook, indent=1))
    return folder


@pytest.fixture(scope="session")
def alone(fresh_jupyter, downloads) -> dict[str, dict | None]:
    """Each downloaded notebook, run in the fresh Jupyter from the folder it was downloaded to."""
    return run_notebooks(fresh_jupyter, downloads, downloads)


@pytest.fixture(scope="session")
def instruction(alone) -> str:
    """The message of the first code cell: the same in every notebook but for the notebook it opens."""
    messages = {re.sub(r"notebooks/[\w-]+\.ipynb", "NOTEBOOK", r["evalue"]) for r in alone.values() if r}
    assert len(messages) == 1, messages
    return messages.pop()


@pytest.fixture(scope="session")
def followed(fresh_jupyter, instruction, repo_copy, downloads) -> dict[str, dict[str, dict | None]]:
    """The fresh Jupyter after doing what the sentence says in a copy of the repository; then the repository's
    notebooks as Binder opens them, and the downloaded ones put in the repository's notebooks folder."""
    command = re.search(r"^ +pip install (.+)$", instruction, re.M).group(1).split()
    assert command == ["-r", "requirements.txt", "jupyterlab"], command
    # JupyterLab itself is not in the local wheelhouse (requirements.txt alone): the fresh Jupyter stands in for it.
    pip_install(fresh_jupyter, *command[:-1], cwd=repo_copy)
    binder = run_notebooks(fresh_jupyter, repo_copy / "notebooks", repo_copy)
    for path in downloads.glob("*.ipynb"):
        shutil.copy(path, repo_copy / "notebooks" / path.name)
    return {"binder": binder, "downloaded": run_notebooks(fresh_jupyter, repo_copy / "notebooks", repo_copy)}


def test_a_downloaded_notebook_alone_says_in_a_short_message_what_to_do(alone, instruction):
    """No traceback: the message alone (the error's `_render_traceback_`), with the repository's address and
    the commands that work from anywhere: fetch the repository, go into it, install with JupyterLab, open."""
    assert sorted(alone) == [p.name for p in NOTEBOOKS]
    for name, result in alone.items():
        assert result is not None and result["code_cell"] == 0, (name, result)
        assert result["ename"] == "SetUpFirst", (name, result)
        assert result["traceback"] == result["evalue"].splitlines(), "a traceback, not the message alone"
        assert f"jupyter lab notebooks/{name}" in result["evalue"]
    assert f"the edition's repository ({REPOSITORY})" in instruction
    folder = REPOSITORY.rsplit("/", 1)[-1]
    commands = [line.strip() for line in instruction.splitlines() if line.startswith("    ")]
    assert commands == [
        f"git clone {REPOSITORY}",
        f"cd {folder}",
        "pip install -r requirements.txt jupyterlab",
        "jupyter lab NOTEBOOK",
    ]
    assert len(instruction.splitlines()) <= 8


def test_the_message_check_sees_a_traceback_and_a_command_without_jupyterlab():
    """Companion: the old first cell (a RuntimeError, `pip install -r requirements.txt` alone) fails the checks."""
    old = "To run this notebook, download the edition's repository, run `pip install -r requirements.txt` in its folder"
    assert not re.search(r"^ +pip install -r requirements.txt jupyterlab$", old, re.M)
    assert "git clone" not in old


def test_doing_what_the_sentence_says_runs_every_downloaded_notebook(followed):
    assert followed["downloaded"] == {p.name: None for p in NOTEBOOKS}


def test_the_repository_with_requirements_txt_alone_runs_every_notebook_as_on_binder(followed, fresh_jupyter):
    assert followed["binder"] == {p.name: None for p in NOTEBOOKS}
    for test_only in ("pytest", "playwright", "ruff", "repo2docker", "check_jsonschema"):
        assert subprocess.run([str(fresh_jupyter), "-c", f"import {test_only}"], capture_output=True).returncode != 0


def test_repo2docker_accepts_the_repository_with_the_pinned_python(repo_copy):
    repo2docker = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    assert repo2docker, "repo2docker is missing: pip install -r requirements-test.txt"
    run = subprocess.run([repo2docker, "--no-build", "--debug", str(repo_copy)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    dockerfile = run.stdout + run.stderr
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    assert "python=3.11" in dockerfile
    copy_repo = dockerfile.index("src/ ${REPO_DIR}/")
    assert 'pip install --no-cache-dir -r "requirements.txt"' in dockerfile[copy_repo:]
