"""The notebooks a build must execute, executed side by side before Sphinx reads them.

With `execute_notebooks: cache`, myst-nb executes each notebook that is not in the jupyter-cache when it
reads it, one after another, and the build waits on one kernel at a time (about 2 s each here, a third of a
cold build). At `env-before-read-docs`, the notebooks about to be read whose outputs are not cached are
executed at once, one thread each (the work is done in the kernels, which are processes of their own), with
myst-nb's settings (the notebook's folder as working directory, its timeout, whether errors are allowed), and
their outputs are cached as myst-nb caches them; myst-nb then finds them in the cache. A notebook that fails
here (in its code, or because its kernel did not start) is not cached: myst-nb executes it again and reports
the error as it always does. With every notebook cached, nothing is done.

The kernels talk to the build over Unix sockets in a folder of their own (`transport = "ipc"`), not over TCP
ports: a TCP port is chosen free and bound a moment later by the kernel, and kernels started at once, or by two
builds at once, took the same port ("Address already in use", then "Kernel died before replying to
kernel_info", which stopped the build).
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from fnmatch import fnmatch
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def uncached(env: BuildEnvironment, docnames: list[str], cache) -> list[tuple[Path, object]]:
    """(path, notebook) for each notebook to be read that the cache has no outputs for."""
    import nbformat

    config = env.mystnb_config
    found = []
    for doc in docnames:
        path = Path(env.doc2path(doc))
        if path.suffix != ".ipynb" or any(fnmatch(str(path), p) for p in config.execution_excludepatterns):
            continue
        notebook = nbformat.read(path, as_version=4)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            found.append((path, notebook))
    return found


def execute_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    config = getattr(env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache" or not config.execution_cache_path:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    cache = get_cache(config.execution_cache_path)
    todo = uncached(env, docnames, cache)
    if len(todo) < 2:  # one notebook gains nothing: myst-nb executes it as it reads it
        return

    from traitlets.config import Config

    def run(item: tuple[int, tuple[Path, object]]):
        number, (path, notebook) = item
        # The kernel's sockets are files named after its connection file, in this build's temporary folder.
        kernel = {"transport": "ipc", "connection_file": str(Path(sockets) / f"kernel-{number}.json")}
        try:
            return single_nb_execution(
                notebook,
                cwd=str(path.parent),
                timeout=config.execution_timeout,
                allow_errors=config.execution_allow_errors,
                meta_override=True,
                config=Config({"KernelManager": kernel}),
            )
        except Exception as error:  # a kernel that did not start: myst-nb executes the notebook itself
            logger.info(f"[edition] {path.name} was not executed ahead ({error}); myst-nb executes it")
            return None

    logger.info(f"[edition] executing {len(todo)} notebooks side by side")
    with tempfile.TemporaryDirectory(prefix="edition-kernels-") as sockets, ThreadPoolExecutor(len(todo)) as pool:
        results = list(pool.map(run, enumerate(todo)))
    for (path, notebook), result in zip(todo, results, strict=True):
        if result is not None and result.err is None:
            bundle = CacheBundleIn(notebook, str(path), data={"execution_seconds": result.time})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", execute_ahead)
