"""How the suite itself runs: in parallel test processes (pytest-xdist), the costly files each in one."""

from __future__ import annotations

import os

import pytest


@pytest.mark.xdist_group("suite")
def test_a_group_of_tests_is_marked_for_one_test_process(request):
    """pytest-xdist keeps an `xdist_group` in one process by adding '@group' to its tests' ids. A pytest that
    no longer takes that mark (pytest 9.2 with pytest-xdist 3.8, pytest-xdist issue 1386) would build the
    Binder environment and print the handouts once per process; this test fails first."""
    if os.environ.get("PYTEST_XDIST_WORKER"):  # with `-n 0` there are no processes to share out
        assert request.node.nodeid.endswith("@suite"), request.node.nodeid
