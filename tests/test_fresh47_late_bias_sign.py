"""fresh47: Appendix A read "the matched 'now versus later' bias ... is on average -0.00
points (negative)" (seed 2023, 8 replications of 2,000 residents, min_cell 15): the mean over
quarters 8 on was -0.0004, printed at two decimals (`a_late_bias_mean:.2f`), and its sign word
was read from the unrounded mean. The sign must be read as the value is printed, and a
value that prints as zero must not print as "-0.00"."""

import pandas as pd

from mia_helpers import claims


def static_and_tidy() -> tuple[pd.DataFrame, pd.DataFrame]:
    """``matching_claims``' static effect and chapter-4 tidy rows, small hand-made ones (also
    for tests/test_tidy47_matched_bounds_points.py)."""
    static = pd.DataFrame({"quarter_since_start": [1, 2], "att_pp": [-5.0, -5.0],
                           "n_treated": [50, 50]})
    tidy = pd.DataFrame([{"measure": "workplace_learning_ibo", "estimand": "now_vs_later",
                          "estimator": est, "quarter_since_start": q, "att_pp": v,
                          "true_att_pp": 1.0}
                         for est, vals in (("naive", [3.0, 4.0]), ("matched", [1.0, 2.0]))
                         for q, v in enumerate(vals, start=1)])
    return static, tidy


def _claims(late_bias: list[float]) -> dict:
    rows = []
    for estimand in ("now_vs_later", "now_vs_never"):
        for est in ("naive", "matched"):
            for q in range(1, 11):
                bias = late_bias[q - 8] if est == "matched" and q >= 8 else 0.5
                rows.append({"estimand": estimand, "estimator": est, "quarter_since_start": q,
                             "bias": bias, "mean_estimate": 2.0, "mean_truth": 1.0,
                             "coverage": 0.9, "rmse": 1.0, "mean_ci_width": 4.0,
                             "mc_se_bias": 1.5})
    mc = pd.DataFrame(rows)
    return claims.matching_claims(*static_and_tidy(), mc, mc, 0.95, 10, headline=5)


def test_a_mean_that_prints_as_zero_is_not_called_negative():
    c = _claims([0.0011, -0.0020, -0.0003])  # mean -0.0004
    printed = format(c["a_late_bias_mean"], ".2f")
    assert printed == "0.00", printed
    assert c["a_late_bias_sign"] not in ("negative", "positive"), c["a_late_bias_sign"]


def test_a_visible_mean_keeps_its_sign():
    c = _claims([-0.30, -0.20, -0.10])
    assert format(c["a_late_bias_mean"], ".2f") == "-0.20"
    assert c["a_late_bias_sign"] == "negative"
