"""read48 (seed 4049, Appendix A with 2 replications): the sensitivity exercise read "With half
the loading the bias is 0.91 times the bias with the full loading (Monte Carlo standard error
0.77, ...): within 95 per cent Monte Carlo error of one half, so roughly halved": 0.91 is as
well within that error of one (unchanged), so the data sets cannot tell; the answer now says
so, and keeps "roughly halved" where one is ruled out."""

import numpy as np
import pandas as pd

from mia_helpers.exercise_answers import half_loading_sentence

Q = "estimand == 'now_vs_later'"


def _rows(errors) -> pd.DataFrame:
    return pd.DataFrame({"replication": np.arange(len(errors)), "estimand": "now_vs_later",
                         "att_pp": 2.0 + np.asarray(errors, dtype=float), "true_att_pp": 2.0})


def test_a_ratio_within_error_of_both_one_half_and_one_is_undecided():
    full = np.array([6.0, 6.5, 5.5])
    half = 0.9 * full + np.array([-4.16, 0.0, 4.16])  # ratio 0.90, its MC SE about 0.40
    s = half_loading_sentence(_rows(half), _rows(full), Q)
    assert "0.90 times" in s, s
    assert "roughly halved" not in s, s
    assert "of one half and of one alike" in s and "cannot tell" in s, s


def test_a_ratio_near_one_half_and_far_from_one_is_roughly_halved():
    full = np.array([6.0, 6.5, 5.5])
    half = 0.5 * full + np.array([-0.5, 0.0, 0.5])  # ratio 0.50, MC SE about 0.05
    s = half_loading_sentence(_rows(half), _rows(full), Q)
    assert "so roughly halved" in s and "cannot tell" not in s, s
