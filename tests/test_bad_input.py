"""No silent loss on bad input: every case an editor can produce by accident stops the load with a message that
names the file, the line, the entry and what to fix, or (a byte order mark, overlapping lemmas) is accepted
and shown to change nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import edition
from edition import AnnotationError, load_notes
from edition.data.apparatus import load_apparatus
from edition.data.bibliography import citation_keys
from edition.data.document import Document
from edition.data.problems import Problem, Problems
from edition.myst.edition_page import transcript_myst
from tests.conftest import edited_sources

NOTE = """\
  - id: {id}
    turn: t01
    lemma: {lemma}
    kind: textual
    text: A note.
    cite: [masterpieces-2010]
"""
GOOD = "notes:\n" + NOTE.format(id="island", lemma="Governor's Island")


def _write(tmp_path: Path, text: str | bytes, name: str = "notes-test.yml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path: Path, document: Document, keys: set[str], text: str | bytes) -> list[str]:
    with pytest.raises(AnnotationError) as raised:
        load_notes([_write(tmp_path, text)], document, keys)
    return [str(p) for p in raised.value.problems]


def _line(path: Path, start: str) -> int:
    """The line of `path` that starts with `start`, counted from 1."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


# --- duplicate keys ---------------------------------------------------------------------------------------------


def test_a_duplicate_key_in_a_note(tmp_path, document, keys):
    text = GOOD.replace("    text: A note.\n", "    text: The first text.\n    text: The second text.\n")
    assert _problems(tmp_path, document, keys, text) == [
        f"{tmp_path / 'notes-test.yml'}, line 7, note 'island' (entry 1): the key 'text' appears twice (first on "
        "line 6); YAML would keep only the second and drop the first. Fix: merge the two 'text:' values into one, "
        "or rename one of them."
    ]


def test_yaml_itself_would_have_dropped_the_first_text(tmp_path):
    """The case the reader exists for: PyYAML keeps the second value without a word."""
    import yaml

    text = GOOD.replace("    text: A note.\n", "    text: The first text.\n    text: The second text.\n")
    assert yaml.safe_load(text)["notes"][0]["text"] == "The second text."


def test_a_duplicate_key_stops_the_whole_edition(tmp_path):
    sources = edited_sources(
        tmp_path,
        {"persons": ("    name: Anatoly F. Dobrynin\n", "    name: Anatoly F. Dobrynin\n    name: Dobrynin\n")},
    )
    with pytest.raises(AnnotationError) as raised:
        load_apparatus(sources)
    line = _line(sources.annotations / "persons.yml", "    name: Dobrynin")
    assert f"persons.yml, line {line}, person 'dobrynin' (entry 4): the key 'name' appears twice" in str(raised.value)


def test_a_duplicate_turn_in_the_topic_tags(tmp_path):
    sources = edited_sources(
        tmp_path,
        {"topics": ("  t05: [jackson-vanik, emigration]\n", "  t05: [jackson-vanik, emigration]\n  t05: [trade]\n")},
    )
    with pytest.raises(AnnotationError) as raised:
        load_apparatus(sources)
    line = _line(sources.annotations / "topics.yml", "  t05: [trade]")
    assert f"topics.yml, line {line}, turn 't05': 't05' appears twice in 'turns:' (first on line {line - 1})" in str(
        raised.value
    )


def test_a_duplicate_top_level_list(tmp_path, document, keys):
    text = GOOD + "notes:\n" + NOTE.format(id="second", lemma="George Bush")
    (problem,) = _problems(tmp_path, document, keys, text)
    assert "line 8: the top-level key 'notes' appears twice (first on line 1)" in problem
    assert "Fix: merge the two 'notes:' sections into one." in problem


# --- tabs, byte order marks, empty files --------------------------------------------------------------------------


def test_a_tab_in_the_indentation(tmp_path, document, keys):
    text = (
        "notes:\n" + NOTE.format(id="island", lemma="Governor's Island") + NOTE.format(id="bush", lemma="George Bush")
    )
    lines = text.split("\n")
    lines[9] = "\t" + lines[9].lstrip()  # line 10, the second note's `lemma:`
    assert lines[9] == "\tlemma: George Bush"
    assert _problems(tmp_path, document, keys, "\n".join(lines)) == [
        f"{tmp_path / 'notes-test.yml'}, line 10, note 'bush' (entry 2): a tab in the indentation of 'lemma'. Fix: "
        "indent with spaces only; YAML forbids tabs."
    ]


def test_a_byte_order_mark_is_accepted_and_changes_nothing(tmp_path, document, keys):
    plain = load_notes([_write(tmp_path, GOOD, "plain.yml")], document, keys)
    marked = load_notes([_write(tmp_path, "\ufeff".encode() + GOOD.encode(), "marked.yml")], document, keys)
    assert [replace(n, source="") for n in marked] == [replace(n, source="") for n in plain]
    assert len(plain) == 1 and plain[0].lemma == "Governor's Island"


def test_a_byte_order_mark_on_every_file_of_the_edition(tmp_path, apparatus):
    sources = edited_sources(tmp_path, {})
    for path in sources.annotations.glob("*.yml"):
        path.write_bytes("\ufeff".encode() + path.read_bytes())
    marked = load_apparatus(sources)
    assert [replace(n, source="") for n in marked.notes] == [replace(n, source="") for n in apparatus.notes]
    assert (marked.registers.persons, marked.registers.events, marked.registers.terms) == (
        apparatus.registers.persons,
        apparatus.registers.events,
        apparatus.registers.terms,
    )
    assert marked.topics == apparatus.topics and marked.appearances == apparatus.appearances


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "\ufeff"])
def test_an_empty_file(tmp_path, document, keys, text):
    assert _problems(tmp_path, document, keys, text) == [
        f"{tmp_path / 'notes-test.yml'}: the file is empty. Fix: write the top-level 'notes:' entries."
    ]


# --- lemmas -------------------------------------------------------------------------------------------------------


def test_a_lemma_across_two_paragraphs(tmp_path, document, keys):
    text = GOOD.replace("turn: t01", "turn: t03").replace(
        "lemma: Governor's Island", 'lemma: "in such a dialogue.\\n\\nWe are ready"'
    )
    assert _problems(tmp_path, document, keys, text) == [
        f"{tmp_path / 'notes-test.yml'}, line 2, note 'island' (entry 1): the lemma 'in such a dialogue.\\n\\nWe are "
        "ready'... spans two paragraphs of t03. Fix: attach the note to words within one paragraph."
    ]


def _unmarked(myst: str) -> str:
    """A paragraph of the transcript's MyST as the reader sees its words: no markers, no escapes."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"\[\^[a-z0-9-]+\]", "", myst))


def test_overlapping_lemmas_each_get_their_marker_after_their_own_words(tmp_path, document, keys):
    """Allowed: two notes may share words. Each marker follows its own lemma; the text is unchanged."""
    text = (
        "notes:\n"
        + NOTE.format(id="implied", lemma="you implied to George Bush")
        + NOTE.format(id="bush-island", lemma="George Bush in your conversation on Governor's Island")
    )
    notes = load_notes([_write(tmp_path, text)], document, keys)
    myst = transcript_myst(document, notes)
    (paragraph,) = [line for line in myst.splitlines() if line.startswith("**Kissinger\\.** In practical terms")]
    before_first, _, rest = paragraph.partition("[^tx-implied]")
    before_second, _, _ = rest.partition("[^tx-bush-island]")
    assert _unmarked(before_first).endswith("you implied to George Bush")
    assert _unmarked(before_second) == " in your conversation on Governor's Island"
    assert _unmarked(paragraph) == "**Kissinger.** " + document.segment("t01").paragraphs[0]


def test_the_overlap_check_would_see_a_marker_inside_a_lemma(document):
    """The companion: a marker placed inside the words breaks the check above."""
    wrong = "**Kissinger\\.** In practical terms, as I understand, you implied to George[^tx-implied] Bush"
    before_first, _, _ = wrong.partition("[^tx-implied]")
    assert not _unmarked(before_first).endswith("you implied to George Bush")


# --- every problem in one run ---------------------------------------------------------------------------------------


def test_two_broken_notes_in_one_file_give_two_errors(tmp_path, document, keys):
    text = (
        "notes:\n"
        + NOTE.format(id="first", lemma="Governors Island")
        + NOTE.format(id="second", lemma="George Bush").replace("kind: textual", "kind: textural")
    )
    problems = _problems(tmp_path, document, keys, text)
    assert len(problems) == 2
    assert "line 2, note 'first' (entry 1): the lemma 'Governors Island' does not occur in t01" in problems[0]
    assert "line 8, note 'second' (entry 2): unknown kind 'textural'" in problems[1]


def test_broken_entries_in_three_files_are_reported_together(tmp_path):
    sources = edited_sources(
        tmp_path,
        {
            "notes": ("lemma: George Bush\n", "lemma: George Busch\n"),
            "persons": ("    sort: Scowcroft, Brent\n", ""),
            "topics": ("  t07: [emigration]\n", "  t07: [emigrations]\n"),
        },
    )
    with pytest.raises(AnnotationError) as raised:
        load_apparatus(sources)
    message = str(raised.value)
    assert "'George Busch' does not occur in t01" in message
    assert "person 'scowcroft' (entry 5): the field 'sort' is missing" in message
    assert "turn 't07': unknown topic 'emigrations'" in message


# --- other unreadable input -------------------------------------------------------------------------------------


def test_malformed_yaml_names_the_entry_line_and_column(tmp_path, document, keys):
    assert _problems(tmp_path, document, keys, GOOD.replace("    kind: textual", "    kind: [textual")) == [
        f"{tmp_path / 'notes-test.yml'}, line 6, note 'island' (entry 1): malformed YAML at line 6, column 9: "
        "expected ',' or ']', but got ':'. Fix: correct the YAML syntax there (indentation, a missing ':' or "
        "bracket)."
    ]


def test_malformed_yaml_before_any_entry(tmp_path, document, keys):
    assert _problems(tmp_path, document, keys, "notes: [\n") == [
        f"{tmp_path / 'notes-test.yml'}, line 2: malformed YAML at line 2, column 1: expected the node content, but "
        "found '<stream end>'. Fix: correct the YAML syntax there (indentation, a missing ':' or bracket)."
    ]


def test_a_file_without_its_top_level_key(tmp_path, document, keys):
    assert _problems(tmp_path, document, keys, GOOD.replace("notes:", "note:")) == [
        f"{tmp_path / 'notes-test.yml'}, line 1: expected a top-level 'notes:' entry. Fix: the file needs 'notes:'."
    ]


def test_a_file_that_is_not_utf8(tmp_path, document, keys):
    (problem,) = _problems(tmp_path, document, keys, GOOD.replace("Governor's", "Governor’s").encode("cp1252"))
    assert problem.startswith(f"{tmp_path / 'notes-test.yml'}: cannot read the file (")
    assert problem.endswith("). Fix: save it as UTF-8 text.")


@pytest.mark.parametrize(
    ("bib", "problem"),
    [
        ("@book{a,\n title={x},\n}\n@book{a,\n title={y}}\n", "repeated bibliography entry: a"),
        ("@book{a, title = {x\n", "syntax error in line 1: premature end of file"),
    ],
)
def test_a_broken_bibliography(tmp_path, bib, problem):
    path = _write(tmp_path, bib, "references.bib")
    problems = Problems()
    assert citation_keys(path, problems) == set()
    assert [str(p) for p in problems.found] == [
        f"{path}: cannot read the bibliography: {problem}. Fix: fix the entry it names."
    ]
    with pytest.raises(AnnotationError) as raised:
        citation_keys(path)
    assert str(raised.value) == str(problems.found[0])


def test_a_missing_bibliography(tmp_path):
    problems = Problems()
    assert citation_keys(tmp_path / "none.bib", problems) == set()
    assert [str(p) for p in problems.found] == [
        f"{tmp_path / 'none.bib'}: cannot read the bibliography: unable to open {tmp_path / 'none.bib'}. No such file "
        "or directory. Fix: fix the entry it names."
    ]


def test_a_good_bibliography_gives_its_keys(tmp_path):
    path = _write(tmp_path, "@book{smith-1990,\n title={x}}\n@article{jones-2001,\n title={y}}\n", "references.bib")
    problems = Problems()
    assert citation_keys(path, problems) == {"smith-1990", "jones-2001"} and not problems


def test_a_collector_is_true_once_it_holds_a_problem():
    problems = Problems()
    assert not problems
    problems.add("x.yml", 3, None, "wrong", "right it")
    assert problems and str(problems.found[0]) == "x.yml, line 3: wrong. Fix: right it."


def test_every_data_file_is_a_dependency_of_the_pages():
    """A change to any of them must rebuild the pages written from them."""
    where = edition.sources()
    names = [p.relative_to(where.root).as_posix() for p in where.data_files()]
    assert names == [
        "seeds/000_c4ba001cd7a955e4.txt",
        "references.bib",
        "annotations/events.yml",
        "annotations/notes-connections.yml",
        "annotations/notes.yml",
        "annotations/persons.yml",
        "annotations/terms.yml",
        "annotations/topics.yml",
    ]


@pytest.mark.parametrize(
    ("prefix", "line", "entry"),
    [
        ("", 7, "note 'island' (entry 1)"),  # the last line of the first note; the second begins on the next
        ("\n", 8, "note 'island' (entry 1)"),  # a file that begins with an empty line
    ],
)
def test_a_tab_is_placed_in_the_entry_it_breaks(tmp_path, document, keys, prefix, line, entry):
    text = (
        "notes:\n" + NOTE.format(id="island", lemma="Governor's Island") + NOTE.format(id="bush", lemma="George Bush")
    )
    text = prefix + text.replace(
        "    cite: [masterpieces-2010]\n  - id: bush", "\tcite: [masterpieces-2010]\n  - id: bush"
    )
    assert _problems(tmp_path, document, keys, text) == [
        f"{tmp_path / 'notes-test.yml'}, line {line}, {entry}: a tab in the indentation of 'cite'. Fix: indent with "
        "spaces only; YAML forbids tabs."
    ]


def test_a_second_list_under_a_misspelt_key(tmp_path, document, keys):
    """YAML would read it, and the loader would never look at it: its notes would be lost without a word."""
    assert _problems(tmp_path, document, keys, GOOD + "note:\n" + NOTE.format(id="bush", lemma="George Bush")) == [
        f"{tmp_path / 'notes-test.yml'}, line 8: unknown top-level key 'note'. Fix: the file holds only 'notes:'."
    ]


def test_a_list_that_is_not_a_list(tmp_path, document, keys):
    assert _problems(tmp_path, document, keys, "notes: 3\n") == [
        f"{tmp_path / 'notes-test.yml'}: the top-level entry must be a list. Fix: write one '- id: ...' per entry."
    ]


def test_a_duplicate_key_deep_inside_an_entry(tmp_path, document, keys):
    text = GOOD.replace("    kind: textual\n", "    kind: textual\n    extra: {k: 1, k: 2}\n") + (
        "  - id: second\n    see: [{k: 1, k: 2}]\n"
    )
    assert [p.split(": the key")[0] for p in _problems(tmp_path, document, keys, text)] == [
        f"{tmp_path / 'notes-test.yml'}, line 6, note 'island' (entry 1)",
        f"{tmp_path / 'notes-test.yml'}, line 10, note 'second' (entry 2)",
    ]


def test_an_entry_whose_id_is_not_its_first_field(tmp_path, document, keys):
    text = "notes:\n  - turn: t01\n    id: island\n    kind: textual\n    kind: explanatory\n"
    assert _problems(tmp_path, document, keys, text) == [
        f"{tmp_path / 'notes-test.yml'}, line 5, note 'island' (entry 1): the key 'kind' appears twice (first on line "
        "4); YAML would keep only the second and drop the first. Fix: merge the two 'kind:' values into one, or "
        "rename one of them."
    ]


def test_a_duplicate_key_in_an_unknown_list_is_reported_first(tmp_path, document, keys):
    text = GOOD + "extra:\n  - id: b\n    x: 1\n    x: 2\n"
    assert _problems(tmp_path, document, keys, text) == [
        f"{tmp_path / 'notes-test.yml'}, line 11, entry 'b' (entry 1): the key 'x' appears twice (first on line 10); "
        "YAML would keep only the second and drop the first. Fix: merge the two 'x:' values into one, or rename one "
        "of them."
    ]


def test_indented_comments_alone_are_an_empty_file(tmp_path, document, keys):
    assert _problems(tmp_path, document, keys, "  # a comment\n\t# another\n") == [
        f"{tmp_path / 'notes-test.yml'}: the file is empty. Fix: write the top-level 'notes:' entries."
    ]


def test_an_invisible_control_character(tmp_path, document, keys):
    text = GOOD.replace("A note.", "A\x07 note.")
    assert _problems(tmp_path, document, keys, text) == [
        f"{tmp_path / 'notes-test.yml'}, line 6, note 'island' (entry 1): a character that YAML does not accept "
        "(U+0007). Fix: delete it; it is invisible in most editors, so retype the words around it."
    ]


def test_a_byte_order_mark_before_a_comment_only(tmp_path, document, keys):
    assert _problems(tmp_path, document, keys, "\ufeff# only a comment\n") == [
        f"{tmp_path / 'notes-test.yml'}: the file is empty. Fix: write the top-level 'notes:' entries."
    ]


def test_duplicates_in_the_list_and_in_an_unknown_section_are_all_reported(tmp_path, document, keys):
    text = GOOD.replace("    kind: textual\n", "    kind: textual\n    kind: textual\n") + "extra: {a: 1, a: 2}\n"
    assert [
        p.split(": ", 1)[0].removeprefix(str(tmp_path / "notes-test.yml"))
        for p in _problems(tmp_path, document, keys, text)
    ] == [
        ", line 9, entry 'a'",
        ", line 6, note 'island' (entry 1)",
    ]


def test_an_annotation_error_counts_its_problems():
    one = AnnotationError([Problem("x.yml", 3, "note 'a' (entry 1)", "wrong", "right it")])
    assert str(one) == "x.yml, line 3, note 'a' (entry 1): wrong. Fix: right it."
    two = AnnotationError([Problem("x.yml", 3, None, "wrong", "right it"), Problem("y.yml", None, None, "bad", "fix")])
    assert str(two) == "2 problems:\nx.yml, line 3: wrong. Fix: right it.\ny.yml: bad. Fix: fix."
