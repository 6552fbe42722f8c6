"""The README as a newcomer follows it: each section once, and every command it prints exists."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

README = ROOT / "README.md"


def repeated_headings(text: str) -> list[str]:
    headings = [line.strip() for line in text.splitlines() if re.match(r"#{1,6} ", line)]
    return sorted({h for h in headings if headings.count(h) > 1})


def test_every_heading_of_the_readme_appears_once():
    assert repeated_headings(README.read_text(encoding="utf-8")) == []


def test_a_repeated_section_is_caught():
    assert repeated_headings("# Book\n## Performance\ntext\n## Performance\n") == ["## Performance"]


def commands(text: str) -> list[str]:
    """The shell commands in the README's code blocks, without comments."""
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", text, re.S)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines() if line.split("#")[0].strip()]


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    named = {c.split()[1] for c in commands(README.read_text(encoding="utf-8")) if c.startswith("make ")}
    assert named, "the README names no make command"
    assert named <= targets, named - targets


def test_every_edition_command_the_readme_prints_is_accepted():
    printed = [c for c in commands(README.read_text(encoding="utf-8")) if "-m edition " in c]
    assert printed, "the README prints no python -m edition command"
    for command in printed:
        words = command.split()
        sub = words[words.index("edition") + 1]
        help_run = subprocess.run(
            [sys.executable, "-m", "edition", sub, "--help"], capture_output=True, text=True, cwd=ROOT
        )
        assert help_run.returncode == 0, f"{command}: {help_run.stderr}"
        for option in re.findall(r"--[a-z-]+", command):
            assert option in help_run.stdout, f"{command}: {option} is not an option of {sub}"
