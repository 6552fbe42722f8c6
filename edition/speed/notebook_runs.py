"""The notebooks a build must execute, executed side by side while Sphinx reads the other pages.

With `execute_notebooks: cache`, myst-nb executes each notebook that is not in the jupyter-cache when it reads
it, one after another, and the build waits on one kernel at a time (about 2 s each here, a third of a cold
build). At `env-get-outdated`, once the stale outputs are forgotten (`edition.sphinx.rebuilds`), the notebooks
whose outputs are not cached start executing at once, one thread each (the work is done in the kernels, which are
processes of their own), with myst-nb's settings (the notebook's folder as working directory, its timeout,
whether errors are allowed), each kernel stopped at once when its notebook is done rather than waited for (half a
second each); they are moved to the end of the reading order, so that Sphinx reads the other pages while the
kernels work. When Sphinx is about to read a notebook (`source-read`), its run is awaited and its outputs are
cached as myst-nb caches them; myst-nb then finds them in the cache. A notebook that fails here (in its code, or
because its kernel did not start) is not cached: myst-nb executes it again and reports the error as it always
does. With every notebook cached, nothing is done.

The kernels talk to the build over Unix sockets in a folder of their own (`transport = "ipc"`), not over TCP
ports: a TCP port is chosen free and bound a moment later by the kernel, and kernels started at once, or by two
builds at once, took the same port ("Address already in use", then "Kernel died before replying to
kernel_info", which stopped the build).
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from edition.speed import spare_kernels
from edition.speed.spare_kernels import SpareKernels

logger = logging.getLogger(__name__)


def executed(env: BuildEnvironment, docnames: list[str]) -> list[tuple[str, Path, object]]:
    """(docname, path, notebook) for each of these pages that is a notebook myst-nb executes (not excluded)."""
    import nbformat

    config = env.mystnb_config
    found = []
    for doc in docnames:
        path = Path(env.doc2path(doc))
        if path.suffix == ".ipynb" and not any(fnmatch(str(path), p) for p in config.execution_excludepatterns):
            found.append((doc, path, nbformat.read(path, as_version=4)))
    return found


def uncached(env: BuildEnvironment, docnames: list[str], cache) -> list[tuple[str, Path, object]]:
    """(docname, path, notebook) for each notebook to be read that the cache has no outputs for."""
    found = []
    for doc, path, notebook in executed(env, docnames):
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            found.append((doc, path, notebook))
    return found


class Runs:
    """The kernels executing notebooks in the background; each result is cached when it is collected."""

    def __init__(self, config, cache, todo: list[tuple[str, Path, object]], spares: SpareKernels | None) -> None:
        from traitlets.config import Config

        self.cache, self.spares = cache, spares
        self.sockets = tempfile.mkdtemp(prefix="edition-kernels-")
        self.pool = ThreadPoolExecutor(len(todo))
        self.pending: dict[str, tuple[Path, object, Future]] = {}
        for number, (doc, path, notebook) in enumerate(todo):
            # The kernel's sockets are files named after its connection file, in this build's temporary folder.
            kernel = {"transport": "ipc", "connection_file": str(Path(self.sockets) / f"kernel-{number}.json")}
            spare = spares.take(path, notebook) if spares else None
            future = self.pool.submit(self.execute, config, path, notebook, Config({"KernelManager": kernel}), spare)
            self.pending[doc] = (path, notebook, future)

    def execute(self, config, path: Path, notebook, kernel_config, spare):
        """Run the notebook in a new kernel, or in the spare kernel started for it (then stopped here)."""
        from jupyter_cache.executors.utils import single_nb_execution

        try:
            return single_nb_execution(
                notebook,
                cwd=str(path.parent),
                timeout=config.execution_timeout,
                allow_errors=config.execution_allow_errors,
                meta_override=True,
                config=kernel_config,
                km=spare,
                shutdown_kernel="immediate",  # the outputs are in: waiting for a graceful exit costs 0.5 s
            )
        except Exception as error:  # a kernel that did not start: myst-nb executes the notebook itself
            logger.info(f"[edition] {path.name} was not executed ahead ({error}); myst-nb executes it")
            return None
        finally:
            if spare is not None:
                self.spares.stop(spare)

    def collect(self, doc: str) -> None:
        """Wait for this notebook's run, if it has one, and cache its outputs if it succeeded."""
        if doc not in self.pending:
            return
        path, notebook, future = self.pending.pop(doc)
        result = future.result()
        if result is not None and result.err is None:
            from jupyter_cache.base import CacheBundleIn

            bundle = CacheBundleIn(notebook, str(path), data={"execution_seconds": result.time})
            self.cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)

    def close(self) -> None:
        """Collect every run not yet collected, and end the pool and the sockets' folder."""
        for doc in list(self.pending):
            self.collect(doc)
        self.pool.shutdown()
        shutil.rmtree(self.sockets, ignore_errors=True)


RUNNING: WeakKeyDictionary = WeakKeyDictionary()  # the runs of each Sphinx application's current build


def start(app: Sphinx | None, env: BuildEnvironment, docnames: list[str]) -> Runs | None:
    """Start the runs of the notebooks among `docnames` that have no cached outputs."""
    config = getattr(env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache" or not config.execution_cache_path:
        return None
    from jupyter_cache import get_cache

    cache = get_cache(config.execution_cache_path)
    todo = uncached(env, docnames, cache)
    if not todo:
        return None
    logger.info(f"[edition] executing {len(todo)} notebooks side by side, while the other pages are read")
    runs = Runs(config, cache, todo, spare_kernels.spares(app))
    if app is not None:
        RUNNING[app] = runs
    return runs


def start_early(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """At `env-get-outdated`, once the stale outputs are forgotten (`edition.sphinx.rebuilds`): the runs start
    while Sphinx is still working out what to read (in the preview's rebuild after a note edit, 0.2 s sooner)."""
    start(app, env, sorted(env.found_docs))  # the pages found now: a removed one is not among them
    return []


def execute_ahead(app: Sphinx | None, env: BuildEnvironment, docnames: list[str]) -> Runs | None:
    """Start the runs not started yet, and read their notebooks last (docnames is reordered in place)."""
    runs = RUNNING.get(app) if app is not None else None
    if runs is None:
        runs = start(app, env, docnames)
    if runs is not None:
        docnames.sort(key=lambda doc: doc in runs.pending)  # stable: the notebooks last, each order kept
    return runs


def collect(app: Sphinx, docname: str, source: list[str]) -> None:
    if (runs := RUNNING.get(app)) is not None:
        runs.collect(docname)


def close(app: Sphinx, exception: Exception | None = None) -> None:
    if (runs := RUNNING.pop(app, None)) is not None:
        runs.close()


def prepare_spares(app: Sphinx, exception: Exception | None) -> None:
    """After a build, a spare kernel for every notebook the next build may run that has none ready
    (`edition.speed.spare_kernels`: only in an application that asked for them)."""
    kernels = spare_kernels.spares(app)
    config = getattr(app.env, "mystnb_config", None)
    if kernels is None or exception is not None or config is None or config.execution_mode != "cache":
        return
    notebooks = executed(app.env, sorted(app.env.found_docs))
    kernels.drop_all_but([path for _, path, _ in notebooks])
    for _, path, notebook in notebooks:
        kernels.prepare(path, notebook)


def all_read(app: Sphinx, env: BuildEnvironment) -> None:
    close(app)  # every page is read: no run is left to wait for


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", start_early, priority=900)  # after the notebooks' outputs are checked
    app.connect("env-before-read-docs", execute_ahead, priority=100)  # before the other work at that moment
    app.connect("source-read", collect)
    app.connect("env-updated", all_read)
    app.connect("build-finished", close)
    app.connect("build-finished", prepare_spares, priority=900)  # after the build's own end-of-build work
