"""seed34: chapter 4's pool exercise clause (claims.pool_shift_clause) named one direction
where the estimate moved both ways: a mean change of the other sign than most horizons'
read "lowers the estimate at 4 of the 12 horizons" for an estimate raised at the other 8,
and a zero mean change read "leaves the estimate about where it was" for one moved by a
point up at half the horizons and down at the other half."""
from __future__ import annotations

import pandas as pd

from mia_helpers.claims import pool_shift_clause

Q = range(1, 13)


def test_a_mean_change_against_most_horizons_says_both_ways():
    before = pd.Series([0.0] * 12, index=Q)
    after = pd.Series([0.10] * 8 + [-1.00] * 4, index=Q)  # mean -0.27, raised at 8
    s = pool_shift_clause(before, after, 10)
    assert s.startswith("moves the estimate both ways, up at 8 and down at 4 of the 12 "
                        "horizons, and down by 0.27 points on average over all 12"), s
    assert "lowers the estimate at 4" not in s


def test_a_zero_mean_change_of_an_estimate_that_moves_is_not_where_it_was():
    before = pd.Series([0.5] * 12, index=Q)
    after = pd.Series([1.5, -0.5] * 6, index=Q)
    s = pool_shift_clause(before, after, 10)
    assert s.startswith("moves the estimate both ways, up at 6 and down at 6 of the 12 "
                        "horizons, and leaves it about where it was on average (mean change "
                        "0.00 points)"), s
    assert pool_shift_clause(before, before, 10).startswith(
        "leaves the estimate about where it was (mean change 0.00 points)")


def test_a_change_with_most_horizons_keeps_its_one_direction():
    before = pd.Series([0.0] * 12, index=Q)
    after = pd.Series([1.0] * 8 + [-0.5] * 4, index=Q)
    assert pool_shift_clause(before, after, 10).startswith(
        "raises the estimate at 8 of the 12 horizons, by 0.50 points on average over all 12")
    assert pool_shift_clause(after, before, 10).startswith(
        "lowers the estimate at 8 of the 12 horizons, by 0.50 points on average over all 12")
