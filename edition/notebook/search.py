"""The keyword search as a student meets it: the other spellings the record has, and why a keyword found nothing.

The filter itself is `frame.filter_turns` (the rule the edition page's script follows too). Around it:

- `spellings`: the persons register's variants (Vanik, spelled "Yanik" in turn 5), so that a keyword with a
  name finds the turn that spells the name otherwise, and says so.
- `explain_miss`: for a keyword that finds nothing, why (whole words only; every word in one turn; the turns
  are there but not among the speakers and topics chosen) and what to try instead (a topic whose label or
  definition has the word, a form of the word that the text uses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from edition.notebook.frame import filter_turns, fold, query_words


@dataclass(frozen=True)
class Spelling:
    """A word of a register form and the record's other spelling of it: Vanik, "Yanik" (Charles A. Vanik)."""

    word: str
    variant: str
    name: str


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    definition: str


def spellings(persons: Iterable[object]) -> list[Spelling]:
    """Each variant of the persons register (`variants:` in annotations/persons.yml) paired with the word of
    the entry's form that it stands for (a variant one word long stands for the form's last word)."""
    found = []
    for person in persons:
        forms = [w for form in getattr(person, "forms", ()) for w in re.findall(r"\w+", form)]
        for variant in getattr(person, "variants", ()):
            variant_words = re.findall(r"\w+", variant)
            if forms and len(variant_words) == 1:
                found.append(Spelling(forms[-1], variant_words[0], person.name))
    return found


@dataclass(frozen=True)
class Result:
    rows: pd.DataFrame
    """The turns that match: the filter's own, then those found under a variant spelling."""
    variants: list[str]
    """A sentence for each variant spelling that added turns."""
    explanation: list[str]
    """When nothing matches: why, and what to try."""


def search(
    frame: pd.DataFrame,
    speakers: Sequence[str] = (),
    topics: Sequence[str] = (),
    query: str | None = None,
    spelled: Sequence[Spelling] = (),
    vocabulary: Sequence[Topic] = (),
) -> Result:
    rows = filter_turns(frame, speakers, topics, query)
    words = query_words(query)
    notes = []
    for spelling in spelled:
        if fold(spelling.word) not in words:
            continue
        other = " ".join(fold(spelling.variant) if w == fold(spelling.word) else w for w in words)
        extra = filter_turns(frame, speakers, topics, other)
        extra = extra[~extra["id"].isin(rows["id"])]
        if len(extra):
            turns = ", ".join(str(n) for n in extra["turn"])
            notes.append(
                f"The record spells {spelling.word} “{spelling.variant}” [sic] in turn{'s' if len(extra) > 1 else ''} "
                f"{turns} ({spelling.name}, in the persons register): shown too."
            )
            rows = pd.concat([rows, extra]).sort_values("turn")
    explanation = explain_miss(frame, speakers, topics, query, vocabulary) if rows.empty and words else []
    return Result(rows, notes, explanation)


def _turns(numbers: Iterable[int]) -> str:
    numbers = list(numbers)
    return f"turn{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"


def explain_miss(
    frame: pd.DataFrame,
    speakers: Sequence[str],
    topics: Sequence[str],
    query: str | None,
    vocabulary: Sequence[Topic] = (),
) -> list[str]:
    """Why the keyword finds no turn, and what to try instead, in sentences."""
    words = query_words(query)
    anywhere = filter_turns(frame, query=query)
    if len(anywhere) and (speakers or topics):
        return [
            f"The keyword is in {_turns(anywhere['turn'])}, but not among the speakers and topics chosen: "
            "untick some of them, or press Clear choices."
        ]
    text_words = sorted({w for text in frame["text"] for w in re.findall(r"\w+", fold(text))})
    missing = [w for w in words if not len(filter_turns(frame, query=w))]
    said = []
    if not missing:
        where = "; ".join(f"“{w}” in {_turns(filter_turns(frame, query=w)['turn'])}" for w in words)
        said.append(f"Each word is in the text, but no turn has them all (a turn must contain every word): {where}.")
    for word in missing:
        line = (
            f"No turn has the word “{word}”. The keyword matches whole words only (in any case), so a word must "
            "be typed as the text spells it: “dissident” does not find “dissidents”."
        )
        similar = [w for w in text_words if w != word and _related(word, w)]
        if similar:
            line += (
                f" The text has {', '.join(f'“{w}”' for w in similar[:6])}: try {'them' if len(similar) > 1 else 'it'}."
            )
        said.append(line)
        for topic in vocabulary:
            described = re.findall(r"\w+", fold(f"{topic.label} {topic.definition}"))
            if any(_related(word, w) or w == word for w in described):
                tagged = [n for n, tags in zip(frame["turn"], frame["topics"], strict=True) if topic.id in tags]
                said.append(f"Try the topic “{topic.label}” ({topic.definition.rstrip('.')}): {_turns(tagged)}.")
    return said


def _related(word: str, other: str) -> bool:
    """Forms of one word, roughly: one begins with the other, or both share their first five letters and more."""
    shorter, longer = sorted((word, other), key=len)
    if len(shorter) >= 4 and longer.startswith(shorter):
        return True
    common = 0
    for a, b in zip(word, other, strict=False):
        if a != b:
            break
        common += 1
    return common >= 5 and common >= min(len(word), len(other)) - 2
