"""Where the book is published, and the notebooks readers take away from it.

The site's address (`html: baseurl:`) and its repository (`repository: url:`) live in one place, the book's
`_config.yml`, and are empty there: a local build has no address to print and no repository to launch a
notebook from. The publishing workflow (.github/workflows/publish.yml) fills both in from the repository it
runs in, before it builds (`python -m edition publish`); the Binder buttons, the addresses on "How
to cite" and the links in the notebooks readers download all derive from these two values at build time.

A notebook in the repository cannot know where the book is published, so its links to the record are the
book's own cross-references (`../chapters/edition.md`), which the build checks and renders as links to the
built pages. The copy a reader downloads is rewritten by the build: those links point to the built pages
(absolute when the book has an address), and the one-sentence instruction in its first code cell names the
repository to download.
"""

from __future__ import annotations

import copy
import posixpath
import re
from pathlib import Path
from typing import Any

import yaml

GITHUB = re.compile(r"https://github\.com/[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")
# The words of the install sentence (each notebook's first code cell) that the download copy completes
# with the repository's address.
REPOSITORY_WORDS = "the edition's repository"
# A Markdown link to another page of the book, by its source file: [text](../chapters/edition.md#t05).
BOOK_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+?)\.(?:md|ipynb)(#[^)\s]*)?\)")


def site_address(site: str) -> str:
    """The site's address as Sphinx wants `html_baseurl`: absolute, ending in a slash."""
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", site):
        raise ValueError(f"--site {site!r} is not an absolute http(s) address such as https://owner.github.io/repo/")
    return site if site.endswith("/") else site + "/"


def configure(config: Path, out: Path, site: str, repository: str, branch: str) -> Path:
    """A copy of the book's configuration (or the same file, when `out` is `config`) with its address filled in."""
    if not GITHUB.fullmatch(repository):
        raise ValueError(f"--repository {repository!r} is not a GitHub repository address (https://github.com/o/r)")
    if not branch:
        raise ValueError("--branch is empty; give the branch that Binder should launch from, e.g. main")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    html = data.setdefault("html", {})
    html["baseurl"] = site_address(site)
    html["use_repository_button"] = True
    data.setdefault("repository", {}).update(url=repository, branch=branch)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def page_address(docname: str, site: str | None, from_doc: str) -> str:
    """The address of a built page: absolute under the site when there is one, else relative to `from_doc`."""
    if site:
        return f"{site_address(site)}{docname}.html"
    return posixpath.relpath(f"{docname}.html", posixpath.dirname(from_doc) or ".")


def download_copy(notebook: dict[str, Any], docname: str, site: str | None, repository: str | None) -> dict[str, Any]:
    """The notebook as a reader downloads it from the book: links to pages of the built book, not to its
    sources, and the repository named in the install sentence when the book has one."""
    result = copy.deepcopy(notebook)
    cells = result["cells"]
    first_code = next((c for c in cells if c["cell_type"] == "code"), None)
    if first_code is None or REPOSITORY_WORDS not in _text(first_code):
        raise ValueError(
            f"{docname}.ipynb: the first code cell must say what to install, naming {REPOSITORY_WORDS!r} "
            "(see edition.classroom.publish)"
        )
    if repository:
        first_code["source"] = _text(first_code).replace(REPOSITORY_WORDS, f"{REPOSITORY_WORDS} ({repository})", 1)

    def to_page(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), match.group(1)))
        return f"]({page_address(target, site, docname)}{match.group(2) or ''})"

    for cell in cells:
        if cell["cell_type"] == "markdown":
            cell["source"] = BOOK_LINK.sub(to_page, _text(cell))
    return result


def _text(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)
