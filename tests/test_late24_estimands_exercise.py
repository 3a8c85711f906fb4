"""Chapter 4's comparison of the two estimands (the caution in "Reading the results with care"
and Exercise 3's table and solution) reads no worst-case bound as an estimate (late24: seed
9090, 1,500 residents, "now versus never": Basic training's bound at 12 quarters was printed
as 6.90 in the exercise's table and read as "differ by at most 5.1 points (for Basic
training)")."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims, effect_tables, labels


def _tidy() -> pd.DataFrame:
    rows = []
    for m, vs, bound in (("training_basic", (1.81, 6.90), True),
                         ("workplace_learning_ibo", (10.70, 9.87), False)):
        for e, v in zip(("now_vs_later", "now_vs_never"), vs, strict=True):
            rows.append({"measure": m, "estimand": e, "estimator": "matched",
                         "quarter_since_start": 12, "att_pp": v, "ci_low": v - 15,
                         "ci_high": v + 15, "n_treated": 100,
                         "point_identified": not (bound and e == "now_vs_never")})
    return pd.DataFrame(rows)


def test_difference_leaves_the_bound_out_and_names_it():
    # k as the notebook passes it: rows without control_outcome hide every "now versus
    # later" estimate without it (close27, as estimate_grid's rule)
    c = claims._estimand_difference(_tidy(), min_cell=10, k=3)
    assert "at most 0.83 points (for IBO)" in c["eff_estimand_diff_sentence"]
    assert "Basic training is left out" in c["eff_estimand_diff_sentence"]
    assert "(0.83 points at 12 quarters)" in c["eff_estimand_diff_solution"]
    assert "Basic training is left out" in c["eff_estimand_diff_solution"]


def test_only_bounds_compare_nothing():
    t = _tidy()
    c = claims._estimand_difference(t[t["measure"] == "training_basic"], min_cell=10, k=3)
    assert "no measure has two published point estimates" in c["eff_estimand_diff_sentence"]
    assert "nan" not in c["eff_estimand_diff_sentence"] + c["eff_estimand_diff_solution"]


def test_grid_prints_the_bound_as_bounds_and_says_so():
    t = _tidy()
    grid = effect_tables.estimate_grid(t, "measure", "estimand", 10, "late24 test", k=3,
                                       cohort=t)  # dpo27: the counts the reader holds
    assert grid.loc["training_basic", "now_vs_never"] == "bounds [-8.10, 21.90]"
    assert grid.loc["workplace_learning_ibo", "now_vs_never"] == 9.87
    assert "worst-case bounds" in labels.grid_bounds_note(grid)
    assert labels.grid_bounds_note(grid.drop(index="training_basic")) == ""
