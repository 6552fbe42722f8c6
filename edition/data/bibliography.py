"""The citation keys of references.bib, so that notes and registers can be checked before Sphinx sees them."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import parse_file
from pybtex.scanner import PybtexError

from edition.data.problems import Problems, display


def citation_keys(path: Path, problems: Problems | None = None) -> set[str]:
    collector = problems if problems is not None else Problems()
    try:
        return set(parse_file(str(path), bib_format="bibtex").entries)
    except (OSError, PybtexError) as error:
        collector.add(display(path), None, None, f"cannot read the bibliography: {error}", "fix the entry it names")
        if problems is None:
            collector.raise_if_any()
        return set()
