"""teach52 (found by teach51, left open): chapter 4's pool exercise set the move of automatic
vacancy referral's estimate, with other starters excluded from the pool, beside the band's
width and the generator's truth, and stopped: it never said which of the two readings of
that move (the changed question, "now versus no measure at all now", or the sampling error
of other twins) the run supports (seeds 4210 and 4211 at 5,000 residents: mean changes of
0.26 and 0.04 points beside bands 6.10 and 5.80 points wide, Table 8's estimates inside the
band at every horizon). ``exercise_answers.pool_reason_clause`` now says so."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import exercise_answers

NB = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def _drawn() -> pd.DataFrame:
    """Three published horizons, the pool as defined at 1.0 with bands from -2 to 4."""
    return pd.DataFrame({"quarter_since_start": [4, 5, 8], "att_pp": [1.0, 1.0, 1.0],
                         "ci_low": [-2.0, -2.0, -2.0], "ci_high": [4.0, 4.0, 4.0]})


def test_inside_every_band_the_run_cannot_tell():
    excluded = pd.Series([1.26, 0.8, 1.3], index=[4, 5, 8])
    clause = exercise_answers.pool_reason_clause(_drawn(), excluded, 0.95)
    assert clause == ("; at every one of the 3 horizons with a band the estimate without other "
                      "starters lies inside the 95 per cent band of the pool as defined, so "
                      "this run cannot tell the change of question from the sampling error of "
                      "other twins: either may have moved it"), clause


def test_outside_a_band_the_change_of_question_shows():
    excluded = pd.Series([5.0, 0.8, np.nan, 2.0], index=[4, 5, 8, 9])  # 8 hidden, 9 no band
    clause = exercise_answers.pool_reason_clause(_drawn(), excluded, 0.9)
    assert clause.startswith("; at 1 of the 2 horizons with a band the estimate without other "
                             "starters lies outside the 90 per cent band"), clause
    assert clause.endswith("so there the change of question shows"), clause


def test_no_band_no_clause():
    empty = _drawn().iloc[0:0]
    assert exercise_answers.pool_reason_clause(empty, pd.Series([1.0], index=[4]), 0.95) == ""


def test_the_solution_states_the_reading():
    text = NB.read_text(encoding="utf-8")
    part = text[text.index("```{solution-start} ex-effects-other-starts"):]
    part = part[:part.index("```{solution-end}")]
    assert "exercise_answers.pool_reason_clause(" in part
    assert "{glue:text}`ex-other-compare`{glue:text}`ex-other-reason`." in part
