"""Bibliography entries as list items.

Docutils' HTML5 writer wraps a run of citations (sphinxcontrib-bibtex's bibliography is one) in
`<div role="list">` and marks each entry `role="doc-biblioentry"`, a role DPUB-ARIA 1.1 deprecated; a list
then has no list items, which axe reports. The visitor writes the entry as docutils does, with the role
`listitem`.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

DEPRECATED = 'role="doc-biblioentry"'


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    type(self).visit_citation(self, node)
    self.body[-1] = self.body[-1].replace(DEPRECATED, 'role="listitem"')


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    type(self).depart_citation(self, node)


def setup(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
