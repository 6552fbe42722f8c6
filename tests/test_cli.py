"""`python -m edition export` as a user runs it: in a subprocess, judged by its exit code, its one line of
message and the file it leaves behind. The TEI it writes is the export that test_tei.py validates, and its
header is checked against the book's _config.yml, read here on its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

import edition
from edition.exchange import EditionInfo, from_config
from edition.exchange.tei import write_tei
from tests.conftest import ROOT
from tests.test_tei import NS

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def export(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "edition", "export", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def one_line_error(run: subprocess.CompletedProcess[str]) -> str:
    """The run failed with one line of message and no traceback; the line."""
    assert run.returncode != 0, run.stdout
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


@pytest.fixture(scope="module")
def tei(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "edition.xml"
    run = export("--format", "tei", out)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {out}"
    return out


def test_the_command_writes_the_export_that_test_tei_validates(tei: Path, tmp_path: Path) -> None:
    """The file is the TEI export itself (validated against TEI All, once, in test_tei.py), described by the
    book's configuration."""
    expected = write_tei(edition.load_edition(), from_config(CONFIG), tmp_path / "expected.xml")
    assert tei.read_bytes() == expected.read_bytes()


def test_the_tei_header_describes_the_edition_as_the_config_does(tei: Path) -> None:
    header = etree.parse(str(tei)).find(".//tei:teiHeader", NS)
    assert header.findtext("tei:fileDesc/tei:titleStmt/tei:title[@type='edition']", namespaces=NS) == CONFIG["title"]
    assert [e.text for e in header.findall("tei:fileDesc/tei:titleStmt/tei:editor", NS)] == [CONFIG["author"]]
    assert header.findtext("tei:fileDesc/tei:publicationStmt/tei:date", namespaces=NS) == str(CONFIG["copyright"])
    has_address = header.find("tei:fileDesc/tei:publicationStmt/tei:ptr[@type='edition']", NS) is not None
    assert has_address == bool(CONFIG["html"]["baseurl"])


def test_an_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "edition.xml"
    out.write_text("mine", encoding="utf-8")
    line = one_line_error(export("--format", "tei", out))
    assert "already exists" in line and "--force" in line
    assert out.read_text(encoding="utf-8") == "mine"


def test_force_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "edition.xml"
    out.write_text("mine", encoding="utf-8")
    run = export("--format", "tei", "--force", out)
    assert run.returncode == 0, run.stderr
    assert etree.parse(str(out)).getroot().tag == f"{{{NS['tei']}}}TEI"


def test_an_unknown_format_is_named(tmp_path: Path) -> None:
    out = tmp_path / "edition.docx"
    line = one_line_error(export("--format", "docx", out))
    assert "unknown format 'docx'" in line and "tei" in line
    assert not out.exists()


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_an_unwritable_path_is_named(tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    # A file cannot hold a folder; /proc refuses new files even to root (the tests may run as root).
    out = blocker / "edition.xml" if where == "under-a-file" else Path("/proc/edition-test.xml")
    line = one_line_error(export("--format", "tei", out))
    assert str(out) in line


def test_outside_the_edition_nothing_is_written(tmp_path: Path) -> None:
    line = one_line_error(export("--format", "tei", "edition.xml", cwd=tmp_path))
    assert "No edition found" in line
    assert not (tmp_path / "edition.xml").exists()


# --- the edition described from the book's configuration ------------------------------------------------


def test_the_book_config_describes_the_edition() -> None:
    info = from_config(CONFIG)
    assert info == EditionInfo(CONFIG["title"], (CONFIG["author"],), int(CONFIG["copyright"]), None)


def test_a_site_address_and_a_range_of_years() -> None:
    config = {**CONFIG, "copyright": "2025–2026", "html": {"baseurl": "https://example.org/edition/"}}
    info = from_config(config)
    assert (info.year, info.url) == (2026, "https://example.org/edition/")
    assert info.turn_address("t05") == "https://example.org/edition/chapters/edition.html#t05"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "_config.yml: no title"),
        ({"author": None}, "_config.yml: no author"),
        ({"copyright": "the editors"}, "gives no year"),
    ],
)
def test_a_config_without_what_a_citation_needs_is_refused(change: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        from_config({**CONFIG, **change})
