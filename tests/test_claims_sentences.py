"""Claims sentences that must never state a missing number (chapter 2's KHB shares, chapter
5's inburgering check) and Appendix A's calibration criteria read from the function they
describe."""

import re

import numpy as np
import pandas as pd

from mia_helpers import claims


def test_khb_share_sentence_states_no_missing_share():
    both = claims.khb_share_sentence(34.4, 12.0)
    assert "34 %" in both and "12 %" in both
    one = claims.khb_share_sentence(np.nan, 12.0)
    assert "12 %" in one and "intermediate generation the decomposition is not available" in one
    none = claims.khb_share_sentence(np.nan, np.nan)
    assert "not available" in none and not re.search(r"\d", none)
    for text in (both, one, none):
        assert "nan" not in text.lower()


def test_calibration_claims_follow_the_function_defaults():
    def calibration(summary, quarters=(3, 7), n_se=2.0, coverage_band=(0.85, 0.99), by=()):
        return summary

    c = claims.calibration_claims(calibration)
    assert c == {"a_calib_quarters": "3 to 7", "a_calib_n_se": "two",
                 "a_calib_band": "[0.85, 0.99]"}
    from mia_helpers.montecarlo import calibration as real

    assert claims.calibration_claims(real)["a_calib_band"].startswith("[")


def _tidy(truth: bool, n_treated: int = 50) -> pd.DataFrame:
    q = [4, 5, 8]
    return pd.DataFrame({
        "measure": "inburgering", "estimator": "matched", "estimand": "now_vs_later",
        "quarter_since_start": q, "att_pp": [2.0, 3.0, 4.0], "se": [1.0, 1.0, 2.0],
        "ci_low": [0.0, 1.0, 0.0], "ci_high": [4.0, 5.0, 8.0], "n_treated": n_treated,
        "true_att_pp": [2.5, 6.0, 4.0] if truth else np.nan})


def test_inburgering_sentence_against_truth_and_without():
    s = claims._inburgering_sentence(_tidy(True), (4, 5, 8), 10)
    # errors 0.5/1, 3/1, 0/2 standard errors: at most 3.0; the quarter-5 interval misses
    assert "2.0, 3.0 and 4.0 points" in s and "at most 3.0 bootstrap" in s
    assert "two of the three intervals" in s
    s = claims._inburgering_sentence(_tidy(False), (4, 5, 8), 10)
    assert claims.NO_TRUTH in s and "nan" not in s.lower()
    s = claims._inburgering_sentence(_tidy(True, n_treated=3), (4, 5, 8), 10)
    assert "too few starters" in s and "2.0" not in s
