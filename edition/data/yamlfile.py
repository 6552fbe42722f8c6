"""Read an annotation file as YAML without losing anything: duplicate keys, tabs and empty files are refused.

PyYAML keeps the last of two equal keys and drops the first without a word; an editor's text would vanish.
This reader composes the node tree first, reports every duplicate key with its line and entry, and returns
the data with the line on which each entry of the top-level list (or mapping) starts, for messages. A UTF-8
byte order mark, as some Windows editors write, is accepted and ignored: it carries no text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from edition.data.problems import Problems, display

BOM = "\ufeff"
LIST_ID = re.compile(r"^(\s*)- +id: *['\"]?([^'\"\s#]+)", re.M)


@dataclass(frozen=True)
class YamlFile:
    """The top-level `key` of a file: its value, and the 1-based line of each of its entries."""

    where: str
    value: Any
    lines: tuple[int, ...]


def label(kind: str, entry: Any, index: int) -> str:
    """ "note 'jackson-yanik' (entry 3)", or "note entry 3" when the entry has no usable id."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f"{kind} '{entry['id']}' (entry {index})"
    return f"{kind} entry {index}"


def _node_label(kind: str, node: yaml.Node, index: int) -> str:
    """label() for a node of the composed tree, before it is turned into data."""
    if isinstance(node, yaml.MappingNode):
        ids = [v.value for k, v in node.value if k.value == "id" and isinstance(v, yaml.ScalarNode)]
        if ids:
            return f"{kind} '{ids[0]}' (entry {index})"
    return f"{kind} entry {index}"


def _entry_at(text: str, line: int, kind: str) -> str | None:
    """The entry of a file that YAML cannot parse, found from its text: the last `- id:` at or before `line`."""
    found = [m for m in LIST_ID.finditer(text) if text.count("\n", 0, m.start()) < line]
    if not found:
        return None
    indent = LIST_ID.search(text).group(1)  # type: ignore[union-attr]
    index = sum(1 for m in found if m.group(1) == indent)
    return f"{kind} '{found[-1].group(2)}' (entry {index})"


def _duplicates(node: yaml.Node, where: str, entry: str | None, problems: Problems) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 1
            if name in seen:
                problems.add(
                    where,
                    line,
                    entry,
                    f"the key '{name}' appears twice (first on line {seen[name]}); YAML would keep only the "
                    "second and drop the first",
                    f"merge the two '{name}:' values into one, or rename one of them",
                )
            else:
                seen[name] = line
            _duplicates(value, where, entry, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicates(item, where, entry, problems)


def _entries(root: yaml.Node, kinds: Mapping[str, str]) -> list[tuple[yaml.Node, str | None]]:
    """Each entry of the top-level sections with its label; the rest of the file with no label."""
    if not isinstance(root, yaml.MappingNode):
        return [(root, None)]
    parts: list[tuple[yaml.Node, str | None]] = []
    for key, section in root.value:
        kind = kinds.get(key.value, "entry")
        if isinstance(section, yaml.SequenceNode):
            parts += [(item, _node_label(kind, item, i)) for i, item in enumerate(section.value, start=1)]
        elif isinstance(section, yaml.MappingNode):
            parts += [(value, f"{kind} '{k.value}'") for k, value in section.value]
        else:
            parts.append((section, None))
    return parts


def _repeated_keys(node: yaml.MappingNode) -> list[tuple[str, int, int]]:
    """(key, line of the repeat, line of the first) for each key that a mapping repeats."""
    first: dict[str, int] = {}
    repeats = []
    for key, _ in node.value:
        line = key.start_mark.line + 1
        if key.value in first:
            repeats.append((key.value, line, first[key.value]))
        first.setdefault(key.value, line)
    return repeats


def _section_duplicates(root: yaml.Node, where: str, kinds: Mapping[str, str], problems: Problems) -> None:
    """A repeated top-level key (two `notes:` lists), or a repeated key of a mapping section (two `t04:`)."""
    if not isinstance(root, yaml.MappingNode):
        return
    for name, line, first in _repeated_keys(root):
        problems.add(
            where,
            line,
            None,
            f"the top-level key '{name}' appears twice (first on line {first}); YAML would keep only the second",
            f"merge the two '{name}:' sections into one",
        )
    for key, section in root.value:
        if isinstance(section, yaml.MappingNode):
            for name, line, first in _repeated_keys(section):
                problems.add(
                    where,
                    line,
                    f"{kinds.get(key.value, 'entry')} '{name}'",
                    f"'{name}' appears twice in '{key.value}:' (first on line {first}); YAML would keep only the "
                    "second",
                    f"merge the two '{name}:' lines into one",
                )


def _syntax(error: yaml.YAMLError, text: str, where: str, kind: str, problems: Problems) -> None:
    if isinstance(error, yaml.reader.ReaderError):  # a control character: the reader gives its position only
        line = text.count("\n", 0, error.position) + 1
        problems.add(
            where,
            line,
            _entry_at(text, line, kind),
            f"a character that YAML does not accept (U+{error.character:04X})",
            "delete it; it is invisible in most editors, so retype the words around it",
        )
        return
    mark = error.problem_mark  # type: ignore[attr-defined]
    line = mark.line + 1
    entry = _entry_at(text, line, kind)
    source = text.split("\n")[mark.line]
    if "\t" in source[: len(source) - len(source.lstrip())]:
        key = source.strip().split(":")[0]
        problems.add(
            where, line, entry, f"a tab in the indentation of '{key}'", "indent with spaces only; YAML forbids tabs"
        )
        return
    problems.add(
        where,
        line,
        entry,
        f"malformed YAML at line {line}, column {mark.column + 1}: {error.problem}",  # type: ignore[attr-defined]
        "correct the YAML syntax there (indentation, a missing ':' or bracket)",
    )


# libyaml, where PyYAML was built with it: the same nodes, about ten times faster than the pure-Python parser,
# which took most of a no-change rebuild's time (every annotation file is read at every build). Its error
# messages are terser ("did not find expected ',' or ']'"), so a file it refuses is parsed again by the
# pure-Python parser, whose message ("expected ',' or ']', but got ':'") the editor is shown.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_with(loader_class: type, text: str) -> tuple[yaml.Node | None, object]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()


def _parse(text: str) -> tuple[yaml.Node | None, object]:
    """The document's node tree, for line numbers and duplicate keys, and its data, from one parse."""
    try:
        return _parse_with(FAST_LOADER, text)
    except yaml.YAMLError:
        return _parse_with(yaml.SafeLoader, text)  # raises the error with the clearer message


def read_sections(path: Path, kinds: Mapping[str, str], problems: Problems) -> dict[str, YamlFile] | None:
    """The file's top-level sections, or None after adding the reason to `problems`.

    `kinds` names each section the file must hold and what its entries are ("note", "topic"), so that a message
    can say "note 'x' (entry 2)".
    """
    keys = tuple(kinds)
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
        root, data = _parse(text)
    except yaml.YAMLError as error:
        _syntax(error, text, where, kinds[keys[0]], problems)
        return None
    before = len(problems.found)
    _section_duplicates(root, where, kinds, problems)
    for node, entry in _entries(root, kinds):
        _duplicates(node, where, entry, problems)
    if len(problems.found) > before:
        return None
    missing = [k for k in keys if not isinstance(data, dict) or k not in data]
    if missing:
        problems.add(where, 1, None, f"expected a top-level '{missing[0]}:' entry", f"the file needs {want}")
        return None
    unknown = [(k.value, k.start_mark.line + 1) for k, _ in root.value if k.value not in keys]
    for name, line in unknown:  # a misspelt second list would otherwise be ignored
        problems.add(where, line, None, f"unknown top-level key '{name}'", f"the file holds only {want}")
    if unknown:
        return None
    sections = {}
    for key in keys:
        node = next(v for k, v in root.value if k.value == key)
        items = node.value if isinstance(node, yaml.SequenceNode | yaml.MappingNode) else []
        lines = tuple((item[0] if isinstance(item, tuple) else item).start_mark.line + 1 for item in items)
        sections[key] = YamlFile(where, data[key], lines)
    return sections


def read_yaml(path: Path, key: str, kind: str, problems: Problems) -> YamlFile | None:
    """The file's top-level `key`, a list of `kind` entries, or None after adding the reason to `problems`."""
    sections = read_sections(path, {key: kind}, problems)
    return sections[key] if sections else None
