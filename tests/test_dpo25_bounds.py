"""Worst-case bounds clipped at the treated share give it back (dpo25).

``effects._worst_case_bounds`` keeps a "now versus never" interval that is not
point-identified within [100 (m1 - 1), 100 m1]; where the widening reaches those limits a
printed bound is the starters' cumulative incidence m1 itself (chapter 5, seed 3131, 8,000
newcomers, inburgering at quarter 8: "bounds [-82.8, 17.2]"). Beside an earlier horizon
whose relative effect gives its entrants, that gave the few who entered in between: the
relative-effect rules hid only the bound row's relative effect, which it does not print.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import effects
from mia_helpers.effect_tables import (
    bound_gives_share,
    clipped_bounds_small,
    hide_comparison_shares,
    hide_one_sided_points,
)

MIN_CELL = 10


def _tidy() -> pd.DataFrame:
    """One measure, "now versus never", 100 starters at quarters 4 and 5 (twins plenty):
    quarter 4 point-identified, 30 entered (m1 0.30, m0 0.25: 5 pp, 20 %); quarter 5 a bound
    clipped at 100 m1 = 35, so 35 entered: 5 in quarter 5."""
    m = pd.DataFrame({
        "measure": "m", "estimand": "now_vs_never", "estimator": "matched",
        "quarter_since_start": [4, 5], "n_treated": [100, 100],
        "treated_outcome": [0.30, 0.35], "control_outcome": [0.25, 0.25],
        "att_pp": [5.0, 10.0], "att_rel": [0.20, 0.40],
        "ci_low": [1.0, -65.0], "ci_high": [9.0, 35.0],
        "point_identified": [True, False],
        "treated_entered_persons": [30, 35], "treated_not_entered_persons": [70, 65],
        "control_entered_persons": [60, 60], "control_not_entered_persons": [180, 180]})
    naive = m.assign(estimator="naive", point_identified=True, ci_low=0.0, ci_high=8.0)
    return pd.concat([m, naive], ignore_index=True)


def test_clipped_bound_is_recognised():
    rows = _tidy().query("estimator == 'matched'").reset_index(drop=True)
    assert bound_gives_share(rows).tolist() == [False, True]
    # the step 35 - 30 = 5 < 10 entrants: the clipped bounds must go
    assert clipped_bounds_small(rows, MIN_CELL).tolist() == [False, True]
    # a step of 20 entrants is no small count
    wide = rows.assign(treated_outcome=[0.30, 0.50], ci_high=[9.0, 50.0], ci_low=[1.0, -50.0],
                       treated_entered_persons=[30, 50], treated_not_entered_persons=[70, 50])
    assert not clipped_bounds_small(wide, MIN_CELL).any()


def test_summary_table_hides_clipped_bounds_giving_a_step():
    table = effects.summary_table(_tidy(), quarters=(4, 5), min_cell=MIN_CELL).data
    q4, q5 = (table[table["quarter_since_start"] == q].iloc[0] for q in (4, 5))
    # quarter 4 gives 30 entrants: m1 = att (1 + 1 / rel) = 5 (1 + 1 / 0.2) % = 30 %
    assert q4["matched_rel_pct"] == 20.0 and q4["n_treated"] == 100
    # before the fix quarter 5 printed ci_high 35.0 = 100 m1: 35 entrants, 5 in quarter 5
    assert pd.isna(q5["ci_high"]) and pd.isna(q5["ci_low"])


def test_comparison_hides_clipped_bounds_giving_a_step():
    tidy = _tidy()
    m = tidy.query("estimator == 'matched'")
    comp = pd.DataFrame({"population": "newcomer", "measure": "m",
                         "quarter_since_start": [4, 5], "att_pp": [5.0, np.nan],
                         "att_rel_pct": [20.0, np.nan], "ci_low": m["ci_low"].to_numpy(),
                         "ci_high": m["ci_high"].to_numpy(), "n_treated": [100, 100]})
    out = hide_comparison_shares(comp, {"newcomer": tidy, "resident": None}, "now_vs_never",
                                 MIN_CELL)
    assert out["ci_high"].iloc[1] == "x" and out["ci_low"].iloc[1] == "x"
    assert out["ci_high"].iloc[0] == 9.0


def test_curve_band_clipped_at_the_share_not_drawn():
    tidy = _tidy()
    curves = tidy[["measure", "estimand", "estimator", "quarter_since_start", "att_pp",
                   "ci_low", "ci_high"]]
    out = hide_one_sided_points(curves, tidy, MIN_CELL)
    matched = out[out["estimator"] == "matched"].set_index("quarter_since_start")
    assert matched.loc[4, "ci_high"] == 9.0
    assert pd.isna(matched.loc[5, "ci_high"]) and pd.isna(matched.loc[5, "ci_low"])
    # the naive band is no bound
    assert out[out["estimator"] == "naive"]["ci_high"].notna().all()


def test_origin_table_hides_clipped_bounds_giving_a_step():
    from mia_helpers.origin_effects import origin_table

    def group(name: str, m1_5: float, m1_8: float) -> pd.DataFrame:
        # 100 starters at quarters 4, 5 and 8 (shown at 4 only: the sequence rule hides
        # the equal counts after it); quarters 5 and 8 bounds clipped at 100 m1
        return pd.DataFrame({
            "measure": "m", "group": name, "quarter_since_start": [4, 5, 8],
            "n_treated": [100, 100, 100], "treated_outcome": [0.30, m1_5, m1_8],
            "control_outcome": [0.25, 0.25, 0.25], "att_pp": [5.0, 10.0, 12.0],
            "ci_low": [1.0, -100 * (1 - m1_5), -100 * (1 - m1_8)],
            "ci_high": [9.0, 100 * m1_5, 100 * m1_8], "true_att_pp": 5.0,
            "point_identified": [True, False, False],
            "treated_entered_persons": [30, round(100 * m1_5), round(100 * m1_8)],
            "treated_not_entered_persons": [70, 100 - round(100 * m1_5),
                                            100 - round(100 * m1_8)],
            "control_entered_persons": 60, "control_not_entered_persons": 180})

    # group a: 35 entered by quarter 5, 40 by 8 (5 in between); group b: 35, then 60
    rows = pd.concat([group("a", 0.35, 0.40), group("b", 0.35, 0.60)], ignore_index=True)
    out = origin_table(rows, (4, 5, 8), min_cell=MIN_CELL).set_index(
        ["group", "quarter_since_start"])
    assert out.loc[("a", 5), "ci_high"] == 35.0  # the first clipped horizon: 35 entrants
    assert out.loc[("a", 8), "ci_high"] == "x" and out.loc[("a", 8), "ci_low"] == "x"
    assert out.loc[("b", 8), "ci_high"] == 60.0  # 25 more: no small count
