"""Benchmark (not a test): this book against the stock `jupyter-book create` template, on this machine.

Prints one table of absolute figures and ratios and writes it as JSON (_build/bench.json):
- cold build with notebook execution and warm rebuild with no change, for both books;
- bytes and requests when Chromium opens the edition page and the template's first page;
- the in-page filter's time in Chromium, and filter_turns at 1k/10k/100k turns (bench/filters.py).
Usage: `make bench`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).parent))

import filters  # noqa: E402

import edition  # noqa: E402
from edition.classroom.browser import CHROMIUM, CHROMIUM_ARGS, launch, serve  # noqa: E402

JB = str(Path(sys.executable).parent / "jupyter-book")
GOALS = {
    "cold build vs template": "<= 2.0",
    "warm rebuild vs own cold build": "<= 0.4",
    "edition page bytes vs template page": "<= 1.0",
}


def timed_build(source: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([JB, "build", str(source), "--path-output", str(output)], check=True, capture_output=True)
    return time.perf_counter() - start


def builds(source: Path, work: Path) -> dict[str, float]:
    """Cold build into an empty output (no cache), then a warm rebuild of the same output with no change."""
    output = work / "out"
    cold = timed_build(source, output)
    warm = timed_build(source, output)
    return {"cold_s": round(cold, 2), "warm_s": round(warm, 2), "html": str(output / "_build" / "html")}


def page_weight(html: Path, page: str) -> dict[str, int]:
    """Bytes received and requests made when Chromium opens one page, and how many left 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    sizes: list[int] = []
    outside: list[str] = []
    with serve(html) as site, sync_playwright() as p:
        browser = launch(p)
        tab = browser.new_page()
        tab.on("request", lambda r: urlparse(r.url).hostname != "127.0.0.1" and outside.append(r.url))

        def record(response) -> None:
            try:
                sizes.append(len(response.body()))
            except Exception:  # a redirect or a failed request has no body
                sizes.append(0)

        tab.on("response", record)
        tab.goto(f"{site}/{page}")
        tab.wait_for_load_state("networkidle")
        browser.close()
    return {"bytes": sum(sizes), "requests": len(sizes) + len(outside), "outside": len(outside)}


def lighthouse(html: Path, page: str) -> dict[str, float]:
    """Lighthouse (desktop preset) scores for one page, with Debian's Chromium; {} if Lighthouse is missing."""
    cli = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        return {}
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with serve(html) as site, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(cli),
                f"{site}/{page}",
                "--preset=desktop",
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={flags}",
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        )
        categories = json.loads(report.read_text())["categories"]
    return {name: categories[name]["score"] for name in ("performance", "accessibility")}


def main() -> None:
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = work / "template"
        subprocess.run([JB, "create", str(template)], check=True, capture_output=True)
        book = work / "book"
        shutil.copytree(
            edition.ROOT, book, ignore=shutil.ignore_patterns("_build", ".venv", ".git", ".wheelhouse", "node_modules")
        )
        results["book"] = builds(book, work / "b")
        results["template"] = builds(template, work / "t")
        results["book"] |= page_weight(Path(results["book"]["html"]), "chapters/edition.html")
        results["template"] |= page_weight(Path(results["template"]["html"]), "intro.html")
        results["page_filter_ms"] = filters.bench_page_filter(Path(results["book"]["html"]))
        results["book"]["lighthouse"] = lighthouse(Path(results["book"]["html"]), "chapters/edition.html")
        results["template"]["lighthouse"] = lighthouse(Path(results["template"]["html"]), "intro.html")
    results["filter_turns_ms"] = filters.bench_filter_turns()
    b, t = results["book"], results["template"]
    results["ratios"] = {
        "cold build vs template": round(b["cold_s"] / t["cold_s"], 2),
        "warm rebuild vs own cold build": round(b["warm_s"] / b["cold_s"], 2),
        "edition page bytes vs template page": round(b["bytes"] / t["bytes"], 2),
    }
    print(f"{'':34} {'this book':>12} {'template':>12}")
    print(f"{'cold build (s)':34} {b['cold_s']:>12} {t['cold_s']:>12}")
    print(f"{'warm rebuild, no change (s)':34} {b['warm_s']:>12} {t['warm_s']:>12}")
    print(f"{'page bytes (edition / first page)':34} {b['bytes']:>12,} {t['bytes']:>12,}")
    print(f"{'page requests':34} {b['requests']:>12} {t['requests']:>12}")
    print(f"{'requests leaving 127.0.0.1':34} {b['outside']:>12} {t['outside']:>12}")
    for name in ("performance", "accessibility"):
        score = [side["lighthouse"].get(name, "not run") for side in (b, t)]
        print(f"{'Lighthouse ' + name:34} {score[0]:>12} {score[1]:>12}")
    print()
    for name, ratio in results["ratios"].items():
        print(f"{name:40} {ratio:>6}   goal {GOALS[name]}")
    print(f"{'in-page filter, ms per change':40} {results['page_filter_ms']:>6}   goal < 16")
    print(f"{'Lighthouse performance, edition page':40} {b['lighthouse'].get('performance', '-'):>6}   goal >= 0.95")
    print(f"{'Lighthouse accessibility, edition page':40} {b['lighthouse'].get('accessibility', '-'):>6}   goal 1.0")
    print("\nfilter_turns, median ms (goal: < 50 ms at 100,000 turns)")
    print(f"{'turns':>9} " + " ".join(f"{name:>10}" for name in filters.CASES))
    for n, row in results["filter_turns_ms"].items():
        print(f"{n:>9} " + " ".join(f"{row[name]:>10.2f}" for name in filters.CASES))
    for side in ("book", "template"):
        results[side].pop("html")
    out = edition.ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
