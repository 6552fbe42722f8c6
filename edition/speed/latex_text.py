"""pybtex's decoding of LaTeX, done once per field value and process.

sphinxcontrib-bibtex formats every cited entry at every build (`env-updated`) and again for each of the some 470
citations it resolves, and each time pybtex turns every field and name back from LaTeX into rich text
(`Text.from_latex`, through latexcodec's tokenizer): 3,302 decodings of 518 distinct strings in a cold build of
this book. The result depends on the string alone, and pybtex's rich text is not changed after it is made (its
methods return new objects), so each string's result is remembered and shared, also from one build to the next
in the same process (the preview): there sphinxcontrib-bibtex's `env-updated` work fell from about 1.0 s to 0.3 s.
"""

from __future__ import annotations

import functools

from pybtex.richtext import Text
from sphinx.application import Sphinx


def remember_decodings() -> None:
    """Put a memo in front of `Text.from_latex` (once, however often called)."""
    decode = Text.from_latex.__func__
    if hasattr(decode, "cache_info"):
        return
    Text.from_latex = classmethod(functools.cache(decode))


def setup(app: Sphinx) -> None:
    remember_decodings()
