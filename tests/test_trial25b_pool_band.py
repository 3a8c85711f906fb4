"""trial25b: chapter 4's pool exercise compared its "now versus later" change with "the mean
width of the measure's 95 % band in this run"; with estimand = "now_vs_never" (seed 6868,
min_cell 11) the figure draws the "now versus never" bands, so the sentence must name the
estimand whose band it averages (the clause is now written by
``exercise_answers.pool_compare_clause``, trial30b)."""

from pathlib import Path

import pandas as pd

from mia_helpers import exercise_answers

NB = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def test_pool_exercise_names_the_band_estimand():
    text = NB.read_text(encoding="utf-8")
    start = text.index('glue("ex-other-compare"')
    assert "exercise_answers.pool_compare_clause(vra, level)" in text[start:start + 200]
    rows = pd.DataFrame({"ci_low": [-2.0], "ci_high": [2.0]})
    clause = exercise_answers.pool_compare_clause(rows, 0.95)
    assert "now versus later" in clause.split("band in this run")[0], clause
