"""Exercise and solution bodies without a shared id.

sphinx-exercise gives the body of every exercise the id `exercise-content`, and of every solution
`solution-content`, so a page with two exercises repeats an id (invalid HTML, and a link to it could land on
any of them). Once a document is read, those ids become classes of the same name, and each body gets a
unique id from docutils instead (Sphinx's section numbering needs every section to have one).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

SHARED_IDS = ("exercise-content", "solution-content")


def ids_to_classes(app: Sphinx, doctree: nodes.document) -> None:
    for section in doctree.findall(nodes.section):
        shared = [i for i in section["ids"] if i in SHARED_IDS]
        if shared:
            section["ids"] = [i for i in section["ids"] if i not in SHARED_IDS]
            section["classes"].extend(shared)
            if not section["ids"]:
                doctree.set_id(section)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", ids_to_classes)
