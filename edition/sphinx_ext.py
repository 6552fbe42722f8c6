"""Sphinx extension: builds the edition page from the data at every `jupyter-book build`.

The edition page holds two markers, ```{edition-header}``` and ```{transcript}```; at `source-read` they are
replaced by MyST written from the seed and the annotations. Turns and gaps become nodes whose HTML carries
the stable anchor, the visible turn number and permalink, and the `data-speaker`/`data-topics` attributes.
A broken annotation stops the build with the loader's message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from edition.annotations import AnnotationError, load_notes
from edition.bibliography import citation_keys
from edition.document import Document, ParseError, read_document
from edition.render import KIND_PREFIX, header_myst, transcript_myst

MARKER = re.compile(r"^```\{(edition-header|transcript)\}[ \t]*\n```[ \t]*$", re.M)


class turn(nodes.General, nodes.Element):
    """One speaker's turn."""


class gap(nodes.General, nodes.Element):
    """An elision printed by the publisher."""


class TurnDirective(Directive):
    required_arguments = 1
    has_content = True
    option_spec = {"n": directives.positive_int, "speaker": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        node = turn(turn_id=self.arguments[0], n=self.options["n"], speaker=self.options["speaker"], topics=[])
        node["classes"].append("turn")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class GapDirective(Directive):
    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = gap(gap_id=self.arguments[0])
        node["classes"].append("gap")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def visit_turn_html(self: Any, node: turn) -> None:
    attributes = {"data-speaker": node["speaker"], "data-topics": " ".join(node["topics"])}
    self.body.append(self.starttag(node, "div", **attributes))
    self.body.append(
        f'<a class="turn-number ed" href="#{node["turn_id"]}" title="Link to turn {node["n"]}">'
        f'<span class="visually-hidden">Turn </span>{node["n"]}</a>'
    )


def visit_gap_html(self: Any, node: gap) -> None:
    self.body.append(self.starttag(node, "div", role="note"))
    self.body.append('<span class="gap-label ed">Omitted in the published source</span> ')


def depart_div_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_plain(self: Any, node: nodes.Element) -> None:
    """Other builders (LaTeX, text) show the turn's paragraphs without the HTML furniture."""


def depart_plain(self: Any, node: nodes.Element) -> None:
    pass


def _paths(app: Sphinx) -> tuple[Path, list[Path], list[Path]]:
    src = Path(app.srcdir)
    seed = src / app.config.edition_seed
    notes = sorted((src / app.config.edition_annotations).glob("notes*.yml"))
    bibs = [src / b for b in app.config.bibtex_bibfiles]
    return seed, notes, bibs


def load_edition(app: Sphinx) -> None:
    """Parse and check everything once per build; any error stops the build here, with its message."""
    seed, note_files, bibs = _paths(app)
    try:
        document = read_document(seed)
        keys = set().union(*(citation_keys(b) for b in bibs))
        app.edition_document = document
        app.edition_notes = load_notes(note_files, document, keys)
    except (AnnotationError, ParseError) as error:
        raise ExtensionError(f"the edition's data is broken:\n{error}") from None


def replace_markers(app: Sphinx, docname: str, source: list[str]) -> None:
    if not MARKER.search(source[0]):
        return
    document: Document = app.edition_document
    seed, note_files, bibs = _paths(app)
    for path in [seed, *note_files, *bibs]:
        app.env.note_dependency(str(path))
    parts = {
        "edition-header": header_myst(document),
        "transcript": transcript_myst(document, app.edition_notes),
    }
    source[0] = MARKER.sub(lambda m: parts[m.group(1)], source[0])


def mark_note_kinds(app: Sphinx, doctree: nodes.document) -> None:
    """Give textual and explanatory footnotes, and their markers, classes the stylesheet tells apart."""
    kind_of: dict[str, str] = {}
    for footnote in doctree.findall(nodes.footnote):
        for kind, prefix in KIND_PREFIX.items():
            if any(name.startswith(prefix) for name in footnote["names"]):
                footnote["classes"].append(f"note-{kind}")
                kind_of.update({i: kind for i in footnote["ids"]})
    for reference in doctree.findall(nodes.footnote_reference):
        kind = kind_of.get(reference.get("refid", ""))
        if kind:
            reference["classes"].append(f"note-{kind}")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("edition_seed", "seeds/000_c4ba001cd7a955e4.txt", "env")
    app.add_config_value("edition_annotations", "annotations", "env")
    html = (visit_turn_html, depart_div_html)
    plain = (visit_plain, depart_plain)
    app.add_node(turn, html=html, latex=plain, text=plain)
    app.add_node(gap, html=(visit_gap_html, depart_div_html), latex=plain, text=plain)
    app.add_directive("turn", TurnDirective)
    app.add_directive("gap", GapDirective)
    app.connect("builder-inited", load_edition)
    app.connect("source-read", replace_markers)
    app.connect("doctree-read", mark_note_kinds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
