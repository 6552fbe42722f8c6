"""The turns as downloadable data: CSV (topics joined by ';') and JSON (a list of records)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

FORMATS = ("csv", "json")


def write_turns(frame: pd.DataFrame, fmt: str, out: Path) -> Path:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        flat = frame.assign(topics=frame["topics"].map(";".join))
        flat.to_csv(out, index=False)
    else:
        records = [
            {**row, "topics": list(row["topics"]), "turn": int(row["turn"]), "words": int(row["words"])}
            for row in frame.to_dict(orient="records")
        ]
        out.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out
