"""The edition for other tools: TEI XML of the whole edition, and citations of a turn in the common styles.

Pure functions over the apparatus; the book's extension and the command line decide where the results go.
"""

from __future__ import annotations

from edition.exchange.info import EDITION_PAGE, EditionInfo, from_config

__all__ = ["EDITION_PAGE", "EditionInfo", "from_config"]
