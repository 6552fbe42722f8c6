"""The editors' MyST, read once, by markdown-it-py (the parser MyST itself is built on).

Notes, register entries and chapters are written in MyST; the checks (citation keys, quotations), the TEI
export and the notebooks all need its inline structure: text, *emphasis*, **strong**, `code`, links and
roles. Reading it here, with the real parser, means that an escaped `\\*` is a star, a role inside code is
code, and no module keeps a regular expression of its own for the same markup.
"""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_role import myst_role_plugin


def _parser() -> MarkdownIt:
    parser = (
        MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(colon_fence_plugin).use(myst_role_plugin)
    )
    parser.disable("text_join")  # keep escaped characters apart (text_special) from the text around them
    return parser


PARSER = _parser()


def blocks(source: str) -> list[Token]:
    """The block tokens of a MyST text (paragraphs, headings, fences, lists, tables)."""
    return PARSER.parse(source)


def inline(source: str) -> Iterator[Token]:
    """The inline tokens of every paragraph, heading, list item and table cell, in order."""
    for token in blocks(source):
        if token.type == "inline":
            yield from token.children or ()


def role_target(content: str) -> tuple[str, str | None]:
    """(text, target) of a role's content: `turn 3 <t03>` -> ("turn 3", "t03"); `back channel` -> (it, None)."""
    content = content.strip()
    if content.endswith(">") and "<" in content:
        text, _, target = content[:-1].rpartition("<")
        return text.strip(), target.strip()
    return content, None


def role_keys(content: str) -> tuple[str, ...]:
    """The citation keys of a {cite} role's content: `a, b` -> ("a", "b")."""
    return tuple(key.strip() for key in content.split(",") if key.strip())


def cite_keys(source: str) -> list[str]:
    """Every citation key that the text's {cite} roles name, in order."""
    return [
        key
        for token in inline(source)
        if token.type == "myst_role" and str(token.meta.get("name", "")).startswith("cite")
        for key in role_keys(token.content)
    ]
