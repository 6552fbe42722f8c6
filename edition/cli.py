"""One command line for the edition: `python -m edition export | student | handouts | preview | schema`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

import edition
from edition.data.document import ParseError
from edition.data.problems import AnnotationError
from edition.exchange.turn_tables import FORMATS

# What `export` writes: the turns as data, or the whole edition as TEI P5.
EXPORTS = (*FORMATS, "tei")


class CommandError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


def _writable(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise CommandError(f"{out} already exists; choose another name or add --force to overwrite it")
    if out.exists() and out.is_dir():
        raise CommandError(f"{out} is a folder; give a file name")
    parent = out.parent if str(out.parent) else Path(".")
    blocking = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise CommandError(f"{blocking} is a file, not a folder; {out} cannot be written there")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot create {parent}: {error.strerror}") from None


def export(args: argparse.Namespace) -> str:
    from edition.exchange.turn_tables import write_turns

    if args.format not in EXPORTS:
        raise CommandError(f"unknown format {args.format!r}; choose one of {', '.join(EXPORTS)}")
    root = edition.sources().root  # before anything is written: outside the edition there is nothing to export
    _writable(args.out, args.force)
    try:
        if args.format == "tei":
            return str(_write_tei(root, args.out))
        return str(write_turns(edition.turns_frame(root), args.format, args.out))
    except OSError as error:
        raise CommandError(f"cannot write {args.out}: {error.strerror or error}") from None


def _write_tei(root: Path, out: Path) -> Path:
    """The TEI document, described as the book's _config.yml describes the edition."""
    from edition.exchange.info import from_config
    from edition.exchange.tei import write_tei

    config = root / "_config.yml"
    try:
        info = from_config(yaml.safe_load(config.read_text(encoding="utf-8")) or {}, where=str(config))
        return write_tei(edition.load_edition(root), info, out)
    except ValueError as error:
        raise CommandError(str(error)) from None


def student(args: argparse.Namespace) -> str:
    from edition.classroom.student import write_student_book

    config, toc = write_student_book(edition.sources().root, args.out)
    return f"{config} and {toc}"


def handouts(args: argparse.Namespace) -> str:
    from edition.classroom.handouts import print_handouts
    from edition.classroom.sheets import SheetError

    if not (args.html / "index.html").is_file():
        raise CommandError(f"{args.html} is not a built book (no index.html); run `make student` first")
    try:
        return ", ".join(str(p) for p in print_handouts(args.html, args.out))
    except (SheetError, FileNotFoundError) as error:
        raise CommandError(str(error)) from None


def publish(args: argparse.Namespace) -> str:
    from edition.notebook.book import RECORD
    from edition.sphinx.site import configure, site_address

    try:
        configure(args.config, args.config, args.site, args.repository, args.branch)
    except ValueError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"cannot rewrite {args.config}: {error.strerror}") from None
    recorded = args.config.parent / RECORD
    return (
        f"{args.config}: site {site_address(args.site)}, repository {args.repository} ({args.branch}); and "
        f"{recorded}, which the notebooks read to link the published book: commit it"
    )


def schema(args: argparse.Namespace) -> str:
    from edition.data.evidence import json_schema as evidence_schema
    from edition.data.schema import json_schemas

    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in {**json_schemas(), "evidence": evidence_schema()}.items():
        path = args.out / f"{name}.schema.json"
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(str(path))
    return ", ".join(written)


def quotations(args: argparse.Namespace) -> str:
    """Every cited quotation that no excerpt of review/evidence/ holds; the count of those that are held."""
    from edition.data.evidence import EVIDENCE, check_edition
    from edition.data.problems import Problems
    from edition.data.sources import toc_pages

    where = edition.sources()
    pages = [where.root / f"{doc}.md" for doc in toc_pages(where.root / "_toc.yml")]  # as the build reads them
    problems = Problems()
    checked = check_edition(where, [p for p in pages if p.is_file()], where.root / EVIDENCE, problems)
    for problem in problems.found:
        if not args.key or any(key in problem.problem for key in args.key):
            print(problem)
    if problems:
        raise CommandError(f"{len(problems.found)} of {checked} quotations are not found in their sources' excerpts")
    return f"{checked} quotations: each is found in an excerpt of its source in {EVIDENCE}/"


def preview(args: argparse.Namespace) -> str:
    from edition.sphinx.preview import preview as run_preview

    run_preview(edition.sources().root, args.port)
    return "the preview"


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m edition", description=__doc__)
    main.set_defaults(verb="wrote")
    commands = main.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write the turns as data (CSV, JSON) or the whole edition as TEI P5 XML")
    out.add_argument("--format", required=True, help=f"one of {', '.join(EXPORTS)}")
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
    site = commands.add_parser("publish", help="fill in the site's address and repository (the workflow does)")
    site.add_argument("--site", required=True, help="the site's address, e.g. https://owner.github.io/repo/")
    site.add_argument("--repository", required=True, help="e.g. https://github.com/owner/repo")
    site.add_argument("--branch", required=True, help="the branch Binder launches from")
    site.add_argument("config", type=Path, nargs="?", default=Path("_config.yml"), help="rewritten in place")
    site.set_defaults(run=publish)
    quoted = commands.add_parser("quotations", help="check every cited quotation against review/evidence/")
    quoted.add_argument("--key", action="append", help="list only the quotations citing this key (repeatable)")
    quoted.set_defaults(run=quotations, verb="checked")
    watch = commands.add_parser("preview", help="build the book, serve it, and build it again at every change")
    watch.add_argument("--port", type=int, default=8000, help="where to serve it (0: any free port)")
    watch.set_defaults(run=preview, verb="stopped")
    schemas = commands.add_parser(
        "schema", help="write the JSON Schema of each annotation file, and of the evidence files, into OUT"
    )
    schemas.add_argument("out", type=Path)
    schemas.set_defaults(run=schema)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        print(f"{args.verb} {args.run(args)}")
    except (CommandError, FileNotFoundError) as error:
        print(f"python -m edition {args.command}: {error}", file=sys.stderr)
        return 2
    except (AnnotationError, ParseError) as error:
        print(f"python -m edition {args.command}: the edition's data is broken:\n{error}", file=sys.stderr)
        return 1
    return 0


def run() -> None:
    """The `edition` console script."""
    sys.exit(main())
