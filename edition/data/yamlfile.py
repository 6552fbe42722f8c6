"""Read an annotation file as YAML without losing anything: duplicate keys, tabs and empty files are refused.

PyYAML keeps the last of two equal keys and drops the first without a word; an editor's text would vanish.
This reader composes the node tree first, reports every duplicate key with its line, and returns the data
with the line on which each entry of the top-level list (or mapping) starts, for messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from edition.data.problems import Problems, display

BOM = "\ufeff"


@dataclass(frozen=True)
class YamlFile:
    """The top-level `key` of a file: its value, and the 1-based line of each of its entries."""

    path: Path
    where: str
    value: Any
    lines: tuple[int, ...]


def _duplicates(node: yaml.Node, where: str, problems: Problems) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 1
            if name in seen:
                problems.add(
                    where,
                    line,
                    None,
                    f"the key '{name}' appears twice in one entry (first on line {seen[name]}); YAML would keep "
                    "only the second and drop the first",
                    f"merge the two '{name}:' values into one, or rename one of them",
                )
            else:
                seen[name] = line
            _duplicates(value, where, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicates(item, where, problems)


def _syntax(error: yaml.YAMLError, text: str, where: str, problems: Problems) -> None:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(error, "problem", None) or str(error)
    if mark and "\t" in text.splitlines()[mark.line][: mark.column + 1]:
        problems.add(where, line, None, "a tab in the indentation", "indent with spaces only; YAML forbids tabs")
        return
    at = f" at line {line}, column {mark.column + 1}" if mark else ""
    problems.add(
        where, line, None, f"malformed YAML{at}: {problem}", "Fix the YAML syntax there (indentation, a missing ':')"
    )


def read_sections(path: Path, keys: tuple[str, ...], problems: Problems) -> dict[str, YamlFile] | None:
    """The file's top-level `keys`, or None after adding the reason to `problems`.

    A UTF-8 byte order mark (as some Windows editors write) is accepted and ignored.
    """
    where = display(path)
    want = " and ".join(f"'{k}:'" for k in keys)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.add(where, None, None, f"cannot read the file ({error})", "save it as UTF-8 text")
        return None
    text = text.removeprefix(BOM)
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        problems.add(where, None, None, "the file is empty", f"write the top-level {want} entries")
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        _syntax(error, text, where, problems)
        return None
    before = len(problems.found)
    _duplicates(root, where, problems)
    if len(problems.found) > before:
        return None
    missing = [k for k in keys if not isinstance(data, dict) or k not in data]
    if missing:
        problems.add(where, 1, None, f"expected a top-level '{missing[0]}:' entry", f"the file needs {want}")
        return None
    sections = {}
    for key in keys:
        node = next(v for k, v in root.value if k.value == key)
        items = node.value if isinstance(node, yaml.SequenceNode | yaml.MappingNode) else []
        lines = tuple((item[0] if isinstance(item, tuple) else item).start_mark.line + 1 for item in items)
        sections[key] = YamlFile(path, where, data[key], lines)
    return sections


def read_yaml(path: Path, key: str, problems: Problems) -> YamlFile | None:
    """The file's top-level `key`, or None after adding the reason to `problems`."""
    sections = read_sections(path, (key,), problems)
    return sections[key] if sections else None
