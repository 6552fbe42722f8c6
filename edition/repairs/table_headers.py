"""An empty cell in a table's header row is an ordinary cell.

Docutils writes every cell of a header row as `<th>`, so a table whose top-left corner is blank gets a
header with no text, which axe reports (empty-table-header). The visitor writes such a cell as `<td>`, and
every other cell as docutils does.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def is_empty_header(node: nodes.entry) -> bool:
    return isinstance(node.parent.parent, nodes.thead) and not node.astext().strip()


def visit_entry(self: HTML5Translator, node: nodes.entry) -> None:
    type(self).visit_entry(self, node)
    if is_empty_header(node) and self.body[-1].startswith("<th"):
        self.body[-1] = "<td" + self.body[-1][len("<th") :]
        self.context[-1] = self.context[-1].replace("</th>", "</td>")


def depart_entry(self: HTML5Translator, node: nodes.entry) -> None:
    type(self).depart_entry(self, node)


def setup(app: Sphinx) -> None:
    app.add_node(nodes.entry, override=True, html=(visit_entry, depart_entry))
