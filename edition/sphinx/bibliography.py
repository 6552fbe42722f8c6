"""The bibliography's style: pybtex's plain style, except that a work with editors and no author (a briefing
book, a document in an edited collection) is listed under its editors, as its author-year label already is."""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting import plain, toplevel, unsrt
from pybtex.style.template import field, optional, optional_field, sentence

STYLE = "edition"


class EditionStyle(plain.Style):
    def get_misc_template(self, e):  # noqa: ANN001, ANN201 (pybtex's signature)
        if "author" in e.persons or "editor" not in e.persons:
            return super().get_misc_template(e)
        return toplevel[
            self.format_editor(e),
            optional[self.format_title(e, "title")],
            sentence[optional[field("howpublished")], optional[unsrt.date]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def register() -> None:
    register_plugin("pybtex.style.formatting", STYLE, EditionStyle)
