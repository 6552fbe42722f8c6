"""Sphinx's search scripts and the whole search index only where they are used.

pydata-sphinx-theme's `layout.html` loads `searchtools.js`, `language_data.js` and `searchindex.js` (the
text of every page) synchronously in the head of every page, for its search-as-you-type; they block the
first paint. With `search_as_you_type` off (the theme's default and this book's setting) no page but the
search page uses them: the search dialog sends its query to the search page, whose own template loads
them. The override is the installed theme's `extrahead` block, read at every build, with the scripts kept
only where search-as-you-type is on, and there loaded with `defer` (they run before the theme's deferred
script, which uses them).
"""

from __future__ import annotations

import re

from edition.repairs.generated import pydata_theme_file

NAME = "layout.html"
BLOCK = re.compile(r"\{%-? block extrahead %\}(?P<body>.*?)\{%-? endblock extrahead %\}", re.S)
CONDITION = "{% if pagename == 'search' %}"
SEARCH_FILES = "_static/searchtools|_static/language_data|searchindex"
SCRIPT = re.compile(r"<script src=(?P<src>\"\{\{ pathto\('(?:" + SEARCH_FILES + r")\.js')")


def extrahead(layout: str) -> str | None:
    """The theme's extrahead block with the search scripts kept only for search-as-you-type, deferred;
    None when the block no longer loads them as expected."""
    block = BLOCK.search(layout)
    if not block or CONDITION not in block["body"] or len(SCRIPT.findall(block["body"])) != 3:
        return None
    body = block["body"].replace(CONDITION, "{% if pagename == 'search' or not theme_search_as_you_type|tobool %}")
    return SCRIPT.sub(r"<script defer src=\g<src>", body)


def templates() -> dict[str, str]:
    body = extrahead(pydata_theme_file(NAME))
    if body is None:
        return {}
    return {
        NAME: "{#- Written by edition.speed.search_scripts from pydata-sphinx-theme's layout.html. -#}\n"
        '{%- extends "!layout.html" %}\n'
        "{%- block extrahead %}" + body + "{%- endblock extrahead %}\n"
    }
