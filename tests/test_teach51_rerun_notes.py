"""teach51: teaching.md's first session re-runs chapter 2 with ``stable_quarters`` 8 and
closes with the chapter's exercises; on that run (seed 4141, 5,000 residents, 2,500
newcomers) the first exercise read "Re-run the chapter with stable_quarters = 8", the value
the run had, and chapter 3 at ``grouping`` "types" (seed 4142) read "Re-run the chapter with
grouping = "types"" likewise, as Appendix C would at period_days 14. Chapter 4's estimands exercise has said so since fresh50
(:func:`mia_helpers.claims.estimand_exercise_note`); the clause
:func:`mia_helpers.claims.rerun_exercise_note` says it for the other three."""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _flat(name: str) -> str:
    return " ".join((NOTEBOOKS / name).read_text().split())


def test_a_run_at_another_value_reads_as_before():
    assert claims.rerun_exercise_note(4, 8, "its solution compares it with 8 quarters") == ""
    assert claims.rerun_exercise_note("codes", "types", "the codes") == ""


def test_a_run_at_the_asked_value_is_told_so_and_what_it_is_compared_with():
    note = claims.rerun_exercise_note(8, 8, "its solution compares it with a stable job of 4 "
                                      "quarters")
    assert note == (", as this run did: its solution compares it with a stable job of 4 "
                    "quarters")


def test_an_empty_continuation_is_refused():
    with pytest.raises(ValueError, match="rerun_exercise_note: then"):
        claims.rerun_exercise_note(8, 8, " ")


@pytest.mark.parametrize(("name", "instruction", "glued"), [
    ("02_school_leaver_entry.md",
     "Re-run the chapter with `stable_quarters = 8`{glue:text}`ex_stable8_this_run`.",
     'glue("ex_stable8_this_run", claims.rerun_exercise_note( # at 8: the run did as asked '
     'stable_quarters, 8, f"its solution compares it with a stable job of {other_q} quarters")'),
    ("03_activation_inflow.md",
     'Re-run the chapter with `grouping = "types"`{glue:text}`ex_types_this_run`.',
     'glue("ex_types_this_run", claims.rerun_exercise_note( # at "types": the run did as asked '
     'grouping, "types",'),
    ("C_heart_transplant.md",
     "Then answer again from a second run, with `-p period_days 14`{glue:text}"
     "`c_period_this_run`.",
     'glue("c_period_this_run", claims.rerun_exercise_note(period_days, 14, "the second run is '
     '" "then one at the default, period_days 7")'),
])
def test_the_exercises_glue_the_clause_inside_their_rerun_instruction(name, instruction, glued):
    text = _flat(name)
    assert instruction in text
    assert glued in text
    assert text.index(glued) < text.index(instruction)  # glued before the exercise
