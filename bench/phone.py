"""Phone figures for bench/run.py: Lighthouse's mobile preset against a page served with gzip, median of 3.

A static host (GitHub Pages, Netlify) compresses HTML, CSS and JavaScript; Python's `http.server` does not,
and Lighthouse would then measure a slower page than a reader gets. Single Lighthouse runs on a shared
2-core machine vary by about ±0.08, so each page is measured three times and the median run is reported.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from edition.browser import CHROMIUM, CHROMIUM_ARGS, serve

LIGHTHOUSE = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"
RUNS = 3
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".csv", ".map")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "speed-index",
    "total-blocking-time",
    "total-byte-weight",
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve text files gzip-compressed when the browser accepts it, over kept-alive connections, as a static
    host does (HTTP/1.0 would open a new connection per file)."""

    protocol_version = "HTTP/1.1"

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Body:
    """What `send_head` returns for `do_GET` to copy: a readable, closable body."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve_gzip(directory: Path) -> AbstractContextManager[str]:
    """The base URL of `directory` served with gzip on 127.0.0.1 at a free port."""
    return serve(directory, GzipHandler)


def lighthouse_once(url: str) -> dict[str, float]:
    """One Lighthouse run with its default (mobile) settings: scores and the metrics that make them."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance,accessibility",
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={flags}",
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        )
        result = json.loads(report.read_text())
    figures = {name: result["categories"][name]["score"] for name in ("performance", "accessibility")}
    for audit in METRICS:
        figures[audit] = result["audits"][audit]["numericValue"]
    figures["benchmark"] = result["environment"]["benchmarkIndex"]  # this machine's speed, as Lighthouse saw it
    return figures


def lighthouse_mobile(html: Path, page: str, runs: int = RUNS) -> dict[str, float]:
    """The median run (by performance score) of `runs` mobile Lighthouse runs of one page served with gzip,
    with the scores of all runs."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run `npm ci --prefix bench` (make bench does)")
    with serve_gzip(html) as site:
        results = [lighthouse_once(f"{site}/{page}") for _ in range(runs)]
    scores = sorted(results, key=lambda r: r["performance"])
    median = dict(scores[len(scores) // 2])
    median["runs"] = [r["performance"] for r in results]
    return median
