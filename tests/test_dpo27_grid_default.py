"""dpo27: ``estimate_grid``'s rule of the 1/(L n) grid no longer depends on the caller.

It applied only when the caller passed both ``k`` and ``cohort`` (dpo26); a grid built without
them printed application assignment's -2.09 at 5 quarters on seed 5252 (3,000 residents,
1,200 newcomers, ``min_cell`` 11), which beside the summary's 244 starters at quarter 4 pins
239 (5 censored). Now the grid is read from the rows' ``control_outcome`` where ``k`` is not
given (refused where neither is there), and without ``cohort`` the reader is taken to hold a
count near every one.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_dpo26_grid_pins_starters import RUN

from mia_helpers.effect_tables import estimate_grid, grid_pins_count

MIN_CELL = 11


def _rows() -> pd.DataFrame:
    """dpo26's matched rows (application assignment and other workplace learning, quarters 4
    and 5; the effect (A - B) / n with B in sixths), with the outcome shares the tidy rows
    carry, so that the grid can be read from them."""
    rows = []
    for measure, q, n, a, b6 in RUN:
        for est in ("now_vs_later", "now_vs_never"):
            rows.append({"measure": measure, "estimand": est, "estimator": "matched",
                         "quarter_since_start": q, "n_treated": n,
                         "att_pp": 100 * (a - b6 / 6) / n, "treated_outcome": a / n,
                         "control_outcome": b6 / 6 / n})
    return pd.DataFrame(rows)


def test_a_grid_without_k_or_cohort_hides_the_estimate_that_pins_its_count():
    c = _rows()
    at5 = c[c.quarter_since_start == 5]
    grid = estimate_grid(at5, "measure", "estimand", MIN_CELL, "test grid")
    assert grid.loc["application_assignment", "now_vs_later"] == "x"  # -2.09 before dpo27
    assert grid.loc["application_assignment", "now_vs_never"] != "x"  # no grid


def test_without_k_the_grid_is_the_rows_own():
    c = _rows()
    at5 = c[c.quarter_since_start == 5].reset_index(drop=True)
    with_k = grid_pins_count(at5, c, 3, MIN_CELL, 2)
    assert with_k.tolist() == [True, False, True, False]  # dpo26's
    assert grid_pins_count(at5, c, None, MIN_CELL, 2).tolist() == with_k.tolist()


def test_a_cohort_sharpens_the_rule_and_its_absence_is_safe():
    c = _rows()
    at5 = c[c.quarter_since_start == 5].reset_index(drop=True)
    far = c.assign(n_treated=c["n_treated"].where(c.quarter_since_start == 5, 400))
    assert not grid_pins_count(at5, far, 3, MIN_CELL, 2).any()  # no count near: shown
    # without a cohort: every "now versus later" estimate that narrows its count is hidden
    assert grid_pins_count(at5, None, 3, MIN_CELL, 2).tolist() == [True, False, True, False]


def test_no_grid_to_read_is_refused_for_now_versus_later_only():
    c = _rows().drop(columns=["control_outcome", "treated_outcome"])
    at5 = c[c.quarter_since_start == 5]
    with pytest.raises(ValueError, match="k .twins per starter.*control_outcome"):
        estimate_grid(at5, "measure", "estimand", MIN_CELL, "test grid")
    never = at5[at5.estimand == "now_vs_never"]
    grid = estimate_grid(never, "measure", "estimand", MIN_CELL, "test grid")
    assert (grid["now_vs_never"] != "x").all()  # inverse probability weights: no grid
