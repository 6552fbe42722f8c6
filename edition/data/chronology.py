"""The chronology in time order, with dates of different precision and the editors' `after:`/`before:`.

A date stands for its whole day, month or year (schema.first_day, schema.last_day). Each event gets the first
day on which it may have happened given its date and every event it must follow; events sort by that day. On
one day, a year-only date comes before a month-only date, which comes before the events of that day, and an
event moved there by a relation comes after all three (so "December 1988, after the earthquake of
7 December" follows everything dated 7 December). Events of equal rank keep the order of the file.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from edition.data.problems import Place, Problems
from edition.data.schema import Event, first_day, last_day

MOVED = 3  # the rank of an event that a relation moved past its own first day


@dataclass(frozen=True)
class Placed:
    """An event and the first day it may have happened on, given its date and the events it must follow."""

    event: Event
    at: date


def precision(value: str) -> int:
    """0 for a year, 1 for a month, 2 for a day."""
    return value.count("-")


def earlier(events: Iterable[Event]) -> dict[str, list[str]]:
    """For each event id, the ids of the events it must follow, from both sides' relations (which must name
    events of the list: check_relations makes sure of it first)."""
    events = list(events)
    must_follow: dict[str, list[str]] = {e.id: list(e.after) for e in events}
    for e in events:
        for later in e.before:
            must_follow[later].append(e.id)
    return must_follow


def _circle(must_follow: Mapping[str, list[str]]) -> list[str] | None:
    """One circle of relations, [a, b, a] for "a must follow b, which must follow a", if there is any."""
    done: set[str] = set()

    def visit(path: list[str]) -> list[str] | None:
        for previous in must_follow[path[-1]]:
            if previous in path:
                return path[path.index(previous) :] + [previous]
            if previous not in done and (found := visit([*path, previous])):
                return found
        done.add(path[-1])
        return None

    for node in must_follow:
        if node not in done and (found := visit([node])):
            return found
    return None


def earliest_days(events: Sequence[Event]) -> dict[str, tuple[date, str | None]]:
    """For each event, the first day it may have happened on and the event that forces it (None: its own date).

    The relations must be known ids without circles (check_relations ensures it)."""
    by_id = {e.id: e for e in events}
    must_follow = earlier(events)
    earliest: dict[str, tuple[date, str | None]] = {}
    pending: set[str] = set()

    def day(event_id: str) -> date:
        if event_id in pending:
            raise ValueError(f"the relations of '{event_id}' run in a circle; check_relations reports it")
        if event_id not in earliest:
            pending.add(event_id)
            best: tuple[date, str | None] = (first_day(by_id[event_id].date), None)
            for previous in must_follow[event_id]:
                if day(previous) > best[0]:
                    best = (day(previous), previous)
            earliest[event_id] = best
            pending.discard(event_id)
        return earliest[event_id][0]

    for e in events:
        day(e.id)
    return earliest


def check_relations(events: Sequence[Event], places: Mapping[str, Place], problems: Problems) -> None:
    """Every relation names a known event, none runs in a circle, and none contradicts the dates."""
    known = {e.id for e in events}
    before = len(problems.found)
    for e in events:
        where = places[e.id]
        for field in ("after", "before"):
            for other in getattr(e, field):
                if other == e.id:
                    problems.add(where.file, where.line, where.label, f"'{field}' names the event itself", "remove it")
                elif other not in known:
                    problems.add(
                        where.file,
                        where.line,
                        where.label,
                        f"'{field}' names '{other}', which is not an event of this file",
                        "use the id of an event in events.yml",
                    )
    if len(problems.found) > before:
        return
    circle = _circle(earlier(events))
    if circle:
        where = places[circle[0]]
        problems.add(
            where.file,
            where.line,
            where.label,
            f"the relations run in a circle: {' must follow '.join(repr(c) for c in circle)}",
            "remove one 'after:' or 'before:' of the circle",
        )
        return
    by_id = {e.id: e for e in events}
    for event_id, (day, cause) in earliest_days(events).items():
        event = by_id[event_id]
        latest = last_day(event.end or event.date)
        if cause is not None and day > latest:
            where = places[event_id]
            problems.add(
                where.file,
                where.line,
                where.label,
                f"it is dated {event.end or event.date}, yet by 'after:'/'before:' it comes after '{cause}', "
                f"which cannot have happened before {day.isoformat()}",
                "correct the date or remove the relation",
            )


def in_time_order(events: Sequence[Event]) -> tuple[Placed, ...]:
    """The events in the order of schema.Event's rule; no event comes before one it must follow."""
    earliest = earliest_days(events)
    must_follow = earlier(events)
    waiting = {e.id: len(must_follow[e.id]) for e in events}
    followers: dict[str, list[str]] = {e.id: [] for e in events}
    for event_id, previous in must_follow.items():
        for p in previous:
            followers[p].append(event_id)
    index = {e.id: i for i, e in enumerate(events)}
    by_id = {e.id: e for e in events}

    def key(event_id: str) -> tuple[date, int, int]:
        day, cause = earliest[event_id]
        return (day, MOVED if cause else precision(by_id[event_id].date), index[event_id])

    ready = [key(e.id) for e in events if not waiting[e.id]]
    heapq.heapify(ready)
    order: list[Placed] = []
    while ready:
        day, _, i = heapq.heappop(ready)
        event = events[i]
        order.append(Placed(event, day))
        for follower in followers[event.id]:
            waiting[follower] -= 1
            if not waiting[follower]:
                heapq.heappush(ready, key(follower))
    return tuple(order)
