"""fresh50: chapter 4 run at ``-p estimand now_vs_never`` told its reader, in the exercise
``ex-effects-never``, to "re-run the chapter with -p estimand now_vs_never" to draw the curves
it had just drawn. The clause ``ex-never-this-run`` (:func:`mia_helpers.claims.
estimand_exercise_note`) says at that value that the run did so and names the default to
compare with; at the default the exercise reads as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def test_the_default_run_reads_as_before():
    assert claims.estimand_exercise_note("now_vs_later") == ""


def test_a_never_run_is_told_it_drew_the_curves_and_what_to_compare_with():
    note = claims.estimand_exercise_note("now_vs_never")
    assert note.startswith(", as this run did") and "the default, now_vs_later" in note


def test_another_estimand_is_refused():
    with pytest.raises(ValueError, match="estimand_exercise_note"):
        claims.estimand_exercise_note("now_vs_sometime")


def test_the_exercise_glues_the_clause_inside_its_rerun_instruction():
    text = " ".join(NOTEBOOK.read_text().split())
    assert ("(re-run the chapter with `-p estimand now_vs_never`{glue:text}`ex-never-this-run`)"
            in text)
    assert '"ex-never-this-run": claims.estimand_exercise_note(estimand)' in text
