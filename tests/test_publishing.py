"""The publishing route: the workflow GitHub runs, and the book in its two states, built locally (no address,
no repository: no placeholder, no dead launch button) and built as the workflow builds it (address and
repository filled in: Binder buttons, absolute addresses on "How to cite", notebooks that link the site)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.cli import main
from tests.conftest import BRANCH, REPOSITORY, ROOT, SITE, built_pages

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
    for path in built_pages(html):
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


# ------------------------------------------------------------------ what a notebook page offers to run it


def run_line(page: BeautifulSoup):
    """The "Run it yourself" item of a notebook page's prerequisites."""
    (item,) = [li for li in page.find_all("li") if li.get_text(" ").strip().startswith("Run it yourself")]
    return item


def offer_problems(html: Path, page_path: str) -> list[str]:
    """What a notebook page promises and the build does not hold: a launch button, or a link that leads nowhere."""
    page = BeautifulSoup((html / page_path).read_text(), "html.parser")
    buttons = page.select(".dropdown-launch-buttons a[href]")
    item, text = run_line(page), " ".join(page.get_text(" ").split())
    problems = []
    if not buttons and re.search(r"rocket|launch button (?:at the top|\()", text, re.I):
        problems.append("a launch button is promised, and the page has none")
    if buttons and "launch button at the top of this page" not in " ".join(item.get_text(" ").split()):
        problems.append("the page has a launch button and does not say how to use it")
    for link in item.find_all("a", href=True):
        if not re.match(r"https?:", link["href"]) and not resolves(html, page_path, link["href"]):
            problems.append(f"dead link {link['href']}")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_local_notebook_page_offers_what_the_build_holds(html, notebook):
    path = f"notebooks/{notebook.stem}.html"
    assert offer_problems(html, path) == []
    item = run_line(BeautifulSoup((html / path).read_text(), "html.parser"))
    hrefs = [urljoin(f"http://book/{path}", a["href"]).removeprefix("http://book/") for a in item.find_all("a")]
    assert hrefs == ["notebooks/run-the-notebooks.zip", f"notebooks/{notebook.name}"]
    assert json.loads((html / hrefs[1]).read_text())["cells"]
    assert "no launch button" in item.get_text() and "pip install -r requirements.txt jupyterlab" in item.get_text()


def test_the_local_archive_holds_what_the_notebooks_need_and_runs_them(html, tmp_path):
    """Unpacked, the archive is a folder from which the package loads the record (as the notebooks' first cell
    does), using the package and data inside it, not the ones of this checkout."""
    with zipfile.ZipFile(html / "notebooks" / "run-the-notebooks.zip") as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    folder = tmp_path / "run-the-notebooks"
    needed = ["requirements.txt", "pyproject.toml", "LICENSE", "edition/__init__.py", "annotations/topics.yml"]
    needed += [f"notebooks/{p.name}" for p in NOTEBOOKS] + ["seeds/000_c4ba001cd7a955e4.txt"]
    assert {f"run-the-notebooks/{n}" for n in needed} <= names
    assert not [n for n in names if "__pycache__" in n or "chapters/" in n]
    code = "import edition; print(edition.__file__); print(len(edition.turns_frame()))"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder / "notebooks",
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [str(folder / "edition" / "__init__.py"), "12"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_published_notebook_page_says_how_to_use_its_launch_button(published, notebook):
    path = f"notebooks/{notebook.stem}.html"
    assert offer_problems(published, path) == []
    item = run_line(BeautifulSoup((published / path).read_text(), "html.parser"))
    said = " ".join(item.get_text(" ").split())
    assert "the launch button at the top of this page (the rocket icon) opens this notebook on Binder" in said
    # the notebook file beside its page (notebooks/NAME.html), linked as the html builder lays pages out
    assert [a["href"] for a in item.find_all("a")] == [REPOSITORY, notebook.name]
    assert not (published / "notebooks" / "run-the-notebooks.zip").exists()


def test_the_offer_check_sees_a_false_promise_and_a_dead_link(html, tmp_path):
    site = tmp_path / "site"
    (site / "notebooks").mkdir(parents=True)
    text = (html / "notebooks" / "analysis.html").read_text()
    old = "where the page has a launch button (rocket icon, at the top), it opens this notebook on Binder."
    item = re.search(r"<strong>Run it yourself</strong>:.*?</p>", text, re.S).group(0)
    broken = text.replace(item, f"<strong>Run it yourself</strong>: {old} <a href='gone.zip'>files</a></p>", 1)
    (site / "notebooks" / "analysis.html").write_text(broken)
    assert offer_problems(site, "notebooks/analysis.html") == [
        "a launch button is promised, and the page has none",
        "dead link gone.zip",
    ]


def test_every_notebook_has_the_line_the_build_replaces_and_the_build_refuses_one_without():
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from edition.sphinx.publishing import RUN_LINE, say_how_to_run

    for path in NOTEBOOKS:
        first = next(c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown")
        assert len(RUN_LINE.findall("".join(first["source"]))) == 1, path.name
        assert "rocket" not in "".join(first["source"]), path.name
    notebook = json.loads(NOTEBOOKS[0].read_text())
    app = SimpleNamespace(
        env=SimpleNamespace(doc2path=lambda d: str(ROOT / f"{d}.ipynb")),
        config=SimpleNamespace(html_theme_options={}),
    )
    source = [json.dumps(notebook)]
    say_how_to_run(app, "notebooks/analysis", source)
    assert "no launch button" in source[0] and "(the rocket icon)" not in source[0]
    notebook["cells"][0]["source"] = ["# A notebook\n", "\n", "- **Run it**: somehow."]
    with pytest.raises(ExtensionError, match="has no line '- \\*\\*Run it yourself\\*\\*: ...'"):
        say_how_to_run(app, "notebooks/analysis", [json.dumps(notebook)])
