"""teach52: chapter 6's parameters exercise ("which rows of the findings table can each change
move?"). At seed 4210 (5,000 residents, 2,500 newcomers) the run with ``-p caliper 0.05``
moved the generator's value of the newcomers' IBO row from 47 % to 42 % (its relative effect
hidden there) although the generator had not changed; the solution said only that the IBO
rows can move and why, leaving a student who checks the table to read a moved truth as an
error. The solution now says why the generator's value moves with the matching
(:func:`mia_helpers.conclusions._relative_row`: the generator's effect over the matched
controls' mean, or its own relative effect where none is shown)."""
from __future__ import annotations

from pathlib import Path

NB = Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md"


def test_the_solution_says_why_the_generators_value_moves_with_the_caliper():
    text = NB.read_text(encoding="utf-8")
    part = text[text.index("```{solution-start} ex-ch6-parameters"):]
    part = " ".join(part[:part.index("```{solution-end}")].split())
    assert "In those two rows the generator's value can move too" in part
    assert "over the matched controls' mean, which other twins change" in part
    assert "it is the generator's own relative effect" in part
