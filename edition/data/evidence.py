"""The passages actually read for the edition's quotations, and the check that every quotation is in one.

The files of `review/evidence/` keep, for each quoted work, the words as read in the source (an excerpt copied from
the source, never from this edition), with the address and the date they were read. A quotation counts as
checked when its words are found, in order and word for word, in an excerpt of a work it cites: quotation
marks, dashes, case and spacing are normalised; an ellipsis or a bracketed insertion stands for words left
out. An excerpt of a translation names its translator; where the translation is of a copy and not the author's own
text (Bush's letter, known only from the Russian copy), the paragraph that quotes it must say it quotes a
translation. Anything else stops the build with the file, the line, the quotation and the fix.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pybtex.database import Entry as BibEntry
from pydantic import Field, StringConstraints, model_validator

from edition.data.bibliography import read_entries
from edition.data.entries import check_entries
from edition.data.problems import Problems, display
from edition.data.quotations import Quotation, quotations_in_annotations, quotations_in_chapters
from edition.data.schema import Entry, PartialDate
from edition.data.sources import Sources
from edition.data.yamlfile import read_yaml

EVIDENCE = "review/evidence"  # a folder of YAML files, one for each group of sources
GAP = re.compile(r"\.\s?\.\s?\.|…|\[[^\]]*\]")  # an ellipsis, or an editor's insertion in square brackets
QUOTE_MARKS = re.compile(r"[\"“”„«»*_]")  # quotation marks, and MyST emphasis inside a quotation
APOSTROPHES = re.compile(r"[‘’ʼ`´]")
# A single quotation mark, not an apostrophe: at the start or end of a word, not inside one ("'Yalta II'").
SINGLE_QUOTE = re.compile(r"(?<![\w])'|'(?![\w])")
DASH = re.compile(r"\s*(?:--|[-‐‑‒–—―])\s*")
EDGE = ".,;:!?'() \n"  # punctuation a quotation may move inside or outside its marks
Address = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]


class Excerpt(Entry):
    """Words of one work as read: in `words`, or, for the record itself, the seed `file` of this edition."""

    cite: Annotated[str, StringConstraints(min_length=1)]
    address: Address
    read: PartialDate
    words: Annotated[str, StringConstraints(min_length=1)] | None = None
    file: str | None = None
    translation: Annotated[str, StringConstraints(min_length=1)] | None = Field(
        default=None, description="who translated the words, when the source quoted is a translation"
    )
    translated_copy: bool = Field(
        default=False,
        description="the words are a translation of a copy, not the author's own text (Bush's letter, known only "
        "from the Russian copy): every quotation of them must say that it quotes a translation",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _one_text(self) -> Excerpt:
        if (self.words is None) == (self.file is None):
            raise ValueError("an excerpt needs either 'words' (as read) or 'file' (the seed). Fix: give one of them")
        return self


class EvidenceFile(Entry):
    excerpts: list[Excerpt]


def json_schema() -> dict[str, Any]:
    """The evidence files' JSON Schema, published beside the annotations' for editors' YAML tools."""
    schema = EvidenceFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{EVIDENCE}/*.yml"
    return schema


@functools.cache  # every quotation is compared with every title of the bibliography: each is normalised once
def normalise(text: str) -> str:
    """Words only: the same for a quotation and its source however quotes, dashes, case and spaces differ."""
    text = unicodedata.normalize("NFKC", text)
    text = SINGLE_QUOTE.sub("", APOSTROPHES.sub("'", QUOTE_MARKS.sub("", text)))
    text = DASH.sub("-", text)
    return " ".join(text.split()).lower()


def _found(piece: str, text: str, start: int) -> int | None:
    """The end of `piece` in `text` from `start`, matched as whole words; None if it is not there."""
    at = text.find(piece, start)
    while at >= 0:
        end = at + len(piece)
        left = at == 0 or not (text[at - 1].isalnum() and piece[0].isalnum())
        right = end == len(text) or not (text[end].isalnum() and piece[-1].isalnum())
        if left and right:
            return end
        at = text.find(piece, at + 1)
    return None


def contains(source: str, quotation: str) -> bool:
    """Whether the quotation's words stand in the source, in order; gaps only where the quotation marks one."""
    text = normalise(source)
    if not any(normalise(part).strip(EDGE) for part in GAP.split(quotation)):
        return normalise(quotation) in text  # a quotation of the marks themselves ("[...]")
    at = 0
    for part in GAP.split(quotation):
        piece = normalise(part).strip(EDGE)
        if not piece:
            continue
        end = _found(piece, text, at)
        if end is None:
            return False
        at = end
    return True


@dataclass(frozen=True)
class Evidence:
    """The excerpts by citation key, each with its text ready to search."""

    where: str
    excerpts: dict[str, tuple[tuple[Excerpt, str], ...]]
    record: tuple[str, ...] = ()  # the keys whose excerpt is the seed: the record may be quoted anywhere

    def found_in(self, quotation: Quotation) -> Excerpt | None:
        for key in dict.fromkeys((*quotation.keys, *self.record)):
            for excerpt, text in self.excerpts.get(key, ()):
                if contains(text, quotation.words):
                    return excerpt
        return None


def load_evidence(paths: Iterable[Path], root: Path, keys: set[str], problems: Problems) -> Evidence:
    """The evidence files, every entry checked: a known citation key, a readable seed file."""
    paths = tuple(paths)
    by_key: dict[str, list[tuple[Excerpt, str]]] = {}
    for path in paths:
        read = read_yaml(path, "excerpts", "excerpt", problems)
        if read is None:
            continue
        where = display(path)
        for checked in check_entries(read, Excerpt, "excerpt", problems):
            excerpt = checked.value
            if excerpt.cite not in keys:
                problems.add(
                    where,
                    checked.line,
                    checked.label,
                    f"unknown citation key '{excerpt.cite}'",
                    "use a key of references.bib, or add the work there first",
                )
                continue
            text = excerpt.words or ""
            if excerpt.file is not None:
                try:
                    text = (root / excerpt.file).read_text(encoding="utf-8")
                except OSError as error:
                    problems.add(
                        where,
                        checked.line,
                        checked.label,
                        f"cannot read '{excerpt.file}' ({error.strerror})",
                        "name the seed's path from the book's root",
                    )
                    continue
            by_key.setdefault(excerpt.cite, []).append((excerpt, text))
    where = display(paths[0].parent) if paths else EVIDENCE
    return Evidence(where, {key: tuple(found) for key, found in by_key.items()})


def evidence_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def is_title(quotation: Quotation, titles: Iterable[str]) -> bool:
    """A work's title in quotation marks (*"Masterpieces of History"*) is a name, not a quotation."""
    return _is_title(normalise(quotation.words).strip(EDGE), tuple(titles))


@functools.lru_cache(maxsize=8192)  # each quotation against every title once per process, not once per check
def _is_title(words: str, titles: tuple[str, ...]) -> bool:
    return any(_found(words, normalise(title), 0) is not None for title in titles)


def check_quotations(
    quotations: Iterable[Quotation], evidence: Evidence, titles: Iterable[str], problems: Problems
) -> int:
    """Add a problem for each quotation not found in an excerpt of a work it cites; the number checked."""
    titles = tuple(titles)
    checked = 0
    for quotation in quotations:
        if is_title(quotation, titles):
            continue
        checked += 1
        excerpt = evidence.found_in(quotation)
        cited = ", ".join(quotation.keys)
        if excerpt is None:
            problems.add(
                quotation.file,
                quotation.line,
                quotation.entry,
                f'the quotation "{quotation.words}" is not found in any excerpt of {cited} in {evidence.where}',
                "quote the source word for word; or, if the words are the source's, copy the passage read, as it "
                f"stands in the source, into a file of {evidence.where}/ (cite, address, read, words)",
            )
        elif excerpt.translated_copy and "translat" not in quotation.paragraph.lower():
            problems.add(
                quotation.file,
                quotation.line,
                quotation.entry,
                f'the quotation "{quotation.words}" is of a translation ({excerpt.translation}) but the text does '
                "not say so",
                "say whose translation is quoted, in the same paragraph",
            )
    return checked


def bibliography_titles(entries: Iterable[BibEntry]) -> list[str]:
    """The titles a bibliography gives its works (title, book title, journal, series), braces removed."""
    fields = ("title", "booktitle", "journal", "series")
    return [e.fields[f].replace("{", "").replace("}", "") for e in entries for f in fields if f in e.fields]


def gather(
    sources: Sources, chapters: Iterable[Path], evidence: Path, problems: Problems
) -> tuple[list[Quotation], Evidence, list[str]]:
    """The cited quotations of the chapters, notes and registers, the evidence folder and the bibliography's
    titles, each file read once. Every page is about the record, so its words may be quoted wherever a source
    is cited for the facts around them: the record's key is the one whose excerpt is the seed."""
    entries = {key: e for path in sources.bibliographies for key, e in read_entries(path, problems).items()}
    found = load_evidence(evidence_files(evidence), sources.root, set(entries), problems)
    seed = sources.seed.resolve()
    record = tuple(
        key
        for key, excerpts in found.excerpts.items()
        if any(e.file and (sources.root / e.file).resolve() == seed for e, _ in excerpts)
    )
    quotations = [*quotations_in_annotations(sources.annotations), *quotations_in_chapters(chapters)]
    return quotations, Evidence(found.where, found.excerpts, record), bibliography_titles(entries.values())


def check_edition(
    sources: Sources, chapters: Iterable[Path], evidence: Path, problems: Problems, read: list[Path] | None = None
) -> int:
    """Check every cited quotation of the edition against the evidence folder; the number checked. The files the
    excerpts name (the seed) are added to `read`, if given, for a caller that checks again only on a change."""
    quotations, found, titles = gather(sources, chapters, evidence, problems)
    if read is not None:
        named = {sources.root / e.file for excerpts in found.excerpts.values() for e, _ in excerpts if e.file}
        read += sorted(named - set(read))
    return check_quotations(quotations, found, titles, problems)
