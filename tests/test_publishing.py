"""The publishing route: the workflow GitHub runs, and the book in its two states, built locally (no address,
no repository: no placeholder, no dead launch button) and built as the workflow builds it (address and
repository filled in: Binder buttons, absolute addresses on "How to cite", notebooks that link the site)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.cli import main
from tests.conftest import BRANCH, REPOSITORY, ROOT, SITE

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEXT = {".html", ".js", ".css", ".json", ".ipynb", ".txt", ".csv", ".xml", ".svg", ".inv"}


def check_workflow(path: Path) -> subprocess.CompletedProcess:
    checker = Path(sys.executable).parent / "check-jsonschema"
    assert checker.exists(), "check-jsonschema is missing: pip install -r requirements-test.txt"
    return subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(path)], capture_output=True, text=True
    )


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def test_the_workflow_validates_against_the_github_workflow_schema():
    run = check_workflow(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path):
    broken = workflow()
    del broken["jobs"]["build"]["runs-on"]
    broken["jobs"]["deploy"]["steps"][0]["uses"] = 7
    (tmp_path / "publish.yml").write_text(yaml.safe_dump(broken))
    assert check_workflow(tmp_path / "publish.yml").returncode != 0


def test_the_site_is_the_student_edition_and_the_teacher_edition_a_separate_download():
    jobs = workflow()["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    student = re.search(r"^STUDENT := (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    (pages,) = steps_using(build, "actions/upload-pages-artifact")
    assert pages["with"]["path"] == f"{student}/_build/html"
    (teacher,) = steps_using(build, "actions/upload-artifact")
    assert teacher["with"]["path"] == "_build/html" and teacher["with"]["name"] == "teacher-edition"
    assert steps_using(build, "actions/configure-pages") and steps_using(deploy, "actions/deploy-pages")
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def test_the_workflow_fills_in_the_address_from_its_own_repository_before_building():
    build = workflow()["jobs"]["build"]
    runs = [s.get("run", "") for s in build["steps"]]
    (fill,) = [i for i, r in enumerate(runs) if "-m edition publish" in r]
    (make,) = [i for i, r in enumerate(runs) if r.startswith("make handouts")]
    assert fill < make
    assert "steps.pages.outputs.base_url" in runs[fill] and "github.repository" in runs[fill]
    python = (ROOT / "runtime.txt").read_text().strip().removeprefix("python-")
    assert build["container"].startswith(f"python:{python}-")


def test_the_repository_names_no_address():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == "" and config["html"]["baseurl"] == ""
    for path in [ROOT / "_config.yml", ROOT / "README.md", *NOTEBOOKS, *(ROOT / "chapters").rglob("*.md")]:
        assert "OWNER" not in path.read_text(), path.relative_to(ROOT)


def test_a_bad_address_is_refused_with_the_form_expected(tmp_path, capsys):
    config = tmp_path / "_config.yml"
    config.write_text((ROOT / "_config.yml").read_text())
    fill = ["publish", "--branch", BRANCH]
    assert main([*fill, "--site", "example.org", "--repository", REPOSITORY, str(config)]) == 2
    assert "--site 'example.org' is not an absolute http(s) address" in capsys.readouterr().err
    assert (
        main(["publish", "--site", SITE, "--repository", "https://gitlab.com/x/y", "--branch", BRANCH, str(config)])
        == 2
    )
    assert "is not a GitHub repository address" in capsys.readouterr().err
    assert config.read_text() == (ROOT / "_config.yml").read_text()


def text_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT]


def test_a_local_build_shows_no_placeholder_and_no_launch_button(html):
    for path in text_files(html):
        assert "OWNER" not in path.read_text(errors="replace"), path.relative_to(html)
    for path in html.rglob("*.html"):
        page = BeautifulSoup(path.read_text(), "html.parser")
        assert not page.select(".dropdown-launch-buttons, .btn-source-repository-button"), path.relative_to(html)
        assert not page.find("a", href=re.compile(r"mybinder")), path.relative_to(html)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_local_build_says_how_to_run_each_notebook_and_offers_it_with_working_links(html, notebook):
    page = BeautifulSoup((html / "notebooks" / f"{notebook.stem}.html").read_text(), "html.parser")
    assert "pip install -r requirements.txt" in page.get_text(" ")
    copy = json.loads((html / "notebooks" / notebook.name).read_text())
    for target in markdown_links(copy):
        assert not re.search(r"\.(md|ipynb)(#|$)", target), target
        if not re.match(r"https?:", target):
            assert resolves(html, f"notebooks/{notebook.name}", target), target


def test_a_local_build_gives_the_turns_address_within_the_book(html):
    page = BeautifulSoup((html / "chapters" / "how-to-cite.html").read_text(), "html.parser")
    link = page.find("a", string=re.compile(r"edition\.html#t05"))
    assert link is not None and resolves(html, "chapters/how-to-cite.html", link["href"])


def markdown_links(notebook: dict) -> list[str]:
    text = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    return re.findall(r"\]\(([^)\s]+)\)", text)


def resolves(html: Path, page: str, href: str) -> bool:
    """The link, followed from `page` in the built site, reaches a file (and the anchor, if it names one)."""
    target, anchor = urldefrag(urljoin(f"http://book/{page}", href))
    path = html / target.removeprefix("http://book/")
    if not path.is_file():
        return False
    return not anchor or BeautifulSoup(path.read_text(), "html.parser").find(id=anchor) is not None


@pytest.fixture(scope="module")
def published(student_html: Path) -> Path:
    """The public site as the workflow builds it: the student edition, with the address and repository filled in
    (the session's student build is configured so; see tests/conftest.py)."""
    return student_html


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_published_notebook_page_launches_the_notebook_on_binder_from_the_repository(published, notebook):
    page = BeautifulSoup((published / "notebooks" / f"{notebook.stem}.html").read_text(), "html.parser")
    launch = [a["href"] for a in page.find_all("a", href=re.compile(r"^https://mybinder\.org/"))]
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    assert launch == [f"https://mybinder.org/v2/gh/{owner_repo}/{BRANCH}?urlpath=lab/tree/notebooks/{notebook.name}"]
    assert [a["href"] for a in page.select("a.btn-source-repository-button")] == [REPOSITORY]


def test_a_published_how_to_cite_gives_the_absolute_address_of_a_turn(published):
    page = BeautifulSoup((published / "chapters" / "how-to-cite.html").read_text(), "html.parser")
    address = f"{SITE}chapters/edition.html#t05"
    assert page.find("a", href=address, string=address) is not None
    assert not page.find("a", href=re.compile(r"^(\.\./)?(chapters/)?edition\.html#t05"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_published_notebook_links_the_site_and_names_the_repository(published, notebook):
    copy = json.loads((published / "notebooks" / notebook.name).read_text())
    links = markdown_links(copy)
    to_book = [t for t in links if t.startswith(SITE)]
    assert to_book, links
    for target in to_book:
        assert target.split("#")[0].endswith(".html") and resolves(published, "", target.removeprefix(SITE))
    assert not [t for t in links if not re.match(r"https?:", t)], "a relative link in a downloaded notebook"
    first_code = next(c for c in copy["cells"] if c["cell_type"] == "code")
    assert f"the edition's repository ({REPOSITORY})" in "".join(first_code["source"])
