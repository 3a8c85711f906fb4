"""teach29: every cited work is in the bibliography, every method the prose names after its
authors cites them on the same page, and every Dutch term and acronym the book uses is in the
glossary."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "notebooks").glob("*.md")) + [ROOT / "book" / n for n in (
    "intro.md", "design.md", "teaching.md", "glossary.md", "api.md")]
#: a method named after its authors -> the bibliography key it must cite on that page
NAMED = {r"Kaplan-Meier": "kaplan_meier_1958", r"Aalen-Johansen": "aalen_johansen_1978",
         r"\bCox (?:model|coefficient)": "cox_1972", r"\bKHB\b": "karlson_holm_breen_2012",
         r"\bSianesi's": "sianesi_2004"}
#: Dutch terms and acronyms of Flemish and Belgian institutions the book uses
DUTCH = ["ABB", "IBO", "inburgering", "KSZ", "MO", "NT2", "rendement", "VDAB", "WSE"]


def _prose(path: Path) -> str:
    """The page without its code cells and fenced code (comments there are no prose)."""
    text = path.read_text()
    return re.sub(r"```\{code-cell\}.*?\n```|```(?:python|bash|yaml|text)?\n.*?\n```", "", text,
                  flags=re.S)


def _cited(text: str) -> set[str]:
    keys: set[str] = set()
    for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]*)`", text):
        keys |= {k.strip() for k in group.split(",")}
    return keys


def _bib() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text(), re.M))


def test_every_cited_key_has_a_bibliography_entry():
    cited = set().union(*(_cited(p.read_text()) for p in PAGES))
    assert cited - _bib() == set()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_method_named_after_its_authors_cites_them_on_the_page(page):
    prose, cited = _prose(page), _cited(page.read_text())
    missing = [(name, key) for name, key in NAMED.items()
               if re.search(name, prose) and key not in cited]
    assert missing == [], f"{page.name} names {missing} without citing them"


def test_every_dutch_term_is_in_the_glossary():
    glossary = (ROOT / "book" / "glossary.md").read_text()
    entries = set(re.findall(r"^(\S[^\n]*)\n  \S", glossary, re.M))
    used = " ".join(p.read_text() for p in PAGES if p.name != "glossary.md")
    for term in DUTCH:
        assert re.search(rf"\b{term}\b", used), f"{term} is no longer used: drop it from DUTCH"
        assert term in entries, f"{term} is used but has no glossary entry"
