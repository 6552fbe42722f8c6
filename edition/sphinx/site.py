"""Where the book is published, and the notebooks readers take away from it.

The site's address (`html: baseurl:`) and its repository (`repository: url:`) live in one place, the book's
`_config.yml`, and are empty there: a local build has no address to print and no repository to launch a
notebook from. The publishing workflow (.github/workflows/publish.yml) fills both in from the repository it
runs in, before it builds (`python -m edition publish`); the Binder buttons, the addresses on "How
to cite" and the links in the notebooks readers download all derive from these two values at build time.

A notebook opened in JupyterLab cannot follow a link to a chapter's source (`../chapters/edition.md` opens
as raw MyST, without the record's text), so the notebooks name the book's pages in words and show the links
in a code cell (`edition.notebook.book.book_links`): to the published site when its address is recorded in
the repository. `configure` records it (`RECORD`, beside the configuration it writes: `python -m edition
publish` writes both in the repository's root; commit `RECORD` so that Binder and every copy of the
repository link the site). Links between notebooks stay relative: they open the notebook in JupyterLab
and its page in the book.

The copy a reader downloads is rewritten by the build: its links point to the built pages (absolute when the
book has an address), its `book_links` call names the site, and the message of its first code cell (shown
where the edition's package is missing) names the repository and the commands that fetch it.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from edition.notebook.book import RECORD

GITHUB = re.compile(r"https://github\.com/[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")
# The words of the install message (each notebook's first code cell) that the download copy completes with
# the repository's address, and the line it replaces with the commands that fetch the repository.
REPOSITORY_WORDS = "the edition's repository"
IN_ITS_FOLDER = '"In a terminal, in the repository\'s folder, run:\\n"'
LINKS_CALL = re.compile(r"\bbook_links\(([^()\n]*)\)")
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
    record_site(out.parent, site, repository)
    return out


def record_site(folder: Path, site: str, repository: str) -> Path:
    """Write `RECORD` into `folder` (the book's root when `python -m edition publish` runs there): the site's
    address and repository, which the notebooks read to link the published book."""
    path = folder / RECORD
    body = {"site": site_address(site), "repository": repository}
    path.write_text(
        "# Where the book is published: written by `python -m edition publish`. Commit this file: the notebooks\n"
        "# read it to link the book's pages (edition/notebook/book.py).\n" + yaml.safe_dump(body, sort_keys=False),
        encoding="utf-8",
    )
    return path


def download_copy(
    notebook: dict[str, Any], docname: str, address: Callable[[str], str], site: str | None, repository: str | None
) -> dict[str, Any]:
    """The notebook as a reader downloads it from the book: links to pages of the built book, not to its
    sources (`address` gives a page's address by its docname, as the build's builder writes it: on the site
    when the book has one, else relative to the downloaded file), and the repository named in the install
    sentence when the book has one."""
    result = copy.deepcopy(notebook)
    cells = result["cells"]
    first_code = next((c for c in cells if c["cell_type"] == "code"), None)
    if first_code is None or REPOSITORY_WORDS not in _text(first_code):
        raise ValueError(
            f"{docname}.ipynb: the first code cell must say what to install, naming {REPOSITORY_WORDS!r} "
            "(see edition.sphinx.site)"
        )
    if repository:
        folder = repository.rstrip("/").rsplit("/", 1)[-1]
        fetch = (
            '"In a terminal, run (or, without git, download the repository as a ZIP from its page, unpack it and '
            'run the last two lines in its folder):\\n"\n'
            f'        "    git clone {repository}\\n"\n'
            f'        "    cd {folder}\\n"'
        )
        code = _text(first_code).replace(REPOSITORY_WORDS, f"{REPOSITORY_WORDS} ({repository})", 1)
        first_code["source"] = code.replace(IN_ITS_FOLDER, fetch, 1)
    if site:
        for cell in cells:
            if cell["cell_type"] == "code" and LINKS_CALL.search(_text(cell)):
                cell["source"] = LINKS_CALL.sub(lambda m: _with_site(m.group(1), site), _text(cell))

    def to_page(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), match.group(1)))
        return f"]({address(target)}{match.group(2) or ''})"

    for cell in cells:
        if cell["cell_type"] == "markdown":
            cell["source"] = BOOK_LINK.sub(to_page, _text(cell))
    return result


def _with_site(arguments: str, site: str) -> str:
    named = f"site={site_address(site)!r}"
    return f"book_links({arguments}, {named})" if arguments.strip() else f"book_links({named})"


def _text(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)
