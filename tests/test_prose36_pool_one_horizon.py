"""prose36: chapter 4's pool exercise clause (claims.pool_shift_clause) said "on average" and
"the mean absolute effect" when the two pools share one published horizon, where nothing is
averaged. The wording now follows the number of horizons compared."""
from __future__ import annotations

import pandas as pd

from mia_helpers.claims import pool_shift_clause


def test_one_horizon_is_not_averaged():
    s = pool_shift_clause(pd.Series({12: 1.123}), pd.Series({12: 1.0}), 10)
    assert s == ("lowers the estimate at the one horizon, by 0.12 points; the absolute effect "
                 "goes from 1.12 to 1.00 points"), s
    # the other horizons hidden in one of the pools: still one horizon compared
    s = pool_shift_clause(pd.Series({4: float("nan"), 12: -0.5}),
                          pd.Series({4: 2.0, 12: 0.5}), 10)
    assert s == ("raises the estimate at the one horizon, by 1.00 points; the sign changes at "
                 "that horizon; the absolute effect stays at 0.50 points"), s
    s = pool_shift_clause(pd.Series({12: 0.5}), pd.Series({12: 0.5}), 10)
    assert s.startswith("leaves the estimate about where it was (change 0.00 points)"), s
    assert "mean" not in s and "average" not in s


def test_two_horizons_keep_the_average():
    s = pool_shift_clause(pd.Series({11: 1.0, 12: 1.0}), pd.Series({11: 1.5, 12: 1.5}), 10)
    assert s == ("raises the estimate at the 2 horizons, by 0.50 points on average; the mean "
                 "absolute effect goes from 1.00 to 1.50 points"), s
