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

from edition.data.entries import _translate, check_entries
from edition.data.problems import Problems
from edition.data.schema import Event, NoteEntry, Person, first_day, json_schemas, last_day
from edition.data.yamlfile import YamlFile
from tests.conftest import ROOT

PUBLISHED = ROOT / "schemas" / "annotations"
ANNOTATIONS = sorted((ROOT / "annotations").glob("*.yml"))


def schema_of(path: Path) -> str:
    """The schema an annotation file follows: its kind, the name before any '-part' (notes-connections: notes)."""
    return path.stem.split("-", 1)[0]


KINDS = sorted({schema_of(p) for p in ANNOTATIONS})


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
    assert len(list(PUBLISHED.glob("*.schema.json"))) == len(KINDS) + 1 == 6  # and review/evidence's


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
    assert first == f"# yaml-language-server: $schema=../schemas/annotations/{schema_of(path)}.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((PUBLISHED / f"{name}.schema.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_an_editors_validator_accepts_the_files(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in _validator(schema_of(path)).iter_errors(data)] == []


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


# --- every kind of misfit, in the editor's words ---------------------------------------------------------------

NOTE = {"id": "n", "turn": "t01", "lemma": "x", "kind": "textual", "text": "A.", "cite": ["k"]}
PERSON = {"id": "p", "name": "n", "sort": "s", "offices": "o", "role": "r", "background": False, "cite": ["k"]}
NOTE_FIELDS = "id, turn, gap, lemma, occurrence, kind, text, cite, see"


def misfits(model: type, kind: str, entry: object) -> list[str]:
    """The problems check_entries reports for one entry standing on line 3 of a file."""
    problems = Problems()
    valid = list(check_entries(YamlFile("x.yml", [entry], (3,)), model, kind, problems))
    assert not (valid and problems)
    return [str(p).removeprefix("x.yml, line 3, ") for p in problems.found]


@pytest.mark.parametrize(
    ("model", "kind", "entry", "expected"),
    [
        (
            NoteEntry,
            "note",
            NOTE | {"occurrence": 0},
            "'occurrence' must be a whole number from 1. Fix: write occurrence: 2 for the second occurrence.",
        ),
        (
            NoteEntry,
            "note",
            NOTE | {"occurrence": "two"},
            "'occurrence' must be a whole number from 1. Fix: write occurrence: 2 for the second occurrence.",
        ),
        (
            NoteEntry,
            "note",
            NOTE | {"occurrence": 1.5},
            "'occurrence': Input should be a valid integer, got a number with a fractional part. Fix: correct the "
            "entry.",
        ),
        (NoteEntry, "note", NOTE | {"cite": "k"}, "'cite' must be a list. Fix: write cite: [first, second]."),
        (
            NoteEntry,
            "note",
            NOTE | {"text": 5},
            "'text' must be text, not 5. Fix: put the value in quotes (dates and numbers too).",
        ),
        (
            NoteEntry,
            "note",
            NOTE | {"see": ["persons:x"]},
            "'see.0' has the value 'persons:x'. Fix: write it as the pattern ^(person|event|term):[a-z0-9-]+$ asks.",
        ),
        (NoteEntry, "note", NOTE | {"lemma": ""}, "'lemma' is empty. Fix: fill in 'lemma:'."),
        (
            NoteEntry,
            "note",
            NOTE | {"gap": "g1"},
            "a note needs exactly one of 'turn' or 'gap'. Fix: name the turn (turn: t05) or the gap (gap: g1).",
        ),
        (NoteEntry, "note", NOTE | {"kind": "x"}, "unknown kind 'x'. Fix: use one of textual, explanatory."),
        (
            NoteEntry,
            "note",
            NOTE | {"txt": "a"},
            f"unknown field(s) txt. Fix: use only {NOTE_FIELDS} (a misspelt field would otherwise be lost).",
        ),
        (
            NoteEntry,
            "note",
            {k: v for k, v in NOTE.items() if k != "text"},
            "the field 'text' is missing. Fix: add 'text:'.",
        ),
        (
            NoteEntry,
            "note",
            NOTE | {"text": "<b>x</b>"},
            "'text': the text contains raw HTML <b>. Fix: write MyST Markdown instead.",
        ),
        (
            Person,
            "person",
            PERSON | {"background": "perhaps"},
            "'background' must be true or false. Fix: write 'background: true' or 'background: false'.",
        ),
        (Person, "person", PERSON | {"cite": []}, "'cite' is empty. Fix: fill in 'cite:'."),
        (
            Person,
            "person",
            PERSON | {"background": [True]},
            "'background' must be true or false. Fix: write 'background: true' or 'background: false'.",
        ),
        (
            NoteEntry,
            "note",
            NOTE | {"occurrence": [1]},
            "'occurrence' must be a whole number from 1. Fix: write occurrence: 2 for the second occurrence.",
        ),
        (
            Person,
            "person",
            PERSON | {"born": 1931},
            "'born' must be text, not 1931. Fix: put the value in quotes (dates and numbers too).",
        ),
        (
            Person,
            "person",
            PERSON | {"born": "1931-02-30"},
            "'born': '1931-02-30' is not a date written YYYY, YYYY-MM or YYYY-MM-DD. Fix: correct the date.",
        ),
    ],
)
def test_a_misfit_is_named_with_its_fix(model, kind, entry, expected):
    label = f"{kind} '{entry['id']}' (entry 1): " if isinstance(entry, dict) else ""
    assert misfits(model, kind, entry) == [label + expected]


def test_a_bad_id_and_an_entry_that_is_not_a_mapping():
    assert misfits(NoteEntry, "note", NOTE | {"id": "Bad Id"}) == [
        "note 'Bad Id' (entry 1): the id is not lower-case letters, digits and hyphens. Fix: give the entry an id "
        "like 'jackson-yanik'."
    ]
    assert misfits(NoteEntry, "note", "text") == [
        f"note entry 1: an entry must be a mapping of fields. Fix: give it the fields {NOTE_FIELDS}."
    ]


def test_every_misfit_of_an_entry_is_reported():
    assert misfits(NoteEntry, "note", NOTE | {"kind": "x", "txt": "a", "lemma": ""}) == [
        "note 'n' (entry 1): 'lemma' is empty. Fix: fill in 'lemma:'.",
        "note 'n' (entry 1): unknown kind 'x'. Fix: use one of textual, explanatory.",
        f"note 'n' (entry 1): unknown field(s) txt. Fix: use only {NOTE_FIELDS} (a misspelt field would otherwise "
        "be lost).",
    ]


def test_a_file_whose_entries_are_not_a_list():
    problems = Problems()
    assert list(check_entries(YamlFile("x.yml", {"id": "n"}, ()), NoteEntry, "note", problems)) == []
    assert [str(p) for p in problems.found] == [
        "x.yml: the top-level entry must be a list. Fix: write one '- id: ...' per entry."
    ]


def test_a_validator_message_without_a_fix_gets_a_general_one():
    """Every validator of the schema says its fix; one that does not still yields a usable message."""
    error = {"loc": ("date",), "type": "value_error", "ctx": {"error": ValueError("the date is odd.")}}
    assert _translate(error, Event) == ("'date': the date is odd", "correct the entry")


def test_the_published_schemas_say_what_they_are():
    schemas = json_schemas()
    assert list(schemas) == ["notes", "persons", "events", "terms", "topics"]
    for name, schema in schemas.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["title"] == f"annotations/{name}.yml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Look <a href="#" onclick="steal()">here</a>',
            "'text': the text has an event attribute in '<a href=\"#\" onclick=\"steal()\">'. Fix: remove the HTML; "
            "write MyST.",
        ),
        ("Look {raw}`html <b>`", "'text': the text contains raw HTML <b>. Fix: write MyST Markdown instead."),
        ("Look {eval-rst}`x`", "'text': the text contains a raw or script directive. Fix: write MyST Markdown only."),
        ("[click](javascript:alert(1))", "'text': the text contains a raw or script directive. Fix: write MyST "
         "Markdown only."),
    ],
)  # fmt: skip
def test_unsafe_text_is_named_in_full(text, expected):
    assert misfits(NoteEntry, "note", NOTE | {"text": text}) == [f"note 'n' (entry 1): {expected}"]


@pytest.mark.parametrize("value", ["1988-12-00", "1988-00-05", "19888", "1988-1"])
def test_a_partial_date_that_is_no_date(value):
    with pytest.raises(ValueError):
        first_day(value)
    if len(value) in (6, 5):  # not even the form of a date
        with pytest.raises(ValueError, match=rf"^'{value}' is not written YYYY, YYYY-MM or YYYY-MM-DD$"):
            first_day(value)
    with pytest.raises(ValueError):
        last_day(value)


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.name)
def test_the_fast_parser_reads_each_annotation_file_as_the_pure_python_parser_does(path):
    """The edition reads its files with libyaml (yamlfile._parse); PyYAML's own parser is the second reading:
    the same data, and the same line for every top-level key (the lines the error messages name)."""
    from edition.data.yamlfile import FAST_LOADER, _parse

    assert FAST_LOADER is yaml.CSafeLoader  # PyYAML's Linux wheels carry libyaml; without it the build is slower
    text = path.read_text(encoding="utf-8")
    root, data = _parse(text)
    pure = yaml.compose(text, Loader=yaml.SafeLoader)
    assert data == yaml.load(text, Loader=yaml.SafeLoader)
    assert [k.start_mark.line for k, _ in root.value] == [k.start_mark.line for k, _ in pure.value]
    assert [len(v.value) for _, v in root.value] == [len(v.value) for _, v in pure.value]
