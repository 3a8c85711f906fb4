"""References written out in docstrings and the README name the journal the bibliography does.

The book cites by key ({cite}, resolved against ``book/references.bib``); docstrings and the
README write their references out by hand, and a hand-written reference can name the wrong
journal (reader37: ``mia_helpers.dynamic`` gave van den Berg & Vikstrom (2022) to the *Journal
of Econometrics*; it appeared in *Econometrica*). The lint finds every written-out title of a
bibliography entry and requires the journal of that entry (or its usual abbreviation) in the
rest of the reference, up to the next reference's year.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "book" / "references.bib"

#: usual abbreviations a hand-written reference may use for a journal of the bibliography
ABBREVIATIONS = {"journal of the american statistical association": ["jasa"],
                 "the review of economics and statistics": ["review of economics and statistics",
                                                            "restat"],
                 "journal of the royal statistical society, series b (methodological)":
                     ["journal of the royal statistical society", "jrss"]}


def _norm(text: str) -> str:
    """Lower case, no markup or punctuation, single spaces."""
    text = re.sub(r"[{}*`\\\"]", "", text.lower())
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s(),&:.-]", " ", text)).strip()


def bib_entries(text: str) -> list[tuple[str, str, str]]:
    """(key, title, journal) of every entry of a BibTeX text that has a journal."""
    out = []
    for m in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S):
        fields = dict((k.lower(), re.sub(r"\s+", " ", v))
                      for k, v in re.findall(r"(\w+)\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}",
                                             m.group(2)))
        if "journal" in fields and "title" in fields:
            out.append((m.group(1), fields["title"], fields["journal"]))
    return out


def wrong_journals(source: str, entries: list[tuple[str, str, str]]) -> list[str]:
    """The written-out references in ``source`` (any text) whose title is an entry's and
    whose journal is not that entry's, as "key: reference" strings."""
    text = _norm(source)
    bad = []
    for key, title, journal in entries:
        # the title up to its subtitle, at most six words: enough to be unique
        words = _norm(re.split(r"[:?]", title)[0]).split()[:6]
        if len(words) < 3:
            continue
        names = [_norm(journal), *ABBREVIATIONS.get(_norm(journal), [])]
        for m in re.finditer(re.escape(" ".join(words)), text):
            rest = text[m.end():m.end() + 300]
            nxt = re.search(r"\((?:19|20)\d\d\)", rest)  # the next reference's year
            rest = rest[:nxt.start()] if nxt else rest
            if not any(n in rest for n in names):
                bad.append(f"{key}: ...{text[m.start():m.end() + len(rest)]}")
    return bad


def test_lint_catches_a_wrong_journal_and_spares_the_right_one():
    entries = bib_entries("@article{x_2022,\n  title = {Long-Run Effects of Dynamically "
                          "Assigned Treatments: A New Methodology},\n  journal = "
                          "{Econometrica},\n}\n")
    wrong = ("Vikstrom, J. (2022). Long-run effects of dynamically assigned treatments. "
             "*Journal of\n    Econometrics*. Robins, J. M. (2000).")
    right = wrong.replace("*Journal of\n    Econometrics*", "*Econometrica* 90(3)")
    assert wrong_journals(wrong, entries) and not wrong_journals(right, entries)


SOURCES = sorted(p.relative_to(ROOT).as_posix()
                 for p in [*(ROOT / "mia_helpers").rglob("*.py"), ROOT / "README.md"])


@pytest.mark.parametrize("name", SOURCES)
def test_written_out_references_name_the_bibliography_journal(name):
    entries = bib_entries(BIB.read_text(encoding="utf-8"))
    assert not wrong_journals((ROOT / name).read_text(encoding="utf-8"), entries)
