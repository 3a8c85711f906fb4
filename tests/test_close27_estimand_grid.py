"""``claims._estimand_difference`` (chapter 4's estimands exercise prose) skipped the rule of
the 1/(L n) grid when ``k`` was None, and so read an estimate the exercise's grid hides
(close27): it now reads the grid from the rows' ``control_outcome`` as
``effect_tables.estimate_grid`` does (dpo27), and hides where the grid cannot be told."""
from __future__ import annotations

import pandas as pd

from mia_helpers import claims, effect_tables

MIN_CELL = 11


def _tidy() -> pd.DataFrame:
    """dpo26/dpo27's rows: application assignment at quarters 4 (244 starters) and 5 (239),
    the effect (A - B) / n with B in sixths; at 5 quarters -2.09 pp pins 239 of 234..243."""
    rows = []
    for q, n, a, b6 in ((4, 244, 57, 411), (5, 239, 69, 444)):
        for est in ("now_vs_later", "now_vs_never"):
            rows.append({"measure": "application_assignment", "estimand": est,
                         "estimator": "matched", "quarter_since_start": q, "n_treated": n,
                         "att_pp": 100 * (a - b6 / 6) / n + (0.9 if est == "now_vs_never"
                                                             else 0.0),
                         "treated_outcome": a / n, "control_outcome": b6 / 6 / n})
    return pd.DataFrame(rows)


def test_without_k_the_difference_reads_no_estimate_the_grid_hides() -> None:
    t = _tidy()
    at5 = t[t.quarter_since_start == 5]
    grid = effect_tables.estimate_grid(at5, "measure", "estimand", MIN_CELL, "close27 grid",
                                       cohort=t)
    assert grid.loc["application_assignment", "now_vs_later"] == "x"
    for k in (None, 3):
        c = claims._estimand_difference(t, min_cell=MIN_CELL, k=k)
        assert "-2.09" not in c["eff_estimand_diff_solution"], (k, c)
        assert "0.90" not in c["eff_estimand_diff_solution"], (k, c)
        assert "no measure has both matched estimates published" in c[
            "eff_estimand_diff_sentence"], (k, c)


def test_without_k_or_control_outcome_the_later_estimate_is_hidden() -> None:
    t = _tidy().drop(columns=["control_outcome", "treated_outcome"])
    far = t.assign(n_treated=t["n_treated"].where(t.quarter_since_start == 5, 400))
    c = claims._estimand_difference(far, min_cell=MIN_CELL)
    assert "no measure has both matched estimates published" in c[
        "eff_estimand_diff_sentence"], c
    shown = claims._estimand_difference(far, min_cell=MIN_CELL, k=3)  # no count near: read
    assert "(0.90 points at 5 quarters)" in shown["eff_estimand_diff_solution"], shown
