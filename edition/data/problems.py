"""Problems found in the edition's data, collected so that an editor sees every one of them in one run.

Each problem names the file, the line where the entry starts, the entry, what is wrong and the fix; the
loaders gather them and raise one AnnotationError at the end instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


def display(path: Path) -> str:
    """The path as a maintainer types it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    entry: str | None
    problem: str
    fix: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "") + (f", {self.entry}" if self.entry else "")
        return f"{where}: {self.problem}. Fix: {self.fix}."


@dataclass(frozen=True)
class Place:
    """Where an entry stands in its file, so that a check run after loading can still name it."""

    file: str
    line: int
    label: str


class AnnotationError(ValueError):
    """The data cannot be trusted as it stands; the message lists every problem with its place and fix."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in problems]
        if len(lines) > 1:
            lines.insert(0, f"{len(lines)} problems:")
        super().__init__("\n".join(lines))


@dataclass
class Problems:
    """A collector passed down the loaders; `raise_if_any` ends a load that found something."""

    found: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int | None, entry: str | None, problem: str, fix: str) -> None:
        self.found.append(Problem(file, line, entry, problem, fix))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        if self.found:
            raise AnnotationError(self.found)
