"""The student edition: the book without the part for teachers and without any solution.

It is the same book built with a second configuration, not a switch in the environment: its `_toc.yml`
leaves the teachers' part out, and its `_config.yml` sets sphinx-exercise's `hide_solutions` and stops Sphinx
from copying the page sources (which hold the model answers) into the site.
"""

from __future__ import annotations

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


def student_config(config: Path, out: Path) -> Path:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    sphinx_config = data.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["hide_solutions"] = True
    sphinx_config["html_copy_source"] = False
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def write_student_book(root: Path, out: Path) -> tuple[Path, Path]:
    """The student edition's `_config.yml` and `_toc.yml`, written into `out`."""
    return student_config(root / "_config.yml", out / "_config.yml"), student_toc(root / "_toc.yml", out / "_toc.yml")
