"""dpo26: a matched effect printed with two decimals lies on the grid of 1/(L n).

With ``k`` twins per starter (``k_i <= k`` within the caliper, each weighted ``1 / k_i``) the
"now versus later" effect is ``(A - B) / n`` with ``A`` whole and ``B`` a multiple of
``1 / L``, ``L`` the least common multiple of 1..k (6 for ``k`` 3), so ``att L n`` is a whole
number. Two decimals of pp fix ``att`` to 1e-4, and of the counts near ``n`` only a few fit.
Seen on seed 5252, 3,000 residents, 1,200 newcomers, ``min_cell`` 11, chapter 4 run with
``-p max_quarter 5``: the estimands exercise printed application assignment at 5 quarters as
-2.09 beside the summary's 244 starters at quarter 4 and ``x`` at 5; only 239 fits, so 5
starters were censored in between, a count the horizon rule hid.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mia_helpers.effect_tables import estimate_grid, grid_pins_count

MIN_CELL = 11
K = 3


def reader_counts(att_pp: float, counts: range, lcm: int = 6) -> list[int]:
    """The reader's attack, apart from the package: the counts ``n`` for which a whole
    number ``j`` has ``j / (lcm n)`` within 0.005 pp of the printed estimate."""
    lo, hi = (att_pp - 0.005) / 100 * lcm, (att_pp + 0.005) / 100 * lcm
    return [n for n in counts if math.floor(hi * n + 1e-9) >= math.ceil(lo * n - 1e-9)]


#: the run's matched counts: measure, quarter, starters n, treated in stable jobs A, and B in
#: sixths (the twins' weighted count times 6)
RUN = (("application_assignment", 4, 244, 57, 411), ("application_assignment", 5, 239, 69, 444),
       ("workplace_learning_other", 4, 264, 74, 490), ("workplace_learning_other", 5, 260, 90, 538))


def cohort() -> pd.DataFrame:
    """Matched rows of the run (application assignment and IBO, quarters 4 and 5): A and B
    (in sixths) as the run had them; the effects are (A - B) / n."""
    rows = []
    for measure, q, n, a, b6 in RUN:
        for est in ("now_vs_later", "now_vs_never"):
            att = 100 * (a - b6 / 6) / n
            rows.append({"measure": measure, "estimand": est, "estimator": "matched",
                         "quarter_since_start": q, "n_treated": n, "att_pp": att})
    return pd.DataFrame(rows)


def test_the_attack():
    assert reader_counts(-2.09, range(234, 244)) == [239]
    # the cohort's own estimate at 5: -2.09 as printed
    c = cohort()
    at5 = c[(c.measure == "application_assignment") & (c.quarter_since_start == 5)]
    assert round(at5["att_pp"].iat[0], 2) == -2.09


def test_the_grid_hides_an_estimate_that_pins_its_count():
    c = cohort()
    rows = c[c.quarter_since_start == 5]
    assert grid_pins_count(rows.reset_index(drop=True), c, K, MIN_CELL, 2).tolist() == [
        True, False, True, False]  # "now versus never" carries no grid
    grid = estimate_grid(rows, "measure", "estimand", MIN_CELL, "test grid", k=K, cohort=c)
    assert grid.loc["application_assignment", "now_vs_later"] == "x"
    assert grid.loc["application_assignment", "now_vs_never"] != "x"
    # every estimate the grid prints leaves each count within min_cell - 1 possible
    for m in grid.index:
        v = pd.to_numeric(pd.Series([grid.loc[m, "now_vs_later"]]), errors="coerce").iat[0]
        if pd.notna(v):
            n = int(rows[(rows.measure == m)]["n_treated"].iat[0])
            window = range(n - MIN_CELL + 1, n + MIN_CELL)
            assert reader_counts(float(v), window) == list(window)


def test_no_rule_far_from_other_counts():
    c = cohort()
    rows = c[c.quarter_since_start == 5].reset_index(drop=True)
    # dpo27: without k the rule no longer lapses; these rows carry no control_outcome to
    # read the grid from, so it refuses (tests/test_dpo27_grid_default.py)
    with pytest.raises(ValueError, match="control_outcome"):
        grid_pins_count(rows, c, None, MIN_CELL, 2)
    far = c.assign(n_treated=c["n_treated"].where(c.quarter_since_start == 5, 400))
    assert not grid_pins_count(rows, far, K, MIN_CELL, 2).any()
