"""Quick rebuilds that never show stale pages: what a rebuild must read again, and what it may reuse.

- Notebooks. With `execute_notebooks: cache`, myst-nb reuses a notebook's outputs while its code is
  unchanged; it cannot see that the notebook reads the edition's data. Each notebook's inputs, the data files
  its kernel reads through the `edition` package (declared in its metadata, `edition.reads`, e.g. the seed
  and the topics; every data file where it declares nothing: tests/test_speed.py runs the notebooks and
  records what they open) and the package's code below the Sphinx layers, with the versions of the libraries
  that draw their outputs, are digested at every build; a notebook whose digest differs from the one stored
  beside the cache loses its cached outputs and is read and executed again, the others keep theirs (a note
  edited re-executes only the notebook that shows the notes). A build into a new folder has no cache, so CI
  always executes.
- Downloads. The turns as CSV and JSON (written with pandas, whose import alone takes half a second) are
  written again only when the seed, the topics or the code that writes them changed, or a file is missing.
- Handouts. A page that links a handout whose PDF is not there yet is read again once the PDF appears,
  without counting the missing file as a changed dependency at every build (Sphinx's rule for a missing
  dependency, which re-read the teachers' pages at every rebuild).
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging

from edition.sphinx.config import sources
from edition.sphinx.state import keep_per_page

logger = logging.getLogger(__name__)

KEY_FILE = "edition-notebook-inputs.json"
# The kernel imports `edition` (its data, notebook and exchange layers); these layers run only inside Sphinx.
SPHINX_LAYERS = ("sphinx", "repairs", "speed")
LIBRARIES = ("pandas", "numpy", "matplotlib", "ipywidgets", "ipykernel", "nbformat")
AWAITED = "edition_awaited_files"
# What a notebook may declare it reads (its metadata: {"edition": {"reads": [...]}}).
READS = ("seed", "topics", "annotations", "bibliography")


def declared_reads(app: Sphinx, notebook: Path) -> list[Path]:
    """The data files a notebook reads, as its metadata declares them; every data file if it declares none."""
    where = sources(app)
    try:
        declared = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("edition", {}).get("reads")
    except (OSError, ValueError, KeyError, AttributeError):
        declared = None
    if declared is None:
        return where.data_files()
    unknown = [name for name in declared if name not in READS]
    if unknown:
        raise ExtensionError(
            f"{notebook}: metadata edition.reads names {unknown[0]!r}, which is not a kind of data file. "
            f"Fix: name only {', '.join(READS)}, or remove edition.reads to count every data file."
        )
    groups = {
        "seed": [where.seed],
        "topics": [where.topics],
        "annotations": where.annotation_files(),
        "bibliography": list(where.bibliographies),
    }
    return sorted({path for name in declared for path in groups[name]})


def notebook_inputs(app: Sphinx, notebook: Path) -> list[Path]:
    """The files whose change must re-execute this notebook: the data it reads and the kernel's code."""
    package = Path(__file__).resolve().parents[1]  # the edition package
    code = [p for p in sorted(package.rglob("*.py")) if p.relative_to(package).parts[0] not in SPHINX_LAYERS]
    return [*declared_reads(app, notebook), *code]


def inputs_digest(paths: list[Path]) -> str:
    sha = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            sha.update(f"{name}=={version(name)}\n".encode())
        except PackageNotFoundError:
            sha.update(f"{name} missing\n".encode())
    for path in paths:
        data = path.read_bytes() if path.is_file() else b"(missing)"
        sha.update(f"{path.name}:{len(data)}\n".encode() + data)
    return sha.hexdigest()


def notebook_docs(env: BuildEnvironment) -> set[str]:
    return {doc for doc in env.found_docs if str(env.doc2path(doc)).endswith(".ipynb")}


def stored_keys(key_file: Path) -> dict[str, str] | None:
    """The digests of the last build, by notebook; None when there are none to trust."""
    try:
        keys = json.loads(key_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return keys if isinstance(keys, dict) else None


def forget_outputs(folder: Path, notebooks: list[Path]) -> None:
    """Remove the cached outputs of these notebooks (every record cached from their paths)."""
    from jupyter_cache import get_cache

    cache = get_cache(str(folder))
    paths = {path.resolve() for path in notebooks}
    for record in cache.list_cache_records():
        if record.uri and Path(record.uri).resolve() in paths:
            cache.remove_cache(record.pk)


def invalidate_notebooks(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """Forget the cached outputs of each notebook whose inputs changed, and read it again."""
    config = getattr(env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache" or not config.execution_cache_path:
        return []
    folder = Path(config.execution_cache_path)
    key_file = folder / KEY_FILE
    keys = {doc: inputs_digest(notebook_inputs(app, Path(env.doc2path(doc)))) for doc in sorted(notebook_docs(env))}
    stored = stored_keys(key_file)
    stale = [doc for doc in keys if stored is None or stored.get(doc) != keys[doc]]
    if stale and folder.is_dir():
        if stored is None:  # no digests beside the cache: nothing in it can be trusted
            from jupyter_cache import get_cache

            logger.info("[edition] no record of the notebooks' inputs: their cached outputs are discarded")
            get_cache(str(folder)).clear_cache()
        else:
            logger.info(f"[edition] the inputs of {', '.join(stale)} changed: their cached outputs are discarded")
            forget_outputs(folder, [Path(env.doc2path(doc)) for doc in stale])
    if stored != keys:
        folder.mkdir(parents=True, exist_ok=True)
        key_file.write_text(json.dumps(keys, indent=1) + "\n", encoding="utf-8")
    return sorted(set(stale) - added)


DOWNLOADS_KEY = Path("edition-cache") / "downloads.json"


def downloads_key(app: Sphinx) -> str:
    where = sources(app)
    package = Path(__file__).resolve().parents[1]
    code = [package / "notebook" / "export.py", package / "notebook" / "frame.py"]
    return inputs_digest([where.seed, where.topics, *code])


def downloads_current(app: Sphinx, key: str) -> bool:
    """Whether the downloads in the output were written from inputs with this digest, and are all there."""
    try:
        stored = json.loads((Path(app.doctreedir) / DOWNLOADS_KEY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = stored.get("files") if isinstance(stored, dict) else None
    return stored.get("key") == key and bool(files) and all((Path(app.outdir) / f).is_file() for f in files)


def remember_downloads(app: Sphinx, key: str, files: list[Path]) -> None:
    path = Path(app.doctreedir) / DOWNLOADS_KEY
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [f.relative_to(app.outdir).as_posix() for f in files]
    path.write_text(json.dumps({"key": key, "files": names}), encoding="utf-8")


def await_file(env: BuildEnvironment, path: Path) -> None:
    """Read the current page again once `path` exists (a dependency when it does)."""
    if path.is_file():
        env.note_dependency(str(path))
    else:
        getattr(env, AWAITED).setdefault(env.docname, set()).add(str(path))


def arrived(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    awaited = getattr(env, AWAITED)
    return sorted(doc for doc, paths in awaited.items() if any(Path(path).is_file() for path in paths))


def setup(app: Sphinx) -> None:
    """Called from the edition extension's setup."""
    keep_per_page(app, AWAITED)
    app.connect("env-get-outdated", invalidate_notebooks)
    app.connect("env-get-outdated", arrived)
