"""Filter timings for bench/run.py: filter_turns on synthetic frames, and the edition page's filter in Chromium.

Goals: filter_turns under 50 ms at 100k turns; the in-page filter under one frame (16 ms).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

import edition
from edition.browser import launch, serve

CASES = {
    "speaker": {"speakers": ["Kissinger"]},
    "topics": {"topics": ["trade", "emigration"]},
    "keyword": {"query": "dissidents"},
    "all three": {"speakers": ["Kissinger"], "topics": ["channel"], "query": "Dobrynin"},
}


def synthetic_frame(n: int, seed: int = 1989) -> pd.DataFrame:
    """n turns with the record's speakers, topics and vocabulary, each text a fresh draw of its words."""
    real = edition.turns_frame()
    rng = np.random.default_rng(seed)
    words = " ".join(real["text"]).split()
    lengths = rng.integers(1, 120, size=n)
    topic_ids = real.attrs["topics"]
    rows = []
    for i, length in enumerate(lengths):
        text = " ".join(rng.choice(words, size=length))
        topics = list(rng.choice(topic_ids, size=rng.integers(1, 4), replace=False))
        rows.append((i + 1, f"t{i + 1}", real.attrs["speakers"][i % 2], topics, text, int(length)))
    frame = pd.DataFrame(rows, columns=real.columns)
    frame.attrs = dict(real.attrs)
    return frame


def median_ms(call, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def bench_filter_turns() -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for n in (1_000, 10_000, 100_000):
        frame = synthetic_frame(n)
        results[f"{n:,}"] = {
            name: median_ms(lambda f=frame, kw=kw: edition.filter_turns(f, **kw)) for name, kw in CASES.items()
        }
    return results


def bench_page_filter(html: Path) -> float:
    """Median time of one filter change (a click on a speaker box) on the built edition page, in ms."""
    from playwright.sync_api import sync_playwright

    with serve(html) as site, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(f"{site}/chapters/edition.html")
        median = page.evaluate(
            """() => { const box = document.querySelector('input[name="speaker"][value="Kissinger"]');
                       const times = [];
                       for (let i = 0; i < 101; i++) { const t = performance.now(); box.click();
                                                        times.push(performance.now() - t); }
                       times.sort((a, b) => a - b); return times[50]; }"""
        )
        browser.close()
    return round(median, 3)
