"""Chapter 4's band count leaves out the measures out of the truth's scope.

teach31, default data (seed 2005, 20,000 residents), ``-p caliper 0.001``: matching dropped
70.8-84.5 % of every measure's starters (all nine out of scope, :func:`claims.truth_scope`),
yet the band sentence counted them: "the truth lies outside the matched band in 6 of 45
measure-horizons from 4 to 8 quarters (Basic training and Sanction transmission)", two
sentences before "a gap between the matched estimate and the truth of those measures ... is not
only the estimator's error". The rows below: IBO's band holds its truth, basic training's
misses it at every horizon (the teach27 frame).
"""

from __future__ import annotations

import pandas as pd
from test_teach27_truth_scope import IBO
from test_teach27_truth_scope import _claims as _frame  # the teach27 frame

from mia_helpers import claims


def _claims(ibo_pct: float, basic_pct: float) -> dict:
    return _frame(basic_pct, ibo_pct)


def test_out_of_scope_misses_are_not_counted_with_the_others():
    c = _claims(2.6, 83.4)
    s = c["eff_band_sentence"]
    assert "5 of 10" not in s, s
    assert s.startswith("the truth lies inside the matched band at every horizon from 4 to 8 "
                        "quarters for IBO; Basic training is not counted (the truth lies "
                        "outside its band in 5 of its 5 horizons)"), s


def test_all_out_of_scope_no_count_of_in_scope_bands():
    c = _claims(70.8, 83.4)
    s = c["eff_band_sentence"]
    assert s == ("no measure's matched band from 4 to 8 quarters is counted against the "
                 "truth (the truth lies outside the band in 5 of the 10 measure-horizons)"), s
    assert c["eff_band_summary"] == s + (
        "; the matched estimates of IBO and Basic training average over fewer of their "
        "starters than the truth does"), c["eff_band_summary"]


def test_in_scope_count_unchanged():
    s = _claims(2.6, 8.3)["eff_band_sentence"]
    assert s == ("the truth lies outside the matched band in 5 of 10 measure-horizons from 4 "
                 "to 8 quarters (Basic training)"), s


def test_no_miss_out_of_scope_said_inside_not_outside_in_none():
    # teach31, book/teaching.md's session 2 (seed 101, 5,000 residents, IBO and basic
    # training, 12.0 and 20.6 % dropped): "(the truth lies outside the band in 0 of the 10
    # measure-horizons)"
    c = _claims(70.8, 83.4)
    c2 = claims.out_of_scope_band_clause
    rows = pd.DataFrame({"measure": IBO, "estimand": "now_vs_later", "estimator": "matched",
                         "quarter_since_start": [4, 5], "att_pp": 1.0, "ci_low": -1.0,
                         "ci_high": 3.0, "true_att_pp": 0.5})
    assert c2(rows, "now_vs_later", [4, 5], alone=True) == (
        " (the truth lies inside the band at both horizons)")
    assert c2(rows, "now_vs_later", [4, 5]) == (
        "; IBO is not counted (the truth lies inside its band at both horizons)")
    assert "outside the band in 5 of the 10" in c["eff_band_sentence"]
