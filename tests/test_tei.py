"""The TEI export: valid TEI All, the seed's words in order, every turn, note and pointer resolved.

Expected values come from the seed file and the schema, not from the exporter. Each check is paired with a
test that feeds it a broken document, so that a check that can never fail would be noticed.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

import edition
from edition.exchange import EditionInfo
from edition.exchange.prose import append_inline, tei
from edition.exchange.tei import tei_document, write_tei

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "tei_all.rng"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
INFO = EditionInfo(
    title="Gorbachev and Kissinger, 17 January 1989: a critical edition",
    editors=("The editors of this edition",),
    year=2026,
    url="https://example.org/edition/",
)


@pytest.fixture(scope="module")
def tree(apparatus: edition.Apparatus, tmp_path_factory: pytest.TempPathFactory) -> etree._ElementTree:
    """The export as written to disk and read back, as a user of the file would read it."""
    out = write_tei(apparatus, INFO, tmp_path_factory.mktemp("tei") / "edition.xml")
    return etree.parse(str(out))


@pytest.fixture(scope="module")
def jing(tree: etree._ElementTree, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """One jing run over the export and over a copy broken on purpose: (good file, broken file, errors)."""
    if shutil.which("jing") is None:
        pytest.fail("jing is not installed; the TEI check needs it (as root: apt-get install -y jing)")
    folder = tmp_path_factory.mktemp("jing")
    good, broken = folder / "edition.xml", folder / "broken.xml"
    tree.write(str(good), encoding="UTF-8", xml_declaration=True)
    spoiled = copy.deepcopy(tree)
    spoiled.find(".//tei:sp", NS).append(tei("turn"))  # no such element in TEI
    spoiled.write(str(broken), encoding="UTF-8", xml_declaration=True)
    run = subprocess.run(["jing", str(SCHEMA), str(good), str(broken)], capture_output=True, text=True, timeout=120)
    return good, broken, [line for line in run.stdout.splitlines() if line.strip()]


def test_the_schema_is_tei_all_as_documented() -> None:
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest in (SCHEMA.parent / "README.md").read_text(encoding="utf-8")


def test_the_export_validates_against_tei_all(jing: tuple[Path, Path, list[str]]) -> None:
    good, broken, errors = jing
    assert [e for e in errors if not e.startswith(f"{broken}:")] == [], f"{good} is not valid TEI All"


def test_jing_reports_an_invalid_document(jing: tuple[Path, Path, list[str]]) -> None:
    _, broken, errors = jing
    assert any(e.startswith(f"{broken}:") and "turn" in e for e in errors), errors


# --- the words ----------------------------------------------------------------------------------------------


def seed_paragraphs() -> list[str]:
    """The transcript body read straight from the seed file: what follows the Contents heading and its
    language line, split at blank lines."""
    (seed,) = sorted((ROOT / "seeds").glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    heading = text.index("### **Contents:**")
    language_line = re.compile(r"\n\n[^\n]+\n\n").search(text, heading)
    assert language_line is not None
    return text[language_line.end() :].strip("\n").split("\n\n")


def reading(element: etree._Element, anchors: dict[str, int] | None = None, out: list[str] | None = None) -> str:
    """The text a reader of the source sees in `element`: notes left out, <sic> taken and <corr> not.

    `anchors` collects the offset of each <anchor> in that text.
    """
    out = [] if out is None else out
    name = etree.QName(element).localname
    if name == "anchor" and anchors is not None:
        anchors[element.get(XML_ID)] = len("".join(out))
    if name not in ("corr", "note"):
        out.append(element.text or "")
        for node in element:
            reading(node, anchors, out)
            out.append(node.tail or "")
    return "".join(out)


def reading_paragraphs(tree: etree._ElementTree) -> list[str]:
    """The body as the seed prints it: the speaker's label before a turn's first paragraph, gaps as their mark."""
    paragraphs: list[str] = []
    for segment in tree.find(".//tei:body", NS):
        if etree.QName(segment).localname == "gap":
            paragraphs.append(segment.get("rend"))
            continue
        speaker = segment.find("tei:speaker", NS).text
        texts = [reading(p) for p in segment.findall("tei:p", NS)]
        paragraphs.extend([f"{speaker} {texts[0]}", *texts[1:]])
    return paragraphs


def test_the_reading_text_is_the_seed_word_for_word(tree: etree._ElementTree) -> None:
    expected = " ".join(seed_paragraphs()).split()
    assert " ".join(reading_paragraphs(tree)).split() == expected


def test_the_reading_text_keeps_the_seed_paragraphs(tree: etree._ElementTree) -> None:
    assert reading_paragraphs(tree) == seed_paragraphs()


def test_the_word_check_notices_the_correction_read_instead_of_the_source(tree: etree._ElementTree) -> None:
    corrected = copy.deepcopy(tree)
    for choice in corrected.iterfind(".//tei:choice", NS):
        choice.find("tei:sic", NS).text = choice.find("tei:corr", NS).text
    assert " ".join(reading_paragraphs(corrected)).split() != " ".join(seed_paragraphs()).split()


def test_jackson_yanik_is_sic_with_its_correction(tree: etree._ElementTree) -> None:
    (choice,) = tree.iterfind(".//tei:choice", NS)
    assert choice.findtext("tei:sic", namespaces=NS) == "Jackson-Yanik"
    assert choice.findtext("tei:corr", namespaces=NS) == "Jackson-Vanik"
    assert choice.xpath("ancestor::tei:sp/@xml:id", namespaces=NS) == ["t05"]


def test_a_correction_without_its_textual_note_stops_the_export(apparatus: edition.Apparatus) -> None:
    without = dataclasses.replace(apparatus, notes=tuple(n for n in apparatus.notes if n.id != "jackson-yanik"))
    with pytest.raises(ValueError, match="CORRECTIONS names 'jackson-yanik'"):
        tei_document(without, INFO)


def test_a_lemma_that_cuts_into_a_corrected_reading_stops_the_export(apparatus: edition.Apparatus) -> None:
    (sic,) = (n for n in apparatus.notes if n.id == "jackson-yanik")
    inside = dataclasses.replace(sic, id="yanik", lemma="Yanik", occurrence=1)  # ends where "Jackson-Yanik" ends
    with pytest.raises(ValueError, match="a lemma boundary falls inside a corrected reading"):
        tei_document(dataclasses.replace(apparatus, notes=(*apparatus.notes, inside)), INFO)


def test_a_language_without_a_code_stops_the_export(apparatus: edition.Apparatus) -> None:
    metadata = dataclasses.replace(apparatus.document.metadata, original_language="Georgian")
    document = dataclasses.replace(apparatus.document, metadata=metadata)
    with pytest.raises(ValueError, match="the seed names the language 'Georgian'"):
        tei_document(dataclasses.replace(apparatus, document=document), INFO)


# --- identifiers and pointers ----------------------------------------------------------------------------------


def ids(tree: etree._ElementTree) -> set[str]:
    return set(tree.xpath("//@xml:id"))


def missing_ids(tree: etree._ElementTree, apparatus: edition.Apparatus) -> set[str]:
    wanted = {s.id for s in apparatus.document.body} | {f"n-{n.id}" for n in apparatus.notes}
    return wanted - ids(tree)


def dangling(tree: etree._ElementTree, pointers: str, targets: str) -> set[str]:
    """Pointers (`#id` lists) selected by the XPath `pointers` that name no element selected by `targets`."""
    known = set(tree.xpath(targets, namespaces=NS))
    named = {p.removeprefix("#") for value in tree.xpath(pointers, namespaces=NS) for p in value.split()}
    return named - known


def test_every_turn_gap_and_note_has_its_id(tree: etree._ElementTree, apparatus: edition.Apparatus) -> None:
    assert missing_ids(tree, apparatus) == set()


def test_the_id_check_notices_a_lost_note(tree: etree._ElementTree, apparatus: edition.Apparatus) -> None:
    lost = copy.deepcopy(tree)
    note = lost.find(".//tei:note[@type='textual']", NS)
    note.getparent().remove(note)
    assert missing_ids(lost, apparatus) == {note.get(XML_ID)}


def test_every_speaker_is_a_person_of_the_register(tree: etree._ElementTree) -> None:
    assert tree.xpath("//tei:sp[not(@who)]", namespaces=NS) == []
    assert dangling(tree, "//tei:sp/@who", "//tei:listPerson/tei:person/@xml:id") == set()


def test_a_speaker_missing_from_the_register_stops_the_export(apparatus: edition.Apparatus) -> None:
    persons = tuple(p for p in apparatus.registers.persons if p.id != "kissinger")
    registers = dataclasses.replace(apparatus.registers, persons=persons)
    with pytest.raises(ValueError, match="no persons-register entry sorts under the speaker.s. Kissinger"):
        tei_document(dataclasses.replace(apparatus, registers=registers), INFO)


def test_the_speaker_check_notices_an_unknown_person(tree: etree._ElementTree) -> None:
    spoiled = copy.deepcopy(tree)
    spoiled.find(".//tei:sp", NS).set("who", "#nobody")
    assert dangling(spoiled, "//tei:sp/@who", "//tei:listPerson/tei:person/@xml:id") == {"nobody"}


def test_every_topic_is_a_category(tree: etree._ElementTree, apparatus: edition.Apparatus) -> None:
    assert len(tree.xpath("//tei:sp[@ana]", namespaces=NS)) == len(apparatus.document.turns)
    assert dangling(tree, "//tei:sp/@ana", "//tei:taxonomy/tei:category/@xml:id") == set()


def test_the_topic_check_notices_an_unknown_topic(tree: etree._ElementTree) -> None:
    spoiled = copy.deepcopy(tree)
    spoiled.find(".//tei:sp", NS).set("ana", "#topic-weather")
    assert dangling(spoiled, "//tei:sp/@ana", "//tei:taxonomy/tei:category/@xml:id") == {"topic-weather"}


def test_every_pointer_in_the_document_resolves(tree: etree._ElementTree) -> None:
    local = "//@*[local-name()='target' or local-name()='targetEnd' or local-name()='ref'][starts-with(., '#')]"
    assert dangling(tree, local, "//@xml:id") == set()


def test_each_note_spans_its_lemma(tree: etree._ElementTree, apparatus: edition.Apparatus) -> None:
    anchors: dict[str, int] = {}
    texts = {}
    for p in tree.iterfind(".//tei:body//tei:p", NS):
        found: dict[str, int] = {}
        text = reading(p, found)
        anchors.update(found)
        texts.update(dict.fromkeys(found, text))
    for note in apparatus.notes:
        element = tree.xpath("//tei:note[@xml:id=$id]", id=f"n-{note.id}", namespaces=NS)[0]
        assert element.get("type") == note.kind
        target = element.get("target").removeprefix("#")
        if note.segment in {g.id for g in apparatus.document.gaps}:
            assert target == note.segment
            continue
        end = element.get("targetEnd").removeprefix("#")
        assert texts[target][anchors[target] : anchors[end]] == note.lemma, note.id


# --- the editors' prose ----------------------------------------------------------------------------------------


def inline(text: str) -> str:
    p = tei("p")
    append_inline(p, text)
    return etree.tostring(p, encoding="unicode").replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


def test_myst_in_notes_becomes_tei() -> None:
    assert inline("See {cite:p}`a-1,b-2` on the {term}`back channel <back-channel>`.") == (
        '<p>See <bibl><idno type="citation-key">a-1</idno></bibl><bibl><idno type="citation-key">b-2</idno></bibl>'
        " on the back channel.</p>"
    )
    assert inline("In *Masterpieces\n of History*, [the text](https://example.org/a) and `--`.") == (
        '<p>In <hi rend="italic">Masterpieces of History</hi>, <ref target="https://example.org/a">the text</ref>'
        " and <code>--</code>.</p>"
    )


def test_myst_the_export_cannot_encode_stops_it() -> None:
    with pytest.raises(ValueError, match=r"the role \{math\} has no TEI form"):
        inline("{math}`x^2`")
    with pytest.raises(ValueError, match="unsupported MyST markup"):
        inline("an *unclosed emphasis")
