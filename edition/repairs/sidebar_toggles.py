"""The sidebar buttons that a reader sees are the ones that open the sidebars.

pydata-sphinx-theme 0.17 puts a site-navigation button (`.primary-toggle`) and a page-contents button
(`.secondary-toggle`) in its page header; sphinx-book-theme hides both there (`.bd-header
button.sidebar-toggle {display: none}`) and shows its own pair in the article header. pydata's script binds
`document.querySelector(".primary-toggle")` (and the same for the secondary one): the first in the page, the
hidden one, so tapping the visible button on a phone or tablet only shows its tooltip and no sidebar opens
(pydata-sphinx-theme issue 2451, sphinx-book-theme issue 988). sphinx-book-theme's own desktop listener,
which hides the primary sidebar at 992 px and wider, binds the same hidden button.

The override is the installed theme's `sections/header.html` without those two hidden buttons, so the first
`.primary-toggle` and `.secondary-toggle` are the visible ones and both themes' scripts bind them: the
sidebars open as the theme means them to, in its own dialog, with its keyboard use and Escape. It is written
only under sphinx-book-theme, which hides the buttons (the extension checks the theme); under
pydata-sphinx-theme alone they are its only ones.
"""

from __future__ import annotations

import re

from edition.repairs.generated import pydata_theme_file

NAME = "sections/header.html"
# A whole `<button class="… sidebar-toggle …">…</button>` element with the lines around it, and the Jinja
# condition that encloses it alone, if any.
_BUTTON = re.compile(
    r"(?P<open>[ \t]*\{%-? if [^%]*%\}\s*)?"
    r"[ \t]*<button class=\"[^\"]*\bsidebar-toggle\b[^\"]*\"[^>]*>.*?</button>\s*?\n"
    r"(?(open)\s*\{%-? endif -?%\}[ \t]*\n)",
    re.S,
)


def header(source: str) -> str | None:
    """The theme's header without its sidebar buttons; None when it has none (upstream changed)."""
    text, count = _BUTTON.subn("", source)
    if not count:
        return None
    return (
        "{#- Written by edition.repairs.sidebar_toggles from pydata-sphinx-theme's "
        + NAME
        + "; do not edit. -#}\n"
        + text
    )


def templates() -> dict[str, str]:
    text = header(pydata_theme_file(NAME))
    return {NAME: text} if text else {}
