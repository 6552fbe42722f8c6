"""Sphinx extension: builds the edition and register pages from the data at every `jupyter-book build`.

Pages hold markers such as ```{transcript}``` or ```{chronology}``` (see MARKERS); at `source-read` they are
replaced by MyST written from the seed and the annotations. Turns and gaps become nodes whose HTML carries
the stable anchor, the visible turn number and permalink, and the `data-speaker`/`data-topics` attributes.
A broken annotation stops the build with the loader's message. The extension also writes the turns as
data, repairs stock theme markup that fails the accessibility and HTML checks, and trims unused assets.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from edition.annotations import AnnotationError
from edition.apparatus import Apparatus, load_apparatus
from edition.document import ParseError
from edition.export import FORMATS, write_turns
from edition.frame import make_frame
from edition.reference import appearances, chronology_myst, glossary_myst, persons_myst
from edition.render import KIND_PREFIX, header_myst, topic_list_myst, transcript_myst
from edition.topics import Topics

MARKERS = ("edition-header", "transcript", "topic-list", "persons-register", "chronology", "glossary-terms")
MARKER = re.compile(rf"^```\{{({'|'.join(MARKERS)})\}}[ \t]*\n```[ \t]*$", re.M)
STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
STUDENT_BUILD = "EDITION_STUDENT"  # set to 1 for the student edition, which has no solutions


class turn(nodes.General, nodes.Element):
    """One speaker's turn."""


class gap(nodes.General, nodes.Element):
    """An elision printed by the publisher."""


class turn_filter(nodes.General, nodes.Element):
    """The in-page filter's controls (hidden until its script runs) and the data downloads."""


def _topics(directive: Directive) -> Topics:
    return directive.state.document.settings.env.app.edition.topics


class TurnDirective(Directive):
    required_arguments = 1
    has_content = True
    option_spec = {"n": directives.positive_int, "speaker": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        turn_id = self.arguments[0]
        topics = _topics(self)
        node = turn(
            turn_id=turn_id,
            n=self.options["n"],
            speaker=self.options["speaker"],
            topics=[(t, topics.label(t)) for t in topics.by_turn[turn_id]],
        )
        node["classes"].append("turn")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class TurnFilterDirective(Directive):
    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        app = env.app
        return [
            turn_filter(
                speakers=list(app.edition.document.speakers),
                topics=[(t.id, t.label, t.definition) for t in _topics(self).vocabulary],
                turns=len(app.edition.document.turns),
                root="../" * env.docname.count("/"),
            )
        ]


class GapDirective(Directive):
    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = gap(gap_id=self.arguments[0])
        node["classes"].append("gap")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def visit_turn_html(self: Any, node: turn) -> None:
    attributes = {"data-speaker": node["speaker"], "data-topics": " ".join(t for t, _ in node["topics"])}
    self.body.append(self.starttag(node, "div", **attributes))
    self.body.append(
        f'<a class="turn-number ed" href="#{node["turn_id"]}" title="Link to turn {node["n"]}">'
        f'<span class="visually-hidden">Turn </span>{node["n"]}</a>'
    )


def depart_turn_html(self: Any, node: turn) -> None:
    labels = "".join(f'<span class="topic">{escape(label)}</span>' for _, label in node["topics"])
    self.body.append(f'<p class="turn-topics ed"><span class="visually-hidden">Topics: </span>{labels}</p>')
    self.body.append("</div>\n")


def _checkboxes(name: str, legend: str, options: list[tuple[str, str, str]]) -> str:
    boxes = "".join(
        f'<label title="{escape(title)}"><input type="checkbox" name="{name}" value="{escape(value)}"> '
        f"{escape(label)}</label>"
        for value, label, title in options
    )
    return f"<fieldset><legend>{legend}</legend>{boxes}</fieldset>"


def visit_turn_filter_html(self: Any, node: turn_filter) -> None:
    speakers = [(s, s, f"Turns spoken by {s}") for s in node["speakers"]]
    data = node["root"] + "data/turns"
    self.body.append(
        '<div class="turn-tools ed">'
        '<form class="turn-filter" hidden aria-label="Filter the turns">'
        + _checkboxes("speaker", "Speaker", speakers)
        + _checkboxes("topic", "Topic", node["topics"])
        + '<p class="turn-filter-keyword"><label for="turn-filter-q">Keyword</label> '
        '<input type="search" id="turn-filter-q" name="q" autocomplete="off"> '
        '<button type="reset">Show all turns</button></p>'
        f'<p class="turn-filter-count" role="status" aria-live="polite">Showing all {node["turns"]} turns.</p>'
        "</form>"
        f'<p class="turn-downloads">Download the turns as data: <a href="{data}.csv" download>CSV</a>, '
        f'<a href="{data}.json" download>JSON</a>.</p>'
        "</div>\n"
    )
    raise nodes.SkipNode


def visit_gap_html(self: Any, node: gap) -> None:
    self.body.append(self.starttag(node, "div", role="note"))
    self.body.append('<span class="gap-label ed">Omitted in the published source</span> ')


def depart_div_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_plain(self: Any, node: nodes.Element) -> None:
    """Other builders (LaTeX, text) show the turn's paragraphs without the HTML furniture."""


def depart_plain(self: Any, node: nodes.Element) -> None:
    pass


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _sources(app: Sphinx) -> tuple[Path, Path, list[Path], Path]:
    """Where the edition's data lives: the seed, the annotations, the bibliographies, the context chapters."""
    src = Path(app.srcdir)
    return (
        src / app.config.edition_seed,
        src / app.config.edition_annotations,
        [src / b for b in app.config.bibtex_bibfiles],
        src / app.config.edition_context,
    )


def load_edition(app: Sphinx) -> None:
    """Parse and check everything once per build; any error stops the build here, with its message."""
    try:
        app.edition = load_apparatus(*_sources(app))
    except (AnnotationError, ParseError) as error:
        raise ExtensionError(f"the edition's data is broken:\n{error}") from None
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("book.css")


def replace_markers(app: Sphinx, docname: str, source: list[str]) -> None:
    if not MARKER.search(source[0]):
        return
    edition: Apparatus = app.edition
    document, registers = edition.document, edition.registers
    seed, annotations, bibs, _ = _sources(app)
    for path in [seed, *bibs, *annotations.glob("*.yml")]:
        app.env.note_dependency(str(path))
    seen = appearances(registers, edition.notes, document)
    parts = {
        "edition-header": lambda: header_myst(document, registers),
        "transcript": lambda: transcript_myst(document, edition.notes, registers),
        "topic-list": lambda: topic_list_myst(edition.topics),
        "persons-register": lambda: persons_myst(registers, seen),
        "chronology": lambda: chronology_myst(registers, seen),
        "glossary-terms": lambda: glossary_myst(registers, seen),
    }
    source[0] = MARKER.sub(lambda m: parts[m.group(1)](), source[0])


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The edition's stylesheet and filter script go only on the page that holds the transcript."""
    if doctree is not None and any(True for _ in doctree.findall(turn_filter)):
        app.add_css_file("edition.css")
        app.add_js_file("turn-filter.js", loading_method="defer")
    if "body" in context:
        context["body"] = repair_body(context["body"])


UNUSED_ASSETS = ("sphinx-design.min.css", "design-tabs.js", "sphinx-thebe.js", "sphinx-thebe.css")


def trim_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Keep one copy of each script and none that the book does not use.

    sphinx-thebe and sphinx-togglebutton add their inline configuration once for the book and again for
    each page; the second `const THEBE_JS_URL` throws a script error. The book has no sphinx-design
    components and no live code (Thebe), so their files only add weight. Runs after the other
    extensions' handlers and edits the page's lists in place, as Sphinx expects. Pages without notebook
    cells do without myst-nb's stylesheet.
    """
    has_cells = doctree is not None and any("cell" in n["classes"] for n in doctree.findall(nodes.container))
    for key in ("script_files", "css_files"):
        seen: set[tuple[str, tuple]] = set()
        kept = []
        for asset in context.get(key, []):
            name = str(getattr(asset, "filename", asset) or "")  # inline scripts come as None or ""
            attributes = getattr(asset, "attributes", {})
            unused = name.endswith(UNUSED_ASSETS) or "THEBE_JS_URL" in attributes.get("body", "")
            unused = unused or (not has_cells and Path(name).name.startswith("mystnb."))
            identity = (name, tuple(sorted(attributes.items())))
            if not unused and identity not in seen:
                seen.add(identity)
                kept.append(asset)
        if key in context:
            context[key][:] = kept


PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>", re.S)
EMPTY_HEADER = re.compile(r"<th([^>]*)>(?:\s*<p>\s*</p>)?\s*</th>")
REPEATED_ID = re.compile(r'id="(exercise|solution)-content"')


def repair_body(body: str) -> str:
    """Repair stock markup that fails the accessibility (axe) or HTML (vnu) checks; content is unchanged.

    Docutils marks bibliography entries with the deprecated role doc-biblioentry inside a role="list"
    (a list without list items): they become list items. Empty header cells (pandas' index corner, a
    table's blank corner) become ordinary cells. pandas puts a `<style scoped>` block (invalid in HTML)
    before each table: it goes, and book.css carries the same rules. sphinx-exercise gives every exercise
    and solution body the same id: it becomes a class.
    """
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    body = EMPTY_HEADER.sub(r"<td\1></td>", body)
    body = REPEATED_ID.sub(r'class="\1-content"', body)
    return PANDAS_STYLE.sub("", body)


def add_templates(app: Sphinx, config: Any) -> None:
    """The package's template overrides come before the theme's; a student build drops the solutions."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    if os.environ.get(STUDENT_BUILD) == "1":
        config.hide_solutions = True


def handout_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = ()):
    """{handout}`sourcing` links to the printable PDF handouts/sourcing.pdf that `make handouts` writes."""
    env = inliner.document.settings.env
    uri = "../" * env.docname.count("/") + f"handouts/{text}.pdf"
    return [nodes.reference(rawtext, f"{text} (PDF)", refuri=uri)], []


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """The turns as CSV and JSON beside the HTML, made from the same data as the page."""
    if exception is None and app.builder.format == "html":
        frame = make_frame(app.edition.document, app.edition.topics)
        for fmt in FORMATS:
            write_turns(frame, fmt, Path(app.outdir) / "data" / f"turns.{fmt}")


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
    app.add_config_value("edition_context", "chapters/context", "env")
    plain = (visit_plain, depart_plain)
    app.add_node(turn, html=(visit_turn_html, depart_turn_html), latex=plain, text=plain)
    app.add_node(gap, html=(visit_gap_html, depart_div_html), latex=plain, text=plain)
    app.add_node(turn_filter, html=(visit_turn_filter_html, None), latex=(skip, None), text=(skip, None))
    app.add_role("handout", handout_role)
    app.add_directive("turn", TurnDirective)
    app.add_directive("gap", GapDirective)
    app.add_directive("turn-filter", TurnFilterDirective)
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", load_edition)
    app.connect("source-read", replace_markers)
    app.connect("doctree-read", mark_note_kinds)
    app.connect("html-page-context", add_page_assets)
    app.connect("html-page-context", trim_assets, priority=900)
    app.connect("build-finished", write_downloads)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
