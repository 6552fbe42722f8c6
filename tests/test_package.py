"""The package as a maintainer ships it: layers whose imports run one way, and a wheel that carries its files."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
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


# Modules whose needs are an extra's, not the core's (any other module's imports are core needs).
EXTRA_OF = {
    "notebook/widgets.py": "notebooks",
    "notebook/analysis.py": "notebooks",
    "classroom/handouts.py": "handouts",
    "classroom/sheets.py": "handouts",
    "sphinx/rebuilds.py": "book",
}
# Needs that no import shows: what the package hands to Sphinx or reads as files.
UNIMPORTED = {
    "myst-parser": "core",  # edition.sphinx writes MyST for Sphinx to parse
    "sphinxcontrib-bibtex": "core",  # ...with {cite} roles
    "pydata-sphinx-theme": "core",  # edition.repairs reads and corrects its templates
    "jupyter-book": "book",  # the book's builder (_config.yml)
    "sphinx-exercise": "book",  # the worksheets' exercise boxes
    "ipykernel": "notebooks",  # the notebooks' kernel
}
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str, set[str]]:
    """Core and each extra -> the distributions pyproject.toml names for it."""
    project = PYPROJECT["project"]
    lists = {"core": project["dependencies"], **project["optional-dependencies"]}
    return {group: {normal(re.split(r"[<>=!~;\[ ]", need)[0]) for need in needs} for group, needs in lists.items()}


def third_party_imports(path: Path) -> set[str]:
    """The top-level modules a module imports from outside the standard library and the package."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name not in ("edition", "__future__")}


def needs() -> dict[str, set[str]]:
    """Core and each extra -> the distributions the package's modules import or otherwise use."""
    distributions = metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        group = EXTRA_OF.get(path.relative_to(PACKAGE).as_posix(), "core")
        for module in third_party_imports(path):
            found.setdefault(group, set()).update(normal(d) for d in distributions[module])
    for name, group in UNIMPORTED.items():
        found.setdefault(group, set()).add(name)
    return found


def test_every_need_of_the_package_is_declared_where_it_is_used():
    lists = declared()
    missing = {
        group: sorted(used - lists[group] - (lists["core"] if group != "core" else set()))
        for group, used in needs().items()
    }
    assert {group: names for group, names in missing.items() if names} == {}
    assert {"myst-parser", "sphinxcontrib-bibtex", "pydata-sphinx-theme", "fonttools"} <= lists["core"]


def pins(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(normal_pin(line) for line in lines if re.match(r"[A-Za-z0-9]", line))


def normal_pin(line: str) -> tuple[str, str]:
    name, _, version = line.partition("==")
    assert version, f"not pinned: {line}"
    return normal(name), version.strip()


def test_the_lock_pins_every_declared_need_once():
    """requirements.txt (core, book, notebooks) and requirements-test.txt (handouts, test, on top of it), as
    `make lock` writes them from pyproject.toml."""
    readers, tests = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-test.txt")
    lists = declared()
    assert lists["core"] | lists["book"] | lists["notebooks"] <= set(readers)
    assert lists["handouts"] | lists["test"] <= set(readers) | set(tests)
    assert set(readers) & set(tests) == set(), "a package pinned in both files"
    assert (ROOT / "requirements.txt").read_text().splitlines()[3] == "-e ."
    assert "-r requirements.txt" in (ROOT / "requirements-test.txt").read_text().splitlines()


def test_playwright_is_pinned_in_the_lock_only():
    """The handouts are printed, in `make handouts` and in the publishing workflow, with the playwright the
    tests use: the Makefile installs the handouts' needs under the lock's pins, and nothing names a version."""
    assert "playwright" in pins(ROOT / "requirements-test.txt")
    elsewhere = [ROOT / "Makefile", ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    for path in elsewhere:
        assert not re.search(r"playwright\s*[<>=~]", path.read_text(encoding="utf-8")), path.name
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[handouts]' -c $(VENV)/pins.txt" in makefile
