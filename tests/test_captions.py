"""Captions of figures and tables carry no citation roles: a citation inside LaTeX's
``\\caption`` (a moving argument) stops the PDF build ("Argument of \\Hy@tempa has an extra }"),
found building the PDF after chapter 4's balance figure cited Austin (2011) in its caption.
Cite in the text that references the figure instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notebooks").glob("*.md")) + sorted((ROOT / "book").glob("*.md"))
CAPTIONED = re.compile(r"^(`{3,}|:{3,})\{(glue:figure|figure|table|list-table|csv-table)\}")


def captions(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the bodies of captioned directives in a MyST source."""
    out, fence = [], None
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if fence is None:
            m = CAPTIONED.match(s)
            if m:
                fence = m.group(1)
        elif s == fence:
            fence = None
        elif s and not s.startswith(":"):
            out.append((n, line))
    return out


def test_reader_finds_caption_lines():
    text = "```{glue:figure} f\n:name: f\n\nA caption {cite:p}`x`.\n```\nText {cite:p}`y`.\n"
    assert captions(text) == [(4, "A caption {cite:p}`x`.")]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_citation_in_captions(path):
    bad = [(n, line) for n, line in captions(path.read_text(encoding="utf-8"))
           if re.search(r"\{cite(:[a-z]+)?\}", line)]
    assert not bad, f"{path.name}: citation in a caption (breaks the PDF): {bad}"
