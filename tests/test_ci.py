"""The maintainer's loop: two tiers of tests, marked from the fixtures each test uses, and a workflow that runs
the whole suite on every push and pull request before anything is published."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT, TIERS, tiers
from tests.test_publishing import check_workflow

WORKFLOWS = ROOT / ".github" / "workflows"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def make_variable(name: str) -> str:
    return re.search(rf"^{name} := (.+)$", MAKEFILE, re.M).group(1)


def recipe(target: str) -> list[str]:
    """The commands of a Makefile target."""
    block = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)+)", MAKEFILE, re.M).group(1)
    return [line.strip() for line in block.splitlines()]


def marked(*fixtures: str) -> set[str]:
    """The tier marks a test that uses `fixtures` (its fixture closure) gets."""
    return tiers(list(fixtures))


def test_a_test_is_marked_by_the_fixtures_it_uses():
    # `html` needs the teachers' build (`book`), `printed` the student edition and the browser as well.
    assert marked("document", "apparatus", "tmp_path") == set()
    assert marked("html", "book") == {"book"}
    assert marked("site", "html", "book", "browser") == {"book", "browser"}
    assert marked("printed", "student_html", "student", "browser") == {"book", "browser", "slow"}
    assert marked("fresh_jupyter") == {"slow"}
    assert marked("make_app", "srcdir") == set()  # the extension on its small root is in the fast tier


def test_every_tier_mark_is_registered_and_make_check_leaves_them_all_out():
    registered = {line.split(":")[0] for line in PYPROJECT["tool"]["pytest"]["ini_options"]["markers"]}
    assert set(TIERS) <= registered
    fast = make_variable("FAST")
    assert fast == " and ".join(f"not {mark}" for mark in TIERS)
    assert recipe("check")[-1] == '$(BIN)/python -m pytest -n auto --dist worksteal -m "$(FAST)"'
    assert recipe("test")[-1] == "$(BIN)/python -m pytest $(PARALLEL)"
    # mutmut runs the same fast tier, by the same marks.
    assert PYPROJECT["tool"]["mutmut"]["pytest_add_cli_args_test_selection"] == ["tests", "-m", fast]


def test_a_single_test_runs_in_one_process():
    """`-n` belongs to the make targets, not to every run of pytest (it slows a run of one test)."""
    addopts = PYPROJECT["tool"]["pytest"]["ini_options"]["addopts"].split()
    assert not {"-n", "--numprocesses", "--dist"} & set(addopts)
    assert make_variable("PARALLEL") == "-n auto --dist loadgroup --no-loadscope-reorder"


def test_the_test_workflow_validates_against_the_github_workflow_schema():
    run = check_workflow(WORKFLOWS / "test.yml")
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_test_workflow_runs_the_readme_s_test_command_on_pushes_and_pull_requests():
    workflow = yaml.safe_load((WORKFLOWS / "test.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request", "workflow_call"} <= set(triggers)
    assert triggers["push"] == {"branches-ignore": ["main"]}  # on main, the publishing workflow calls it
    (job,) = workflow["jobs"].values()
    assert job["container"]["image"].startswith("python:3.11-bookworm")  # Debian as root, as .ci/run expects
    assert [step["run"] for step in job["steps"] if "run" in step] == ["bash .ci/run"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == "unshare --net sh -c 'ip link set lo up && make test'"
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")


def waits_for(jobs: dict, name: str) -> set[str]:
    """Every job that `name` waits for, directly or through another job."""
    needs = jobs[name].get("needs", [])
    direct = {needs} if isinstance(needs, str) else set(needs)
    return direct.union(*(waits_for(jobs, other) for other in direct))


def test_nothing_is_deployed_before_the_tests_pass():
    jobs = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))["jobs"]
    tests = {name for name, job in jobs.items() if job.get("uses") == "./.github/workflows/test.yml"}
    assert tests and tests <= waits_for(jobs, "deploy")
    assert tests <= waits_for(jobs, "build")  # and no site is built from a commit whose tests fail


def test_the_wait_check_follows_the_chain():
    jobs = {"a": {}, "b": {"needs": "a"}, "c": {"needs": ["b"]}, "d": {}}
    assert waits_for(jobs, "c") == {"a", "b"} and waits_for(jobs, "d") == set()
