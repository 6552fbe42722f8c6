"""The chronology is in time order: dates of a day, a month or a year, and the editors' `after:`/`before:`.

The expected orders are written from the sources, not from the code: the earthquake struck before the
Governors Island lunch (Gorbachev told the lunch the news, FRUS 1981-88 vol. VI doc. 181) and before Jeb
Bush visited the zone; Moscow refused trade "on the terms of the new law" after Ford signed it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition.data.chronology import check_relations, in_time_order
from edition.data.problems import Place, Problems
from edition.data.schema import Event, first_day, last_day
from edition.myst.registers import chronology_myst
from tests.test_registers import _broken, _line_of

# (earlier, later), each pair from the sources named in the module's docstring or in the events' own dates.
SOURCED_ORDER = [
    ("armenian-earthquake", "jeb-bush-armenia"),  # the visit was to the earthquake zone
    ("armenian-earthquake", "governors-island-meeting"),  # Gorbachev told the lunch of the earthquake
    ("trade-act-1974-signed", "soviet-rejection-1975"),  # the refusal answered the new law
    ("jackson-amendment-introduced", "trade-act-1974-signed"),  # 4 October 1972, then 3 January 1975
    ("un-speech", "jeb-bush-armenia"),  # 7 December 1988, then a later day of December
    ("this-conversation", "inauguration"),  # 17 January 1989, then 20 January
    ("emigration-1989", "malta-summit"),  # a year-only date heads its year
]


def out_of_order(order: list[str]) -> list[tuple[str, str]]:
    """The pairs of SOURCED_ORDER that `order` gets wrong (or leaves out)."""
    where = {event_id: i for i, event_id in enumerate(order)}
    return [(a, b) for a, b in SOURCED_ORDER if a not in where or b not in where or where[a] > where[b]]


def myst_order(apparatus) -> list[str]:
    """The event ids in the order the chronology page's MyST puts them."""
    myst = chronology_myst(apparatus.registers, {}, apparatus.document)
    return re.findall(r"^\(event-([a-z0-9-]+)\)=$", myst, re.M)


def test_the_chronology_page_follows_the_sources(apparatus):
    assert out_of_order(myst_order(apparatus)) == []


def test_the_sourced_order_catches_a_sort_by_date_text(apparatus):
    """The order this edition used before: by the date's text, where "1988-12" comes before "1988-12-07"."""
    by_text = [e.id for e in sorted(apparatus.registers.events, key=lambda e: e.date)]
    assert ("armenian-earthquake", "jeb-bush-armenia") in out_of_order(by_text)
    assert ("trade-act-1974-signed", "soviet-rejection-1975") in out_of_order(by_text)


def test_no_event_comes_before_one_it_depends_on(apparatus):
    order = myst_order(apparatus)
    events = {e.id: e for e in apparatus.registers.events}
    assert sorted(order) == sorted(events)
    position = {event_id: i for i, event_id in enumerate(order)}
    relations = [(earlier, e.id) for e in events.values() for earlier in e.after]
    relations += [(e.id, later) for e in events.values() for later in e.before]
    assert len(relations) >= 3
    assert [(a, b) for a, b in relations if position[a] > position[b]] == []
    # and no event whose dates all lie before another's comes after it
    span = {i: (first_day(e.date), last_day(e.end or e.date)) for i, e in events.items()}
    wrong = [(a, b) for a in events for b in events if span[a][1] < span[b][0] and position[a] > position[b]]
    assert wrong == []


def test_the_built_chronology_puts_the_earthquake_before_the_visit(html):
    page = BeautifulSoup((html / "chapters" / "chronology.html").read_text(), "html.parser")
    order = [div["id"].removeprefix("event-") for div in page.select("div.chronology-event[id^=event-]")]
    assert out_of_order(order) == []
    headings = [h.get_text().rstrip("#") for h in page.select("section > h2")]
    assert headings == sorted(set(headings)), "each year once, in order"


def _event(event_id: str, when: str, after: tuple[str, ...] = (), before: tuple[str, ...] = ()) -> Event:
    return Event(id=event_id, date=when, title="t", text="x", chapter="c", after=after, before=before, cite=("k",))


def _order(*events: Event) -> list[tuple[str, date]]:
    return [(p.event.id, p.at) for p in in_time_order(events)]


def test_a_month_sorts_before_its_days_and_a_year_before_its_months():
    assert _order(_event("day", "1988-12-07"), _event("month", "1988-12"), _event("year", "1988")) == [
        ("year", date(1988, 1, 1)),
        ("month", date(1988, 12, 1)),
        ("day", date(1988, 12, 7)),
    ]


def test_after_places_a_month_after_the_whole_day_it_follows():
    quake, lunch = _event("quake", "1988-12-07"), _event("lunch", "1988-12-07")
    visit = _event("visit", "1988-12", after=("quake",))
    assert _order(visit, quake, lunch, _event("later", "1988-12-25")) == [
        ("quake", date(1988, 12, 7)),
        ("lunch", date(1988, 12, 7)),
        ("visit", date(1988, 12, 7)),
        ("later", date(1988, 12, 25)),
    ]


def test_before_moves_an_event_of_the_same_day_ahead():
    lunch = _event("lunch", "1988-12-07")
    quake = _event("quake", "1988-12-07", before=("lunch",))
    assert [event_id for event_id, _ in _order(lunch, quake)] == ["quake", "lunch"]
    assert [event_id for event_id, _ in _order(lunch, _event("quake", "1988-12-07"))] == ["lunch", "quake"]


def test_a_chain_of_relations_carries_the_earliest_day():
    first = _event("a", "1989-03-10")
    second = _event("b", "1989", after=("a",))
    third = _event("c", "1989-03", after=("b",))
    assert _order(third, second, first) == [
        ("a", date(1989, 3, 10)),
        ("b", date(1989, 3, 10)),
        ("c", date(1989, 3, 10)),
    ]


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("1988-12-07", date(1988, 12, 7), date(1988, 12, 7)),
        ("1988-12", date(1988, 12, 1), date(1988, 12, 31)),
        ("1988-02", date(1988, 2, 1), date(1988, 2, 29)),  # a leap year
        ("1989-02", date(1989, 2, 1), date(1989, 2, 28)),
        ("1989", date(1989, 1, 1), date(1989, 12, 31)),
    ],
)
def test_a_partial_date_stands_for_its_whole_period(value, first, last):
    assert (first_day(value), last_day(value)) == (first, last)


def _problems(*events: Event) -> list[str]:
    problems = Problems()
    check_relations(
        events, {e.id: Place("events.yml", i + 10, f"event '{e.id}'") for i, e in enumerate(events)}, problems
    )
    return [str(p) for p in problems.found]


def test_a_relation_to_an_unknown_event():
    assert _problems(_event("visit", "1988-12", after=("quake",))) == [
        "events.yml, line 10, event 'visit': 'after' names 'quake', which is not an event of this file. "
        "Fix: use the id of an event in events.yml."
    ]


def test_a_relation_to_itself():
    assert _problems(_event("visit", "1988-12", before=("visit",))) == [
        "events.yml, line 10, event 'visit': 'before' names the event itself. Fix: remove it."
    ]


def test_relations_in_a_circle():
    found = _problems(
        _event("a", "1988-12", after=("b",)), _event("b", "1988-12", after=("c",)), _event("c", "1988-12", after=("a",))
    )
    assert found == [
        "events.yml, line 10, event 'a': the relations run in a circle: 'a' must follow 'b' must follow 'c' must "
        "follow 'a'. Fix: remove one 'after:' or 'before:' of the circle."
    ]


def test_a_circle_through_before():
    found = _problems(_event("a", "1988-12", before=("b",)), _event("b", "1988-12", before=("a",)))
    assert len(found) == 1 and "run in a circle" in found[0]


def test_a_relation_that_contradicts_the_dates():
    found = _problems(_event("visit", "1988-11", after=("quake",)), _event("quake", "1988-12-07"))
    assert found == [
        "events.yml, line 10, event 'visit': it is dated 1988-11, yet by 'after:'/'before:' it comes after "
        "'quake', which cannot have happened before 1988-12-07. Fix: correct the date or remove the relation."
    ]


def test_a_contradiction_through_a_chain():
    found = _problems(
        _event("a", "1989-02"), _event("b", "1989", after=("a",)), _event("c", "1989-01-10", after=("b",))
    )
    assert len(found) == 1 and "event 'c': it is dated 1989-01-10" in found[0] and "before 1989-02-01" in found[0]


def test_relations_are_checked_when_the_file_is_loaded(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "events", "after: [armenian-earthquake]", "after: [armenian-eathquake]")
    line = _line_of(Path("annotations/events.yml").resolve(), "  - id: jeb-bush-armenia")
    assert f"events.yml, line {line}, event 'jeb-bush-armenia' (entry " in message
    assert "'after' names 'armenian-eathquake', which is not an event of this file" in message


def test_an_end_before_the_start(tmp_path, document, keys):
    message = _broken(tmp_path, document, keys, "events", 'end: "1989-01-18"', 'end: "1989-01-14"')
    assert "event 'trilateral-moscow'" in message and "'end' 1989-01-14 comes before 'date' 1989-01-15" in message


def test_the_loaded_chronology_refuses_a_circle(tmp_path, document, keys):
    message = _broken(
        tmp_path, document, keys, "events", "before: [governors-island-meeting]", "after: [jeb-bush-armenia]"
    )
    assert "'armenian-earthquake' must follow 'jeb-bush-armenia' must follow 'armenian-earthquake'" in message


def test_on_one_first_day_a_year_comes_before_a_month_before_a_day():
    assert [i for i, _ in _order(_event("day", "1988-01-01"), _event("month", "1988-01"), _event("year", "1988"))] == [
        "year",
        "month",
        "day",
    ]


def test_an_event_that_follows_one_of_its_own_day_keeps_its_rank():
    """Not moved past its own first day, it sorts among that day's events in the file's order."""
    first = _event("first", "1988-12-07")
    second = _event("second", "1988-12-07", after=("first",))
    third = _event("third", "1988-12-07")
    assert _order(first, second, third) == [
        ("first", date(1988, 12, 7)),
        ("second", date(1988, 12, 7)),
        ("third", date(1988, 12, 7)),
    ]


def test_ordering_events_in_a_circle_is_refused():
    with pytest.raises(ValueError, match="the relations of '.' run in a circle; check_relations reports it"):
        in_time_order([_event("a", "1988", after=("b",)), _event("b", "1988", after=("a",))])


def test_a_relation_through_before_only():
    """`before:` alone orders two events of one month; check_relations finds nothing to say."""
    late, early = _event("late", "1988-12"), _event("early", "1988-12", before=("late",))
    assert [i for i, _ in _order(late, early)] == ["early", "late"]
    assert _problems(late, early) == []


def test_a_relation_may_bring_an_event_to_its_last_possible_day():
    """'December 1988' after 31 December 1988 is the last day of the month: allowed."""
    assert _problems(_event("x", "1988-12", after=("y",)), _event("y", "1988-12-31")) == []
    assert _order(_event("x", "1988-12", after=("y",)), _event("y", "1988-12-31")) == [
        ("y", date(1988, 12, 31)),
        ("x", date(1988, 12, 31)),
    ]
