"""`python -m edition ...`: see edition.cli."""

from edition.cli import run

run()
