"""The package as a maintainer ships it: layers whose imports run one way, and a wheel that carries its files."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Its fixtures are costly (session-scoped, so that other tests run between its own do not tear them down): one
# test process runs all of this file.
pytestmark = pytest.mark.xdist_group("package")

PACKAGE = ROOT / "edition"
# Each layer may import only from the layers below it (DESIGN.md: data -> myst, notebook -> classroom -> sphinx).
LAYERS = ["cli", "sphinx", "repairs", "classroom", "notebook", "exchange", "myst", "data"]
ALLOWED = {
    "cli": set(LAYERS),
    "sphinx": {"classroom", "myst", "data", "notebook", "exchange"},
    "repairs": set(),
    "classroom": {"data", "notebook", "exchange", "myst"},
    "notebook": {"data"},
    "exchange": {"data", "myst"},
    "myst": {"data"},
    "data": set(),
}


def layer_of(path: Path, package: Path) -> str:
    parts = path.relative_to(package).parts
    return parts[0].removesuffix(".py") if len(parts) > 1 or parts[0] == "cli.py" else "top"


def imported_layers(path: Path) -> set[str]:
    """The edition layers a module imports (absolute `edition.X` imports; the package uses no relative ones)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            parts = name.split(".")
            if parts[0] == "edition" and len(parts) > 1:
                found.add(parts[1])
    return found


def backward_imports(package: Path) -> list[str]:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        layer = layer_of(path, package)
        if layer in ALLOWED:
            for other in imported_layers(path) - {layer} - ALLOWED[layer]:
                wrong.append(f"{path.relative_to(package)} imports edition.{other}")
    return wrong


def test_the_package_is_split_into_layers():
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} >= {"data", "myst", "notebook", "sphinx"}


def test_imports_run_one_way_down_the_layers():
    assert backward_imports(PACKAGE) == []


def test_a_backward_import_is_caught(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "document.py").write_text("from edition.sphinx.state import apparatus\n", encoding="utf-8")
    assert backward_imports(tmp_path) == ["data/document.py imports edition.sphinx"]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("src") / "edition-src"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(build)], check=True)  # only what is committed ships
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(build)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return zipfile.ZipFile(next(out.glob("edition-*.whl")))


def test_the_wheel_carries_the_static_files_and_templates(wheel):
    names = set(wheel.namelist())
    for path in (PACKAGE / "sphinx" / "static").iterdir():
        assert f"edition/sphinx/static/{path.name}" in names
    for path in (PACKAGE / "sphinx" / "templates").rglob("*.html"):
        assert f"edition/{path.relative_to(PACKAGE).as_posix()}" in names


def test_the_wheel_declares_what_the_package_imports(wheel):
    metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith("METADATA"))).decode()
    required = {
        line.split()[1].split(";")[0].rstrip("<>=!,0123456789.").lower()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    for name in ("pyyaml", "pybtex", "pydantic", "sphinx", "docutils", "pandas", "numpy", "lxml", "citeproc-py"):
        assert name in required, name
