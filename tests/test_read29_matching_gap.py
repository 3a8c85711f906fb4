"""Appendix A says what matching does to the naive estimate's distance from the truth as the
numbers show it (read29: seed 8282, 3,000 residents, 1,200 newcomers, min_cell 15: "Matching on
the history up to u removes that too" beside a matched mean absolute distance of 3.6 points
and a naive gap of 3.7; chapter 4 gave IBO's share of bias removed as 0.01)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md"


def _tidy(naive: list[float], matched: list[float], truth: list[float]) -> pd.DataFrame:
    rows = []
    for est, vals in (("naive", naive), ("matched", matched)):
        for q, (v, t) in enumerate(zip(vals, truth, strict=True), start=1):
            rows.append({"measure": "workplace_learning_ibo", "estimand": "now_vs_later",
                         "estimator": est, "quarter_since_start": q, "att_pp": v,
                         "true_att_pp": t})
    return pd.DataFrame(rows)


def test_no_closer_when_the_distances_print_alike():
    s = claims.matching_gap_sentence(_tidy([11.0, 12.4, 17.8], [4.1, 4.2, 11.2],
                                           [7.8, 9.3, 13.4]))
    # naive |3.2|, |3.1|, |4.4| -> 3.6; matched 3.7, 5.1, 2.2 -> 3.7: further
    assert s.startswith("does not bring the estimate closer to the truth"), s
    assert "3.7 points, the naive estimate's 3.6" in s


def test_closer_when_it_is():
    s = claims.matching_gap_sentence(_tidy([11.0, 12.1], [8.0, 9.5], [7.8, 9.3]))
    assert s == ("brings the estimate closer to the truth: over the quarters the figure draws "
                 "for both, its mean absolute distance from the truth is 0.2 points, the naive "
                 "estimate's 3.0"), s


def test_a_small_gain_is_called_small():
    """The seed-8282 numbers: matched 3.6 against naive 3.7."""
    s = claims.matching_gap_sentence(_tidy([11.5, 13.0], [11.4, 5.7], [7.8, 9.3]))
    assert s.startswith("brings the estimate closer to the truth only by less than 1 point:"), s
    assert s.endswith("is 3.6 points, the naive estimate's 3.7"), s


def test_only_quarters_drawn_for_both():
    tidy = _tidy([11.0, 20.0], [8.0, 9.0], [7.8, 9.3])
    drawn = tidy.assign(att_pp=np.where((tidy.estimator == "naive")
                                        & (tidy.quarter_since_start == 2), np.nan, tidy.att_pp))
    s = claims.matching_gap_sentence(tidy, drawn)
    assert "at the quarter the figure draws for both" in s and "the naive estimate's 3.2" in s


def test_without_truth_and_bad_input():
    tidy = _tidy([1.0], [2.0], [0.0]).drop(columns="true_att_pp")
    assert claims.matching_gap_sentence(tidy).startswith("cannot be set against a truth")
    with pytest.raises(ValueError, match="att_pp"):
        claims.matching_gap_sentence(tidy.drop(columns="att_pp"))


def test_appendix_glues_the_sentence_not_a_fixed_verdict():
    text = NOTEBOOK.read_text()
    assert "removes that\ntoo" not in text and "removes that too" not in text
    assert "{glue:text}`a_matching_gap_sentence`" in text


def _naive_coverage_claims(naive_cov: float) -> dict:
    rows = []
    for estimand in ("now_vs_later", "now_vs_never"):
        for est, cov in (("naive", naive_cov), ("matched", 0.95)):
            for q in range(1, 9):
                rows.append({"estimand": estimand, "estimator": est, "quarter_since_start": q,
                             "bias": 0.1, "mean_estimate": 2.0, "mean_truth": 1.0,
                             "coverage": cov if q == 1 else cov - 0.2, "rmse": 1.0,
                             "mean_ci_width": 4.0, "mc_se_bias": 0.1})
    mc = pd.DataFrame(rows)
    static = pd.DataFrame({"quarter_since_start": [1, 2], "att_pp": [-5.0, -5.0],
                           "n_treated": [50, 50]})
    tidy = _tidy([3.0, 4.0], [1.0, 2.0], [1.0, 1.0])
    return claims.matching_claims(static, tidy, mc, mc, 0.95, 10, headline=5)


def test_naive_coverage_at_or_above_nominal_is_not_called_a_ceiling():
    """Seed 8282, 4 replications: "its intervals hold the truth in at most 100 % of the
    replications", which says nothing."""
    c = _naive_coverage_claims(1.0)
    assert "at most" not in c["a_naive_cov_clause"], c["a_naive_cov_clause"]
    assert c["a_naive_cov_clause"].startswith("in up to 100 per cent of the replications")
    assert "nominal 95 per cent" in c["a_naive_cov_clause"]
    c = _naive_coverage_claims(0.40)
    assert c["a_naive_cov_clause"] == "in at most 40 per cent of the replications"


def test_appendix_glues_the_naive_coverage_clause():
    text = NOTEBOOK.read_text()
    assert "{glue:text}`a_naive_cov_clause`" in text
    assert "in at most {glue:text}`a_naive_cov_ceil_pct`" not in text
