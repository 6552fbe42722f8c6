"""One command line for the edition: `python -m edition export | student | handouts | schema`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import edition
from edition.notebook.export import FORMATS


class CommandError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


def _writable(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise CommandError(f"{out} already exists; choose another name or add --force to overwrite it")
    if out.exists() and out.is_dir():
        raise CommandError(f"{out} is a folder; give a file name")
    parent = out.parent if str(out.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot create {parent}: {error.strerror}") from None


def export(args: argparse.Namespace) -> str:
    from edition.notebook.export import write_turns

    _writable(args.out, args.force)
    try:
        return str(write_turns(edition.turns_frame(), args.format, args.out))
    except OSError as error:
        raise CommandError(f"cannot write {args.out}: {error.strerror}") from None


def student(args: argparse.Namespace) -> str:
    from edition.classroom.student import write_student_book

    config, toc = write_student_book(edition.sources().root, args.out)
    return f"{config} and {toc}"


def handouts(args: argparse.Namespace) -> str:
    from edition.classroom.handouts import print_handouts

    return ", ".join(str(p) for p in print_handouts(args.html, args.out))


def schema(args: argparse.Namespace) -> str:
    from edition.data.schema import json_schemas

    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in json_schemas().items():
        path = args.out / f"{name}.schema.json"
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(str(path))
    return ", ".join(written)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m edition", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write the turns as data (number, id, speaker, topics, text, words)")
    out.add_argument("--format", choices=FORMATS, required=True)
    out.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    out.add_argument("out", type=Path, help="the file to write")
    out.set_defaults(run=export)
    book = commands.add_parser("student", help="write the student edition's _config.yml and _toc.yml into OUT")
    book.add_argument("out", type=Path)
    book.set_defaults(run=student)
    prints = commands.add_parser("handouts", help="print the handouts of a built book (HTML) to PDF")
    prints.add_argument("html", type=Path, help="the built book's HTML folder")
    prints.add_argument("out", type=Path, help="the folder for the PDFs")
    prints.set_defaults(run=handouts)
    schemas = commands.add_parser("schema", help="write the JSON Schema of each annotation file into OUT")
    schemas.add_argument("out", type=Path)
    schemas.set_defaults(run=schema)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        print(f"wrote {args.run(args)}")
    except CommandError as error:
        print(f"python -m edition {args.command}: {error}", file=sys.stderr)
        return 2
    return 0


def run() -> None:
    """The `edition` console script."""
    sys.exit(main())
