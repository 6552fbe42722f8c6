"""What depends on where the book is published (`html_baseurl`, `repository: url:`; see
`edition.sphinx.site`): the book's addresses in the text, the launch buttons, the notebooks to download.

- The role {book-address}`chapters/edition#t05` prints a page's absolute address when the book has one, else
  its path within the book (a working relative link): never a placeholder. The page is named by its docname
  (the html builder's file name, `chapters/edition.html#t05`, names it too); the address is the builder's
  (`edition.sphinx.addresses`).
- Without a repository there is nothing to launch: the launch buttons are dropped (the theme would otherwise
  fail on every notebook page).
- Each notebook page offers the notebook as a reader downloads it (`publish.download_copy`), written beside the
  page, also in the student edition, which copies no page sources into the site.
- Each notebook page says how to run it in this build (`how_to_run`), in place of the "Run it yourself" line
  of its first Markdown cell (which is written for a reader already in Jupyter): where the build has a
  launch button, how to use it; where it has none, how to run the notebook on one's own computer, with links
  to the notebook and to the files it needs. A build without a repository to point to writes those files
  beside the notebooks as one archive (`NEEDS`), so the link works wherever the site is copied.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util.docutils import ReferenceRole, SphinxRole

from edition.sphinx.addresses import file_uri, page_uri, site_reference
from edition.sphinx.site import download_copy

DOWNLOAD_GROUP, SOURCE_BUTTON, NOTEBOOK = "download-buttons", "download-source-button", "download-notebook-button"
# The line of a notebook's first Markdown cell that the page replaces: a list item and its indented lines.
RUN_LINE = re.compile(r"^- \*\*Run it yourself\*\*:.*(?:\n[ \t]+\S.*)*", re.M)
# What the notebooks need beside them, for a build with no repository to link: the archive written beside them.
ARCHIVE, FOLDER = "run-the-notebooks.zip", "run-the-notebooks"  # the archive, and the folder it unpacks to
NEEDS = (
    "requirements.txt",
    "runtime.txt",
    "pyproject.toml",
    "LICENSE",
    "_config.yml",
    "seeds/*.txt",
    "annotations/*.yml",
    "edition/**/*",
    "notebooks/*.ipynb",
)


class BookAddressRole(SphinxRole):
    """A page of this book by its docname (and anchor), as a link whose text is the address a reader can copy:
    the builder's, once it is known (`addresses.ResolveSiteReferences`)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        page, _, anchor = self.text.strip().lstrip("/").partition("#")
        docname = page if page in self.env.found_docs else page.removesuffix(".html")  # the html builder's name
        if docname not in self.env.found_docs:
            message = f"{{book-address}}: no page {page!r} in this book (give its docname, e.g. chapters/edition)"
            return [], [self.inliner.reporter.error(message, line=self.lineno)]
        return [site_reference(docname=docname, anchor=anchor)], []


class BookFileRole(ReferenceRole):
    """{book-file}`text <notebooks/analysis.ipynb>`: a link to a file of the built site by its path from the
    site's root, relative to the page as the builder lays it out, so that it works wherever the site is
    served or copied."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [site_reference(path=self.target.lstrip("/"), title=self.title)], []


def repository_of(config: Config) -> str:
    return config.html_theme_options.get("repository_url", "")


def has_launch_button(config: Config) -> bool:
    """Whether the theme shows a launch button: a repository to launch from and a BinderHub to launch on."""
    return bool(repository_of(config) and config.html_theme_options.get("launch_buttons", {}).get("binderhub_url"))


def how_to_run(docname: str, repository: str, launch: bool) -> str:
    """The page's "Run it yourself" line (MyST): what this build offers for running the notebook `docname`."""
    notebook = f"{docname}.ipynb"
    steps = f"run `pip install -r requirements.txt jupyterlab`, start `jupyter lab` and open `{notebook}`"
    alone = f"{{book-file}}`This notebook <{notebook}>` can be downloaded alone too (the download button at the top)"
    if launch:
        return (
            "- **Run it yourself**: the launch button at the top of this page (the rocket icon) opens this notebook "
            "on Binder: choose *Binder*, and once it has started (it may take a few minutes) the notebook runs in "
            "your browser, with nothing to install. A Binder session is temporary: download what you want to keep. "
            f"On your own computer instead: download [the edition's repository]({repository}); in its folder, "
            f"{steps}. {alone}; its first code cell says what it needs."
        )
    return (
        "- **Run it yourself**: this copy of the book has no launch button, so run the notebook on your own "
        f"computer. Download {{book-file}}`the files it needs <{Path(notebook).parent.as_posix()}/{ARCHIVE}>` "
        "(the edition's package and data, `requirements.txt` and the notebooks) and unpack them; in the folder "
        f"`{FOLDER}`, {steps}. {alone}, but it runs only inside that folder."
    )


def say_how_to_run(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the build's "Run it yourself" line in a notebook's first Markdown cell, before the page is parsed."""
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return
    notebook = json.loads(source[0])
    first = next((c for c in notebook["cells"] if c["cell_type"] == "markdown"), None)
    text = _text(first) if first else ""
    if not RUN_LINE.search(text):
        raise ExtensionError(
            f"{docname}.ipynb: the first Markdown cell has no line '- **Run it yourself**: ...' for the build to "
            "replace with how to run the notebook (see edition.sphinx.publishing)"
        )
    line = how_to_run(docname, repository_of(app.config), has_launch_button(app.config))
    first["source"] = RUN_LINE.sub(lambda _: line, text, count=1)  # type: ignore[index]
    source[0] = json.dumps(notebook)


def reread_on_a_new_offer(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The notebook pages again when the build's offer (a launch button, the repository) differs from the last
    build's: their text was put in when they were read, and a theme option alone would not have them read again."""
    offer = (repository_of(app.config), has_launch_button(app.config))
    if getattr(env, "edition_run_offer", offer) == offer:
        env.edition_run_offer = offer
        return []
    env.edition_run_offer = offer
    return [d for d in env.found_docs if Path(env.doc2path(d)).suffix == ".ipynb"]


def _text(cell: dict[str, Any]) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def write_archive(app: Sphinx, exception: Exception | None) -> None:
    """Without a repository to link, the files the notebooks need, as one archive beside them."""
    if exception is not None or app.builder.format != "html" or repository_of(app.config):
        return
    root = Path(app.srcdir)
    folders = {Path(d).parent for d in app.env.found_docs if Path(app.env.doc2path(d)).suffix == ".ipynb"}
    files = sorted({p for pattern in NEEDS for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts})
    for folder in folders:
        target = Path(app.outdir) / folder / ARCHIVE
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, f"{FOLDER}/{path.relative_to(root).as_posix()}")


def no_launch_without_repository(app: Sphinx, config: Config) -> None:
    if not repository_of(config):
        config.html_theme_options.pop("launch_buttons", None)


def is_notebook(app: Sphinx, pagename: str) -> bool:
    return Path(app.env.doc2path(pagename)).suffix == ".ipynb"


def point_downloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The one place that edits the theme's header buttons: the download menu offers what this build wrote.

    - A notebook page's source button offers the reader's copy, written beside the page (`write_notebooks`),
      also in the student edition, which copies no sources.
    - Any other page without a copied source (the student edition: `html_copy_source` off) loses the button:
      sphinx-book-theme still shows it, linking `_sources/`, a dead link on every page (the canary in
      tests/test_links.py tells when upstream stops). The rest of the menu (print to PDF) stays.
    """
    notebook, copied = is_notebook(app, pagename), bool(context.get("sourcename"))
    for group in (g for g in context.get("header_buttons", []) if g.get("label") == DOWNLOAD_GROUP):
        if notebook:
            for button in (b for b in group["buttons"] if b.get("label") == SOURCE_BUTTON):
                url = file_uri(app.builder, pagename, f"{pagename}.ipynb")
                button.update(url=url, tooltip="Download the notebook", label=NOTEBOOK)
        elif not copied:
            group["buttons"][:] = [b for b in group["buttons"] if b.get("label") != SOURCE_BUTTON]


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
            # The copy is opened beside the page's file: its links are relative to that file, or on the site.
            here = f"{docname}.ipynb"
            copied = download_copy(
                notebook, docname, lambda page, here=here: page_uri(app.builder, page, here, site), site, repository
            )
            target.write_text(json.dumps(copied, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition.sphinx.addresses")
    app.add_role("book-address", BookAddressRole())
    app.add_role("book-file", BookFileRole())
    app.connect("config-inited", no_launch_without_repository)
    app.connect("source-read", say_how_to_run)
    app.connect("env-get-outdated", reread_on_a_new_offer)
    app.connect("build-finished", write_archive)
    app.connect("html-page-context", point_downloads, priority=600)  # after the theme fills the buttons (501)
    app.connect("build-finished", write_notebooks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
