"""The directives and role that the generated MyST uses; they read the apparatus from the environment."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

from edition.sphinx import doctree as edition_nodes
from edition.sphinx.doctree import handout_pdf
from edition.sphinx.rebuilds import await_file
from edition.sphinx.state import apparatus


class TurnDirective(SphinxDirective):
    """```{turn} t05``` with the turn's paragraphs as content; number, speaker and topics from the data."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        data = apparatus(self.env)
        turn = data.document.segment(self.arguments[0])
        topics = data.topics
        node = edition_nodes.turn(
            turn_id=turn.id,
            n=turn.n,
            speaker=turn.speaker,
            topics=[(t, topics.label(t)) for t in topics.by_turn[turn.id]],
        )
        node["classes"].append("turn")
        self.state.nested_parse(self.content, self.content_offset, node)
        # The turn under each of its topics in the book's index; as main entries, the site search ranks the turn
        # first for a topic's label, and shows the turn's own text as the snippet (it opens the entry's anchor).
        index = addnodes.index(entries=[("single", label, turn.id, "main", None) for _, label in node["topics"]])
        return [index, node]


class GapDirective(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = edition_nodes.gap(gap_id=self.arguments[0])
        node["classes"].append("gap")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class TurnFilterDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        data = apparatus(self.env)
        return [
            edition_nodes.turn_filter(
                speakers=[(s, s, f"Turns spoken by {s}") for s in data.document.speakers],
                topics=[(t.id, t.label, t.definition) for t in data.topics.vocabulary],
                turns=len(data.document.turns),
            )
        ]


class HandoutRole(SphinxRole):
    """{handout}`sourcing`: the printable PDF of a worksheet, linked where the build makes the handouts."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        # The page is read again when the PDF appears or changes (edition.sphinx.rebuilds).
        await_file(self.env, handout_pdf(self.env.srcdir, self.config.edition_handouts, name))
        return [edition_nodes.handout(self.rawtext, f"{name} handout", name=name)], []
