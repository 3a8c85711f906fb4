"""reader34: the glossary defines the abbreviations and terms a reader of chapters 2 and 4
meets undefined (SMD, KHB, lock-in, naive estimate), and chapter 4 says what its estimand's
$t$ is where it first uses it. (That each entry is linked on the first page using it is
``tests/test_reader31_glossary_links.py``.)"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")


def _definition(term: str) -> str:
    m = re.search(rf"^{re.escape(term)}\n((?:  .*\n)+)", GLOSSARY, re.M)
    assert m, f"book/glossary.md has no entry {term!r}"
    return " ".join(m.group(1).split())


@pytest.mark.parametrize(("term", "words"), [
    ("SMD", ["Standardised mean difference", "pooled standard deviation"]),
    ("KHB", ["Karlson-Holm-Breen", "explained share"]),
    ("lock-in", ["lock-in effect", "while a measure runs"]),
    ("naive estimate", ["without matching", "selective inflow"]),
])
def test_entry_defines_the_term(term: str, words: list[str]) -> None:
    text = _definition(term)
    for w in words:
        assert w in text, (term, w, text)


def test_entries_in_alphabetical_order() -> None:
    entries = re.findall(r"^(\S[^\n]*)\n  \S", GLOSSARY.split("```{glossary}")[1], re.M)
    assert entries == sorted(entries, key=str.lower), entries


def test_chapter_4_defines_t_where_first_used() -> None:
    text = (ROOT / "notebooks" / "04_activation_effects.md").read_text(encoding="utf-8")
    first = text.index("$t+1")
    para = text[text.rindex("\n\n", 0, first):text.index("\n\n", first)]
    assert "$t$, the calendar quarter of the start" in para, para
    assert "quarters since the\ninflow" in para or "quarters since the inflow" in para, para
