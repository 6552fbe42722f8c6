"""Benchmark (not a test): this book against the stock `jupyter-book create` template, on this machine.

Writes its figures to bench/results.md, replaced on every run (the README includes that file), and prints
them:
- cold build with notebook execution and warm rebuild with no change, for both books, and for this book a
  rebuild after one word is added to one note (annotations/notes.yml), by `jupyter-book build` and in the
  preview (`make preview`, one Sphinx application kept running; three edits in one session, the first at once
  after the first build, the others 5 s after the report before), with the goals each meets; the
  book's builds import the `edition` package from the copy they build, so edits elsewhere do not leak in;
- how loaded the machine was (load average before and after the builds);
- bytes and requests when Chromium opens the edition page and the template's first page;
- on a phone: Lighthouse's mobile preset on the edition page, the front page and the template's first page,
  served with gzip as a static host serves them, median of 3 runs (bench/phone.py);
- the in-page filter's time in Chromium, and filter_turns at 1k/10k/100k turns (bench/filters.py).
Usage: `make bench`.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).parent))

import filters  # noqa: E402
import phone  # noqa: E402

from edition.browser import launch, serve  # noqa: E402
from edition.data.sources import find_root  # noqa: E402

ROOT = find_root(Path(__file__).resolve().parent)
RESULTS = Path(__file__).parent / "results.md"
JB = str(Path(sys.executable).parent / "jupyter-book")
PHONE_PAGES = {
    "edition page": ("book", "chapters/edition.html"),
    "front page": ("book", "index.html"),
    "template's first page": ("template", "intro.html"),
}
GOALS = {
    "cold build vs template": ("<= 2.0", 2.0),
    "rebuild after a note edit, in the preview (s)": ("<= 2.0 s", 2.0),
    "rebuild after a note edit, `jupyter-book build` (s)": ("", None),
    "rebuild after a note edit vs template's warm rebuild": ("", None),
    "warm rebuild vs own cold build": ("<= 0.4", 0.4),
    "edition page bytes vs template page": ("<= 1.0", 1.0),
}
NOTES = "annotations/notes.yml"


def timed_build(source: Path, output: Path) -> float:
    env = os.environ | {"PYTHONPATH": str(source)}  # this book's builds use the copy's `edition` package
    start = time.perf_counter()
    subprocess.run([JB, "build", str(source), "--path-output", str(output)], check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def edit_one_note(source: Path) -> None:
    """One word more in the first one-line note text of annotations/notes.yml."""
    path = source / NOTES
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("    text: ") and line.strip() not in ("text: |", "text: >"):
            lines[i] = line.replace("    text: ", "    text: Also, ", 1)
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise SystemExit(f"no one-line note text in {path}")


def wait_for(process: subprocess.Popen, prefix: str) -> str:
    """The preview's next line that starts with `prefix`; a failed build or an early end stops the bench."""
    for line in process.stdout:
        if line.startswith("not "):
            raise SystemExit(f"the preview failed: {line.strip()}")
        if line.startswith(prefix):
            return line
    raise SystemExit(f"the preview ended before it printed {prefix!r}")


EDITS = 3  # note edits in one preview session
PAUSE = 5.0  # seconds between the preview's report and the next save, as an editor reads the page between saves


def preview_note_edits(source: Path) -> list[float]:
    """`make preview` on the copy (its first build is cold: nothing was built into the copy's _build), then one
    word more in a note, EDITS times, PAUSE seconds after each report: the seconds from saving the file to the
    preview's report that the book is rebuilt, as the editor waits for them (the preview's look at the files,
    every 0.2 s, included). The first edit comes at once after the first build, while the preview is still
    starting the kernels it keeps for the next build (edition.speed.spare_kernels)."""
    env = os.environ | {"PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "edition", "preview", "--port", "0"]
    process = subprocess.Popen(
        command, cwd=source, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        wait_for(process, "built in ")
        seconds = []
        for edit in range(EDITS):
            time.sleep(PAUSE if edit else 0)
            start = time.perf_counter()
            edit_one_note(source)
            wait_for(process, "rebuilt in ")
            seconds.append(round(time.perf_counter() - start, 2))
        return seconds
    finally:
        process.terminate()
        process.wait()


def builds(source: Path, work: Path, edit: bool = False) -> dict:
    """Cold build into an empty output (no cache), then a warm rebuild of the same output with no change,
    then (`edit`) a rebuild after one note gained a word."""
    output = work / "out"
    cold = timed_build(source, output)
    warm = timed_build(source, output)
    figures = {"cold_s": round(cold, 2), "warm_s": round(warm, 2), "html": output / "_build" / "html"}
    if edit:
        edit_one_note(source)
        figures["note_edit_s"] = round(timed_build(source, output), 2)
    return figures


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def page_weight(html: Path, page: str) -> dict[str, int]:
    """Bytes received (uncompressed) and requests made when Chromium opens one page, and how many left
    127.0.0.1."""
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


def seconds(ms: float) -> str:
    return f"{ms / 1000:.1f} s"


def met(value: float, goal: float | None) -> str:
    return "" if goal is None else "yes" if value <= goal else "no"


def report(results: dict) -> str:
    """The figures as Markdown, without headings (the README gives the section its heading)."""
    b, t = results["book"], results["template"]
    lines = [
        "<!-- Written by `make bench` (bench/run.py) and replaced on every run; do not edit by hand. -->",
        f"Measured on {results['date']} on this machine ({results['machine']}), against the stock "
        "`jupyter-book create` template built in the same run. Other work shared the CPU: load average "
        f"{results['load_before']} before the builds, {results['load_after']} after; the ratios, both sides "
        "measured in the same minutes, are the figures to compare across runs.",
        "",
        "| | this book | template |",
        "|---|---:|---:|",
        f"| cold build, notebooks executed (s) | {b['cold_s']} | {t['cold_s']} |",
        f"| warm rebuild, no change (s) | {b['warm_s']} | {t['warm_s']} |",
        f"| rebuild after one word added to one note (s) | {b['note_edit_s']} | |",
        f"| the same in the preview, `make preview` (s): median of edits 2 to {EDITS}, {PAUSE:g} s apart "
        f"(each edit) | {b['preview_note_edit_s']} ({', '.join(map(str, b['preview_note_edits_s']))}) | |",
        f"| bytes of the edition page / the template's first page | {b['bytes']:,} | {t['bytes']:,} |",
        f"| requests | {b['requests']} | {t['requests']} |",
        f"| requests leaving 127.0.0.1 | {b['outside']} | {t['outside']} |",
        "",
        "**On a phone.** Lighthouse 12 with its mobile preset (a mid-range phone on a slow 4G connection: "
        "150 ms round trips, 1.6 Mbit/s, CPU four times slower), each page served with gzip as a static host "
        "serves it; the median of 3 runs (performance scores of the three runs in brackets). Single runs on a "
        "busy shared machine vary: the CPU benchmark Lighthouse reports is given for each page.",
        "",
        "| page | performance | first paint | largest paint | speed index | blocking time | transferred | "
        "CPU benchmark |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in results["phone"].items():
        runs = ", ".join(f"{r:.2f}" for r in figures["runs"])
        lines.append(
            f"| {name} | **{figures['performance']:.2f}** ({runs}) | {seconds(figures['first-contentful-paint'])} | "
            f"{seconds(figures['largest-contentful-paint'])} | {seconds(figures['speed-index'])} | "
            f"{figures['total-blocking-time']:.0f} ms | {figures['total-byte-weight'] / 1000:.0f} kB | "
            f"{figures['benchmark']:.0f} |"
        )
    phone_scores = {name: f["performance"] for name, f in results["phone"].items()}
    template = phone_scores["template's first page"]
    lines += [
        "",
        "| figure | measured | goal | met |",
        "|---|---:|---:|---|",
        *(
            f"| {name} | {ratio} | {GOALS[name][0]} | {met(ratio, GOALS[name][1])} |"
            for name, ratio in results["ratios"].items()
        ),
        *(
            f"| phone performance, {name} | {phone_scores[name]:.2f} | >= 0.95 and above the template "
            f"({template:.2f}) | {'yes' if phone_scores[name] >= max(0.95, template) else 'no'} |"
            for name in ("edition page", "front page")
        ),
        f"| in-page filter, ms per change | {(ms := results['page_filter_ms'])} | < 16 | {met(ms, 16)} |",
        "",
        "`filter_turns` on synthetic records, median ms (goal: under 50 ms at 100,000 turns):",
        "",
        "| turns | " + " | ".join(filters.CASES) + " |",
        "|---:|" + "---:|" * len(filters.CASES),
        *(
            f"| {n} | " + " | ".join(f"{row[name]:.2f}" for name in filters.CASES) + " |"
            for n, row in results["filter_turns_ms"].items()
        ),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    results: dict = {
        "date": date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}",
        "load_before": load(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = work / "template"
        subprocess.run([JB, "create", str(template)], check=True, capture_output=True)
        book = work / "book"
        ignore = shutil.ignore_patterns("_build", ".venv", ".git", ".wheelhouse", "node_modules", "__pycache__")
        shutil.copytree(ROOT, book, ignore=ignore)
        sites = {"book": builds(book, work / "b", edit=True), "template": builds(template, work / "t")}
        edits = preview_note_edits(book)
        sites["book"]["preview_note_edits_s"] = edits
        sites["book"]["preview_note_edit_s"] = round(statistics.median(edits[1:]), 2)
        results["load_after"] = load()
        results["book"] = sites["book"] | page_weight(sites["book"]["html"], "chapters/edition.html")
        results["template"] = sites["template"] | page_weight(sites["template"]["html"], "intro.html")
        results["page_filter_ms"] = filters.bench_page_filter(sites["book"]["html"])
        results["phone"] = {
            name: phone.lighthouse_mobile(sites[side]["html"], page) for name, (side, page) in PHONE_PAGES.items()
        }
    results["filter_turns_ms"] = filters.bench_filter_turns()
    b, t = results["book"], results["template"]
    results["ratios"] = {
        "cold build vs template": round(b["cold_s"] / t["cold_s"], 2),
        "rebuild after a note edit, in the preview (s)": b["preview_note_edit_s"],
        "rebuild after a note edit, `jupyter-book build` (s)": b["note_edit_s"],
        "rebuild after a note edit vs template's warm rebuild": round(b["note_edit_s"] / t["warm_s"], 2),
        "warm rebuild vs own cold build": round(b["warm_s"] / b["cold_s"], 2),
        "edition page bytes vs template page": round(b["bytes"] / t["bytes"], 2),
    }
    text = report(results)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
