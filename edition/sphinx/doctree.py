"""The edition's doctree nodes and how the HTML builder writes them (markup in Jinja templates).

A turn carries its stable anchor, visible number and permalink, and `data-speaker`/`data-topics` for the
in-page filter; a gap is marked as an omission; the filter's controls and the data downloads are one node.
Other builders (LaTeX, text) show the paragraphs without the HTML furniture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes

from edition.sphinx.addresses import file_uri


class turn(nodes.General, nodes.Element):
    """One speaker's turn."""


class gap(nodes.General, nodes.Element):
    """An elision printed in the published source."""


class turn_filter(nodes.General, nodes.Element):
    """The in-page filter's controls (hidden until its script runs) and the data downloads."""


class handout(nodes.Inline, nodes.TextElement):
    """A link to a printable handout, written only where the handouts are built."""


def _render(self: Any, template: str, **context: Any) -> str:
    return self.builder.templates.render(f"edition/{template}", context)


def _uri(self: Any, target: str) -> str:
    """A link from the page being written to a file of the built site, as the builder lays out pages."""
    return file_uri(self.builder, self.builder.current_docname, target)


def visit_turn_html(self: Any, node: turn) -> None:
    attributes = {"data-speaker": node["speaker"], "data-topics": " ".join(t for t, _ in node["topics"])}
    self.body.append(self.starttag(node, "div", **attributes))
    self.body.append(_render(self, "turn-number.html", id=node["turn_id"], n=node["n"]))


def depart_turn_html(self: Any, node: turn) -> None:
    from edition.sphinx.cite_control import cite_control_html  # it renders turns' citations: imports this module

    self.body.append(_render(self, "turn-topics.html", topics=node["topics"]))
    self.body.append(cite_control_html(self, node))
    self.body.append("</div>\n")


def visit_turn_filter_html(self: Any, node: turn_filter) -> None:
    self.body.append(
        _render(
            self,
            "turn-filter.html",
            speakers=node["speakers"],
            topics=node["topics"],
            turns=node["turns"],
            data=_uri(self, "data/turns"),
            tei=_uri(self, self.builder.config.edition_tei) if self.builder.config.edition_tei else "",
        )
    )
    raise nodes.SkipNode


def visit_gap_html(self: Any, node: gap) -> None:
    self.body.append(self.starttag(node, "div", role="note"))
    self.body.append('<span class="gap-label ed">Omitted in the published source</span> ')


def depart_div_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def handout_pdf(srcdir: str, folder: str, name: str) -> Path:
    return Path(srcdir) / folder / f"{name}.pdf"


def visit_handout_html(self: Any, node: handout) -> None:
    folder = self.builder.config.edition_handouts
    if handout_pdf(self.builder.srcdir, folder, node["name"]).is_file():
        href = _uri(self, f"handouts/{node['name']}.pdf")
        self.body.append(f'<a class="reference external" href="{href}">{node.astext()} (printable PDF, A4)</a>')
        # The same handout on US Letter, printed beside the A4 one (edition.classroom.handouts.PAPERS).
        if handout_pdf(self.builder.srcdir, folder, f"{node['name']}-letter").is_file():
            letter = _uri(self, f"handouts/{node['name']}-letter.pdf")
            self.body.append(f' (<a class="reference external" href="{letter}">US Letter</a>)')
    else:
        self.body.append(node.astext())
    raise nodes.SkipNode


def visit_plain(self: Any, node: nodes.Element) -> None:
    """Other builders show the element's content without the HTML furniture."""


def depart_plain(self: Any, node: nodes.Element) -> None:
    pass


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode
