"""The published JSON Schema of the annotation files: committed as generated, named by every file, and able to
check the files with a validator that is not the edition's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from edition.data.schema import Event
from tests.conftest import ROOT

PUBLISHED = ROOT / "schemas" / "annotations"
ANNOTATIONS = sorted((ROOT / "annotations").glob("*.yml"))


def drift(committed: Path, generated: Path) -> list[str]:
    """The schema files that differ between two folders, or exist in only one."""
    names = sorted({p.name for p in committed.glob("*.json")} | {p.name for p in generated.glob("*.json")})
    return [
        name
        for name in names
        if not (committed / name).is_file()
        or not (generated / name).is_file()
        or (committed / name).read_bytes() != (generated / name).read_bytes()
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("schemas")
    subprocess.run([sys.executable, "-m", "edition", "schema", str(out)], check=True, capture_output=True)
    return out


def test_the_committed_schemas_are_the_generated_ones(generated):
    assert drift(PUBLISHED, generated) == [], "run: python -m edition schema schemas/annotations"
    assert len(list(PUBLISHED.glob("*.schema.json"))) == len(ANNOTATIONS) == 5


def test_the_drift_check_sees_a_stale_schema(generated, tmp_path):
    for path in generated.glob("*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    stale = tmp_path / "events.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"after"', '"following"'), encoding="utf-8")
    (tmp_path / "persons.schema.json").unlink()
    assert drift(tmp_path, generated) == ["events.schema.json", "persons.schema.json"]


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_each_annotation_file_names_its_schema_on_its_first_line(path: Path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == f"# yaml-language-server: $schema=../schemas/annotations/{path.stem}.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((PUBLISHED / f"{name}.schema.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_an_editors_validator_accepts_the_files(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in _validator(path.stem).iter_errors(data)] == []


def test_an_editors_validator_refuses_what_the_loader_refuses():
    data = yaml.safe_load((ROOT / "annotations" / "events.yml").read_text(encoding="utf-8"))
    data["events"][0]["turns"] = ["t01"]  # the old, hand-typed field
    data["events"][1]["date"] = "Dec. 1988"
    messages = sorted(e.message for e in _validator("events").iter_errors(data))
    assert len(messages) == 2
    assert any("'turns' was unexpected" in m for m in messages)
    assert any(m.startswith("'Dec. 1988' does not match") for m in messages)


@pytest.mark.parametrize("value", ["1988-12-07", "1988-12", "1988", "1988-02-29"])
def test_a_date_of_a_day_a_month_or_a_year(value):
    assert Event(id="e", date=value, title="t", text="x", chapter="c", cite=("k",)).date == value


@pytest.mark.parametrize("value", ["1989-02-29", "1988-13", "88-12", "1988-12-7", "December 1988", "1988-00"])
def test_a_date_that_is_not_in_the_calendar_or_not_iso(value):
    with pytest.raises(ValueError, match="is not a date written YYYY, YYYY-MM or YYYY-MM-DD"):
        Event(id="e", date=value, title="t", text="x", chapter="c", cite=("k",))
