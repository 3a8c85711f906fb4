"""Appendix C states no point for a "now versus never" estimate that is not point-identified
(trial25: at 52 periods the flagged row read "-35.7 points (-41.1 to 23.0)", and the width of
its worst-case widened interval was put down to the growing weights alone)."""

import numpy as np
import pandas as pd
import pytest

from mia_helpers.claims import estimate_phrase, heart_effect_phrases, heart_widths_clause


def test_bounded_estimate_states_bounds_not_point():
    s = estimate_phrase(-35.6627, -41.0714, 22.9763, 10, "points", point_identified=False)
    assert "-35.7" not in s
    assert "-41.1 to 23.0 points" in s and "not point-identified" in s


def test_point_identified_estimate_unchanged():
    assert (estimate_phrase(-9.0909, -26.0537, 10.6667, 10, "points")
            == "-9.1 points (-26.1 to 10.7)")
    assert (estimate_phrase(-5.2778, -16.4777, 8.9367, 10, "percentage points", 95)
            == "-5.3 percentage points (95 per cent interval -16.5 to 8.9)")


def test_bounded_without_bounds_and_hidden_estimate():
    assert "no bounds" in estimate_phrase(1.0, np.nan, np.nan, 10, "points",
                                          point_identified=False)
    assert "hidden by disclosure control" in estimate_phrase(np.nan, 1, 2, 10, "points",
                                                             point_identified=False)


def test_widths_clause_names_the_worst_case_widening():
    plain = heart_widths_clause(52, 64.05, 36.72)
    assert plain == "after 52 periods it spans 64 points, against 37 for now versus later"
    bounded = heart_widths_clause(52, 64.05, 36.72, never_bounded=True)
    assert "worst-case bounds span 64 points" in bounded and "against 37" in bounded


def _effects(never_long_identified: bool) -> pd.DataFrame:
    rows = []
    for est, vals in (("now_vs_later", ((4, -5.2778, -16.4777, 8.9367, True),
                                        (52, -9.0909, -26.0537, 10.6667, True))),
                      ("now_vs_never", ((4, -6.1143, -19.2667, 8.4393, True),
                                        (52, -35.6627, -41.0714, 22.9763,
                                         never_long_identified)))):
        for h, e, lo, hi, ok in vals:
            rows.append(dict(estimand=est, horizon=h, group="all", estimator="matched",
                             att_pp=e, ci_low=lo, ci_high=hi, point_identified=ok))
    return pd.DataFrame(rows)


@pytest.mark.parametrize("identified", [True, False])
def test_heart_effect_phrases_follow_the_flag(identified):
    out = heart_effect_phrases(_effects(identified), 4, 52, 9, 0.95)
    assert set(out) == {"now_vs_later_short", "now_vs_later_long", "now_vs_never_short",
                        "now_vs_never_long", "c_widths", "c_effect_rule"}  # heart53: the rule
    assert out["now_vs_later_short"] == "-5.3 percentage points (95 per cent interval -16.5 to 8.9)"
    assert out["now_vs_never_short"] == "-6.1 points (-19.3 to 8.4)"
    if identified:
        assert out["now_vs_never_long"] == "-35.7 points (-41.1 to 23.0)"
        assert out["c_widths"].startswith("after 52 periods it spans 64 points")
    else:
        assert "-35.7" not in out["now_vs_never_long"]
        assert "worst-case bounds from -41.1 to 23.0 points" in out["now_vs_never_long"]
        assert "worst-case bounds span 64 points" in out["c_widths"]
