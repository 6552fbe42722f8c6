"""What Binder does with the repository: requirements.txt alone runs every notebook; repo2docker accepts it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, copy_book

RUN_NOTEBOOKS = """
import sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
for path in sorted(Path(sys.argv[1]).glob("*.ipynb")):
    notebook = nbformat.read(path, as_version=4)
    where = {"metadata": {"path": str(path.parent)}}
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources=where).execute()
    print("ran", path.name)
"""


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    return copy_book(tmp_path_factory.mktemp("binder") / "repo")


def test_a_fresh_environment_from_requirements_txt_runs_every_notebook(repo_copy, tmp_path):
    """What Binder installs, nothing more. The packages come from .wheelhouse, a local copy of exactly the
    pinned requirements made by `make install-test`, so that this test needs no network."""
    wheelhouse = ROOT / ".wheelhouse"
    assert (wheelhouse / ".installed").exists(), "no local wheelhouse: run `make install-test`"
    venv = tmp_path / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(wheelhouse)]
        + ["-r", "requirements.txt"],
        cwd=repo_copy,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    for test_only in ("pytest", "playwright", "ruff", "repo2docker"):
        assert subprocess.run([str(python), "-c", f"import {test_only}"], capture_output=True).returncode != 0
    run = subprocess.run(
        [str(python), "-c", RUN_NOTEBOOKS, str(repo_copy / "notebooks")], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr[-3000:]
    ran = [line.split()[-1] for line in run.stdout.splitlines() if line.startswith("ran ")]
    assert ran == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


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


def test_the_readme_badge_points_to_the_configured_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    owner_repo = url.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text()
    assert f"https://mybinder.org/v2/gh/{owner_repo}/" in readme
