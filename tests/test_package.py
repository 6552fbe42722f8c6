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
# Each layer may import only from the layers below it (README.md, "What is where": data -> myst, notebook,
# exchange -> classroom -> sphinx; repairs and speed, the extensions for other packages' output, use none of the
# edition's own layers). `browser` (Debian's Chromium and a local server, for printing the handouts, the tests,
# the benchmark and the preview) knows nothing of the edition; `cli` sits on top of everything.
LAYERS = ["cli", "sphinx", "speed", "repairs", "classroom", "browser", "notebook", "exchange", "myst", "data"]
ALLOWED = {
    "cli": set(LAYERS),
    "sphinx": {"classroom", "myst", "data", "notebook", "exchange", "browser"},
    "repairs": set(),
    "classroom": {"data", "notebook", "exchange", "myst", "browser"},
    "browser": set(),
    "notebook": {"data"},
    "exchange": {"data", "myst"},
    "myst": {"data"},
    "data": set(),
}
# The speed work may use what the repairs may, and the repairs' writer of theme templates (repairs.generated).
ALLOWED["speed"] = ALLOWED["repairs"] | {"repairs"}
TOP = "__init__.py"  # the package itself: `import edition` imports what it imports


def layer_of(path: Path, package: Path) -> str:
    """A module's layer: its folder, or, for a module at the top (cli.py, browser.py), itself; "top" for the
    package's own __init__ and __main__."""
    parts = path.relative_to(package).parts
    return parts[0].removesuffix(".py") if len(parts) > 1 or parts[0] not in (TOP, "__main__.py") else "top"


def imported_names(path: Path) -> set[str]:
    """The `edition...` modules a module imports, anywhere in it (in a function too): `import edition.x.y`,
    `from edition.x import y`, `import edition`, `from edition import y` (the package's own names: "edition",
    unless y is a layer, as in `from edition import data`). The package uses no relative imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "edition"}
        elif isinstance(node, ast.ImportFrom) and node.module == "edition":
            found |= {f"edition.{alias.name}" if alias.name in LAYERS else "edition" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "edition":
            found.add(node.module)
    return found


def imported_layers(path: Path, package: Path) -> dict[str, str]:
    """The edition layers a module imports -> how: directly, or through the package (`import edition`), which
    imports the layers its __init__ imports."""
    top = (
        {name.split(".")[1] for name in imported_names(package / TOP) if "." in name}
        if (package / TOP).exists()
        else set()
    )
    found: dict[str, str] = {}
    for name in imported_names(path):
        if name == "edition":
            found.update({layer: " (through `import edition`)" for layer in top if layer not in found})
        else:
            found[name.split(".")[1]] = ""
    return found


def backward_imports(package: Path) -> list[str]:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        layer = layer_of(path, package)
        if layer in ALLOWED:
            for other, how in sorted(imported_layers(path, package).items()):
                if other != layer and other not in ALLOWED[layer]:
                    wrong.append(f"{path.relative_to(package)} imports edition.{other}{how}")
    return wrong


def test_the_package_is_split_into_layers():
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert folders | modules == set(LAYERS)


def test_imports_run_one_way_down_the_layers():
    assert backward_imports(PACKAGE) == []


def test_a_backward_import_is_caught(tmp_path):
    (tmp_path / TOP).write_text("def frame():\n    from edition.notebook.frame import make_frame\n", encoding="utf-8")
    for layer in ("data", "exchange", "speed", "repairs"):
        (tmp_path / layer).mkdir()
    (tmp_path / "data" / "document.py").write_text("from edition.sphinx.state import apparatus\n", encoding="utf-8")
    (tmp_path / "data" / "names.py").write_text("from edition import myst\n", encoding="utf-8")
    (tmp_path / "exchange" / "tei.py").write_text("def f():\n    import edition\n", encoding="utf-8")
    (tmp_path / "exchange" / "info.py").write_text("from edition import sources\n", encoding="utf-8")
    (tmp_path / "speed" / "css.py").write_text("from edition.repairs import generated\nimport edition.sphinx\n")
    (tmp_path / "repairs" / "generated.py").write_text("from edition.speed import cache\n", encoding="utf-8")
    assert backward_imports(tmp_path) == [
        "data/document.py imports edition.sphinx",
        "data/names.py imports edition.myst",
        "exchange/info.py imports edition.notebook (through `import edition`)",
        "exchange/tei.py imports edition.notebook (through `import edition`)",
        "repairs/generated.py imports edition.speed",
        "speed/css.py imports edition.sphinx",
    ]


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
    "speed/notebook_runs.py": "book",
    "speed/spare_kernels.py": "book",
    "sphinx/preview.py": "book",
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
