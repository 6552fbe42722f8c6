"""Validate the entries of an annotation file against their model, turning pydantic's errors into problems
that say, in the editor's terms, which entry is wrong and how to fix it. Every entry is checked; none stops
the others."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from edition.data.problems import Problems
from edition.data.schema import FIX
from edition.data.yamlfile import YamlFile, label

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Checked(Generic[M]):
    """A valid entry with where it stands, so that cross-checks can name it too."""

    value: M
    line: int
    label: str


def _translate(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    """(problem, fix) for one pydantic error."""
    field = ".".join(str(part) for part in error["loc"])  # empty for the entry as a whole
    kind = error["type"]
    value = error.get("input")
    fields = ", ".join(model.model_fields)
    if kind == "value_error":
        problem, _, fix = str(error["ctx"]["error"]).partition(FIX)
        problem = f"'{field}': {problem}" if error["loc"] else problem
        return problem.rstrip("."), fix or "correct the entry"
    if kind == "extra_forbidden":
        return f"unknown field(s) {field}", f"use only {fields} (a misspelt field would otherwise be lost)"
    if kind == "missing":
        return f"the field '{field}' is missing", f"add '{field}:'"
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace(" or ", ", ").replace("'", "")
        return f"unknown {field} {value!r}", f"use one of {expected}"
    if kind == "string_pattern_mismatch" and field == "id":
        return "the id is not lower-case letters, digits and hyphens", "give the entry an id like 'jackson-yanik'"
    if kind == "string_pattern_mismatch":
        return f"'{field}' has the value {value!r}", f"write it as the pattern {error['ctx']['pattern']} asks"
    if kind in ("string_too_short", "too_short"):
        return f"'{field}' is empty", f"fill in '{field}:'"
    if kind == "string_type":
        return f"'{field}' must be text, not {value!r}", "put the value in quotes (dates and numbers too)"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field}' must be true or false", f"write '{field}: true' or '{field}: false'"
    if kind == "tuple_type":
        return f"'{field}' must be a list", f"write {field}: [first, second]"
    if kind in ("int_type", "int_parsing", "greater_than_equal"):
        return f"'{field}' must be a whole number from 1", f"write {field}: 2 for the second occurrence"
    if kind == "model_type":
        return "an entry must be a mapping of fields", f"give it the fields {fields}"
    return f"'{field}': {error['msg']}", "correct the entry"


def check_entries(file: YamlFile, model: type[M], kind: str, problems: Problems) -> Iterator[Checked[M]]:
    """Each entry of the file's list that fits `model`; every misfit is added to `problems`."""
    if not isinstance(file.value, list):
        problems.add(file.where, None, None, "the top-level entry must be a list", "write one '- id: ...' per entry")
        return
    for index, (entry, line) in enumerate(zip(file.value, file.lines, strict=True), start=1):
        name = label(kind, entry, index)
        try:
            yield Checked(model.model_validate(entry), line, name)
        except ValidationError as invalid:
            for error in invalid.errors(include_url=False):
                problems.add(file.where, line, name, *_translate(error, model))
