"""A cache of the speed work's results in the build's doctree folder, keyed by a digest of every input.

`Store(app, name)` keeps one result (a few files) under `<doctrees>/edition-speed/<name>/`: `load(key)` gives
the files back when they were made from inputs with this digest, else None; `save(key, files)` replaces them.
`Memo` keeps small per-file results (the class names of one page, the words of one script) under the digest
of the file's bytes, so that a rebuild parses only the files that changed. A folder that is missing,
damaged or from other inputs is a miss: the work is done again, never skipped on a guess.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

FOLDER = "edition-speed"


def digest(parts: Iterable[bytes | str]) -> str:
    """The SHA-256 of the parts, each length-prefixed so that no two different lists of parts collide."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big") + data)
    return sha.hexdigest()


def folder(app: Sphinx, name: str) -> Path:
    return Path(app.doctreedir) / FOLDER / name


class Store:
    def __init__(self, where: Path) -> None:
        self.where = where

    def load(self, key: str) -> dict[str, bytes] | None:
        try:
            manifest = json.loads((self.where / "manifest.json").read_text(encoding="utf-8"))
            if manifest["key"] != key:
                return None
            return {name: (self.where / "files" / name).read_bytes() for name in manifest["files"]}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, key: str, files: dict[str, bytes]) -> None:
        shutil.rmtree(self.where, ignore_errors=True)
        for name, data in files.items():
            path = self.where / "files" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        manifest = {"key": key, "files": sorted(files)}  # written last: a save cut short is a miss
        (self.where / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


class Memo:
    """Results per file, under the digest of the file's bytes (JSON-serialisable values)."""

    def __init__(self, path: Path | None) -> None:
        """`path` None: remember nothing between builds."""
        self.path = path
        try:
            self.old: dict = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            self.old = {}
        self.new: dict = {}
        self.misses = 0

    def get(self, data: bytes, compute: Callable[[str], Any]) -> Any:
        """The result of `compute` on the file's text, computed only if these bytes were not seen last time."""
        key = hashlib.sha256(data).hexdigest()
        if key in self.old:
            value = self.old[key]
        else:
            self.misses += 1
            value = compute(data.decode("utf-8", errors="replace"))
        self.new[key] = value
        return value

    def save(self) -> None:
        """Keep the results of the files seen in this build only."""
        if self.path and self.new != self.old:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.new), encoding="utf-8")
