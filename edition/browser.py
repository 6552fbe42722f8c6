"""Debian's Chromium, as the tests, the handouts and the benchmark drive it, and a local server for a built book.

The browser's path and flags are written here once. Never `playwright install`: it downloads a browser of
its own, which this closed network refuses.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
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


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a request it no longer needs is no error: no traceback for it."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(
    directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler, port: int = 0
) -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT) while the directory is served (by `handler_class`, e.g. one
    that compresses as a static host does), at `port` (0: any free port)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
