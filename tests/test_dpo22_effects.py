"""dpo22: the twins' side of a matched effect.

Seed 7171, 2,500 residents, 400 newcomers, ``min_cell`` 11: chapter 5 published the contract
at quarter 4 as -5.6 pp without an interval, relative effect -100 %, on 18 starters (the
count hidden, but between 11 and the 22 matched starters). The relative effect -100 % says no
starter had entered, so the twins' mean was 5.6 %: one treated-equivalent, one to three twins
(k = 3) who entered. Without the relative effect the missing interval says the same (the
fit's warning: "no interval where the treated or the controls show no variation"): either no
starter or every twin had entered, and the other side is then one person or a few."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import effects
from mia_helpers.effect_tables import hide_one_sided_points, one_side_small, treated_share_small

MIN_CELL = 11


def _tidy(rows: list[tuple[int, float, float, int, float, float]]) -> pd.DataFrame:
    """Matched and naive rows of one measure: (quarter, att_pp, att_rel, n, m1, m0); the
    interval is missing where a side shows no variation, as the estimator leaves it."""
    out = []
    for q, att, rel, n, m1, m0 in rows:
        flat = m1 in (0.0, 1.0) or m0 in (0.0, 1.0)
        ci = (np.nan, np.nan) if flat else (att - 10.0, att + 10.0)
        base = dict(measure="inburgering", estimand="now_vs_later", quarter_since_start=q,
                    n_treated=n, treated_outcome=m1, control_outcome=m0)
        out.append(dict(base, estimator="matched", att_pp=att, att_rel=rel,
                        ci_low=ci[0], ci_high=ci[1]))
        out.append(dict(base, estimator="naive", att_pp=att / 2, att_rel=np.nan,
                        ci_low=np.nan, ci_high=np.nan))
    return pd.DataFrame(out)


# the chapter's rows: quarter 4 one-sided (twins' 1/18), quarter 8 both sides vary
ROWS = [(4, -100 / 18, -1.0, 18, 0.0, 1 / 18), (8, 25.0, 1.0, 60, 0.5, 0.25)]


def test_relative_effect_hidden_where_the_twins_who_entered_are_few():
    # both sides vary; the starters' counts are large, the twins' 2 treated-equivalents not
    rows = pd.DataFrame({"n_treated": [50, 50], "treated_outcome": [0.3, 0.3],
                         "control_outcome": [0.04, 0.3]})
    assert list(treated_share_small(rows, MIN_CELL)) == [True, False]


def test_one_sided_effect_flagged():
    t = _tidy(ROWS)
    m = t[t["estimator"] == "matched"]
    assert list(one_side_small(m, MIN_CELL)) == [True, False]


def test_summary_table_hides_the_one_sided_effect_and_its_relative():
    got = effects.summary_table(_tidy(ROWS), (4, 8), min_cell=MIN_CELL).data
    q4 = got[got["quarter_since_start"] == 4].iloc[0]
    assert pd.isna(q4["matched_pp"]) and pd.isna(q4["matched_rel_pct"])
    q8 = got[got["quarter_since_start"] == 8].iloc[0]
    assert q8["matched_pp"] == 25.0 and q8["matched_rel_pct"] == 100.0


def test_curves_do_not_draw_the_one_sided_point():
    t = _tidy(ROWS)
    got = hide_one_sided_points(t.drop(columns=["treated_outcome", "control_outcome"]), t,
                                MIN_CELL)
    matched = got[got["estimator"] == "matched"].set_index("quarter_since_start")
    assert np.isnan(matched.loc[4, "att_pp"]) and matched.loc[8, "att_pp"] == 25.0
    naive = got[got["estimator"] == "naive"].set_index("quarter_since_start")
    # the naive row is judged on its own counts (dpo29): here the fake gives it the same
    # 0 starters who entered of 18 and 1/18 of a pool, so it goes too; quarter 8 stays
    assert np.isnan(naive.loc[4, "att_pp"]) and naive.loc[8, "att_pp"] == 12.5


def test_origin_table_hides_a_one_sided_group_effect():
    from mia_helpers.origin_effects import origin_table

    by_group = pd.DataFrame({
        "measure": "workplace_learning_ibo", "group": ["belgian", "non_eu"],
        "quarter_since_start": 4, "att_pp": [10.0, -100 * 2 / 30], "ci_low": [1.0, np.nan],
        "ci_high": [19.0, np.nan], "true_att_pp": [8.0, 5.0], "n_treated": [60, 30],
        "treated_outcome": [0.5, 0.0], "control_outcome": [0.4, 2 / 30]})
    got = origin_table(by_group, (4,), min_cell=MIN_CELL).set_index("group")
    assert got.loc["non_eu", "att_pp"] == "x" and got.loc["belgian", "att_pp"] == 10.0


def test_chapter5_prose_does_not_state_the_one_sided_effect():
    from mia_helpers import claims

    t = _tidy([(4, -100 / 18, -1.0, 18, 0.0, 1 / 18), (5, 25.0, 1.0, 60, 0.5, 0.25),
               (8, 20.0, 0.5, 60, 0.6, 0.4)]).assign(se=0.05, true_att_pp=2.0)
    s = claims._inburgering_sentence(t, (4, 5, 8), MIN_CELL)
    assert "-5.6" not in s and "5 and 8 quarters is 25.0 and 20.0 points" in s, s
