"""Put the MyST written from the data in place of the markers in the pages, before they are parsed.

A page holds a marker such as ```{transcript}``` or ```{chronology}```; at `source-read` it is replaced, so a
page can never drift from its data. Such a page is read again when the MyST its markers give would change, not
whenever a data file does: the digest of what was written is kept for each page, and at every build
(`env-get-outdated`) the markers are written again from the data just loaded and compared (a few milliseconds).
Editing a note's text thus reads the edition page again, which shows it, and not the registers, which show only
where each entry appears. The bibliography stays a dependency: the pages' citations are formatted from it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition.myst.edition_page import header_myst, topic_list_myst, transcript_myst
from edition.myst.registers import chronology_myst, glossary_myst, persons_myst
from edition.sphinx.config import sources
from edition.sphinx.state import apparatus, keep_per_page

MARKERS = ("edition-header", "transcript", "topic-list", "persons-register", "chronology", "glossary-terms")
MARKER = re.compile(rf"^```\{{({'|'.join(MARKERS)})\}}[ \t]*\n```[ \t]*$", re.M)
WRITTEN = "edition_written_myst"  # on the environment: page -> digest of the MyST its markers were replaced with


def written_myst(env: BuildEnvironment, text: str) -> tuple[str, str]:
    """The page's text with its markers replaced, and the digest of what replaced them."""
    data = apparatus(env)
    document, registers = data.document, data.registers
    seen = data.appearances  # computed once, when the data was loaded and checked
    parts: dict[str, Callable[[], str]] = {
        "edition-header": lambda: header_myst(document, registers),
        "transcript": lambda: transcript_myst(document, data.notes, registers),
        "topic-list": lambda: topic_list_myst(data.topics, document),
        "persons-register": lambda: persons_myst(registers, seen, document),
        "chronology": lambda: chronology_myst(registers, seen, document),
        "glossary-terms": lambda: glossary_myst(registers, seen, document),
    }
    sha = hashlib.sha256()

    def write(marker: re.Match) -> str:
        myst = parts[marker.group(1)]()
        sha.update(f"{marker.group(1)}:{len(myst)}\n{myst}".encode())
        return myst

    return MARKER.sub(write, text), sha.hexdigest()


def replace_markers(app: Sphinx, docname: str, source: list[str]) -> None:
    if not MARKER.search(source[0]):
        return
    source[0], key = written_myst(app.env, source[0])
    getattr(app.env, WRITTEN)[docname] = key
    for path in sources(app).bibliographies:  # its citations are formatted from them when the page is written
        app.env.note_dependency(str(path))


def changed_pages(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """The pages not otherwise read again whose markers would now give other MyST."""
    stale = []
    for doc, key in sorted(getattr(env, WRITTEN).items()):
        if doc in added | changed | removed:
            continue
        try:
            text = Path(env.doc2path(doc)).read_text(encoding="utf-8")
        except OSError:
            continue  # a page gone is Sphinx's to remove
        if written_myst(env, text)[1] != key:
            stale.append(doc)
    return stale


def setup(app: Sphinx) -> None:
    """Called from the edition extension's setup."""
    keep_per_page(app, WRITTEN)
    app.connect("source-read", replace_markers)
    app.connect("env-get-outdated", changed_pages)
