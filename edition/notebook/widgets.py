"""ipywidgets controls over filter_turns: a thin layer, built by one function so tests can drive it."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from edition.notebook.frame import filter_turns
from edition.notebook.views import count_text, turns_html


@dataclass
class Explorer:
    frame: pd.DataFrame
    labels: dict[str, str]
    speakers: widgets.SelectMultiple
    topics: widgets.SelectMultiple
    query: widgets.Text
    count: widgets.HTML
    results: widgets.HTML
    box: widgets.VBox

    def update(self, _change: object = None) -> None:
        rows = filter_turns(self.frame, self.speakers.value, self.topics.value, self.query.value)
        self.count.value = f"<strong>{count_text(len(rows), len(self.frame))}</strong>"
        self.results.value = turns_html(rows, self.query.value, self.labels)


def build_explorer(frame: pd.DataFrame, labels: dict[str, str]) -> Explorer:
    """Speaker and topic lists (choose several with Ctrl/Shift), a keyword box, the count and the turns."""
    speakers = widgets.SelectMultiple(
        options=frame.attrs["speakers"], description="Speaker", rows=len(frame.attrs["speakers"])
    )
    topics = widgets.SelectMultiple(
        options=[(labels[t], t) for t in frame.attrs["topics"]], description="Topic", rows=len(frame.attrs["topics"])
    )
    query = widgets.Text(description="Keyword", placeholder="e.g. dissidents", continuous_update=True)
    count, results = widgets.HTML(), widgets.HTML()
    box = widgets.VBox([widgets.HBox([speakers, topics]), query, count, results])
    explorer = Explorer(frame, labels, speakers, topics, query, count, results, box)
    for control in (speakers, topics, query):
        control.observe(explorer.update, names="value")
    explorer.update()
    return explorer
