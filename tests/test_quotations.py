"""Quotations checked against the words read in their sources (issue 18, item 2).

The expected quotations and matches are written out by hand from the sample texts below; the real edition's
quotations are checked against review/evidence/, whose excerpts were copied from the sources as read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import edition
from edition.data.evidence import (
    EVIDENCE,
    Evidence,
    Excerpt,
    check_edition,
    check_quotations,
    contains,
    evidence_files,
    load_evidence,
)
from edition.data.problems import Problems
from edition.data.quotations import quotations_in
from tests.conftest import ROOT

SAMPLE = """\
# A heading with "no citation"

Kissinger promised no "harm to our dialogue", and contact "so that it doesn't have
to go through the apparatus" {cite:p}`wilson-record-1989`. A "scare quote" stands alone.

Before: {cite:t}`masterpieces-2010` call it "almost ceremonial".

:::{note}
:class: dropdown
Inside a directive, “curly marks” count {cite:p}`a,b`.
:::

Code is not prose: `"not a quote" {cite:p}`x``.
"""


def test_quotations_are_found_with_the_works_they_cite():
    found = [(q.line, q.words, q.keys) for q in quotations_in(SAMPLE, "sample.md")]
    assert found == [
        (3, "harm to our dialogue", ("wilson-record-1989",)),
        (3, "so that it doesn't have to go through the apparatus", ("wilson-record-1989",)),
        (4, "scare quote", ("wilson-record-1989",)),  # cited by the citation before it in the paragraph
        (6, "almost ceremonial", ("masterpieces-2010",)),
        (10, "curly marks", ("a", "b")),
    ]


def test_quoted_words_that_nothing_cites_are_not_quotations():
    assert list(quotations_in('A "back channel" is a line.\n', "x.md")) == []
    # An annotation's text that cites nothing rests on the entry's own `cite` list.
    assert [q.keys for q in quotations_in('A "back channel".', "x.yml", default=("k",))] == [("k",)]


@pytest.mark.parametrize(
    ("source", "quotation"),
    [
        ("It would do no harm to our dialogue through all other channels.", "harm to our dialogue"),
        ("“Yalta II”—as critics", '"Yalta II" - as critics'),  # marks and dashes normalised
        ("He said: The   Channel began", "the channel began"),  # case and spacing
        ("one two three four five", "one two ... five"),  # an ellipsis stands for words left out
        ("one two three four five", "one [and] four five"),  # so does an editor's insertion
        ("It is good, he said.", "It is good."),  # punctuation moved inside the marks
        ('Critics call it "Yalta II," a repetition', "Critics call it 'Yalta II', a repetition"),  # inner marks
        ("He doesn't know Governor's Island.", "doesn’t know Governor’s Island"),  # apostrophes kept, any form
    ],
)
def test_a_quotation_is_found_word_for_word(source, quotation):
    assert contains(source, quotation)


@pytest.mark.parametrize(
    ("source", "quotation"),
    [
        ("It would do no harm to our dialogue.", "harm to your dialogue"),  # one word changed
        ("It would do no harm to our dialogue.", "harm to our dialog"),  # part of a word is no word
        ("one two three four five", "one two five"),  # words left out with no ellipsis
        ("one two three four five", "four ... two"),  # the pieces out of order
        ("no gap here", "[...]"),  # the marks of a gap are quoted as marks
        ("the Governors Island meeting", "the Governor's Island meeting"),  # an apostrophe is a letter here
    ],
)
def test_a_changed_quotation_is_not_found(source, quotation):
    assert not contains(source, quotation)


def _evidence(words: str, translation: str | None = None) -> Evidence:
    excerpt = Excerpt(
        cite="k",
        address="https://example.org/a",
        read="2026-12-02",
        words=words,
        translation=translation,
        translated_copy=translation is not None,
    )
    return Evidence("review/evidence", {"k": ((excerpt, words),)})


def test_a_quotation_not_in_the_excerpt_names_file_line_words_and_fix():
    problems = Problems()
    text = 'Intro.\n\nHe wrote "we shall see" {cite:p}`k`.\n'
    assert check_quotations(quotations_in(text, "chapters/x.md"), _evidence("We shall not see."), [], problems) == 1
    assert [str(p) for p in problems.found] == [
        'chapters/x.md, line 3: the quotation "we shall see" is not found in any excerpt of k in review/evidence. '
        "Fix: quote the source word for word; or, if the words are the source's, copy the passage read, as it "
        "stands in the source, into a file of review/evidence/ (cite, address, read, words)."
    ]


def test_the_record_may_be_quoted_where_another_source_is_cited():
    """A page cites a newspaper for a date and quotes the record's words beside it: the record holds them."""
    seed = Excerpt(cite="record", address="https://example.org/r", read="2026-12-02", file="seed.txt")
    evidence = Evidence("review/evidence", {"record": ((seed, "a short stop in China"),)}, record=("record",))
    quotation = next(quotations_in('He planned "a short stop in China" {cite:p}`paper`.', "a.md"))
    assert evidence.found_in(quotation) is seed
    assert Evidence("review/evidence", evidence.excerpts).found_in(quotation) is None  # not without the record


def test_a_quotation_of_a_translation_must_say_so():
    evidence = _evidence("We will listen to him carefully.", translation="Svetlana Savranskaya, from the Russian")
    plain, said = Problems(), Problems()
    check_quotations(quotations_in('Bush wrote "we will listen" {cite:p}`k`.', "a.md"), evidence, [], plain)
    text = 'In the translation of the Russian copy, Bush wrote "we will listen" {cite:p}`k`.'
    check_quotations(quotations_in(text, "a.md"), evidence, [], said)
    assert [p.problem for p in plain.found] == [
        'the quotation "we will listen" is of a translation (Svetlana Savranskaya, from the Russian) but the text '
        "does not say so"
    ]
    assert not said


def test_a_title_in_quotation_marks_is_a_name_not_a_quotation():
    problems = Problems()
    quotations = quotations_in('The editors of *"Masterpieces of History"* {cite:p}`k`.', "a.md")
    titles = ["Masterpieces of History: The Peaceful End of the Cold War in Europe, 1989"]
    assert check_quotations(quotations, _evidence("Nothing."), titles, problems) == 0
    assert not problems


def test_an_excerpt_needs_words_or_the_seed_and_a_known_key(tmp_path):
    (tmp_path / "a.yml").write_text(
        "excerpts:\n"
        "  - cite: nowhere\n    address: https://example.org/\n    read: '2026-12-02'\n    words: Some words.\n"
        "  - cite: k\n    address: https://example.org/\n    read: '2026-12-02'\n",
        encoding="utf-8",
    )
    problems = Problems()
    load_evidence([tmp_path / "a.yml"], tmp_path, {"k"}, problems)
    assert [(p.line, p.problem) for p in problems.found] == [
        (2, "unknown citation key 'nowhere'"),
        (6, "an excerpt needs either 'words' (as read) or 'file' (the seed)"),
    ]


# --- the edition itself -------------------------------------------------------------------------------------------


def _chapters() -> list[Path]:
    return sorted({*ROOT.glob("chapters/**/*.md"), ROOT / "index.md"})


def test_every_quotation_of_the_edition_is_found_in_its_sources_excerpts():
    problems = Problems()
    checked = check_edition(edition.sources(), _chapters(), ROOT / EVIDENCE, problems)
    assert checked > 200
    assert [str(p) for p in problems.found] == []


def test_the_readme_gives_the_number_of_quotations_checked():
    problems = Problems()
    checked = check_edition(edition.sources(), _chapters(), ROOT / EVIDENCE, problems)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\b{checked} quotations\b", readme), f"README.md should say {checked} quotations"


def test_the_record_is_its_own_evidence():
    """The seed stands as the excerpt of the record: the only excerpt that is a file, and it is the seed."""
    files = [path.read_text(encoding="utf-8") for path in evidence_files(ROOT / EVIDENCE)]
    seeds = [line.split(":", 1)[1].strip() for text in files for line in text.splitlines() if "  file:" in line]
    assert seeds == [str(edition.sources().seed.relative_to(ROOT))]


# --- the build ----------------------------------------------------------------------------------------------------

SMALL_ROOT = Path(__file__).parent / "roots" / "test-edition"
PAGE = 'Smith offers "a channel through Brown at any time" {cite:p}`tester-1990`.\n'


def _small_book(tmp_path: Path, page: str) -> Path:
    import shutil

    src = Path(shutil.copytree(SMALL_ROOT, tmp_path / "src"))
    (src / "evidence").mkdir()
    (src / "evidence" / "record.yml").write_text(
        "excerpts:\n  - cite: tester-1990\n    address: https://example.org/document/1\n    read: '2026-12-02'\n"
        "    file: seed.txt\n",
        encoding="utf-8",
    )
    (src / "quoted.md").write_text("# Quoted\n\n" + page, encoding="utf-8")
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8") + "\n```{toctree}\nquoted\n```\n")
    return src


def test_a_book_whose_quotations_are_in_their_sources_builds(make_app, tmp_path):
    app = make_app("html", srcdir=_small_book(tmp_path, PAGE), confoverrides={"edition_evidence": "evidence"})
    app.build()
    assert (Path(app.outdir) / "quoted.html").is_file()


def test_a_quotation_changed_by_one_word_stops_the_build_naming_the_file(make_app, tmp_path):
    from sphinx.errors import ExtensionError

    src = _small_book(tmp_path, PAGE.replace("at any time", "at any hour"))
    app = make_app("html", srcdir=src, confoverrides={"edition_evidence": "evidence"})
    with pytest.raises(ExtensionError) as stopped:
        app.build()
    message = str(stopped.value)
    assert f"{src / 'quoted.md'}, line 3:" in message or "quoted.md, line 3:" in message
    assert 'the quotation "a channel through Brown at any hour" is not found' in message


def test_a_book_built_again_in_one_process_checks_again_only_what_changed(make_app, tmp_path):
    """The preview's application: a second build with nothing changed does not check again; an excerpt that
    now names a file without the words (a file the last check read changed) stops the third."""
    from sphinx.errors import ExtensionError

    src = _small_book(tmp_path, PAGE)
    app = make_app("html", srcdir=src, confoverrides={"edition_evidence": "evidence"})
    app.build()
    assert "quotations: all 1 found" in app.status.getvalue()
    app.build()
    assert "quotations: no page, annotation or excerpt changed" in app.status.getvalue()
    (src / "other.txt").write_text("Smith offers nothing.\n", encoding="utf-8")
    record = src / "evidence" / "record.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("file: seed.txt", "file: other.txt"))
    with pytest.raises(ExtensionError, match="quotations not found in their sources"):
        app.build()


def test_each_evidence_file_names_its_schema_on_its_first_line():
    for path in evidence_files(ROOT / EVIDENCE):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == "# yaml-language-server: $schema=../../schemas/annotations/evidence.schema.json", path


def test_every_quotation_changed_by_one_word_is_no_longer_found():
    """No excerpt is so loose that it would hold a changed quotation: each quotation, with its longest word
    replaced, is found in none of the excerpts of its works (or the record)."""
    from edition.data.evidence import gather, is_title

    quotations, found, titles = gather(edition.sources(), _chapters(), ROOT / EVIDENCE, Problems())
    assert found.record == ("wilson-record-1989",)
    held = []
    for quotation in quotations:
        if is_title(quotation, titles) or not re.search(r"\w", quotation.words):
            continue  # a title, or the gap's marks "[...]", which have no word to change
        longest = max(re.findall(r"\w+", quotation.words), key=len)
        changed = re.sub(rf"\b{longest}\b", "Xylophonic", quotation.words, count=1)
        if found.found_in(replace(quotation, words=changed)) is not None:
            held.append((quotation.file, quotation.line, quotation.words))
    assert len(quotations) > 250 and held == []


def test_the_command_line_checks_the_pages_the_build_reads(tmp_path):
    """toc_pages (what `python -m edition quotations` checks) against sphinx-external-toc's own reading of the
    table of contents, which the build uses: on the book's _toc.yml and on one with sections nested."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    from edition.data.sources import toc_pages

    assert sorted(toc_pages(ROOT / "_toc.yml")) == sorted(parse_toc_yaml(ROOT / "_toc.yml"))
    nested = tmp_path / "_toc.yml"
    nested.write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: a.md\n    sections:\n      - file: a/b\n"
        "        sections:\n          - file: a/b/c\n  - file: d\n",
        encoding="utf-8",
    )
    assert toc_pages(nested) == ["index", "a", "a/b", "a/b/c", "d"]
    # sphinx-external-toc keeps a file's suffix where the entry gives one; Sphinx's docname has none.
    assert sorted(toc_pages(nested)) == sorted(doc.removesuffix(".md") for doc in parse_toc_yaml(nested))
