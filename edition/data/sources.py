"""Where the edition's data lives. Paths are configured (by the book's `edition_*` settings, or found from
the working directory), never derived from where the package is installed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

SEED = "seeds/000_c4ba001cd7a955e4.txt"
MARK = "_config.yml"  # the book's root holds its configuration
# The book's page that holds the record, by its docname (chapters/edition.md). A build links the page that
# holds the transcript, at the address its builder gives (edition.sphinx.addresses); this name is for what
# is made without a build: the command line's exports, the handouts' pages, the notebooks' links.
EDITION_PAGE = "chapters/edition"


def html_page(docname: str) -> str:
    """A page's path in the site as Sphinx's html builder writes it (`chapters/edition.html`): the one rule for
    the addresses made where no builder is at hand. A build asks its builder (html, dirhtml, ...) instead."""
    return f"{docname}.html"


def on_site(site: str, path: str) -> str:
    """The absolute address of `path` (a page's or a file's path from the site's root, as a builder or
    `html_page` gives it) on the site whose address is `site`."""
    return urljoin(site if site.endswith("/") else f"{site}/", path)


@dataclass(frozen=True)
class Sources:
    root: Path
    seed: Path
    annotations: Path
    bibliographies: tuple[Path, ...]
    context: Path

    @property
    def topics(self) -> Path:
        return self.annotations / "topics.yml"

    def note_files(self) -> list[Path]:
        return sorted(self.annotations.glob("notes*.yml"))

    def annotation_files(self) -> list[Path]:
        return sorted(self.annotations.glob("*.yml"))

    def data_files(self) -> list[Path]:
        """Every file the edition is made from, for rebuilds that must notice a change."""
        return [self.seed, *self.bibliographies, *self.annotation_files()]

    @classmethod
    def at(
        cls,
        root: Path,
        seed: str = SEED,
        annotations: str = "annotations",
        bibliographies: tuple[str, ...] = ("references.bib",),
        context: str = "chapters/context",
    ) -> Sources:
        root = root.resolve()
        return cls(root, root / seed, root / annotations, tuple(root / b for b in bibliographies), root / context)


def toc_pages(toc: Path) -> list[str]:
    """The book's pages as its `_toc.yml` lists them (the root and every `file`), by docname: the pages a
    build reads (`only_build_toc_files`), for what checks them without a build (the CLI)."""
    import yaml

    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(node[key].removesuffix(".md").removesuffix(".ipynb"))
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(toc.read_text(encoding="utf-8")))
    return found


def find_root(start: Path | None = None) -> Path:
    """The book's root: the nearest folder, from `start` (the working directory) upwards, with _config.yml
    and the seed. A notebook opened in notebooks/ or a command run anywhere in the checkout finds it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARK).is_file() and (folder / SEED).is_file():
            return folder
    raise FileNotFoundError(
        f"No edition found in {here} or above it (a folder with {MARK} and {SEED}). Run this from inside a "
        "copy of the edition's repository, or pass its folder explicitly."
    )
