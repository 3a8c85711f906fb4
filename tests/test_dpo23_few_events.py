"""dpo23 (seed 2468, 400 newcomers, min_cell 11): the contract's matched effects at quarters 4,
5 and 8 (9.1, 14.3 and 4.8 pp, both sides varying, so with an interval) rested on 5 starters
who entered of 22 and 21, against 2 to 4 treated-equivalent twins; as differences of
multiples of 1 / (k n) they gave the hidden starters and the few events back. An effect is
now hidden wherever a side's entrants or non-entrants are fewer than min_cell, in the tables
and the curves (:func:`mia_helpers.effect_tables.one_side_small`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.effect_tables import hide_one_sided_points, one_side_small

MIN_CELL = 11


def _rows(n, entered, twins):
    n = np.asarray(n, dtype=float)
    return pd.DataFrame({"measure": "inburgering", "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": range(1, len(n) + 1),
                         "n_treated": n, "treated_outcome": np.asarray(entered) / n,
                         "control_outcome": np.asarray(twins) / n})


def test_few_events_on_either_side_hide_the_effect_even_with_variation():
    rows = _rows([22, 21, 21, 100, 100, 100], [5, 5, 5, 30, 30, 95], [3, 2, 4, 20, 5, 30])
    # quarter 4-6: 30 of 100 and 20 twins entered: shown; 5 twins, or 5 who did not: hidden
    assert one_side_small(rows, MIN_CELL).tolist() == [True, True, True, False, True, True]


def test_curves_do_not_draw_them():
    tidy = _rows([22, 100], [5, 30], [3, 20]).assign(att_pp=[9.1, 10.0], ci_low=[-14.9, 1.0],
                                                     ci_high=[33.1, 19.0])
    out = hide_one_sided_points(tidy, tidy, MIN_CELL)
    assert out["att_pp"].isna().tolist() == [True, False]
    assert out.loc[0, ["ci_low", "ci_high"]].isna().all()


def test_vocational_sentence_says_whether_one_or_both_are_hidden():
    from mia_helpers import claims

    def comp(voc, other):
        return pd.DataFrame({"population": "newcomer", "measure": ["training_vocational",
                                                                    "workplace_learning_other"],
                             "quarter_since_start": 5, "att_pp": [voc, other]})

    both = claims.vocational_sentence(comp(float("nan"), float("nan")), 5, False)
    one = claims.vocational_sentence(comp(6.1, float("nan")), 5, False)
    assert "neither newcomer effect at 5 quarters is published" in both
    assert "only one of the two newcomer effects at 5 quarters is published" in one


def test_estimate_grid_and_its_prose_filter_hide_few_entrants():
    from mia_helpers.effect_tables import estimate_grid, estimate_shown

    rows = _rows([300, 300, 8], [5, 60, 4], [40, 50, 3]).assign(
        att_pp=[-11.67, 3.33, 12.5], pool="as defined")
    grid = estimate_grid(rows, "quarter_since_start", "pool", MIN_CELL, "test grid",
                         cohort=rows)  # dpo27: the counts a reader holds
    col = grid["as defined"].astype(str).tolist()
    assert col[0] == "x" and col[1] != "x" and col[2] == "x"  # 5 entrants; 8 starters
    assert estimate_shown(rows, MIN_CELL).tolist() == [False, True, False]
