"""What depends on where the book is published (`html_baseurl`, `repository: url:`; see
`edition.classroom.publish`): the book's addresses in the text, the launch buttons, the notebooks to download.

- The role {book-address}`chapters/edition.html#t05` prints a page's absolute address when the book has one,
  else its path within the book (a working relative link): never a placeholder.
- Without a repository there is nothing to launch: the launch buttons are dropped (the theme would otherwise
  fail on every notebook page).
- Each notebook page offers the notebook as a reader downloads it (`publish.download_copy`), written beside the
  page, also in the student edition, which copies no page sources into the site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxRole

from edition.classroom.publish import download_copy, site_address

DOWNLOAD_GROUP, SOURCE_BUTTON, NOTEBOOK = "download-buttons", "download-source-button", "download-notebook-button"


class BookAddressRole(SphinxRole):
    """A page of this book by its built path, as a link whose text is the address a reader can copy."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        base = self.config.html_baseurl
        if base:
            address = site_address(base) + self.text.lstrip("/")
            return [nodes.reference(address, address, refuri=address)], []
        here = Path(self.env.docname).parent
        relative = Path(*[".."] * len(here.parts), self.text) if here.parts else Path(self.text)
        return [nodes.reference("", "", nodes.literal(self.text, self.text), refuri=relative.as_posix())], []


def repository_of(config: Config) -> str:
    return config.html_theme_options.get("repository_url", "")


def no_launch_without_repository(app: Sphinx, config: Config) -> None:
    if not repository_of(config):
        config.html_theme_options.pop("launch_buttons", None)


def is_notebook(app: Sphinx, pagename: str) -> bool:
    return Path(app.env.doc2path(pagename)).suffix == ".ipynb"


def point_downloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """A notebook page's download button offers the reader's copy, written beside the page (the student
    edition copies no sources; edition.repairs drops the dead source buttons of the other pages)."""
    if not is_notebook(app, pagename):
        return
    downloads = [g for g in context.get("header_buttons", []) if g.get("label") == DOWNLOAD_GROUP]
    for button in (b for group in downloads for b in group["buttons"] if b.get("label") == SOURCE_BUTTON):
        button.update(url=context["pathto"](f"{pagename}.ipynb", 1), tooltip="Download the notebook", label=NOTEBOOK)


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Each notebook, as a reader downloads it, beside its page."""
    if exception is not None or app.builder.format != "html":
        return
    site, repository = app.config.html_baseurl or None, repository_of(app.config) or None
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        if source.suffix == ".ipynb":
            notebook = json.loads(source.read_text(encoding="utf-8"))
            target = Path(app.outdir) / f"{docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            copied = download_copy(notebook, docname, site, repository)
            target.write_text(json.dumps(copied, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("book-address", BookAddressRole())
    app.connect("config-inited", no_launch_without_repository)
    app.connect("html-page-context", point_downloads, priority=600)
    app.connect("build-finished", write_notebooks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
