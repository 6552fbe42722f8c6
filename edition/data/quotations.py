"""The quotations in the editors' text: quoted words together with the works cited for them.

A quotation is a run of words between double quotation marks (straight or curly) in a chapter or in a text
field of an annotation file. The works it rests on are those of the first citation role after it in the
same paragraph (or, if none follows, the last one before it); in an annotation entry whose text cites
nothing, the entry's `cite` list. Quoted words that nothing cites are not a quotation the build can check
(a term in quotation marks) and are left out. The MyST is read by the edition's one MyST parser
(`edition.data.myst`), so that code, directives' options and roles are told apart from prose.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from edition.data.myst import blocks, role_keys
from edition.data.problems import Problems, display
from edition.data.yamlfile import read_yaml

CITE = "\x02"  # stands, in a paragraph's text, for a citation role
OTHER = "\x01"  # for any other role or inline code: no quotation runs through it
DIRECTIVE = re.compile(r"^\{[\w:-]+\}")
OPTION = re.compile(r"^:[\w-]+:")
# Straight marks pair in order; curly marks say which end they are.
MARKS = re.compile(r"[\"“”]")
# Fields of the annotation files that hold words of the source or identifiers, not the editors' prose.
NOT_PROSE = {"id", "turn", "gap", "lemma", "kind", "forms", "variants", "cite", "see", "sort", "born", "died"}
# The text fields of each annotation file that may quote a source (the files of the registers and notes).
ANNOTATIONS = ("notes", "persons", "events", "terms")


@dataclass(frozen=True)
class Quotation:
    """Quoted words, where they stand, and the citation keys of the works they may be found in."""

    file: str
    line: int
    entry: str | None
    words: str
    keys: tuple[str, ...]
    paragraph: str  # the paragraph's text, for checks that read the words around the quotation


@dataclass(frozen=True)
class _Paragraph:
    line: int
    text: str  # prose, with CITE and OTHER standing for roles
    cites: tuple[tuple[int, tuple[str, ...]], ...]  # (position in text, keys) of each citation role


def _paragraph(token: Token, line: int) -> _Paragraph:
    text: list[str] = []
    cites: list[tuple[int, tuple[str, ...]]] = []
    for child in token.children or ():
        if child.type in ("text", "text_special"):
            text.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            text.append("\n")
        elif child.type == "myst_role":
            name = str(child.meta.get("name", ""))
            if name.startswith("cite"):
                cites.append((sum(map(len, text)), role_keys(child.content)))
                text.append(CITE)
            else:
                text.append(OTHER)
        elif child.type in ("code_inline", "html_inline"):
            text.append(OTHER)
    return _Paragraph(line, "".join(text), tuple(cites))


def _paragraphs(source: str, first_line: int) -> Iterator[_Paragraph]:
    """Every run of inline text (paragraph, heading, list item, table cell), directives' bodies included."""
    for token in blocks(source):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "inline":
            yield _paragraph(token, line)
        elif token.type in ("fence", "colon_fence") and DIRECTIVE.match(token.info.strip()):
            body = token.content.splitlines()
            skip = next((i for i, row in enumerate(body) if not OPTION.match(row)), len(body))
            yield from _paragraphs("\n".join(body[skip:]), line + 1 + skip)


@functools.lru_cache(maxsize=8192)
def paragraphs(source: str, first_line: int) -> tuple[_Paragraph, ...]:
    """`_paragraphs`, each text parsed once: a book built again in one process (the preview) parses again only
    the texts that changed (parsing every page and entry took 0.4 s of a rebuild after a note edit)."""
    return tuple(_paragraphs(source, first_line))


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the words inside each pair of double quotation marks of a paragraph."""
    opened: int | None = None
    for mark in MARKS.finditer(text):
        char, at = mark.group(), mark.start()
        if opened is None and char != "”":
            opened = at + 1
        elif opened is not None and char != "“":
            yield opened, at
            opened = None


def _cited(paragraph: _Paragraph, start: int, end: int) -> tuple[str, ...]:
    after = [keys for at, keys in paragraph.cites if at >= end]
    before = [keys for at, keys in paragraph.cites if at < start]
    return after[0] if after else (before[-1] if before else ())


def quotations_in(
    source: str,
    file: str,
    first_line: int = 1,
    entry: str | None = None,
    default: tuple[str, ...] = (),
) -> Iterator[Quotation]:
    """The cited quotations of a MyST text; `default` are the keys of an entry whose text cites nothing."""
    for paragraph in paragraphs(source, first_line):
        for start, end in _spans(paragraph.text):
            words = paragraph.text[start:end]
            if CITE in words or OTHER in words or not words.strip():
                continue  # a mark of a role's text, or a stray mark: no words of a source
            keys = _cited(paragraph, start, end) or default
            if keys:
                line = paragraph.line + paragraph.text.count("\n", 0, start)
                plain = paragraph.text.replace(CITE, " ").replace(OTHER, " ")
                yield Quotation(file, line, entry, " ".join(words.split()), keys, " ".join(plain.split()))


def _strings(value: Any, field: str = "") -> Iterator[str]:
    """Every string of an entry's prose fields, however nested."""
    if field in NOT_PROSE:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)


def quotations_in_annotations(folder: Path) -> Iterator[Quotation]:
    """The quotations of the notes and registers."""
    for name in ANNOTATIONS:
        for path in sorted(folder.glob(f"{name}*.yml")):
            read = read_yaml(path, name, name[:-1], Problems())
            if read is None or not isinstance(read.value, list):
                continue  # a broken file is reported by its own loader
            for index, (item, line) in enumerate(zip(read.value, read.lines, strict=False), start=1):
                if not isinstance(item, dict):
                    continue
                cite = item.get("cite") if isinstance(item.get("cite"), list) else []
                default = tuple(str(k) for k in cite)
                label = f"{name[:-1]} '{item.get('id', index)}'"
                for text in _strings(item):
                    for found in quotations_in(text, display(path), line, label, default):
                        yield replace(found, line=line)  # the entry's line: YAML folds the field's own lines


def quotations_in_chapters(paths: Iterable[Path]) -> Iterator[Quotation]:
    for path in paths:
        yield from quotations_in(path.read_text(encoding="utf-8"), display(path))
