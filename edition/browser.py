"""Debian's Chromium, as the tests, the handouts and the benchmark drive it, and a local server for a built book.

The browser's path and flags are written here once. Never `playwright install`: it downloads a browser of
its own, which this closed network refuses.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Headless as root, without the background connections that a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = (
    f"No Chromium at {CHROMIUM}. Install Debian's package (as root: apt-get install -y chromium), or set CHROMIUM "
    "to its path. Never `playwright install`."
)


def launch(playwright: Any) -> Any:
    """A headless Chromium from a started Playwright; a clear error where the browser is missing."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(MISSING)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT) while the directory is served (by `handler_class`, e.g. one
    that compresses as a static host does)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
