"""The analysis notebook's helpers on small frames, with answers worked out by hand, and on the record."""

from __future__ import annotations

import matplotlib
import nbformat
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import edition
from edition.notebook.analysis import count_axis, keyword_in_context, speaker_shares, topics_by_speaker
from edition.notebook.frame import COLUMNS
from tests.conftest import ROOT


def frame(*rows: tuple[int, str, list[str], str]) -> pd.DataFrame:
    """(turn, speaker, topics, text) per row; the word count is the text's."""
    df = pd.DataFrame(
        [(n, f"t{n:02d}", speaker, topics, text, len(text.split())) for n, speaker, topics, text in rows],
        columns=COLUMNS,
    )
    df.attrs = {"speakers": ["A", "B"], "topics": ["x", "y", "z"]}
    return df


SMALL = frame(
    (1, "A", ["x"], "one two"),  # 2 words
    (2, "B", ["x", "y"], "one two three four five six seven eight"),  # 8 words
    (3, "A", ["y"], "Channel? The channel,\n\nchannels, a channel."),  # 6 words
)


def test_speaker_shares_worked_by_hand():
    # A: turns 1 and 3, 2 + 6 = 8 words; B: turn 2, 8 words; 16 words in all, half each.
    assert speaker_shares(SMALL).to_dict(orient="index") == {
        "A": {"turns": 2, "words": 8, "share of words": 0.5},
        "B": {"turns": 1, "words": 8, "share of words": 0.5},
    }


def test_speaker_shares_round_to_two_places():
    uneven = frame((1, "A", ["x"], "a"), (2, "B", ["x"], "b c"))
    assert list(speaker_shares(uneven)["share of words"]) == [0.33, 0.67]


def test_topics_by_speaker_worked_by_hand():
    table = topics_by_speaker(SMALL)
    # x: A in turn 1, B in turn 2; y: B in turn 2, A in turn 3; z: nobody (kept, in the vocabulary's order).
    assert list(table.index) == ["x", "y", "z"]
    assert table.to_dict(orient="index") == {"x": {"A": 1, "B": 1}, "y": {"A": 1, "B": 1}, "z": {"A": 0, "B": 0}}


def test_keyword_in_context_whole_words_any_case():
    rows = keyword_in_context(SMALL, "channel", width=5)
    # "Channel? The channel, channels, a channel." (the paragraphs joined by one space): three whole words,
    # "channels" is another word; five characters either side, fewer at the edges.
    assert rows.to_dict(orient="records") == [
        {"turn": 3, "speaker": "A", "left": "", "keyword": "Channel", "right": "? The"},
        {"turn": 3, "speaker": "A", "left": " The ", "keyword": "channel", "right": ", cha"},
        {"turn": 3, "speaker": "A", "left": "s, a ", "keyword": "channel", "right": "."},
    ]


def test_keyword_in_context_with_no_match_keeps_its_columns():
    rows = keyword_in_context(SMALL, "seven eight nine")
    assert rows.empty and list(rows.columns) == ["turn", "speaker", "left", "keyword", "right"]


def test_on_the_record():
    """Counted from the seed by hand: Kissinger speaks the odd turns, Gorbachev the even ones; 'Dobrynin'
    occurs four times, all in Kissinger's turns 1, 3 and 11 (twice in 11)."""
    turns = edition.turns_frame()
    shares = speaker_shares(turns)
    assert shares["turns"].to_dict() == {"Gorbachev": 6, "Kissinger": 6}
    assert shares["words"].sum() == sum(len(t.text.split()) for t in edition.load_document().turns)
    kwic = keyword_in_context(turns, "Dobrynin")
    assert list(kwic["turn"]) == [1, 3, 11, 11] and set(kwic["speaker"]) == {"Kissinger"}
    assert list(kwic["left"].str.endswith("Anatoly ")) == [True] * 4


def fractional_ticks(figure: Figure) -> list[str]:
    """The ticks, within each axis's view, that stand between whole numbers (0.5, 1.5): no count can be there."""
    figure.canvas.draw()
    found = []
    for i, ax in enumerate(figure.axes):
        for name, axis, limits in (("x", ax.xaxis, ax.get_xlim()), ("y", ax.yaxis, ax.get_ylim())):
            low, high = sorted(limits)
            shown = [t for t in axis.get_majorticklocs() if low - 1e-9 <= t <= high + 1e-9]
            found += [f"axes {i} {name}: {t:g}" for t in shown if abs(t - round(t)) > 1e-9]
    return found


def test_the_analysis_plots_count_in_whole_numbers(monkeypatch):
    """The notebook's own code, run as the kernel runs it: every axis of every figure is ticked at whole numbers
    (counts of turns and words, turn numbers, the rows of the topics)."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(ROOT / "notebooks")
    plt.close("all")
    namespace: dict = {}
    for cell in nbformat.read(ROOT / "notebooks" / "analysis.ipynb", as_version=4).cells:
        if cell.cell_type == "code":
            exec(cell.source, namespace)
    figures = [plt.figure(n) for n in plt.get_fignums()]
    assert len(figures) == 3
    assert {str(n): fractional_ticks(f) for n, f in enumerate(figures)} == {str(n): [] for n in range(3)}
    plt.close("all")


def _topics_chart(whole: bool) -> Figure:
    """The notebook's chart of topics by speaker, drawn with or without `count_axis`."""
    figure = Figure(figsize=(7, 4.5))
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    topics_by_speaker(edition.turns_frame()).plot.barh(ax=ax, legend=False)
    if whole:
        count_axis(ax.xaxis)
    return figure


def test_the_tick_check_sees_the_halves_that_matplotlib_draws_by_itself():
    assert any(t.startswith("axes 0 x: ") and t.endswith(".5") for t in fractional_ticks(_topics_chart(False)))
    assert fractional_ticks(_topics_chart(True)) == []
