"""reader34: every numbered table and figure of the chapters is referenced in the prose
({numref} or {ref} on any page of the book), so a reader is sent to it and told what it
shows; an exception is listed in :data:`EXEMPT` with its reason."""
from __future__ import annotations

import re
from pathlib import Path

from prose_scan import prose_lines

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.md"))
PAGES = NOTEBOOKS + sorted((ROOT / "book").glob("*.md"))

#: label -> why it is not referenced
EXEMPT: dict[str, str] = {}  # prose35 referenced chapter 3's tbl-inflow-proxy

#: a label as a whole string literal ("tbl-x"), a directive's :name:, or a glue directive's
#: argument (```{glue:md} tbl-x): f-string labels are found as the tables pasted
_DEFINED = re.compile(r"""["']((?:tbl|fig)-[\w-]*\w)["']|^:name:\s*((?:tbl|fig)-[\w-]+)"""
                      r"""|^`{3,}\{glue(?::\w+)?\}\s+((?:tbl|fig)-[\w-]+)""", re.M)
_REF = re.compile(r"\{(?:numref|ref)\}`([^`]*)`")


def defined(text: str) -> set[str]:
    """The table and figure labels a chapter source defines."""
    return {next(g for g in m.groups() if g) for m in _DEFINED.finditer(text)}


def referenced(text: str) -> set[str]:
    """The labels the prose of a page references ({numref}`x`, {numref}`Table %s <x>`)."""
    prose = "\n".join(line for _, line in prose_lines(text, tables=True))
    return {re.sub(r"(?s).*<([^>]+)>$", r"\1", m.group(1).strip()).strip()
            for m in _REF.finditer(prose)}


def test_reader_sees_definitions_and_references() -> None:
    text = ('```{code-cell} python\nglue("tbl-a", table_markdown(t, "c", "tbl-a"))\n'
            'glue(f"tbl-b-{ev}", x)\n```\n\n```{glue:md} tbl-b-job\n:format: myst\n```\n\n'
            '```{glue:figure} fig-c\n:name: fig-c\n\nCaption.\n```\n\n'
            'See {numref}`Table %s <tbl-a>` and\n{numref}`fig-c`.\n\n'
            '```{code-cell} python\n# {numref}`tbl-b-job` in code is no reference\n```\n')
    assert defined(text) == {"tbl-a", "tbl-b-job", "fig-c"}
    assert referenced(text) == {"tbl-a", "fig-c"}


def test_every_table_and_figure_is_referenced() -> None:
    refs = set().union(*(referenced(p.read_text(encoding="utf-8")) for p in PAGES))
    missing = sorted((p.name, label) for p in NOTEBOOKS
                     for label in defined(p.read_text(encoding="utf-8"))
                     if label not in refs and label not in EXEMPT)
    assert not missing, f"tables and figures no prose refers to (add a {{numref}}): {missing}"


def test_exemptions_are_still_needed() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    refs = referenced(text)
    for label in EXEMPT:
        assert label in text and label not in refs, f"{label}: remove it from EXEMPT"
