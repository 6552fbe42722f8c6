"""The student edition's table of contents: the book without the part for teachers.

With EDITION_STUDENT=1 the Sphinx extension also drops every solution (sphinx-exercise's hide_solutions).
Usage: `python -m edition.student OUT_TOC` (`make student` does it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

TEACHERS_PART = "For teachers"


def student_toc(toc: Path, out: Path) -> Path:
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    parts = [p for p in data["parts"] if p.get("caption") != TEACHERS_PART]
    if len(parts) == len(data["parts"]):
        raise ValueError(f"{toc}: no part captioned {TEACHERS_PART!r} to leave out")
    data["parts"] = parts
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


if __name__ == "__main__":
    from edition import ROOT

    print(f"wrote {student_toc(ROOT / '_toc.yml', Path(sys.argv[1]))}")
