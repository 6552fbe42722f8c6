"""The bibliography's sources (issue 11): addresses a school can link, one work per label, complete entries,
titles that keep their capitals.

The policy is data, in review/source-policy.yml. Each check is a function that returns the problems it
finds, so that every test of the real references.bib has a companion that plants a bad entry and sees it
refused. The in-text label is computed here the way sphinxcontrib-bibtex's `author_year` style makes it,
and one test holds that computation to the extension's own template, so the two cannot drift apart.
"""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from pybtex.database import BibliographyData, Entry, parse_file, parse_string
from pybtex.plugin import find_plugin
from pybtex.richtext import Text

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
POLICY = ROOT / "review" / "source-policy.yml"

# Addresses written in prose fields (howpublished, note), with or without \url{...}.
PROSE_URL = re.compile(r"https?://[^\s{}]+")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# A year, a year with a letter (1989a), n.d., or n.d. with a letter (n.d.-a).
YEAR = re.compile(r"^(?P<base>\d{4}|n\.d\.)(?:-?(?P<letter>[a-z]))?$")

# Fields each entry type must have; a tuple means "one of these". Persons count as fields here.
REQUIRED = {
    "article": [("author",), ("title",), ("journal",), ("year",)],
    "book": [("author", "editor"), ("title",), ("publisher",), ("address",), ("year",)],
    "incollection": [("author",), ("title",), ("booktitle",), ("publisher",), ("year",)],
    "techreport": [("author",), ("title",), ("institution",), ("year",)],
    "misc": [("title",), ("year",), ("author", "editor", "howpublished"), ("url", "doi", "howpublished")],
}

# Names that must keep their capitals wherever a title carries them (BibTeX styles lower-case titles).
_NAMES = """
    Gorbachev, Kissinger, Bush, George H. W. Bush, George H.W. Bush, Scowcroft, Dobrynin, Chernyaev,
    Yakovlev, Shevardnadze, Reagan, Baker, Jackson, Vanik, Jackson-Vanik, Jackson–Vanik, Fitzwater, Falin,
    Hirohito, Magnitsky, Mikhail, Henry, George, Brent, Anatoly, Aleksandr, Alexander, Eduard, Ronald, James,
    Charles, Valentin, Jeb, Soviet, Soviets, Soviet Union, Russia, Russian, Moldova, Armenian, Cubans,
    Israel, Japan, China, Malta, Europe, Washington, Moscow, New York, Governor's Island, Governors Island,
    Ohio, Georgia, Yalta, Far East, Berlin Wall, East Germany, United Nations, United States, U.N., UN, U.S.,
    US, USSR, GOP, SALT, Politburo, Supreme Soviet, Congress, Trilateral Commission, Central Committee,
    International Department, White House, Texas A&M University, College Station, Trade Act, Public Law,
    Jews, Jewish, American, President, President-Elect, Press Secretary, Secretary of State,
    National Security Archive, Cold War, January, April, August, September, November, December
"""
PROPER_NAMES = [name.strip() for name in _NAMES.replace("\n", ",").split(",") if name.strip()]
ACRONYM = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}|(?<!\w)[A-Z][A-Z&]+(?!\w)")


# ----------------------------------------------------------------------------------------------- loading


@pytest.fixture(scope="module")
def bib() -> BibliographyData:
    return parse_file(str(BIB), bib_format="bibtex")


@pytest.fixture(scope="module")
def policy() -> dict:
    return yaml.safe_load(POLICY.read_text(encoding="utf-8"))


def planted(source: str) -> BibliographyData:
    return parse_string(source, "bibtex")


@cache
def text_backend():
    # render_as("text") looks the backend up among the installed plugins on every call; once is enough.
    return find_plugin("pybtex.backends", "text")()


def as_text(rich) -> str:
    return rich.render(text_backend()).replace("\xa0", " ")


def plain(latex: str) -> str:
    """A BibTeX value as a reader sees it: braces gone, LaTeX accents decoded."""
    return as_text(Text.from_latex(latex))


# --------------------------------------------------------------------------------------------- addresses


def addresses(entry: Entry) -> list[tuple[str, str]]:
    """Every address an entry sends a reader to, as (field, address)."""
    found = []
    for name, value in entry.fields.items():
        if name.lower() == "url":
            found.append((name, value.strip()))
        elif name.lower() == "doi":
            found.append((name, "https://doi.org/" + value.strip()))
        else:
            found += [(name, url.rstrip(".,;:)'\"")) for url in PROSE_URL.findall(value)]
    return found


def host_refusal(host: str | None, policy: dict) -> str | None:
    """Why a host is refused, or None if the policy allows it."""
    if not host:
        return "no host"
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return "a bare IP address"
    except ValueError:
        pass
    for word in policy["forbidden"]:
        if word in host:
            return f"forbidden ({word})"
    for rule in policy["hosts"]:
        allowed = {rule["host"], *(f"{label}.{rule['host']}" for label in rule["subdomains"])}
        if host in allowed:
            return None
    return "not a host of the source policy"


def address_problems(bibliography: BibliographyData, policy: dict) -> list[str]:
    problems = []
    for key, entry in bibliography.entries.items():
        doi = entry.fields.get("doi")
        if doi is not None and not DOI.match(doi.strip()):
            problems.append(f"{key}: doi {doi!r} is not a DOI")
        for field, url in addresses(entry):
            refusal = host_refusal(urlsplit(url).hostname, policy)
            if refusal:
                problems.append(f"{key}: {field} {url} is refused: {refusal}")
    return problems


def test_every_address_is_on_a_host_of_the_policy(bib, policy):
    assert address_problems(bib, policy) == []


@pytest.mark.parametrize(
    "field",
    [
        "url = {http://20.210.105.67/txt/time/Time1975/1975-01-27/912750.html}",
        "url = {http://1.2.3.4/}",
        "url = {https://en.wikipedia.org/wiki/Refusenik}",
        "url = {https://en.m.wikipedia.org/wiki/Anatoly_Dobrynin}",
        "url = {http://en.wikisource.org/wiki/Page:United_States_Statutes_at_Large_Volume_88_Part_2.djvu/665}",
        "url = {https://kids.britannica.com/students/article/Aleksandr-Yakovlev/340890}",
        "url = {https://wilson-center-digital-archive.dvincitest.com/document/letter-george-h-w-bush-mikhail-gorbachev}",
        "url = {https://dev.nsarchive.gwu.edu.946elmp01.blackmesh.com/news/x}",
        "url = {https://nsarchive.gwu.edu.example.com/}",
        "url = {https://staging.latimes.com/archives/x}",
        "url = {https://news.am/eng/print/news/485181.html}",
        "howpublished = {Copy at \\url{https://trantor.is/content/WN9k3_-yGcF0vIaV/Chapter018.html}}",
        "note = {Excerpts: https://de.scribd.com/document/481386769/UN-Speech-1988-quotes.}",
        "doi = {not-a-doi}",
    ],
)
def test_a_planted_address_off_the_policy_is_refused(policy, field):
    bad = planted(f"@misc{{bad, author = {{{{X}}}}, title = {{T}}, year = {{2000}}, {field}}}")
    assert address_problems(bad, policy), field


def test_an_address_on_the_policy_passes(policy):
    good = planted(
        "@misc{good, author = {{X}}, title = {T}, year = {2000}, url = {https://www.latimes.com/x},"
        " note = {Also https://books.openedition.org/ceup/2807.}, doi = {10.7829/j.ctt1282nd}}"
    )
    assert address_problems(good, policy) == []


def test_no_address_is_a_bare_ip(bib):
    hosts = [urlsplit(url).hostname for entry in bib.entries.values() for _, url in addresses(entry)]
    assert [h for h in hosts if is_ip(h)] == []


def is_ip(host: str | None) -> bool:
    try:
        ipaddress.ip_address((host or "").strip("[]"))
    except ValueError:
        return False
    return True


def test_a_planted_bare_ip_is_seen():
    bad = planted("@misc{bad, title = {T}, year = {2000}, url = {http://20.210.105.67/txt/x.html}}")
    assert [is_ip(urlsplit(u).hostname) for _, u in addresses(bad.entries["bad"])] == [True]


# ------------------------------------------------------------------------------------------------ policy


def policy_problems(policy: dict) -> list[str]:
    problems = []
    kinds = set(policy["kinds"])
    seen = set()
    for rule in policy["hosts"]:
        host = rule["host"]
        if host in seen:
            problems.append(f"{host}: listed twice")
        seen.add(host)
        if rule.get("kind") not in kinds:
            problems.append(f"{host}: kind {rule.get('kind')!r} is not one of {sorted(kinds)}")
        if not str(rule.get("note", "")).strip():
            problems.append(f"{host}: no note saying what it is")
        if not isinstance(rule.get("subdomains"), list):
            problems.append(f"{host}: subdomains must be an explicit list")
        for label in rule.get("subdomains") or []:
            if not re.fullmatch(r"[a-z0-9-]+", label):
                problems.append(f"{host}: subdomain {label!r} is not one plain label")
        if is_ip(host):
            problems.append(f"{host}: a bare IP address")
        for word in policy["forbidden"]:
            if word in host:
                problems.append(f"{host}: forbidden ({word})")
    return problems


def test_the_policy_lists_no_encyclopedia_wiki_or_ip_host(policy):
    assert policy_problems(policy) == []


@pytest.mark.parametrize(
    "rule",
    [
        {"host": "en.wikipedia.org", "kind": "library", "subdomains": [], "note": "an encyclopedia"},
        {"host": "kids.britannica.com", "kind": "publisher", "subdomains": [], "note": "for children"},
        {"host": "20.210.105.67", "kind": "archive", "subdomains": [], "note": "a bare address"},
        {"host": "latimes.com", "kind": "publisher", "subdomains": ["*"], "note": "a wildcard"},
        {"host": "example.org", "kind": "blog", "subdomains": [], "note": "an unknown kind"},
        {"host": "example.org", "kind": "publisher", "subdomains": [], "note": ""},
    ],
)
def test_a_planted_bad_policy_host_is_refused(policy, rule):
    assert policy_problems({**policy, "hosts": [*policy["hosts"], rule]})


# ---------------------------------------------------------------------------------------- weak sources


def weak_problems(bibliography: BibliographyData, policy: dict) -> list[str]:
    """Encyclopedias and wikis are never support: every such entry is listed as weak and has no address."""
    problems = []
    weak = policy.get("weak") or {}
    for key, entry in bibliography.entries.items():
        said = " ".join(
            [entry.fields.get("howpublished", ""), *(str(p) for p in entry.persons.get("author", []))]
        ).lower()
        markers = [m for m in policy["encyclopedia_markers"] if m in said]
        if markers and key not in weak:
            problems.append(f"{key}: an encyclopedia or wiki ({markers[0]}) not listed as weak")
        if key in weak and addresses(entry):
            problems.append(f"{key}: a weak source keeps an address")
    return problems


def test_encyclopedias_and_wikis_are_listed_as_weak_and_keep_no_address(bib, policy):
    assert weak_problems(bib, policy) == []


@pytest.mark.parametrize(
    "source",
    [
        "@misc{wiki-x, author = {{Wikipedia contributors}}, title = {Refusenik}, howpublished = {Wikipedia},"
        " year = {n.d.}}",
        "@misc{wikipedia-refusenik, author = {{Wikipedia contributors}}, title = {Refusenik},"
        " howpublished = {Wikipedia}, year = {n.d.-b}, url = {https://en.wikipedia.org/wiki/Refusenik}}",
    ],
)
def test_a_planted_encyclopedia_is_caught(policy, source):
    assert weak_problems(planted(source), policy)


# ---------------------------------------------------------------------------------------- completeness


def has(entry: Entry, field: str) -> bool:
    return bool(entry.persons.get(field)) or bool(entry.fields.get(field, "").strip())


def completeness_problems(bibliography: BibliographyData, policy: dict) -> list[str]:
    problems = []
    undated = policy.get("undated") or {}
    unverified = policy.get("unverified") or {}
    for key, entry in bibliography.entries.items():
        required = REQUIRED.get(entry.type.lower())
        if required is None:
            problems.append(f"{key}: type @{entry.type} has no rule in REQUIRED")
            continue
        excused = set((unverified.get(key) or {}).get("fields", []))
        for alternatives in required:
            if not any(has(entry, f) for f in alternatives) and not set(alternatives) & excused:
                problems.append(f"{key}: @{entry.type} needs {' or '.join(alternatives)}")
        year = entry.fields.get("year", "").strip()
        match = YEAR.match(year)
        if year and not match:
            problems.append(f"{key}: year {year!r} is neither a year nor n.d.")
        elif match and match["base"] == "n.d." and key not in undated:
            problems.append(f"{key}: n.d. but not listed as undated in the policy")
    return problems


def test_every_entry_has_the_fields_its_type_requires(bib, policy):
    assert completeness_problems(bib, policy) == []


@pytest.mark.parametrize(
    "source",
    [
        "@book{b, author = {Mann, James}, title = {T}, year = {2009}, address = {New York}}",  # no publisher
        "@book{b, author = {Mann, James}, title = {T}, year = {2009}, publisher = {P}}",  # no place
        "@article{a, author = {Talbott, Strobe}, title = {T}, year = {1989}}",  # no journal
        "@misc{m, author = {{AP}}, title = {T}, url = {https://apnews.com/x}}",  # no year
        "@misc{m, author = {{AP}}, title = {T}, year = {n.d.}, url = {https://apnews.com/x}}",  # undated, unlisted
        "@misc{m, author = {{AP}}, title = {T}, year = {c. 1989}, url = {https://apnews.com/x}}",  # not a year
        "@misc{m, title = {T}, year = {1989}}",  # no organisation, no address
        "@online{o, author = {{AP}}, title = {T}, year = {1989}, url = {https://apnews.com/x}}",  # no rule
    ],
)
def test_a_planted_incomplete_entry_is_refused(policy, source):
    assert completeness_problems(planted(source), policy)


def test_the_policy_exceptions_are_not_stale(bib, policy):
    """Every excused key exists and still needs its excuse, so the lists shrink as entries are fixed."""
    problems = []
    for key in policy.get("undated") or {}:
        entry = bib.entries.get(key)
        if entry is None:
            problems.append(f"undated: no entry {key}")
        elif not entry.fields.get("year", "n.d.").startswith("n.d."):
            problems.append(f"undated: {key} has a year now")
    for key, excuse in (policy.get("unverified") or {}).items():
        entry = bib.entries.get(key)
        if entry is None:
            problems.append(f"unverified: no entry {key}")
            continue
        problems += [f"unverified: {key} has {f} now" for f in excuse["fields"] if has(entry, f)]
        if not str(excuse.get("reason", "")).strip():
            problems.append(f"unverified: {key} gives no reason")
    for key, reason in (policy.get("weak") or {}).items():
        if key not in bib.entries:
            problems.append(f"weak: no entry {key}")
        if not str(reason).strip():
            problems.append(f"weak: {key} gives no reason")
    assert problems == []


# ---------------------------------------------------------------------------------------------- labels


def last_names(entry: Entry, role: str) -> list[str]:
    return [plain(" ".join(p.prelast_names + p.last_names)) for p in entry.persons.get(role, [])]


def label(entry: Entry) -> str:
    """The in-text label of sphinxcontrib-bibtex's author_year style: the last names of the authors (else
    the editors), two joined by "and", three or more shortened to the first and "et al."; the title when
    there is no person; then a comma and the year field, or n.d."""
    names = last_names(entry, "author") or last_names(entry, "editor")
    if not names:
        who = plain(entry.fields["title"])
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {plain(entry.fields.get('year', 'n.d.'))}"


def label_problems(bibliography: BibliographyData) -> list[str]:
    """Two works must not share a label; a letter after the year appears only where it is needed, and the
    letters of one author and year run a, b, c... without a gap (pybtex sorts by the year field as text, so
    the letters also give the order of the bibliography)."""
    problems = []
    by_label = defaultdict(list)
    groups = defaultdict(list)
    for key, entry in bibliography.entries.items():
        text = label(entry)
        by_label[text].append(key)
        who, _, year = text.rpartition(", ")
        match = YEAR.match(year)
        if match:
            groups[(who, match["base"])].append((match["letter"], key))
    problems += [
        f"{text!r} names {len(keys)} works: {', '.join(keys)}" for text, keys in by_label.items() if len(keys) > 1
    ]
    for (who, base), members in groups.items():
        letters = sorted(letter or "" for letter, _ in members)
        if len(members) == 1 and letters != [""]:
            problems.append(f"{who}, {base}: a letter where no other work shares the label")
        elif len(members) > 1 and letters != [chr(ord("a") + i) for i in range(len(members))]:
            problems.append(f"{who}, {base}: letters {letters} do not run a, b, c...")
    return problems


def test_every_label_names_one_work(bib):
    assert label_problems(bib) == []


@pytest.mark.parametrize(
    "source",
    [
        # The first draft's clashes: one label for two works.
        "@misc{a, author = {{Los Angeles Times}}, title = {A}, year = {1989}, howpublished = {LAT}}"
        "@misc{b, author = {{Los Angeles Times}}, title = {B}, year = {1989}, howpublished = {LAT}}",
        "@misc{a, author = {{HIAS}}, title = {1987}, howpublished = {HIAS}}"
        "@misc{b, author = {{HIAS}}, title = {1990}, howpublished = {HIAS}}",
        "@book{a, editor = {Savranskaya, S. and Blanton, T. and Zubok, V.}, title = {M}, year = {2010}}"
        "@misc{b, editor = {Savranskaya, Svetlana and Smith, A. and Jones, B.}, title = {D}, year = {2010}}",
        # Letters that skip, or stand where nothing clashes.
        "@misc{a, author = {{AP}}, title = {A}, year = {1988a}}@misc{b, author = {{AP}}, title = {B}, year = {1988c}}",
        "@misc{a, author = {{AP}}, title = {A}, year = {1988a}}@misc{b, author = {{AP}}, title = {B}, year = {1988}}",
        "@misc{a, author = {{AP}}, title = {A}, year = {1988b}}",
    ],
)
def test_a_planted_label_clash_is_refused(source):
    assert label_problems(planted(source))


def test_the_label_is_the_one_sphinxcontrib_bibtex_renders(bib):
    """Holds `label` to the extension's own author_year template, entry by entry."""
    from sphinxcontrib.bibtex.plugin import find_plugin as find_bibtex_plugin
    from sphinxcontrib.bibtex.style.template import join, year

    style = find_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year")()
    template = join(sep=", ")[style.person.author_or_editor_or_title(full=False), year]
    mismatches = []
    for key, entry in bib.entries.items():
        rendered = as_text(template.format_data({"entry": entry, "style": style}))
        if rendered != label(entry):
            mismatches.append(f"{key}: extension {rendered!r}, test {label(entry)!r}")
    assert mismatches == []


# ---------------------------------------------------------------------------------------------- titles


@cache
def plain_style():
    return find_plugin("pybtex.style.formatting", "plain")()


def rendered_title(entry: Entry) -> str:
    """The title as the book's bibliography prints it (pybtex's plain style, as _config.yml sets)."""
    style = plain_style()
    if entry.type.lower() in {"book", "inbook", "manual", "phdthesis", "proceedings"}:
        node = style.format_btitle(entry, "title", as_sentence=False)
    else:
        node = style.format_title(entry, "title", as_sentence=False)
    return as_text(node.format_data({"entry": entry, "style": style, "bib_data": None}))


def capital_problems(bibliography: BibliographyData) -> list[str]:
    problems = []
    for key, entry in bibliography.entries.items():
        if "title" not in entry.fields:
            continue
        source, shown = plain(entry.fields["title"]), rendered_title(entry)
        words = [n for n in PROPER_NAMES if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", source)]
        words += ACRONYM.findall(source)
        problems += [f"{key}: {word!r} is lower-cased in {shown!r}" for word in words if word not in shown]
        # Sentence case keeps the first letter of a title; a leading bracket must not cost it its capital.
        first = [s.lstrip("[(\"'`“‘ ")[:1] for s in (source, shown)]
        if first[0].isupper() and first[1].islower():
            problems.append(f"{key}: the first word is lower-cased in {shown!r}")
    return problems


def test_titles_keep_the_capitals_of_names_and_acronyms(bib):
    assert capital_problems(bib) == []


@pytest.mark.parametrize(
    "title",
    [
        "Letter from George H. W. Bush to Mikhail Gorbachev",
        "Jackson--Vanik amendment",
        "Soviets Halve Death Estimate in Armenian Quake",
        "U.S. Congress approves trade agreement with USSR",
        "[Text of {Gorbachev}'s address]",
    ],
)
def test_a_planted_unprotected_title_is_caught(title):
    bad = planted(f"@misc{{bad, author = {{{{X}}}}, title = {{{title}}}, year = {{2000}}, howpublished = {{H}}}}")
    assert capital_problems(bad), title


def test_a_protected_title_passes():
    good = planted(
        "@misc{good, author = {{X}}, title = {Letter from {George H. W. Bush} to {Mikhail Gorbachev} on the"
        " {USSR}}, year = {2000}, howpublished = {H}}"
    )
    assert capital_problems(good) == []
