"""pybtex's plugin lookups, each made once per process.

`pybtex.plugin.find_plugin` asks `importlib.metadata.entry_points` for the plugin on every call, which reads
the metadata of every installed distribution, and sphinxcontrib-bibtex calls it for every citation it
resolves: some 450 calls in this book, a fifth of a cold build's time (measured with cProfile). Installed
distributions do not change while Sphinx runs, so each entry-point query is remembered; plugins registered
at run time (`pybtex.plugin.register_plugin`) are still looked up first, as pybtex does.
"""

from __future__ import annotations

import functools

import pybtex.plugin
from sphinx.application import Sphinx


def remember_entry_points() -> None:
    """Put a memo in front of the entry-point query pybtex's lookups use (once, however often called)."""
    query = pybtex.plugin.entry_points
    if not hasattr(query, "cache_info"):
        pybtex.plugin.entry_points = functools.cache(query)


def setup(app: Sphinx) -> None:
    remember_entry_points()
