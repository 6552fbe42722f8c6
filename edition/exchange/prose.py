"""The editors' MyST prose (notes, register entries) as TEI: the same words, with the markup TEI has for them.

Notes and registers are written in a small part of MyST: *emphasis*, **strong**, `code`, [text](url) and
the roles {cite}, {term}, {ref} and {doc}. Anything else stops the export with the text that holds it, so that
new markup is noticed here rather than printed raw.
"""

from __future__ import annotations

import re

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"

_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<content>[^`]*)`"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)"
    r"|\*\*(?P<strong>.+?)\*\*"
    r"|\*(?P<emphasis>[^*]+?)\*"
)
_TARGETED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_LEFTOVER = re.compile(r"\{[a-z:]+\}`|[*`]|\]\(")


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
        for key in (k.strip() for k in content.split(",")):
            bibl = child(parent, "bibl")
            child(bibl, "idno", key, type="citation-key")
        return
    if role not in ("term", "ref", "doc"):
        raise ValueError(f"the role {{{role}}} has no TEI form in the export: {source!r}")
    targeted = _TARGETED.match(content)
    append_text(parent, targeted["text"] if targeted and targeted["text"] else content)


def append_inline(parent: etree._Element, text: str, source: str | None = None) -> None:
    """Append one paragraph of MyST inline markup to `parent`; whitespace runs become single spaces."""
    source = source if source is not None else text
    text = " ".join(text.split())
    at = 0
    for token in _INLINE.finditer(text):
        _check_plain(text[at : token.start()], source)
        append_text(parent, text[at : token.start()])
        at = token.end()
        if token["escaped"]:
            append_text(parent, token["escaped"])
        elif token["role"]:
            _role(parent, token["role"], token["content"], source)
        elif token["code"]:
            child(parent, "code", token["code"])
        elif token["url"]:
            append_inline(child(parent, "ref", target=token["url"]), token["label"], source)
        else:
            emphasis = token["strong"] is None
            hi = child(parent, "hi", rend="italic" if emphasis else "bold")
            append_inline(hi, token["emphasis"] if emphasis else token["strong"], source)
    _check_plain(text[at:], source)
    append_text(parent, text[at:])


def _check_plain(text: str, source: str) -> None:
    leftover = _LEFTOVER.search(text)
    if leftover:
        raise ValueError(f"unsupported MyST markup {leftover.group(0)!r} in {source!r}")


def append_paragraphs(parent: etree._Element, text: str) -> None:
    """Each blank-line-separated paragraph of MyST as a TEI <p> inside `parent`."""
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        append_inline(child(parent, "p"), paragraph, text)
