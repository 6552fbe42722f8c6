"""The edition for other tools: TEI XML of the whole edition, the turns as CSV and JSON, and citations of a turn
in the common styles.

Pure functions over the apparatus; the book's extension and the command line decide where the results go.
"""

from __future__ import annotations

from edition.exchange.info import EditionInfo, from_config

__all__ = ["EditionInfo", "from_config"]
