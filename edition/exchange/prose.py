"""The editors' MyST prose (notes, register entries) as TEI: the same words, with the markup TEI has for them.

Notes and registers are written in a small part of MyST: *emphasis*, **strong**, `code`, [text](url) and
the roles {cite}, {term}, {ref} and {doc}, read by the edition's one MyST parser (`edition.data.myst`).
Anything else stops the export with the text that holds it, so that new markup is noticed here rather than
printed raw.
"""

from __future__ import annotations

import re

from lxml import etree

from edition.data.myst import inline, role_keys, role_target

TEI_NS = "http://www.tei-c.org/ns/1.0"

# Characters that are markup when they stand unescaped in text: a star or backtick left over is a broken
# *emphasis* or `code`, "](" a broken link, "{role}`" a broken role.
_LEFTOVER = re.compile(r"\{[a-z:]+\}`|[*`]|\]\(")
_CONTAINERS = {"em_open": ("hi", {"rend": "italic"}), "strong_open": ("hi", {"rend": "bold"})}


def tei(tag: str, **attributes: str) -> etree._Element:
    """A TEI element; `xml_id` becomes xml:id."""
    element = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
    for name, value in attributes.items():
        key = "{http://www.w3.org/XML/1998/namespace}id" if name == "xml_id" else name
        element.set(key, value)
    return element


def child(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = tei(tag, **attributes)
    element.text = text
    parent.append(element)
    return element


def append_text(parent: etree._Element, text: str) -> None:
    """Add text after whatever `parent` already holds (its text, or the tail of its last child)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _role(parent: etree._Element, role: str, content: str, source: str) -> None:
    if role.split(":")[0] == "cite":
        for key in role_keys(content):
            bibl = child(parent, "bibl")
            child(bibl, "idno", key, type="citation-key")
        return
    if role not in ("term", "ref", "doc"):
        raise ValueError(f"the role {{{role}}} has no TEI form in the export: {source!r}")
    text, _ = role_target(content)
    append_text(parent, text or content)


def append_inline(parent: etree._Element, text: str, source: str | None = None) -> None:
    """Append one paragraph of MyST inline markup to `parent`; whitespace runs become single spaces."""
    source = source if source is not None else text
    stack = [parent]
    for token in inline(" ".join(text.split())):
        here = stack[-1]
        leftover = _LEFTOVER.search(token.content) if token.type == "text" else None
        if leftover:
            raise ValueError(f"unsupported MyST markup {leftover.group(0)!r} in {source!r}")
        if token.type == "text":
            append_text(here, token.content)
        elif token.type in ("text_special", "softbreak"):
            append_text(here, token.content if token.type == "text_special" else " ")
        elif token.type == "myst_role":
            _role(here, str(token.meta.get("name", "")), token.content, source)
        elif token.type == "code_inline":
            child(here, "code", token.content)
        elif token.type == "link_open":
            stack.append(child(here, "ref", target=str(token.attrs["href"])))
        elif token.type in _CONTAINERS:
            tag, attributes = _CONTAINERS[token.type]
            stack.append(child(here, tag, **attributes))
        elif token.type in ("link_close", "em_close", "strong_close"):
            stack.pop()
        else:
            raise ValueError(f"unsupported MyST markup ({token.type}) in {source!r}")


def append_paragraphs(parent: etree._Element, text: str) -> None:
    """Each blank-line-separated paragraph of MyST as a TEI <p> inside `parent`."""
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        append_inline(child(parent, "p"), paragraph, text)
