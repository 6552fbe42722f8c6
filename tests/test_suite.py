"""How the suite itself runs: in parallel test processes (pytest-xdist), the costly files each in one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GROUPED = """
import pytest

@pytest.mark.xdist_group("costly")
@pytest.mark.parametrize("n", range(4))
def test_grouped(n):
    pass

@pytest.mark.parametrize("n", range(4))
def test_free(n):
    pass
"""


def test_a_group_of_tests_runs_in_one_test_process(tmp_path: Path):
    """pytest-xdist keeps an `xdist_group` in one process (by adding '@group' to its tests' ids), so that a
    costly fixture (the Binder environment, the printed handouts) is made once. A pytest that no longer takes
    that mark (pytest 9.2 with pytest-xdist 3.8, pytest-xdist issue 1386) spreads the group over the processes:
    this test, which runs a small suite in two processes as `make test` runs the real one, fails first."""
    (tmp_path / "test_small.py").write_text(GROUPED, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    ran = re.findall(r"^\[(gw\d)\].* PASSED (\S+)\s*$", run.stdout, re.M)
    grouped = {worker for worker, test in ran if "::test_grouped[" in test}
    assert len(ran) == 8 and len(grouped) == 1, ran
    assert all(test.endswith("@costly") for _, test in ran if "::test_grouped[" in test), ran
