"""The extension's settings, registered as `edition_*` config values and read through one typed object."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from edition.data.sources import SEED, Sources


@dataclass(frozen=True)
class EditionConfig:
    """What `_config.yml` may set under `sphinx: config:` (each field is the config value `edition_<name>`)."""

    seed: str = SEED
    annotations: str = "annotations"
    context: str = "chapters/context"
    # The folder (from the book's root) where `make handouts` prints the PDFs. A page links a handout only
    # when its PDF is there, and the build copies it into the site: no dead link after `make book` alone.
    handouts: str = "_build/handouts"
    # Where an HTML build writes the whole edition as TEI (linked from the edition page); empty: no TEI.
    tei: str = "data/edition-tei.xml"
    # The folder of excerpts read for the quotations (review/evidence/*.yml); every cited quotation of the
    # chapters, notes and registers must be found in one, or the build stops. Empty (the default, for books
    # without such a folder): no check. The edition's _config.yml sets it.
    evidence: str = ""

    @classmethod
    def register(cls, app: Sphinx) -> None:
        for field in fields(cls):
            app.add_config_value(f"edition_{field.name}", field.default, "env", types=[type(field.default)])

    @classmethod
    def of(cls, config: Config) -> EditionConfig:
        return cls(**{field.name: getattr(config, f"edition_{field.name}") for field in fields(cls)})


def sources(app: Sphinx) -> Sources:
    """The edition's files, relative to the book's source folder."""
    config = EditionConfig.of(app.config)
    return Sources.at(
        Path(app.srcdir),
        seed=config.seed,
        annotations=config.annotations,
        bibliographies=tuple(app.config.bibtex_bibfiles),
        context=config.context,
    )
