"""Every address in the built book comes from its builder: `chapters/edition.html` under the html builder,
`chapters/edition/` under dirhtml, whatever another builder writes. Nothing here adds a suffix or a "../".

- `page_uri`: a page by its docname, absolute on the site when the book has an address, else relative to what
  links to it (a page's target URI, or a file's path in the site).
- `file_uri`: a file of the built site (a notebook, an archive, the data) by its path from the site's root,
  relative to the page that links it.
- `site_reference`: the node a role leaves in the doctree (which is read once and written by any builder), for
  `ResolveSiteReferences` to turn into a link once the builder is known.
- `edition_page`: the docname of the page that holds the record: the page whose doctree holds the turns, noted
  when it is read (`edition.data.sources.EDITION_PAGE` where no page has been read yet).

Addresses made without a builder (the command line's TEI and citations, the notebooks) follow the html
builder's rule, stated once in `edition.data.sources.html_page`.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from edition.data.sources import EDITION_PAGE, on_site

EDITION_PAGE_ATTRIBUTE = "edition_page_docname"


def page_uri(builder: Any, docname: str, here: str, site: str | None = None) -> str:
    """The address of the page `docname`: on `site` when given, else relative to `here`."""
    target = builder.get_target_uri(docname)
    return on_site(site, target) if site else relative_uri(here, target)


def file_uri(builder: Any, docname: str, path: str) -> str:
    """A link from the page `docname` to the file at `path` (from the site's root), as the builder lays out pages."""
    return relative_uri(builder.get_target_uri(docname), path)


def edition_page(env: BuildEnvironment) -> str:
    """The docname of the page that holds the record in this build."""
    return getattr(env, EDITION_PAGE_ATTRIBUTE, None) or EDITION_PAGE


def note_edition_page(app: Sphinx, doctree: nodes.document) -> None:
    from edition.sphinx.doctree import turn

    if any(True for _ in doctree.findall(turn)):
        setattr(app.env, EDITION_PAGE_ATTRIBUTE, app.env.docname)


def forget_edition_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    if getattr(env, EDITION_PAGE_ATTRIBUTE, None) == docname:
        setattr(env, EDITION_PAGE_ATTRIBUTE, None)


def merge_edition_page(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    if getattr(other, EDITION_PAGE_ATTRIBUTE, None) in docnames:
        setattr(env, EDITION_PAGE_ATTRIBUTE, getattr(other, EDITION_PAGE_ATTRIBUTE))


class site_reference(nodes.Inline, nodes.Element):
    """A link to a page (`docname`, with its `anchor`) or to a file (`path`) of the built site, with the words
    `title`; without a title, the page's address is the link's text."""


class ResolveSiteReferences(SphinxPostTransform):
    """Each `site_reference` as a link at the address the builder gives, from the page being written."""

    default_priority = 5  # before the references Sphinx resolves (10)

    def run(self, **kwargs: Any) -> None:
        builder, docname = self.app.builder, self.env.docname
        here = builder.get_target_uri(docname)
        site = self.config.html_baseurl or None
        for node in list(self.document.findall(site_reference)):
            if node.get("path"):
                uri = file_uri(builder, docname, node["path"])
                node.replace_self(nodes.reference(node["title"], node["title"], refuri=uri))
                continue
            anchor = f"#{node['anchor']}" if node.get("anchor") else ""
            uri = page_uri(builder, node["docname"], here, site) + anchor
            if node.get("title"):
                node.replace_self(nodes.reference(node["title"], node["title"], refuri=uri))
            elif site:
                node.replace_self(nodes.reference(uri, uri, refuri=uri))
            else:  # the page's path within the book, as the builder writes it, for a reader to find
                shown = builder.get_target_uri(node["docname"]) + anchor
                node.replace_self(nodes.reference("", "", nodes.literal(shown, shown), refuri=uri))


def setup(app: Sphinx) -> dict[str, Any]:
    """Set up by the edition extension and by the publishing extension (`app.setup_extension`: once)."""
    app.add_node(site_reference)
    app.add_post_transform(ResolveSiteReferences)
    app.connect("doctree-read", note_edition_page)
    app.connect("env-purge-doc", forget_edition_page)
    app.connect("env-merge-info", merge_edition_page)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
