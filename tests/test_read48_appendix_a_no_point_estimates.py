"""Appendix A on a small Monte Carlo (read48: seed 4049, 2 replications per measure).

1. Basic training's matched "now versus never" had no point estimate at quarters 4 to 8 (every
   data set's estimate a worst-case bound): the calibration sentence read "for basic training
   the bias is within the bound at all 0 quarters (largest |bias| / MC SE nan, mean bias nan
   percentage points) and the coverage within the band at all 0 (nan at each)", and the bounds
   sentence "they read 0 point estimates".
2. Every matched coverage was 1.000: the text read "their coverage lies between 100 per cent
   and 100 per cent" (twice, also in the summary).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims


def _calib() -> pd.DataFrame:
    nan = float("nan")
    rows = [("training_basic", "now_vs_later", "matched", 5, 2, 5, 4.4, 4.0, 1.0, 1.0),
            ("training_basic", "now_vs_later", "naive", 5, 5, 5, 1.7, -3.19, 1.0, 1.0),
            ("training_basic", "now_vs_never", "matched", 0, 0, 0, nan, nan, nan, nan),
            ("training_basic", "now_vs_never", "naive", 5, 4, 5, 2.6, -3.74, 1.0, 1.0),
            ("workplace_learning_ibo", "now_vs_never", "matched", 5, 1, 5, 3.9, -1.57, 1.0,
             1.0)]
    t = pd.DataFrame(rows, columns=["measure", "estimand", "estimator", "n_quarters",
                                    "quarters_bias_ok", "quarters_coverage_ok", "max_abs_z",
                                    "mean_bias", "coverage_min", "coverage_max"])
    t["point_estimates"] = [10, 10, 0, 10, 7]
    t["bound_estimates"] = [0, 0, 10, 0, 3]
    t["bound_coverage"] = [nan, nan, 1.0, nan, 1.0]
    t["bound_quarters"] = [0, 0, 5, 0, 3]
    t["bound_quarters_ok"] = [0, 0, 5, 0, 3]
    return t


def test_a_measure_without_point_estimates_is_said_so():
    s = claims.calibration_sentence(_calib(), "now_vs_never")
    assert "nan" not in s and "all 0" not in s, s
    # the measure named as the sentence's other measures are (claims.label)
    assert (f"for {claims.label('training_basic')} no data set gives a point estimate at the "
            "quarters judged (each estimate there is a worst-case bound, counted apart "
            "below)") in s, s
    # the other measure keeps its reading
    assert (f"for {claims.label('workplace_learning_ibo')} the bias is within the bound at 1 "
            "of 5 quarters") in s, s
    never = claims.never_rows_sentence(_calib())
    assert "nan" not in never and never.startswith('The "now versus never" rows read otherwise')


def test_bounds_sentence_counts_no_point_estimates_in_words():
    s = claims.calibration_bounds_sentence(_calib())
    assert "read 0 point estimates" not in s, s
    assert "for basic training's \"now versus never\" they read no point estimates" in s, s
    assert "for IBO's \"now versus never\" they read 7 point estimates" in s, s


def _summary(cov_matched: tuple[float, float]) -> pd.DataFrame:
    rows = []
    for estimand in ("now_vs_later", "now_vs_never"):
        for est in ("naive", "matched"):
            for q in range(1, 9):
                cov = (cov_matched[0] if q == 4 else cov_matched[1]) if est == "matched" else 0.5
                rows.append({"estimand": estimand, "estimator": est, "quarter_since_start": q,
                             "bias": 0.1, "mean_estimate": 2.0, "mean_truth": 1.0,
                             "coverage": cov, "rmse": 1.0, "mean_ci_width": 4.0,
                             "mc_se_bias": 0.1})
    return pd.DataFrame(rows)


def _claims(cov_matched):
    mc = _summary(cov_matched)
    static = pd.DataFrame({"quarter_since_start": [1, 2], "att_pp": [-5.0, -5.0],
                           "n_treated": [50, 50]})
    tidy = pd.DataFrame({"measure": "m", "estimand": "now_vs_later",
                         "estimator": ["matched", "matched", "naive", "naive"],
                         "quarter_since_start": [1, 2, 1, 2], "att_pp": [1.0, 2.0, 3.0, 4.0],
                         "true_att_pp": [1.0] * 4})
    return claims.matching_claims(static, tidy, mc, mc, 0.95, 10, headline=5)


def test_matched_coverage_of_one_value_is_not_a_range():
    c = _claims((1.0, 1.0))
    assert c["a_matched_cov_clause"] == "is 100 per cent throughout", c["a_matched_cov_clause"]
    c = _claims((0.9, 1.0))
    assert c["a_matched_cov_clause"] == "lies between 90 per cent and 100 per cent", c[
        "a_matched_cov_clause"]
    assert np.isclose(c["a_matched_cov_min"], 0.9)


def test_band_widened_for_a_single_point_estimate_names_it():
    """3. The band read "widened to [0.514, 1.000] at 1 replications" on a run of 2
    replications: the count is the fewest point estimates at a quarter."""
    from mia_helpers.montecarlo import calibration

    band = claims.calibration_claims(calibration, 1)["a_calib_band"]
    assert "1 replications" not in band, band
    assert "widened to [0.514, 1.000] where a quarter holds a single point estimate" in band
