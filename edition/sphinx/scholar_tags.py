"""The Highwire Press `citation_*` tags that Zotero and Google Scholar read, on every page of the built book: the
page as part of the edition, or, on the page holding the transcript, the record itself as its publisher
describes it. The edition is described as its turns' citations describe it (`cite_control.edition_info`).
"""

from __future__ import annotations

import html
import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import _ as sphinx_words

from edition.data.sources import on_site
from edition.sphinx.cite_control import edition_info
from edition.sphinx.doctree import turn
from edition.sphinx.state import apparatus


def citation_tags(app: Sphinx, pagename: str, title: str, holds_turns: bool) -> list[tuple[str, str]]:
    """The Highwire Press tags of one page, as (name, content), in the order Google Scholar documents them.

    The page holding the transcript describes the record: its title, note-taker, date and publisher, from the
    seed's header. Every other page is a part of the edition by its editors, who publish it (the book names
    no other publisher); the book's first page is the edition itself.
    """
    info = edition_info(app)
    tags: list[tuple[str, str]]
    if holds_turns:
        metadata = apparatus(app.env).document.metadata
        given, _, family = metadata.citation.note_taker.rpartition(" ")
        tags = [
            ("citation_title", metadata.title),
            ("citation_author", f"{family}, {given}"),
            ("citation_date", metadata.date.strftime("%Y/%m/%d")),
            ("citation_publisher", metadata.citation.publisher),
            ("citation_abstract", metadata.summary),
        ]
    else:
        tags = [("citation_title", info.title if pagename == app.config.root_doc else title)]
        tags += [("citation_author", editor) for editor in info.editors]
        tags += [("citation_publication_date", str(info.year)), ("citation_publisher", "; ".join(info.editors))]
        if pagename != app.config.root_doc:
            tags.append(("citation_inbook_title", info.title))
    tags.append(("citation_language", app.config.language or "en"))
    if info.url:
        tags.append(("citation_public_url", on_site(info.url, app.builder.get_target_uri(pagename))))
    return tags


def add_citation_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    holds_turns = doctree is not None and any(True for _ in doctree.findall(turn))
    # The index and search pages get their titles in their templates, as these words.
    template_titles = {"genindex": sphinx_words("Index"), "search": sphinx_words("Search")}
    title = context.get("title") or template_titles.get(pagename, pagename)
    title = html.unescape(re.sub(r"<[^>]+>", "", title))
    tags = citation_tags(app, pagename, title, holds_turns)
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta name="{name}" content="{html.escape(content, quote=True)}">' for name, content in tags
    )


def setup(app: Sphinx) -> None:
    """Called from the edition extension's setup."""
    app.connect("html-page-context", add_citation_tags)
