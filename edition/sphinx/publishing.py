"""What depends on where the book is published (`html_baseurl`, `repository: url:`; see
`edition.classroom.publish`): the book's addresses in the text, the launch buttons, the notebooks to download.

- The role {book-address}`chapters/edition.html#t05` prints a page's absolute address when the book has one,
  else its path within the book (a working relative link): never a placeholder.
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

from edition.classroom.publish import download_copy, site_address

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
    """A page of this book by its built path, as a link whose text is the address a reader can copy."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        base = self.config.html_baseurl
        if base:
            address = site_address(base) + self.text.lstrip("/")
            return [nodes.reference(address, address, refuri=address)], []
        here = Path(self.env.docname).parent
        relative = Path(*[".."] * len(here.parts), self.text) if here.parts else Path(self.text)
        return [nodes.reference("", "", nodes.literal(self.text, self.text), refuri=relative.as_posix())], []


class BookFileRole(ReferenceRole):
    """{book-file}`text <notebooks/analysis.ipynb>`: a link to a file of the built site by its path from the
    site's root, relative to the page, so that it works wherever the site is served or copied."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        here = Path(self.env.docname).parent
        relative = Path(*[".."] * len(here.parts), self.target) if here.parts else Path(self.target)
        return [nodes.reference(self.rawtext, self.title, refuri=relative.as_posix())], []


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
    app.add_role("book-file", BookFileRole())
    app.connect("config-inited", no_launch_without_repository)
    app.connect("source-read", say_how_to_run)
    app.connect("env-get-outdated", reread_on_a_new_offer)
    app.connect("build-finished", write_archive)
    app.connect("html-page-context", point_downloads, priority=600)
    app.connect("build-finished", write_notebooks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
