"""Appendix A's sensitivity exercise (``ex-matching-sensitivity``) does not call a ratio
"roughly halved" when its Monte Carlo error cannot tell halved from unchanged (teach48).

Found on Appendix A at the smallest Monte Carlo its parameters allow (seed 4050, 2 replications,
``exercise_replications`` 2): "With half the loading the bias is 0.69 times the bias with the
full loading (Monte Carlo standard error 0.61, over the 2 data sets both runs share): within 95
per cent Monte Carlo error of one half, so roughly halved". A ratio of 0.69 with an error of
0.61 is as close to one (no change) as to one half; the answer read "roughly halved" from a
test that cannot fail at that precision.

Data: hand-made paired errors whose ratio and its delta-method error are computed by hand in
the comments (no tolerance).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import exercise_answers as ea

PICK = "estimand == 'now_vs_later' and estimator == 'matched' and quarter_since_start == 5"


def _mc(errors) -> pd.DataFrame:
    errors = np.asarray(errors, dtype=float)
    return pd.DataFrame({"replication": range(len(errors)), "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": 5,
                         "att_pp": 5.0 + errors, "true_att_pp": 5.0})


def test_a_ratio_within_error_of_both_one_half_and_one_is_not_read_as_halved():
    # r = 5.5 / 8 = 0.69; half - r full = (3.875, -3.875), sd 5.48, se 5.48 / (sqrt 2 * 8) = 0.48
    # full bias 8 with sd 2.83 over 2: se 2, 8 > 1.96 * 2, so a ratio is read
    text = ea.half_loading_sentence(_mc([8.0, 3.0]), _mc([6.0, 10.0]), PICK)
    assert "0.69 times" in text, text
    assert "roughly halved" not in text, text
    assert "cannot tell" in text, text


def test_a_precise_ratio_near_one_half_stays_roughly_halved():
    noise = np.random.default_rng(30).normal(0, 3, 30)
    noise -= noise.mean()
    text = ea.half_loading_sentence(_mc(3.7 + noise), _mc(7.41 + noise), PICK)
    assert "roughly halved" in text and "cannot tell" not in text, text
