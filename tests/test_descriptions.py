"""What the pages say about the turns agrees with the editors' tags.

The introduction and the teaching pages describe the record part by part ("in turns 5–9 the talk moves to
emigration"). Such a sentence is a claim about the topics of those turns, and the editors' tags in
annotations/topics.yml are what it must agree with. The tags are read here straight from the YAML file, not
through the package that renders the pages, so that the check does not share a mistake with the renderer.

CLAIMS lists, page by page, every sentence (or table row, or list item) that names two or more turns together
with words for a topic, and says what it claims: which turns, and which topics. A claim holds when every turn
it names carries at least one of its topics and every topic it names is carried by at least one of its turns.
A sentence that names turns and topic words without ascribing the topic to those turns is listed with no
topics and a reason. A new sentence of this kind that is not in the table fails the coverage test: add it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "chapters").rglob("*.md")) + [ROOT / "index.md"]

# The words by which the pages name each topic of annotations/topics.yml.
TOPIC_WORDS = {
    "channel": r"\bchannel",
    "timing": r"\bMarch\b|\btrip\b|\btimetable\b|\bvisit\b",
    "transition": r"new administration|\btransition\b|\binaugurat|President-elect|\bsignal\b",
    "trade": r"\btrade\b|\bmarkets?\b|\beconom",
    "jackson-vanik": r"Jackson",
    "emigration": r"emigra|dissident|brain drain",
    "un-speech": r"United Nations|\bUN\b",
    "messages": r"\bletter\b|\bgreeting|\bregards\b|\bpass(?:ed)? on\b",
}
REF = re.compile(r"\{ref\}`([^`<]*?)\s*<[^>]+>`")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`[^`]*`")
TURNS = re.compile(r"\bturns? (\d+)(?:\s*(?:–|-|to)\s*(?:turn )?(\d+))?")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\"{(])")


class Claim(NamedTuple):
    page: str  # path from the repository root
    fragment: str  # words of the sentence, enough to find it
    turns: str  # the turns the claim is about: "5-9", "1-3,11"
    topics: tuple[str, ...]  # topic ids; empty when the sentence ascribes no topic to the turns
    reason: str = ""


CLAIMS = [
    # index.md and the introduction
    Claim("chapters/introduction.md", "{ref}`turns 4–9 <t04>`", "4-9", ("trade", "jackson-vanik", "emigration")),
    Claim("chapters/introduction.md", "the repeal of Jackson–Vanik ({ref}`turn 4 <t04>`)", "4", ("jackson-vanik",)),
    Claim("chapters/introduction.md", "In {ref}`turns 1–3 <t01>` Kissinger recalls", "1-3", ("channel",)),
    Claim("chapters/introduction.md", "after Bush's trip to Japan and China", "3", ("timing",)),
    Claim("chapters/introduction.md", "{ref}`turn 4 <t04>` turns to trade", "4", ("trade", "jackson-vanik")),
    Claim(
        "chapters/introduction.md", "In {ref}`turns 5–9 <t05>` Kissinger agrees", "5-9", ("jackson-vanik", "emigration")
    ),
    Claim(
        "chapters/introduction.md",
        "{ref}`turns 10–12 <t10>` turn to the new administration",
        "10-12",
        ("transition", "channel"),
    ),
    # the note on the text
    Claim("chapters/note-on-the-text.md", "(turn 7) is tagged *Emigration and dissidents*", "7", ("emigration",)),
    Claim("chapters/note-on-the-text.md", "(turn 12) are tagged *The confidential channel*", "12", ("channel",)),
    # context chapters
    Claim(
        "chapters/context/back-channels.md",
        '"We are waiting for a signal from the administration" ({ref}`turn 10',
        "10-11",
        ("transition",),
    ),
    # teaching pages
    Claim(
        "chapters/teach/assessment.md",
        "Kissinger speaks at greater length",
        "3,4,11,12",
        (),
        "turn numbers as evidence for who speaks longer and who asks; no topic is ascribed",
    ),
    Claim(
        "chapters/teach/assessment.md",
        "links to {ref}`turn 1 <t01>`, {ref}`turn 10 <t10>`, {ref}`turn 11 <t11>`",
        "1,10,11",
        (),
        "names the turns that the day's events explain; no topic is ascribed",
    ),
    Claim(
        "chapters/teach/guide.md",
        "use this to judge Gorbachev's claim in {ref}`turn 4 <t04>`",
        "4,5",
        ("jackson-vanik",),
    ),
    Claim(
        "chapters/teach/guide.md",
        "{ref}`turn 1 <t01>` to {ref}`turn 3 <t03>` (setting up the channel)",
        "1-3",
        ("channel",),
    ),
    Claim("chapters/teach/guide.md", "{ref}`turn 4 <t04>` (trade and Jackson–Vanik)", "4", ("trade", "jackson-vanik")),
    Claim(
        "chapters/teach/guide.md",
        "{ref}`turn 5 <t05>` to {ref}`turn 9 <t09>` (Jackson–Vanik, emigration",
        "5-9",
        ("jackson-vanik", "emigration"),
    ),
    Claim(
        "chapters/teach/guide.md",
        "{ref}`turn 10 <t10>` to {ref}`turn 12 <t12>` (the new administration",
        "10-12",
        ("transition", "channel"),
    ),
    Claim(
        "chapters/teach/lesson-plans.md",
        "the end of Jackson-Vanik ({ref}`turn 4 <t04>`",
        "4,10,11,12",
        (),
        "a model answer citing the turns that show what each man wanted; no topic is ascribed to each turn",
    ),
    # worksheets
    Claim(
        "chapters/worksheets/close-reading.md",
        "compare the name of the law here with the name in {ref}`turn 4",
        "4,5",
        ("jackson-vanik",),
    ),
    Claim(
        "chapters/worksheets/close-reading.md",
        'Kissinger says emigration is "your country\'s internal affair"',
        "5-7",
        ("emigration",),
    ),
    Claim(
        "chapters/worksheets/controversy.md",
        "Scowcroft's direct personal number\" ({ref}`turn 3 <t03>`",
        "3,11",
        ("channel",),
    ),
    Claim("chapters/worksheets/corroboration.md", "and Gorbachev agrees in {ref}`turn 2 <t02>`", "1,2", ("channel",)),
    Claim(
        "chapters/worksheets/organizer.md",
        "{ref}`turn 1 <t01>` to {ref}`turn 3 <t03>`: setting up the channel",
        "1-3",
        ("channel",),
    ),
    Claim(
        "chapters/worksheets/organizer.md",
        "{ref}`turn 4 <t04>`: trade and the Jackson–Vanik amendment",
        "4",
        ("trade", "jackson-vanik"),
    ),
    Claim(
        "chapters/worksheets/organizer.md",
        "{ref}`turn 5 <t05>` to {ref}`turn 9 <t09>`: the amendment, emigration",
        "5-9",
        ("jackson-vanik", "emigration"),
    ),
    Claim(
        "chapters/worksheets/organizer.md",
        "{ref}`turn 10 <t10>` to {ref}`turn 12 <t12>`: the new administration",
        "10-12",
        ("transition", "channel"),
    ),
    Claim(
        "chapters/worksheets/organizer.md",
        "the repeal of the Jackson–Vanik amendment in {ref}`turn 4 <t04>`",
        "4,12",
        ("jackson-vanik", "messages"),
    ),
    Claim(
        "chapters/worksheets/sourcing.md",
        'the slip "Jackson-Yanik" in {ref}`turn 5 <t05>`',
        "3,5",
        (),
        "names the turns that show signs of handling; no topic is ascribed",
    ),
    Claim(
        "chapters/worksheets/sourcing.md",
        "the island meeting explains {ref}`turn 1 <t01>`",
        "1,10,11",
        (),
        "says which events explain which turns; no topic is ascribed",
    ),
    Claim("chapters/worksheets/sourcing.md", '"in the first days of March"', "3,11", ("timing",)),
]


def topic_tags() -> dict[str, set[str]]:
    data = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text(encoding="utf-8"))
    return {turn: set(ids) for turn, ids in data["turns"].items()}


def units(text: str) -> list[str]:
    """The sentences of the prose, and each table row and list item whole."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        if block.lstrip().startswith(("|", "-")):
            found += [line for line in lines if line.strip()]
        else:
            found += SENTENCE_END.split(" ".join(lines))
    return found


def named_turns(unit: str) -> set[str]:
    """Turn ids named in a unit, as links or in words: "turn 4", "turns 5–9", "turn 5 to turn 9"."""
    turns: set[str] = set()
    for first, last in TURNS.findall(REF.sub(r"\1", unit)):
        turns |= {f"t{n:02d}" for n in range(int(first), int(last or first) + 1)}
    return turns


def named_topics(unit: str) -> set[str]:
    plain = CITE.sub("", REF.sub(r"\1", unit))
    return {topic for topic, words in TOPIC_WORDS.items() if re.search(words, plain)}


def claimed_turns(spec: str) -> set[str]:
    turns: set[str] = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        turns |= {f"t{n:02d}" for n in range(int(first), int(last or first) + 1)}
    return turns


def disagreements(turns: set[str], topics: tuple[str, ...], tags: dict[str, set[str]]) -> list[str]:
    """What is wrong with the claim "these turns are about these topics"; empty when it holds."""
    wrong = [
        f"{t} carries none of {', '.join(topics)} (its tags: {', '.join(sorted(tags[t]))})"
        for t in sorted(turns)
        if not tags[t] & set(topics)
    ]
    wrong += [
        f"no turn of {', '.join(sorted(turns))} carries {topic}"
        for topic in topics
        if not any(topic in tags[t] for t in turns)
    ]
    return wrong


def uncovered(page: str, text: str, claims: list[Claim]) -> list[str]:
    """Units of a page that name two or more turns and a topic but are in no claim of the table."""
    fragments = [c.fragment for c in claims if c.page == page]
    return [
        unit
        for unit in units(text)
        if len(named_turns(unit)) >= 2 and named_topics(unit) and not any(f in unit for f in fragments)
    ]


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{Path(c.page).stem}:{c.turns}")
def test_each_described_part_carries_the_topic_the_page_names(claim: Claim):
    tags = topic_tags()
    text = (ROOT / claim.page).read_text(encoding="utf-8")
    holders = [unit for unit in units(text) if claim.fragment in unit]
    assert holders, f"{claim.page}: no sentence contains {claim.fragment!r}; update the table"
    turns = claimed_turns(claim.turns)
    assert turns <= named_turns(holders[0]), f"{claim.page}: the sentence does not name turns {claim.turns}"
    vocabulary = {
        entry["id"] for entry in yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text())["vocabulary"]
    }
    assert set(claim.topics) <= vocabulary, f"unknown topic in {claim.topics}"
    if not claim.topics:
        assert claim.reason, "a sentence that ascribes no topic needs a reason"
        return
    assert not disagreements(turns, claim.topics, tags), f"{claim.page}: {claim.fragment!r}: " + "; ".join(
        disagreements(turns, claim.topics, tags)
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sentence_naming_turns_and_a_topic_is_checked(page: Path):
    missing = uncovered(str(page.relative_to(ROOT)), page.read_text(encoding="utf-8"), CLAIMS)
    assert not missing, "add these sentences to CLAIMS in tests/test_descriptions.py:\n" + "\n".join(missing)


PLANTED = "After the first gap, {ref}`turns 4–7 <t04>` turn to trade: Gorbachev asks for the repeal."


def test_a_planted_wrong_description_is_caught():
    """The sentence the introduction used to print: by the tags, turns 5–7 are not about trade."""
    tags = topic_tags()
    [unit] = [u for u in units(PLANTED) if named_turns(u)]
    assert named_turns(unit) == {"t04", "t05", "t06", "t07"} and "trade" in named_topics(unit)
    problems = disagreements(named_turns(unit), ("trade",), tags)
    assert [p.split()[0] for p in problems] == ["t05", "t06", "t07"]
    # and on a page, the sentence is reported until it is put in the table, where it then fails
    page = "chapters/introduction.md"
    assert uncovered(page, PLANTED, CLAIMS) == [PLANTED]
    assert uncovered(page, PLANTED, [*CLAIMS, Claim(page, "{ref}`turns 4–7 <t04>`", "4-7", ("trade",))]) == []


def test_a_true_description_passes():
    tags = topic_tags()
    assert disagreements(claimed_turns("5-9"), ("jackson-vanik", "emigration"), tags) == []
    assert disagreements(claimed_turns("1-3,11"), ("channel",), tags) == []
