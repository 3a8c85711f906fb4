"""trial26, Appendix A on seed 7373 with 20 replications: "coverage from 1.000 to 1.000, each
with a Monte Carlo standard error of at most 0.000", "the coverage runs from 1.000 to 1.000"
and "its coverage lies inside the band at 10 of 10 quarters (from 1.000 to 1.000)". A range
whose two ends print alike is one value; a binomial standard error of zero (coverage 0 or 1)
is no precision."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims


def test_span_words_one_value_and_a_range():
    assert claims.span_words(1.0, 1.0) == "1.000 at each quarter"
    assert claims.span_words(0.9, 0.95) == "from 0.900 to 0.950"
    # alike once printed: 0.9996 and 1.0 both read 1.000
    assert claims.span_words(0.9996, 1.0) == "1.000 at each quarter"


def test_coverage_words_with_zero_standard_error():
    s = claims.coverage_span_words(1.0, 1.0, 0.0)
    assert "from 1.000 to 1.000" not in s and "at most 0.000" not in s
    assert s.startswith("coverage 1.000 at each quarter") and "says nothing" in s
    s = claims.coverage_span_words(0.9, 0.95, 0.0671)
    assert s == ("coverage from 0.900 to 0.950, each with a Monte Carlo standard error of at "
                 "most 0.068")


def _summary(cov, bias, se_cov, estimand="now_vs_later"):
    q = [4, 5, 6, 7, 8]
    return pd.DataFrame({"estimand": estimand, "estimator": "matched",
                         "quarter_since_start": q, "coverage": cov, "bias": bias,
                         "mc_se_bias": 0.4, "replications": 20, "mc_se_coverage": se_cov,
                         "mean_truth": 1.5, "not_point_identified": 0})


def test_inburgering_ranges_at_full_coverage():
    out = claims.inburgering_claims(_summary([1.0] * 5, [-0.39, -0.2, -0.18, -0.3, -0.25],
                                             [0.0] * 5))
    assert out["mcnc_ranges"].startswith("bias from -0.39 to -0.18 percentage points; coverage 1.000 at each")
    assert "at most 0.000" not in out["mcnc_ranges"]
    assert out["mcnc_cov_runs"] == "the coverage is 1.000 at each quarter"


def test_inburgering_ranges_spread():
    out = claims.inburgering_claims(_summary([0.9, 0.95, 0.95, 1.0, 0.9], [0.1] * 5,
                                             [0.067, 0.049, 0.049, 0.0, 0.067]))
    assert out["mcnc_ranges"] == ("bias 0.10 percentage points at each quarter; coverage from 0.900 to 1.000, "
                                  "each with a Monte Carlo standard error of at most 0.067")
    assert out["mcnc_cov_runs"] == "the coverage runs from 0.900 to 1.000"


def _comparison(cov_min, cov_max, r_min, r_max):
    return pd.DataFrame({"interval": "linearized", "n_quarters": [5, 5],
                         "quarters_coverage_ok": [5, 5], "coverage_min": cov_min,
                         "coverage_max": cov_max, "se_ratio_min": r_min,
                         "se_ratio_max": r_max})


def test_interval_words():
    s = claims.interval_comparison_words(_comparison([1.0, 1.0], [1.0, 1.0], [0.56, 0.7],
                                                     [1.1, 1.25]))
    assert s == ("the linearized standard error is 0.56 to 1.25 times the SD of the errors, and "
                 "its coverage lies inside the band at all 10 quarters (1.000 at each)")
    s = claims.interval_comparison_words(_comparison([0.9, 0.95], [1.0, 1.0], [1.0, 1.0],
                                                     [1.0, 1.0]))
    assert "1.00 times the SD of the errors at each quarter" in s
    assert s.endswith("(from 0.900 to 1.000)")


def test_calibration_sentence_one_coverage():
    calib = pd.DataFrame({"measure": "workplace_learning_ibo", "estimand": "now_vs_later",
                          "estimator": ["matched"], "n_quarters": [5], "quarters_bias_ok": [5],
                          "quarters_coverage_ok": [5], "max_abs_z": [0.7], "mean_bias": [0.3],
                          "coverage_min": [1.0], "coverage_max": [1.0]})
    s = claims.calibration_sentence(calib)
    assert "(1.000 at each)" in s and "from 1.000 to 1.000" not in s
