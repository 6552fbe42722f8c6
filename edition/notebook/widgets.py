"""ipywidgets controls over the keyword search (search.search, over frame.filter_turns): a thin layer, built by
one function so tests can drive it.

The speakers and topics are lists of checkboxes, not multiple-choice <select> lists, whose several choices
needed Ctrl/Cmd+click, which nothing on the screen said. A checkbox is reached with Tab, ticked and unticked
with Space; Clear choices unticks them all and empties the keyword.

In JupyterLab a focused checkbox (or <select>) is not an editable element, so the notebook's command mode
takes the keys pressed on it: the Down arrow moved to the next cell instead of the next speaker, and a
letter would act on the cells. `KEYS`, a small script shown with the controls (JupyterLab runs the scripts
of outputs the kernel has just made), keeps every key pressed in a list to the list (Escape excepted) and
moves between its boxes with the arrow keys, Home and End. Where it does not run, Tab and Space still work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets
import pandas as pd
import traitlets
from IPython.display import Javascript, display

from edition.notebook.search import Spelling, Topic, search
from edition.notebook.views import count_text, turns_html

HINT = (
    "Tick one or more speakers and topics, and type a keyword. With the keyboard: Tab moves from box to box, "
    "Space ticks or unticks one. No Ctrl or Cmd+click is needed: untick a box to take a choice back, or press "
    "<em>Clear choices</em> to start again."
)

CHOICES = "edition-choices"  # the class of a list of checkboxes, for KEYS
KEYS = f"""(() => {{
  if (window.editionChoiceKeys) return;
  window.editionChoiceKeys = true;
  const moves = {{ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: "first", End: "last"}};
  window.addEventListener("keydown", (event) => {{
    const list = event.target instanceof Element && event.target.closest(".{CHOICES}");
    if (!list || event.key === "Escape" || event.key === "Tab") return;
    event.stopPropagation();
    if (!(event.key in moves)) return;
    event.preventDefault();
    const boxes = [...list.querySelectorAll("input[type=checkbox]")];
    const here = boxes.indexOf(event.target), move = moves[event.key];
    const next = move === "first" ? 0 : move === "last" ? boxes.length - 1 : here + move;
    if (boxes[next]) boxes[next].focus();
  }}, true);
}})();"""


class ChoiceList(widgets.VBox):
    """A labelled list of checkboxes whose `value` is the tuple of the ticked options' values (in their order),
    as a SelectMultiple's is; setting `value` ticks the boxes."""

    value = traitlets.Tuple()

    def __init__(self, description: str, options: Sequence[tuple[str, str]]) -> None:
        self.description = description
        self.options = list(options)
        self.boxes = [
            widgets.Checkbox(value=False, description=label, indent=False, layout=widgets.Layout(width="auto"))
            for label, _ in self.options
        ]
        heading = widgets.HTML(f"<strong>{escape(description)}</strong>")
        super().__init__([heading, *self.boxes], layout=widgets.Layout(margin="0 2em 0 0"))
        self.add_class(CHOICES)
        for box in self.boxes:
            box.observe(self._ticked, names="value")

    def _ticked(self, _change: object) -> None:
        self.value = tuple(value for (_, value), box in zip(self.options, self.boxes, strict=True) if box.value)

    @traitlets.validate("value")
    def _known(self, proposal: dict) -> tuple:
        values = [value for _, value in self.options]
        unknown = [v for v in proposal["value"] if v not in values]
        if unknown:
            raise traitlets.TraitError(f"unknown {self.description.lower()} {', '.join(map(repr, unknown))}")
        return tuple(v for v in values if v in proposal["value"])

    @traitlets.observe("value")
    def _tick(self, change: dict) -> None:
        for (_, value), box in zip(self.options, self.boxes, strict=True):
            box.value = value in change["new"]


@dataclass
class Explorer:
    frame: pd.DataFrame
    labels: dict[str, str]
    speakers: ChoiceList
    topics: ChoiceList
    query: widgets.Text
    clear: widgets.Button
    count: widgets.HTML
    results: widgets.HTML
    box: widgets.VBox
    spelled: Sequence[Spelling] = ()
    vocabulary: Sequence[Topic] = ()
    notes: tuple = ()

    def update(self, _change: object = None) -> None:
        found = search(
            self.frame, self.speakers.value, self.topics.value, self.query.value, self.spelled, self.vocabulary
        )
        self.count.value = f"<strong>{count_text(len(found.rows), len(self.frame))}</strong>"
        said = "".join(f"<p>{escape(line)}</p>" for line in found.variants + found.explanation)
        shown = turns_html(found.rows, self.query.value, self.labels, self.notes) if len(found.rows) else ""
        self.results.value = said + shown

    def _ipython_display_(self) -> None:
        """The controls, and the script that keeps the lists' keys in the lists (see KEYS)."""
        display(Javascript(KEYS))
        display(self.box)

    def reset(self, _button: object = None) -> None:
        """Untick every box and empty the keyword: all turns show again."""
        self.speakers.value, self.topics.value, self.query.value = (), (), ""


def build_explorer(
    frame: pd.DataFrame,
    labels: dict[str, str],
    spelled: Sequence[Spelling] | None = None,
    vocabulary: Sequence[Topic] | None = None,
    notes: tuple | None = None,
) -> Explorer:
    """Speaker and topic checkboxes, a keyword box, Clear choices, the count (the one "No turns match.") and the
    turns with their notes; a keyword that finds nothing is explained. `spelled`, `vocabulary` and `notes`
    default to the edition's (the persons register's variants, the topics, the editors' notes)."""
    if spelled is None or vocabulary is None or notes is None:
        import edition
        from edition.notebook.search import spellings

        apparatus = edition.load_edition()
        spelled = spellings(apparatus.registers.persons) if spelled is None else spelled
        if vocabulary is None:
            vocabulary = [Topic(t.id, t.label, t.definition) for t in apparatus.topics.vocabulary]
        notes = apparatus.notes if notes is None else notes
    speakers = ChoiceList("Speaker", [(s, s) for s in frame.attrs["speakers"]])
    topics = ChoiceList("Topic", [(labels[t], t) for t in frame.attrs["topics"]])
    query = widgets.Text(description="Keyword", placeholder="e.g. dissidents", continuous_update=True)
    clear = widgets.Button(description="Clear choices", tooltip="Untick every box and empty the keyword")
    hint, count, results = widgets.HTML(f"<p>{HINT}</p>"), widgets.HTML(), widgets.HTML()
    box = widgets.VBox([hint, widgets.HBox([speakers, topics]), widgets.HBox([query, clear]), count, results])
    explorer = Explorer(
        frame, labels, speakers, topics, query, clear, count, results, box, spelled, vocabulary, tuple(notes)
    )
    for control in (speakers, topics, query):
        control.observe(explorer.update, names="value")
    clear.on_click(explorer.reset)
    explorer.update()
    return explorer
