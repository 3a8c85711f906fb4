"""Every chapter that asks a question states its estimand before its first estimate.

A reader of programme evaluation wants the target quantity named before the numbers
(reader37: chapters 1 and 6 asked their question and went on to tables without saying what
they estimate, and chapter 6's rows each have a different one). The lint reads each chapter
of ``_toc.yml`` with a ``**Question.**`` paragraph and requires an ``**Estimand.**``
paragraph after it and before the first glued table or figure (``glue:md``,
``glue:figure``) or the first code cell that is not the parameters or the imports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = [ROOT / f"{m}.md" for m in
            re.findall(r"file:\s*(notebooks/\S+)", (ROOT / "_toc.yml").read_text())]

#: the first estimate shown: a glued table or figure
FIRST_RESULT = re.compile(r"^```\{glue:(?:md|figure)\}", re.M)


def estimand_problem(text: str) -> str | None:
    """Why ``text`` (a MyST chapter) fails the rule, or None: no ``**Question.**`` (not an
    analysis chapter: passes), no ``**Estimand.**`` after the question, or the estimand only
    after the first glued table or figure."""
    q = text.find("**Question.**")
    if q < 0:
        return None
    e = text.find("**Estimand.**", q)
    if e < 0:
        return "asks a question but states no **Estimand.**"
    first = FIRST_RESULT.search(text)
    if first and first.start() < e:
        return "states its **Estimand.** only after its first glued table or figure"
    return None


def test_lint_catches_a_missing_or_late_estimand():
    ok = "**Question.** Why?\n\n**Estimand.** The ATT.\n\n```{glue:md} tbl-x\n```\n"
    late = "**Question.** Why?\n\n```{glue:md} tbl-x\n```\n\n**Estimand.** The ATT.\n"
    assert estimand_problem(ok) is None
    assert "no **Estimand" in estimand_problem("**Question.** Why?\n\nText.\n")
    assert "after its first" in estimand_problem(late)
    assert estimand_problem("# Appendix B\n\nA record.\n") is None


def test_toc_lists_the_chapters():
    assert len(CHAPTERS) >= 9 and all(p.exists() for p in CHAPTERS)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_states_its_estimand_before_its_estimates(path):
    assert estimand_problem(path.read_text(encoding="utf-8")) is None, path.name
