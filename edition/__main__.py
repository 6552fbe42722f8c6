"""Command line: `python -m edition export --format csv|json OUT` writes the turns as data."""

from __future__ import annotations

import argparse
from pathlib import Path

from edition import turns_frame
from edition.export import FORMATS, write_turns


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m edition", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the turns (number, id, speaker, topics, text, words)")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("out", type=Path, help="the file to write")
    args = parser.parse_args(argv)
    path = write_turns(turns_frame(), args.format, args.out)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
