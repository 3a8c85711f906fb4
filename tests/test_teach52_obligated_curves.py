"""teach52: chapter 5's obligated-grounds exercise asks "How do the naive and matched curves
change? Does the gap between them shrink, and why would it?"; the solution answered the gap
alone (seed 4214, 5,000 residents, 2,500 newcomers: "the mean gap ... is 4.4 points, against
0.8 over the grounds the chapter kept. The gap does not shrink"), leaving unsaid whether the
naive curve, the matched one or both had moved. It now gives each curve's mean over the
judged quarters within the obligated grounds and over the chapter's grounds, and which way
it moved."""
from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims

QUARTERS = [4, 5, 6, 7, 8]


def _rows(naive: list[float], matched: list[float], n: int = 400) -> pd.DataFrame:
    return pd.DataFrame([{"measure": "inburgering", "estimand": "now_vs_later",
                          "estimator": est, "quarter_since_start": q, "att_pp": v,
                          "n_treated": n}
                         for est, vals in (("naive", naive), ("matched", matched))
                         for q, v in zip(QUARTERS, vals, strict=True)])


@pytest.mark.parametrize("dropped", [None, 63.2])
def test_the_answer_says_how_each_curve_moves(dropped):
    sub = _rows([-3.0, -2.0, -1.0, -2.0, -2.0], [1.0, 2.0, 3.0, 2.0, 2.0])   # means -2.0, 2.0
    full = _rows([-1.0, -1.0, -1.0, -1.0, -1.0], [0.5, 0.5, 0.5, 0.5, 0.5])  # means -1.0, 0.5
    s = claims.obligated_gap_claim(sub, full, ["family", "asylum"], QUARTERS, 10,
                                   dropped_pct=dropped, say_quarters=True)
    assert ("Over quarters 4 to 8 the naive curve averages -2.0 points within those grounds "
            "against -1.0 over the grounds the chapter kept (lower by 1.0), and the matched "
            "curve 2.0 against 0.5 (higher by 1.5).") in s, s
    assert s.startswith("Within the family and asylum grounds the mean gap"), s
    assert s.count("Over quarters") == 1, s


def test_an_unmoved_curve_is_said_so_and_never_minus_zero():
    sub = _rows([-0.04] * 5, [1.2] * 5)
    full = _rows([0.5] * 5, [1.2] * 5)
    s = claims.obligated_curves_sentence(sub, full, "inburgering", QUARTERS)
    assert "-0.0" not in s and "averages 0.0 points" in s, s
    assert "the matched curve 1.2 against 1.2 (the same)" in s, s


def test_no_curves_where_no_gap_is_stated():
    hidden = claims.obligated_gap_claim(_rows([1.0] * 5, [1.2] * 5, n=5), _rows([0.5] * 5,
                                        [2.9] * 5), ["family"], QUARTERS, 10,
                                        say_quarters=True)
    assert hidden.startswith("The exercise cannot state its gaps here"), hidden
    assert "curve averages" not in hidden, hidden
