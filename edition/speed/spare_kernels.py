"""For an application that builds again and again (the preview): a kernel ready for each notebook before the next
build needs it.

A notebook's run (`edition.speed.notebook_runs`) starts a kernel and imports the modules the notebook imports
before its own work: here 1.8 s of the explore notebook's 2.6 s, and the critical path of the preview's rebuild
after a note edit (that notebook shows the notes, so it runs again). With `edition_spare_kernels` (set by the
preview; off for one-off builds, where a kernel started for no further build is waste), a kernel is started after
each build (`notebook_runs.prepare_spares`) for every notebook that has none ready, in the notebook's folder, and
the modules its code imports are imported in it silently (nothing enters its history: the notebook's first cell
is still [1]). The next build's run of the notebook takes that kernel, and runs the whole notebook in it, as in a
new kernel; a spare is taken only by a notebook that imports what it prepared, and only if it is alive (otherwise
the run starts its own kernel, as without spares). Voilà's preheated kernels do the same for dashboards. Whoever
keeps the application emits `edition-app-closing` when done with it, which stops the spares.
"""

from __future__ import annotations

import ast
import atexit
import itertools
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from weakref import WeakKeyDictionary

from jupyter_client.manager import KernelManager
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

SWITCH = "edition_spare_kernels"
CLOSING = "edition-app-closing"
# Run silently: no name is left in the notebook's namespace, and a module that fails to import is left for the
# notebook's own run to report.
PRELUDE = """def _edition_prelude():
    import importlib
    for name in {modules!r}:
        try:
            importlib.import_module(name)
        except Exception:
            pass
_edition_prelude()
del _edition_prelude
"""


def imported_modules(notebook) -> tuple[str, ...]:
    """The modules the notebook's code imports (absolutely), in order, once each; a cell that is not Python
    (a magic) is skipped."""
    found: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found += [name for name in names if name not in found]
    return tuple(found)


class SpareKernel(KernelManager):
    """A kernel that also ends its clients' channels: the notebook's run (nbclient) leaves a kernel it did not
    start running, and its client's channels open."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.clients: list = []

    def client(self, **kwargs):
        made = super().client(**kwargs)
        self.clients.append(made)
        return made

    def end(self) -> None:
        for client in self.clients:
            client.stop_channels()
        self.shutdown_kernel(now=True)


class SpareKernels:
    """The kernels started ahead, one per notebook's path, with the modules each was prepared with."""

    def __init__(self) -> None:
        self.sockets = tempfile.mkdtemp(prefix="edition-spare-kernels-")
        self.pool = ThreadPoolExecutor(4)
        self.ready: dict[Path, tuple[tuple[str, ...], Future]] = {}
        self.numbers = itertools.count()
        atexit.register(self.close)  # an interpreter that ends without `edition-app-closing`

    def prepare(self, path: Path, notebook) -> None:
        """Start a kernel for the notebook at `path`, unless one is ready."""
        if path not in self.ready:
            modules = imported_modules(notebook)
            name = notebook.metadata.get("kernelspec", {}).get("name", "python3")
            self.ready[path] = (modules, self.pool.submit(self.start, path, name, modules, next(self.numbers)))

    def start(self, path: Path, name: str, modules: tuple[str, ...], number: int) -> SpareKernel:
        # Unix sockets, as the runs' kernels use (edition.speed.notebook_runs says why).
        connection = str(Path(self.sockets) / f"kernel-{number}.json")
        kernel = SpareKernel(kernel_name=name, transport="ipc", connection_file=connection)
        kernel.start_kernel(cwd=str(path.parent))
        client = kernel.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            client.execute_interactive(PRELUDE.format(modules=list(modules)), silent=True, timeout=60)
        except Exception:
            kernel.shutdown_kernel(now=True)  # a kernel that never became ready is not left running
            raise
        finally:
            client.stop_channels()
            kernel.clients.remove(client)
        return kernel

    def take(self, path: Path, notebook) -> SpareKernel | None:
        """The kernel ready for this notebook, or None (none ready, it died, or the notebook's imports changed)."""
        entry = self.ready.pop(path, None)
        if entry is None:
            return None
        modules, future = entry
        try:
            kernel = future.result()
        except Exception as error:
            logger.info(f"[edition] no spare kernel for {path.name} ({error})")
            return None
        if modules != imported_modules(notebook) or not kernel.is_alive():
            self.stop(kernel)
            return None
        return kernel

    def drop_all_but(self, paths: list[Path]) -> None:
        """Stop the spares of notebooks that are no longer in the book (removed, renamed, excluded)."""
        for path in set(self.ready) - set(paths):
            self.ready.pop(path)[1].add_done_callback(stop_started)

    def stop(self, kernel: SpareKernel) -> None:
        """Stop a kernel that was taken (its notebook is done) or is no longer wanted."""
        self.pool.submit(kernel.end)

    def close(self) -> None:
        atexit.unregister(self.close)
        for _, future in self.ready.values():
            future.add_done_callback(stop_started)
        self.ready.clear()
        self.pool.shutdown(wait=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


def stop_started(started: Future) -> None:
    if started.exception() is None:
        started.result().end()


SPARES: WeakKeyDictionary = WeakKeyDictionary()  # each application's spare kernels


def spares(app: Sphinx | None) -> SpareKernels | None:
    """The application's spare kernels, if it asked for them."""
    if app is None or not app.config[SWITCH]:
        return None
    if app not in SPARES:
        SPARES[app] = SpareKernels()
    return SPARES[app]


def closing(app: Sphinx) -> None:
    if (kernels := SPARES.pop(app, None)) is not None:
        kernels.close()


def setup(app: Sphinx) -> None:
    app.add_event(CLOSING)
    app.connect(CLOSING, closing)
