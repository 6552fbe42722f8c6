"""The topic vocabulary and the editors' tags for every turn (annotations/topics.yml).

One controlled vocabulary, each topic defined; every turn carries at least one topic. Problems stop the
load with an AnnotationError naming the file, the entry and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.annotations import ID, AnnotationError, display, read_yaml
from edition.document import Document


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    definition: str


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


def _vocabulary(entries: object, where: str) -> tuple[Topic, ...]:
    if not isinstance(entries, list) or not entries:
        raise AnnotationError(f"{where}: 'vocabulary:' must be a non-empty list of topics.")
    topics: list[Topic] = []
    for index, entry in enumerate(entries, start=1):
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"topic '{name}' (entry {index})" if isinstance(name, str) else f"topic entry {index}"
        if not isinstance(entry, dict) or set(entry) != {"id", "label", "definition"}:
            raise AnnotationError(f"{where}, {label}: a topic has exactly id, label and definition. Fix the entry.")
        if not isinstance(name, str) or not ID.match(name):
            raise AnnotationError(f"{where}, {label}: the id must be lower-case letters, digits and hyphens.")
        if name in {t.id for t in topics}:
            raise AnnotationError(f"{where}, {label}: the id is already used. Fix: give each topic its own id.")
        if not all(isinstance(entry[k], str) and entry[k].strip() for k in ("label", "definition")):
            raise AnnotationError(f"{where}, {label}: label and definition must be non-empty text.")
        topics.append(Topic(name, entry["label"].strip(), entry["definition"].strip()))
    return tuple(topics)


def load_topics(path: Path, document: Document) -> Topics:
    where = display(path)
    vocabulary = _vocabulary(read_yaml(path, "vocabulary"), where)
    known = {t.id for t in vocabulary}
    tags = read_yaml(path, "turns")
    if not isinstance(tags, dict):
        raise AnnotationError(f"{where}: 'turns:' must map each turn id to a list of topic ids.")
    turn_ids = [t.id for t in document.turns]
    by_turn: dict[str, tuple[str, ...]] = {}
    for turn_id, topic_ids in tags.items():
        if turn_id not in turn_ids:
            raise AnnotationError(f"{where}, turn '{turn_id}': unknown turn. Fix: use one of {', '.join(turn_ids)}.")
        if not isinstance(topic_ids, list) or not topic_ids:
            raise AnnotationError(f"{where}, turn '{turn_id}': give a list of one or more topic ids.")
        for topic_id in topic_ids:
            if topic_id not in known:
                raise AnnotationError(
                    f"{where}, turn '{turn_id}': unknown topic '{topic_id}'. "
                    f"Fix: use one of {', '.join(sorted(known))}, or add it to the vocabulary."
                )
        by_turn[turn_id] = tuple(topic_ids)
    untagged = [t for t in turn_ids if t not in by_turn]
    if untagged:
        raise AnnotationError(f"{where}: turn(s) {', '.join(untagged)} have no topics. Fix: tag every turn.")
    return Topics(vocabulary, by_turn)
