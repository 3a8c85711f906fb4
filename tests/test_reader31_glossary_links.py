"""reader31: the glossary is reachable where a reader first meets its terms.

book/intro.md promises "Terms in the glossary are linked where they first appear". Read in the
order of _toc.yml, the first page whose prose (code cells left out) uses a glossary term, in
the singular or plural, must link it with {term}; and every {term} link names an entry of the
glossary (a dangling one is only a warning of the Sphinx build, which the tests do not run).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "glossary.md"
#: {term}`text` or {term}`text <entry>`: the entry is the part in angle brackets, else the text
TERM = re.compile(r"\{term\}`([^`<]*?)\s*(?:<([^>`]+)>)?`")


def _pages() -> list[Path]:
    """The book's pages in reading order (_toc.yml), without the glossary itself."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [ROOT / f"{f}.md" for f in files if not f.endswith("glossary")]


def _entries() -> list[str]:
    """The glossary's entries: a line at the margin followed by an indented definition."""
    return re.findall(r"^(\S[^\n]*)\n  \S", GLOSSARY.read_text(), re.M)


def _prose(path: Path) -> str:
    """The page's text without code cells and front matter, role markup reduced to its text,
    whitespace collapsed (a term may break across lines)."""
    text = re.sub(r"```\{code-cell\}.*?\n```", "", path.read_text(), flags=re.S)
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return " ".join(TERM.sub(lambda m: m.group(1), text).split())


def _uses(prose: str, term: str) -> bool:
    """Whether the prose uses the term as a word (singular or plural); lower-case entries match
    in any case, acronyms and proper names only as written."""
    return re.search(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])", prose,
                     re.I if term.islower() else 0) is not None


def _linked(path: Path) -> set[str]:
    """The glossary entries a page links to, lower-cased (Sphinx matches terms in any case)."""
    return {(m.group(2) or m.group(1)).strip().lower() for m in TERM.finditer(path.read_text())}


def test_the_helpers_see_a_use_and_a_link():
    page = ROOT / "book" / "intro.md"
    assert _uses(_prose(page), "rendement") and "rendement" in _linked(page)
    assert _uses("twins of the starters", "twin") and not _uses("twinning", "twin")
    assert _uses("the relative risk ratios", "relative risk ratio")
    assert not _uses("mo", "MO")  # an acronym is matched as written


@pytest.mark.parametrize("term", _entries())
def test_a_glossary_term_is_linked_on_the_page_that_first_uses_it(term):
    first = next((p for p in _pages() if _uses(_prose(p), term)), None)
    assert first is not None, f"glossary entry {term!r} is used on no page of _toc.yml"
    assert term.lower() in _linked(first), (
        f"{first.relative_to(ROOT)} is the first page (in _toc.yml order) that uses {term!r}: "
        f"link it there with {{term}}`{term}`")


def test_every_term_link_names_a_glossary_entry():
    entries = {e.lower() for e in _entries()}
    dangling = sorted({(p.name, t) for p in _pages() + [GLOSSARY] for t in _linked(p)
                       if t not in entries})
    assert dangling == [], f"{{term}} links to no glossary entry: {dangling}"
