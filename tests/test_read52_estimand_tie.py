"""read52 (chapter 4, seed 4206, 8,000 residents, window to 2012Q4, ``now_vs_never``,
``min_cell`` 20, 3 bootstrap replications): the estimands exercise said "In the generator's
truth the two estimands differ most for mediation and guidance (... -0.30 points; estimated
+0.68)" and then gave basic training's true difference as -0.30 too: a tie at the two
decimals printed is no ranking. Hand-made grid and truth (the seed-4206 values at 12
quarters: true differences -0.3012 and -0.3040, both printed -0.30)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import exercise_answers

MEASURES = ["mediation_guidance", "training_basic", "workplace_learning_ibo"]


def _grid() -> pd.DataFrame:
    return pd.DataFrame({"now_vs_later": [0.80, 1.68, 9.14], "now_vs_never": [1.48, 2.68, 11.82]},
                        index=pd.Index(MEASURES, name="measure"))


def _truth(never=(1.5060, 2.7356, 9.5890)) -> pd.DataFrame:
    return pd.DataFrame({"measure": MEASURES * 2,
                         "estimand": ["now_vs_later"] * 3 + ["now_vs_never"] * 3,
                         "true_att_pp": [1.8072, 3.0395, 9.5890, *never]})


def test_a_tie_at_two_decimals_names_both():
    s = exercise_answers.estimand_truth_sentence(_grid(), _truth())
    assert s.startswith(
        "In the generator's truth the two estimands differ most for mediation and guidance and "
        "basic training, equally at two decimals (\"now versus never\" minus \"now versus "
        "later\": -0.30 points each; estimated +0.68 and +1.00), while the estimates differ most "
        "for IBO."), s


def test_one_largest_difference_reads_as_before():
    s = exercise_answers.estimand_truth_sentence(_grid(), _truth(never=(1.5060, 2.6356, 9.5890)))
    assert s.startswith(
        "In the generator's truth the two estimands differ most for basic training (\"now "
        "versus never\" minus \"now versus later\": -0.40 points; estimated +1.00), while the "
        "estimates differ most for IBO."), s
