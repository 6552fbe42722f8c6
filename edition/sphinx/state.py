"""The loaded apparatus lives on the build environment, behind this one typed accessor."""

from __future__ import annotations

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
