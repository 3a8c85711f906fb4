"""reader34: the book writes "per cent" (two words) in prose, never "percent" nor "%"; a "%"
stays in tables, axis labels and captions of code cells, in code, maths and quoted output
({samp} roles). The scan reads the prose of every notebook and book page
(:func:`prose_scan.prose_lines`: code cells, maths and tables removed)."""
from __future__ import annotations

from pathlib import Path

import pytest
from prose_scan import PER_CENT_RULE, plain, prose_lines

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")])

#: (page, words of the line) left as they are, with the reason
EXEMPT: set[tuple[str, str]] = set()  # prose35 converted chapter 3's three lines

_WORD = PER_CENT_RULE


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each prose paragraph of ``text`` (a role or code span may run
    over a line break)."""
    out: list[tuple[int, str]] = []
    last = -1
    for n, line in prose_lines(text):
        if not line.strip():
            last = -1
            continue
        if n == last + 1 and out:
            out[-1] = (out[-1][0], out[-1][1] + "\n" + line)
        else:
            out.append((n, line))
        last = n
    return out


def offenders(text: str, page: str = "") -> list[tuple[int, str]]:
    """(first line, words) of every prose paragraph of ``text`` that writes "percent" or "%"
    outside code, maths and roles."""
    bad = []
    for n, para in paragraphs(text):
        for p, words in EXEMPT:
            if p == page:
                para = para.replace(words, " ")
        found = [m.start() for m in _WORD.finditer(plain(para))]
        if found:
            bad.append((n, plain(para)[max(0, found[0] - 40):found[0] + 10]))
    return bad


def test_scan_catches_and_spares() -> None:
    text = ("---\nkernelspec: x\n---\n"
            "# T\n\nCoverage of the 95% intervals.\n\n"  # caught
            "```{admonition} Note\nAbout 24 % more.\n```\n\n"  # caught in an admonition
            "After it, 10 percent.\n\n"  # caught after the closing fence
            "```{code-cell} python\nylabel = 'share (%)'\n```\n\n"
            "| share (%) |\n|---|\n| 5 % |\n\n"
            "$$\nx = 5\\%\n$$\n\n"
            "At {glue:text}`level_pct` per cent; quoted {samp}`3.5 % of 40`; `fmt % x`; "
            "in percentage points.\n")
    assert [n for n, _ in offenders(text)] == [6, 9, 12], offenders(text)


def test_exemptions_are_still_needed() -> None:
    """An exemption whose line is gone (converted) must be removed from EXEMPT."""
    for page, words in EXEMPT:
        assert words in (ROOT / "notebooks" / page).read_text(encoding="utf-8"), (page, words)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_prose_writes_per_cent(page: Path) -> None:
    bad = offenders(page.read_text(encoding="utf-8"), page.name)
    assert not bad, f"{page.name}: write 'per cent' in prose: {bad}"
