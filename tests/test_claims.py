"""The claim log a reader can check (issue 18, item 4): every claim marked verified or corrected carries the
source's own words, and those words stand in an excerpt of that source in review/evidence/ (which gives the
address and the date read). The totals the log prints are the counts of its rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from edition.data.bibliography import citation_keys
from edition.data.evidence import EVIDENCE, Evidence, contains, evidence_files, load_evidence
from edition.data.problems import Problems
from tests.conftest import ROOT

LOGS = sorted((ROOT / "review" / "claims").glob("*.md"))
SUMMARY = ROOT / "review" / "claims.md"
VERDICTS = ("verified", "corrected", "hedged", "removed", "unverified")
NEEDS_WORDS = ("verified", "corrected")
HEADER = "| File | Entry / paragraph | Claim | Source key | Verdict | The source's words |"
QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")


@dataclass(frozen=True)
class Row:
    log: str
    line: int
    file: str
    claim: str
    keys: tuple[str, ...]
    verdict: str
    words: tuple[str, ...]


def rows(path: Path) -> list[Row]:
    """The rows of the log's table (after its header), each cell split at unescaped pipes."""
    found, table = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() == HEADER:
            table = True
            continue
        if not table or not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        assert len(cells) == 6, f"{path.name}:{number}: a row needs 6 cells, not {len(cells)}"
        file, _entry, claim, keys, verdict, words = cells
        found.append(
            Row(
                path.name,
                number,
                file,
                claim,
                tuple(k.strip() for k in keys.split(",") if k.strip()),
                verdict,
                tuple(QUOTED.findall(words)),
            )
        )
    return found


def problems_of(row: Row, evidence: Evidence) -> list[str]:
    """What is wrong with a row: an unknown verdict, or words that no excerpt of its sources holds."""
    where = f"{row.log}:{row.line}"
    if row.verdict not in VERDICTS:
        return [f"{where}: verdict {row.verdict!r} is none of {', '.join(VERDICTS)}"]
    if row.verdict not in NEEDS_WORDS:
        return []
    if not row.words:
        return [f"{where}: a {row.verdict} claim needs the source's words that verify it"]
    texts = [text for key in row.keys for _, text in evidence.excerpts.get(key, ())]
    return [
        f'{where}: "{words}" is in no excerpt of {", ".join(row.keys)} in {EVIDENCE}/'
        for words in row.words
        if not any(contains(text, words) for text in texts)
    ]


@pytest.fixture(scope="module")
def evidence() -> Evidence:
    problems = Problems()
    keys = citation_keys(ROOT / "references.bib")
    found = load_evidence(evidence_files(ROOT / EVIDENCE), ROOT, keys, problems)
    assert not problems, problems.found
    return found


@pytest.fixture(scope="module")
def log() -> list[Row]:
    return [row for path in LOGS for row in rows(path)]


def test_the_log_has_its_tables(log):
    assert LOGS and len(log) > 150


def test_every_verified_claim_carries_words_found_in_its_source(log, evidence):
    assert [p for row in log for p in problems_of(row, evidence)] == []


def test_a_claim_whose_words_are_not_the_sources_is_caught(evidence):
    good = Row("x.md", 1, "f", "c", ("wilson-record-1989",), "verified", ("harm to our dialogue",))
    assert problems_of(good, evidence) == []
    changed = Row("x.md", 2, "f", "c", ("wilson-record-1989",), "verified", ("harm to your dialogue",))
    bare = Row("x.md", 3, "f", "c", ("wilson-record-1989",), "verified", ())
    odd = Row("x.md", 4, "f", "c", ("wilson-record-1989",), "ok", ())
    assert problems_of(changed, evidence) == [
        f'x.md:2: "harm to your dialogue" is in no excerpt of wilson-record-1989 in {EVIDENCE}/'
    ]
    assert problems_of(bare, evidence) == ["x.md:3: a verified claim needs the source's words that verify it"]
    assert problems_of(odd, evidence) == [f"x.md:4: verdict 'ok' is none of {', '.join(VERDICTS)}"]


def test_the_summary_prints_the_counts_of_the_rows(log):
    text = SUMMARY.read_text(encoding="utf-8")
    counts = {verdict: sum(row.verdict == verdict for row in log) for verdict in VERDICTS}
    expected = f"**{len(log)} claims: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS) + ".**"
    assert expected in text, f"review/claims.md should say {expected}"
