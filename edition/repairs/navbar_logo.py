"""The book's title (or logo) in a named landmark.

pydata-sphinx-theme's `navbar-logo.html` is a bare link; sphinx-book-theme puts it at the top of the primary
sidebar, which is not a landmark, so axe reports content outside landmarks ("region"). The override wraps
the installed theme's own template in `<nav aria-label="Book title">`: the title, or a configured `logo:`,
still comes from the theme.
"""

from __future__ import annotations

NAME = "navbar-logo.html"
WRAPPER = """{#- Written by edition.repairs.navbar_logo: the theme's own logo link, in a named landmark. -#}
<nav aria-label="Book title">
{%- include "components/navbar-logo.html" %}
</nav>
"""


def templates() -> dict[str, str]:
    return {NAME: WRAPPER}
