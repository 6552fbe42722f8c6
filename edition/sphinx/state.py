"""What the extension keeps on the build environment: the loaded apparatus (one typed accessor), dicts by page."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from edition.data.apparatus import Apparatus

ATTRIBUTE = "edition_apparatus"


def set_apparatus(env: BuildEnvironment, apparatus: Apparatus) -> None:
    setattr(env, ATTRIBUTE, apparatus)


def apparatus(env: BuildEnvironment) -> Apparatus:
    """The text, registers, notes and topics loaded for this build (at builder-inited)."""
    loaded = getattr(env, ATTRIBUTE, None)
    if loaded is None:
        raise ExtensionError("the edition's data was not loaded: is edition.sphinx listed in the extensions?")
    return loaded


def keep_per_page(app: Sphinx, attribute: str) -> None:
    """A dict on the build environment, by page: made when missing, a page's entry dropped when Sphinx reads the
    page again or removes it, and merged from the processes of a parallel read."""

    def init(app: Sphinx) -> None:
        if not hasattr(app.env, attribute):
            setattr(app.env, attribute, {})

    def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        getattr(env, attribute, {}).pop(docname, None)

    def merge(app: Sphinx, env: BuildEnvironment, docnames: set, other: BuildEnvironment) -> None:
        for doc in docnames:
            if doc in getattr(other, attribute, {}):
                getattr(env, attribute)[doc] = getattr(other, attribute)[doc]

    app.connect("builder-inited", init)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
