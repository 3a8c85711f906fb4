"""Chapter 4's exercise on the pool follows the chapter's horizons (user46).

Found on a run of chapter 4 with ``-p max_quarter 8`` (seed 2019, 8,000 residents, window
2008Q1-2014Q4, ``min_cell`` 25): the exercise re-estimated automatic vacancy referral with the
estimator's default 12 horizons, so its table ran to quarter 12 and its answer read "it lowers
the estimate at 7 of the 12 horizons ... compare that change with the mean width of the
measure's 95 per cent band in this run, 6.01 points", a width averaged over the chapter's 8
horizons (:func:`mia_helpers.exercise_answers.pool_compare_clause`). Every estimation in the
chapter's code now passes the chapter's ``max_quarter``.

Data: the chapter's MyST source (no tolerance).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def _calls(source: str, name: str) -> list[str]:
    """The text of every call ``name(...)`` in the code cells of a MyST source, parentheses
    matched (comments included)."""
    code = "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", source, flags=re.S))
    out = []
    for m in re.finditer(rf"\b{name}\(", code):
        depth, i = 0, m.end() - 1
        for i in range(m.end() - 1, len(code)):
            depth += {"(": 1, ")": -1}.get(code[i], 0)
            if depth == 0:
                break
        out.append(code[m.start():i + 1])
    return out


def test_every_estimation_of_chapter_4_uses_the_chapter_horizons():
    calls = _calls(CHAPTER.read_text(encoding="utf-8"), "activation_effects")
    assert len(calls) >= 2, calls  # the chapter's own estimation and the pool exercise
    missing = [c for c in calls if "max_quarter=max_quarter" not in c]
    assert not missing, missing


@pytest.mark.parametrize("text", ["f(a, g(b), max_quarter=max_quarter)"])
def test_the_call_reader_matches_parentheses(text):
    got = _calls(f"```{{code-cell}} python\nx = {text}\n```\n", "f")
    assert got == [text]
