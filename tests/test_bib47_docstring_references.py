"""Every work the package, the benchmarks and the README cite by author and year has an entry
in ``book/references.bib``.

The book cites by key; docstrings write "Newey & McFadden 1994" or "Konis, K. (2007)" by hand,
and such a citation had no entry to look the work up in (bib47: Borgan & Liestol 1990,
Greenwood 1926, Robins & Rotnitzky 1992, Newey & McFadden 1994 and six more). The lint reads
a citation as a capitalised name (possibly "Name & Name", "Name and Name", "Name et al.",
"Name, X.", "Name-Name" or "Name's") right before a year 1900-2029, bare or in parentheses; the citation
is covered when one of the names in it is the last name of an author of an entry of that year.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "book" / "references.bib"

#: capitalised words before a year that are no author: dates, seeds, data-set words
NOT_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December", "Seed", "Seeds", "Base", "Quarter",
             "Cohort", "Window", "From", "Since", "Before", "After", "In", "Until", "The"}
_NAME = r"(?:Mc|Mac|De|Di|La|Le)?[A-Z][a-z\u00e0-\u017f]+(?:-[A-Z][a-z\u00e0-\u017f]+)?"
#: a name, its co-authors or initials, then the year
CITATION = re.compile(
    rf"\b(?P<names>{_NAME}(?:'s)?(?:,? (?:[A-Z]\. ?)+)?"
    rf"(?:(?:,| &| and) {_NAME}(?:,? (?:[A-Z]\. ?)+)?)*(?: et al\.)?),? \(?"
    r"(?P<year>19\d\d|20[0-2]\d)(?![\d\-/])")


def _plain(text: str) -> str:
    """BibTeX name text without braces and accents' commands: Liest{\\o}l -> Liestol."""
    return re.sub(r"\\[\"'`^~]?|[{}]", "", text)


def bib_names(text: str) -> set[tuple[str, str]]:
    """(author's last name, year) of every entry of a BibTeX text, last names lower case."""
    out = set()
    for m in re.finditer(r"@\w+\{[^,]+,(.*?)\n\}", text, re.S):
        author = re.search(r"\bauthor\s*=\s*\{(.*?)\},?\s*\n", m.group(1), re.S)
        year = re.search(r"\byear\s*=\s*\{(\d{4})\}", m.group(1))
        if not (author and year):
            continue
        for name in re.split(r"\s+and\s+", _plain(author.group(1))):
            last = name.split(",")[0] if "," in name else name.split()[-1]
            out |= {(w.lower(), year.group(1)) for w in last.split()}
    return out


def uncovered(source: str, names: set[tuple[str, str]]) -> list[str]:
    """Author-year citations in ``source`` with no entry among ``names``."""
    bad = []
    for m in CITATION.finditer(re.sub(r"\s+", " ", source)):
        words = [part for w in re.findall(_NAME, m.group("names")) if w not in NOT_NAMES
                 for part in (w, *w.split("-"))]  # "Abadie-Imbens (2006)": both names
        if words and not any((w.lower(), m.group("year")) in names for w in words):
            bad.append(m.group(0))
    return bad


def test_lint_finds_a_citation_without_an_entry_and_spares_one_with_it():
    names = bib_names("@article{konis_2007,\n  author = {Konis, Kjell},\n  year = {2007}\n}\n"
                      "@article{b,\n  author = {Borgan, {\\O}rnulf and Liest{\\o}l, Knut},\n"
                      "  year = {1990}\n}\n")
    assert uncovered("Konis, K. (2007). Linear programming", names) == []
    assert uncovered("(Borgan & Liestol 1990; survfit)", names) == []
    assert uncovered("stacked M-estimation, Newey & McFadden 1994 section 6", names) == [
        "Newey & McFadden 1994"]
    assert uncovered("Greenwood's formula (Greenwood 1926)", names) == ["Greenwood 1926"]
    assert uncovered("Konis's (2008) linear program", names) == ["Konis's (2008"]
    assert uncovered("seed 2013, March 2010 and base seed 2020", names) == []


SOURCES = sorted(p.relative_to(ROOT).as_posix()
                 for p in [*(ROOT / "mia_helpers").rglob("*.py"),
                           *(ROOT / "benchmarks").rglob("*.py"), ROOT / "README.md"])


@pytest.mark.parametrize("name", SOURCES)
def test_every_author_year_citation_has_a_bibliography_entry(name):
    names = bib_names(BIB.read_text(encoding="utf-8"))
    bad = uncovered((ROOT / name).read_text(encoding="utf-8"), names)
    assert not bad, f"{name} cites {bad}: add the works to book/references.bib"
