"""The bibliography's style: pybtex's plain style, with two changes to a `misc` entry (a web page, a news
report, a document in an online collection):

- A work with editors and no author (a briefing book, a document in an edited collection) is listed under its
  editors, as its author-year label already is.
- Its year is not printed again when `howpublished` already gives it: a news report's `howpublished` carries
  its full date ("Los Angeles Times, 3 January 1990"), and plain would add the year after it ("…, 1990, 1990").
  A year the label tells apart from another with a letter ("1988a") is still printed, as it is the label's:
  "Los Angeles Times, 5 January 1988, 1988a" is how a reader finds the entry cited as "Los Angeles Times, 1988a".
"""

from __future__ import annotations

import re

from pybtex.plugin import register_plugin
from pybtex.style.formatting import plain, toplevel, unsrt
from pybtex.style.template import field, optional, optional_field, sentence

STYLE = "edition"


def year_already_given(e) -> bool:  # noqa: ANN001 (a pybtex entry)
    """Whether the entry's `howpublished` already names its year, as a word of its own ("1 September 2007"), not
    as the end of a range ("1981--1988", the years a volume covers)."""
    year = e.fields.get("year", "").strip()
    given = rf"(?<![\w\-–]){re.escape(year)}(?!\w)"
    return bool(year) and re.search(given, e.fields.get("howpublished", "")) is not None


class EditionStyle(plain.Style):
    def get_misc_template(self, e):  # noqa: ANN001, ANN201 (pybtex's signature)
        date = [] if year_already_given(e) else [optional[unsrt.date]]
        published = sentence[(optional[field("howpublished")], *date)]
        if "author" in e.persons or "editor" not in e.persons:
            return toplevel[
                optional[sentence[self.format_names("author")]],
                optional[self.format_title(e, "title")],
                published,
                sentence[optional_field("note")],
                self.format_web_refs(e),
            ]
        return toplevel[
            self.format_editor(e),
            optional[self.format_title(e, "title")],
            published,
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def register() -> None:
    register_plugin("pybtex.style.formatting", STYLE, EditionStyle)
