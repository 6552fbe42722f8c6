"""One keyword rule, two implementations: the edition page's filter script and edition.filter_turns must show the
same turns for every word of the record, both speakers' names, words that appear on the page only (labels,
numbers, topic names), multi-word queries and every speaker/topic combination. The oracle is filter_turns;
the page is driven in one load, all queries inside the page."""

from __future__ import annotations

import html as htmlmod
import itertools
import re
from collections.abc import Callable, Iterator

import pandas as pd
import pytest

import edition
from edition.notebook.frame import query_words

Case = tuple[tuple[str, ...], tuple[str, ...], str]  # speakers, topics, keyword query

# Sets the form's boxes and keyword as a reader would, fires the events the script listens to, and reads which
# turns the page shows, for every case in one call.
RUN_CASES = """cases => {
  const form = document.querySelector("form.turn-filter");
  const tick = (name, values) => form.querySelectorAll(`input[name="${name}"]`)
    .forEach((box) => { box.checked = values.includes(box.value); });
  return cases.map(([speakers, topics, query]) => {
    tick("speaker", speakers);
    tick("topic", topics);
    form.elements.q.value = query;
    form.elements.q.dispatchEvent(new Event("input", {bubbles: true}));
    return Array.from(document.querySelectorAll(".transcript .turn"))
      .filter((turn) => turn.checkVisibility()).map((turn) => turn.id);
  });
}"""

# Words the rule must treat alike in both languages: apostrophes (straight and curly), hyphens, the source's
# double-hyphen dashes and an em dash, digits, accents composed and as separate marks, case pairs whose lower
# case is special (final sigma, dotted capital I, Roman numerals), a ligature, marks inside Devanagari words.
CRAFTED = (
    "Jackson-Yanik -- detente\u2014glasnost\u2019s 1,000 rubles in 1989; don't DON\u2019T 2nd \u00bd x\u00b2 "
    "x_y caf\u00e9 and cafe\u0301, na\u00efve \u039f\u0394\u039f\u03a3 Stra\u00dfe \u0130stanbul \u216b "
    "\ufb01ne \u6771\u4eac \u0939\u093f\u0928\u094d\u0926\u0940"
)
CRAFTED_QUERIES = [
    "jackson-yanik",
    "yanik jackson",
    "glasnost's",
    "glasnost",
    "s",
    "1,000",
    "000",
    "dont",
    "don't",
    "CAF\u00c9",
    "cafe\u0301",
    "cafe",
    "NAI\u0308VE",
    "\u03bf\u03b4\u03bf\u03c3",
    "\u03bf\u03b4\u03bf\u03c2",
    "strasse",
    "istanbul",
    "stanbul",
    "\u217b",
    "fine",
    "--",
    "\u2014",
]


@pytest.fixture(scope="module")
def turns() -> pd.DataFrame:
    return edition.turns_frame()


def _expected(frame: pd.DataFrame, case: Case) -> list[str]:
    speakers, topics, query = case
    return list(edition.filter_turns(frame, speakers=list(speakers), topics=list(topics), query=query)["id"])


def _open(browser, url: str, script: Callable[[str], str] | None = None, page_html: Callable[[str], str] | None = None):
    """A fresh page at `url`, optionally with the filter script or the page's HTML rewritten on the way in."""
    context = browser.new_context()
    page = context.new_page()

    def rewrite(change: Callable[[str], str]):
        def handler(route):
            response = route.fetch()
            route.fulfill(response=response, body=change(response.text()))

        return handler

    if script:
        page.route("**/_static/turn-filter.js*", rewrite(script))
    if page_html:
        page.route("**/chapters/edition.html*", rewrite(page_html))
    page.goto(url)
    page.wait_for_selector("form.turn-filter:not([hidden])")
    return context, page


def divergences(page, frame: pd.DataFrame, cases: list[Case]) -> dict[Case, tuple[list[str], list[str]]]:
    """Each case where the page shows other turns than filter_turns returns: (page, filter_turns)."""
    shown = page.evaluate(RUN_CASES, [list(map(list, c[:2])) + [c[2]] for c in cases])
    found = {}
    for case, on_page in zip(cases, shown, strict=True):
        expected = _expected(frame, case)
        if on_page != expected:
            found[case] = (on_page, expected)
    return found


def keyword_cases(page, frame: pd.DataFrame) -> list[Case]:
    """Every distinct word of the record and of the transcript as the page shows it, the speakers' names, and
    multi-word queries, each on its own."""
    record = {w for text in frame["text"] for w in query_words(text)}
    on_page = set(query_words(page.evaluate("document.querySelector('.transcript').textContent")))
    names = set(frame.attrs["speakers"]) | {s.upper() for s in frame.attrs["speakers"]}
    several = [
        "Dobrynin Scowcroft",
        "Jackson-Vanik",
        "JACKSON vanik amendment",
        "that's correct",
        "Governor's Island",
        "Kissinger Gorbachev",
        "Kissinger. In practical terms",
        "the -- and",
        "1989 January",
        "",
        "   ",
        "--",
        "?!",
    ]
    queries = sorted(record | on_page | names) + several
    return [((), (), q) for q in queries]


def combination_cases(frame: pd.DataFrame) -> list[Case]:
    """No speaker, each speaker, both; no topic, each topic, each pair of topics; with and without keywords."""
    speakers = [(), *((s,) for s in frame.attrs["speakers"]), tuple(frame.attrs["speakers"])]
    topic_ids = frame.attrs["topics"]
    topics = [(), *((t,) for t in topic_ids), *itertools.combinations(topic_ids, 2)]
    queries = ["", "the", "Kissinger", "dissidents emigration", "letter"]
    return [(s, t, q) for s in speakers for t in topics for q in queries]


@pytest.fixture(scope="module")
def edition_page(browser, site) -> Iterator:
    context, page = _open(browser, f"{site}/chapters/edition.html")
    yield page
    context.close()


def test_the_page_and_filter_turns_agree_on_every_word_of_the_record(edition_page, turns):
    cases = keyword_cases(edition_page, turns)
    assert divergences(edition_page, turns, cases) == {}


def test_the_page_and_filter_turns_agree_on_every_speaker_and_topic_combination(edition_page, turns):
    cases = combination_cases(turns)
    assert divergences(edition_page, turns, cases) == {}


def test_a_speakers_name_finds_only_turns_that_mention_them(edition_page, turns):
    """The label "Kissinger." before each of his turns is not a word he says: his name matches turns that name
    him (none; he is addressed as "you"), checked against the seed's text rather than filter_turns."""
    for name in turns.attrs["speakers"]:
        said = [row.id for row in turns.itertuples() if re.search(rf"\b{name}\b", row.text, re.IGNORECASE)]
        assert edition_page.evaluate(RUN_CASES, [[[], [], name]]) == [said]


def _with_crafted_turn(page_html: str) -> str:
    """The page with turn t02's words replaced by CRAFTED (its label and markup kept)."""
    replaced, count = re.subn(
        r'(id="t02">.*?<strong>Gorbachev\.</strong> )(.*?)(</p>)',
        lambda m: m.group(1) + htmlmod.escape(CRAFTED, quote=False) + m.group(3),
        page_html,
        count=1,
        flags=re.DOTALL,
    )
    assert count == 1, "turn t02's first paragraph was not found in the built page"
    return replaced


def _crafted_frame(frame: pd.DataFrame) -> pd.DataFrame:
    crafted = frame.copy()
    crafted.loc[crafted["id"] == "t02", "text"] = CRAFTED
    crafted.attrs = dict(frame.attrs)
    return crafted


def _crafted_cases() -> list[Case]:
    return [((), (), q) for q in sorted(set(query_words(CRAFTED))) + CRAFTED_QUERIES]


def test_both_agree_on_apostrophes_hyphens_dashes_digits_accents_and_case(browser, site, turns):
    context, page = _open(browser, f"{site}/chapters/edition.html", page_html=_with_crafted_turn)
    crafted = _crafted_frame(turns)
    assert divergences(page, crafted, _crafted_cases()) == {}
    # The crafted turn is found at all, so agreement above is not agreement on nothing.
    assert "t02" in page.evaluate(RUN_CASES, [[[], [], "glasnost"]])[0]
    context.close()


# Companions: the same comparisons catch a page script that strays from the rule.
MUTANTS = {
    "the speaker's label counted as a word (the first edition's behaviour)": (
        "if (label?.nodeName",
        "if (false && label?.nodeName",
    ),
    "no composition: an accent typed as a separate mark misses": ('.normalize("NFC")', ""),
    "combining marks inside words": ("[\\p{L}\\p{N}_]", "[\\p{L}\\p{N}\\p{M}_]"),
}


@pytest.mark.parametrize("mutant", MUTANTS, ids=["label", "nfc", "marks"])
def test_a_script_that_strays_from_the_rule_is_caught(browser, site, turns, mutant):
    old, new = MUTANTS[mutant]

    def mutate(script: str) -> str:
        assert old in script, f"the script no longer contains {old!r}: update this mutant"
        return script.replace(old, new)

    context, page = _open(browser, f"{site}/chapters/edition.html", script=mutate, page_html=_with_crafted_turn)
    crafted = _crafted_frame(turns)
    # The cases that tell these rules apart (the crafted words, the speakers' names), not the whole record.
    names = [((), (), name) for name in turns.attrs["speakers"]]
    found = divergences(page, crafted, _crafted_cases() + names)
    context.close()
    assert found, f"{mutant}: no divergence found"
    if mutant.startswith("the speaker's label"):
        on_page, expected = found[((), (), "Kissinger")]
        assert expected == [] and on_page == list(turns.loc[turns["speaker"] == "Kissinger", "id"])


def test_a_keyword_after_speakers_and_topics_left_no_turn_gives_an_empty_frame(turns):
    """Found by the combination test: Gorbachev has no turn on timing, and a
    keyword on that empty selection used to raise a numpy casting error instead of returning no rows."""
    timing = set(turns.loc[[("timing" in t) for t in turns["topics"]], "speaker"])
    assert timing == {"Kissinger"}
    rows = edition.filter_turns(turns, speakers="Gorbachev", topics="timing", query="the")
    assert rows.empty and list(rows.columns) == list(turns.columns)
