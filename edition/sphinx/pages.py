"""Put the MyST written from the data in place of the markers in the pages, before they are parsed.

A page holds a marker such as ```{transcript}``` or ```{chronology}```; at `source-read` it is replaced, so a
page can never drift from its data. Every data file is a dependency of such a page: editing a note rebuilds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sphinx.application import Sphinx

from edition.myst.edition_page import header_myst, topic_list_myst, transcript_myst
from edition.myst.registers import chronology_myst, glossary_myst, persons_myst
from edition.sphinx.config import sources
from edition.sphinx.state import apparatus

MARKERS = ("edition-header", "transcript", "topic-list", "persons-register", "chronology", "glossary-terms")
MARKER = re.compile(rf"^```\{{({'|'.join(MARKERS)})\}}[ \t]*\n```[ \t]*$", re.M)


def replace_markers(app: Sphinx, docname: str, source: list[str]) -> None:
    if not MARKER.search(source[0]):
        return
    data = apparatus(app.env)
    document, registers = data.document, data.registers
    for path in sources(app).data_files():
        app.env.note_dependency(str(path))
    seen = data.appearances  # computed once, when the data was loaded and checked
    parts: dict[str, Callable[[], str]] = {
        "edition-header": lambda: header_myst(document, registers),
        "transcript": lambda: transcript_myst(document, data.notes, registers),
        "topic-list": lambda: topic_list_myst(data.topics, document),
        "persons-register": lambda: persons_myst(registers, seen, document),
        "chronology": lambda: chronology_myst(registers, seen, document),
        "glossary-terms": lambda: glossary_myst(registers, seen, document),
    }
    source[0] = MARKER.sub(lambda m: parts[m.group(1)](), source[0])
