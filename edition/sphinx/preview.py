"""A preview for editors: one Sphinx application kept in memory, which builds the book again when a file changes.

`jupyter-book build` starts Python, imports Jupyter Book and Sphinx and sets Sphinx up at every run: about 2.5 s
here before a page is read (the stock template's rebuild with no change takes as long). The preview builds the
book as `make book` does (Jupyter Book's configuration, the same `_build` folder, warnings shown but not fatal),
serves it at http://127.0.0.1:PORT/ and watches the book's files: on a change it calls the same Sphinx
application again, which reads and writes only what the change touches (`edition.sphinx.pages`,
`edition.sphinx.rebuilds`). Sphinx reads `_config.yml`, `_toc.yml` and the extensions' code once, so a change to
one of them starts the preview again, in a new process. A build that fails (broken data) says why, and the
next change is built by a new Sphinx application. Usage: `make preview`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
from pathlib import Path

from edition.browser import serve

# Folders that are not the book's sources: outputs, environments, caches, the benchmark.
IGNORED = {"_build", "node_modules", "__pycache__", "bench"}
RESTART = {"_config.yml", "_toc.yml"}  # read once by Sphinx, as is the package's code
POLL = 0.2  # seconds between two looks at the files


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """Each source file's modification time and size (hidden folders and IGNORED left out)."""
    found: dict[Path, tuple[int, int]] = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in IGNORED and not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            with contextlib.suppress(OSError):  # removed between the listing and the look
                stat = path.stat()
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> list[Path]:
    """The files added, removed or changed between two snapshots."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def needs_restart(root: Path, package: Path, changed: list[Path]) -> bool:
    """Whether a change is one Sphinx reads only when it starts: the configuration, the toc, the package."""
    return any((path.parent == root and path.name in RESTART) or path.is_relative_to(package) for path in changed)


def sphinx_config(root: Path) -> dict:
    """Sphinx's configuration as `jupyter-book build -n` makes it from the book's _config.yml and _toc.yml."""
    from jupyter_book.config import get_final_config

    config, _ = get_final_config(
        user_yaml=root / "_config.yml",
        cli_config={"external_toc_path": str(root / "_toc.yml"), "latex_individualpages": False, "nitpicky": True},
        sourcedir=root,
        use_external_toc=True,
    )
    return config


class Book:
    """One Sphinx application for the book, made when first needed and kept while its builds succeed."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out
        self.app = None
        self.context = contextlib.ExitStack()

    def build(self) -> bool:
        """Build what changed since the last build; False, with the reason printed, if the build failed."""
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        try:
            if self.app is None:
                self.context.enter_context(patch_docutils(None))
                self.context.enter_context(docutils_namespace())
                self.app = Sphinx(
                    srcdir=str(self.root),
                    confdir=None,
                    outdir=str(self.out / "html"),
                    doctreedir=str(self.out / ".doctrees"),
                    buildername="html",
                    # kernels started between builds for the next build's notebooks (edition.speed.spare_kernels)
                    confoverrides=sphinx_config(self.root) | {"edition_spare_kernels": True},
                    status=None,
                    warning=sys.stderr,
                )
            self.app.build()
            # a11y-pygments, which the theme imports during a build, sets the root logger to INFO
            # (logging.basicConfig): every library's notes (fontTools' tables, traitlets' kernels) would bury
            # the preview's own lines.
            logging.getLogger().setLevel(logging.WARNING)
            return True
        except Exception as error:  # the editor's mistake, shown; the next change gets a new application
            print(f"the build failed: {error}", file=sys.stderr)
            self.close()
            return False

    def close(self) -> None:
        """Let the application's extensions end what they keep between builds (the spare kernels), and drop it."""
        if self.app is not None:
            self.app.events.emit("edition-app-closing")
            self.app = None
        self.context.close()


def preview(root: Path, port: int) -> None:
    """Build, serve, and build again at every change, until Ctrl-C (or a SIGTERM)."""
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))  # so that `book.close()` runs
    package = Path(__file__).resolve().parents[1]  # the edition package
    out = root / "_build"
    book = Book(root, out)
    files = snapshot(root)
    start = time.perf_counter()
    ok = book.build()
    (out / "html").mkdir(parents=True, exist_ok=True)
    with serve(out / "html", port=port) as site:
        address = site + "/"
        print(f"{'built' if ok else 'not built'} in {time.perf_counter() - start:.2f} s: {address}", flush=True)
        print("watching the book's files (Ctrl-C stops)", flush=True)
        try:
            with contextlib.suppress(KeyboardInterrupt):
                watch(root, package, book, files, address)
        finally:
            book.close()


def watch(root: Path, package: Path, book: Book, files: dict[Path, tuple[int, int]], address: str) -> None:
    """Build again at every change, or start again in a new process for a change Sphinx reads only at start."""
    while True:
        time.sleep(POLL)
        now = snapshot(root)
        changed = changed_files(files, now)
        if not changed:
            continue
        files = now
        names = ", ".join(str(p.relative_to(root)) for p in changed[:3]) + (" ..." if len(changed) > 3 else "")
        if needs_restart(root, package, changed):
            print(f"{names} changed: starting again", flush=True)
            book.close()
            os.execv(sys.executable, [sys.executable, "-m", "edition", *sys.argv[1:]])  # the port is freed
        start = time.perf_counter()
        verb = "rebuilt" if book.build() else "not rebuilt"
        print(f"{verb} in {time.perf_counter() - start:.2f} s ({names} changed): {address}", flush=True)
