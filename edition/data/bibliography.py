"""The entries and citation keys of references.bib, so that notes, registers and quotations can be checked
before Sphinx sees them."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Entry, parse_file
from pybtex.scanner import PybtexError

from edition.data.problems import Problems, display


def read_entries(path: Path, problems: Problems | None = None) -> dict[str, Entry]:
    """The bibliography's entries by key; a file that cannot be read is a problem (raised if no collector)."""
    collector = problems if problems is not None else Problems()
    try:
        return dict(parse_file(str(path), bib_format="bibtex").entries)
    except (OSError, PybtexError) as error:
        collector.add(display(path), None, None, f"cannot read the bibliography: {error}", "fix the entry it names")
        if problems is None:
            collector.raise_if_any()
        return {}


def citation_keys(path: Path, problems: Problems | None = None) -> set[str]:
    return set(read_entries(path, problems))
