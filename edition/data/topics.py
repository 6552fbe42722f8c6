"""The topic vocabulary and the editors' tags for every turn (annotations/topics.yml).

One controlled vocabulary, each topic defined; every turn carries at least one topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.data.document import Document
from edition.data.entries import check_entries
from edition.data.problems import Problems
from edition.data.schema import Topic
from edition.data.yamlfile import YamlFile, read_sections


@dataclass(frozen=True)
class Topics:
    vocabulary: tuple[Topic, ...]
    by_turn: dict[str, tuple[str, ...]]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.vocabulary)

    @property
    def labels(self) -> dict[str, str]:
        return {t.id: t.label for t in self.vocabulary}

    def label(self, topic_id: str) -> str:
        return self.labels[topic_id]

    def turns(self, topic_id: str) -> list[str]:
        """The turns tagged with the topic, in the record's order."""
        return [t for t, ids in self.by_turn.items() if topic_id in ids]


def _vocabulary(file: YamlFile, problems: Problems) -> tuple[Topic, ...]:
    if isinstance(file.value, list) and not file.value:
        problems.add(file.where, None, None, "'vocabulary:' is empty", "define at least one topic")
    topics: list[Topic] = []
    for checked in check_entries(file, Topic, "topic", problems):
        if checked.value.id in {t.id for t in topics}:
            problems.add(
                file.where, checked.line, checked.label, "the id is already used", "give each topic its own id"
            )
        else:
            topics.append(checked.value)
    return tuple(topics)


def load_topics(path: Path, document: Document, problems: Problems | None = None) -> Topics:
    collector = problems if problems is not None else Problems()
    sections = read_sections(path, {"vocabulary": "topic", "turns": "turn"}, collector)
    vocabulary = _vocabulary(sections["vocabulary"], collector) if sections else ()
    known = {t.id for t in vocabulary}
    turn_ids = [t.id for t in document.turns]
    by_turn: dict[str, tuple[str, ...]] = {}
    file = sections["turns"] if sections else None
    if file is not None and not isinstance(file.value, dict):
        collector.add(file.where, None, None, "'turns:' must map each turn id to topic ids", "write t01: [channel]")
    elif file is not None:
        for (turn_id, topic_ids), line in zip(file.value.items(), file.lines, strict=True):
            entry = f"turn '{turn_id}'"
            if turn_id not in turn_ids:
                collector.add(file.where, line, entry, "unknown turn", f"use one of {', '.join(turn_ids)}")
            elif not isinstance(topic_ids, list) or not topic_ids:
                collector.add(file.where, line, entry, "no topics", "give a list of one or more topic ids")
            else:
                for topic_id in topic_ids:
                    if topic_id not in known:
                        collector.add(
                            file.where,
                            line,
                            entry,
                            f"unknown topic '{topic_id}'",
                            f"use one of {', '.join(sorted(known))}, or add it to the vocabulary",
                        )
                by_turn[turn_id] = tuple(topic_ids)
        untagged = [t for t in turn_ids if t not in by_turn and t not in file.value]
        if untagged:
            collector.add(file.where, None, None, f"turn(s) {', '.join(untagged)} have no topics", "tag every turn")
    if problems is None:
        collector.raise_if_any()
    return Topics(vocabulary, {t: by_turn[t] for t in turn_ids if t in by_turn})
