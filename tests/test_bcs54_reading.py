"""The bias-corrected matching study's reading (:mod:`mia_helpers.montecarlo_bias_corrected`),
on hand-made result rows whose answer is known by construction (no generated data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import montecarlo_bias_corrected as bcs


def _rows(n=400, book_bias=0.06, corrected_bias=0.0, sd=0.3, seed=0, cover_sd=1.0):
    """Result rows of ``n`` data sets: expected errors N(bias, sd) per quarter, realised
    errors N(bias, 1) pp with intervals of half-width 1.96 * cover_sd."""
    rng = np.random.default_rng(seed)
    out = []
    for est, bias in (("book", book_bias), ("corrected", corrected_bias)):
        for q in range(1, 13):
            truth = rng.normal(1.5, 0.5, n)
            err = rng.normal(bias, 1.0, n)
            att = truth + err
            out.append(pd.DataFrame(dict(
                seed=np.arange(n), estimator=est, quarter_since_start=q, n_treated=300,
                att_pp=att, se_pp=cover_sd, ci_low=att - 1.96 * cover_sd,
                ci_high=att + 1.96 * cover_sd,
                expected_error_pp=rng.normal(bias, sd, n), true_att_matched_pp=truth,
                true_att_pp=truth)))
    return pd.concat(out, ignore_index=True)


def test_reading_finds_a_bias_and_its_removal():
    """R1 and R2 on rows built with a book bias of 0.06 pp (MC SE of the pooled mean
    0.3 / sqrt(5 * 400) = 0.0067, so 9 MC SE away) and an unbiased corrected estimator."""
    r = bcs.read_study(_rows())
    assert r["r1"] and r["r2"]
    assert r["pooled"]["book"][0] == pytest.approx(0.06, abs=4 * r["pooled"]["book"][1])
    assert r["correction"][0] == pytest.approx(0.06, abs=4 * r["correction"][1])
    assert r["data_sets"] == 400 and r["left_out"] == {"book": 0, "corrected": 0}


def test_reading_fails_a_correction_that_leaves_the_bias():
    r = bcs.read_study(_rows(corrected_bias=0.06))
    assert r["r1"] and not r["r2"]


def test_reading_counts_issue14_checks_and_data_sets_left_out():
    df = _rows(cover_sd=0.5)  # intervals half as wide as the errors: coverage about 0.68
    df.loc[(df["seed"] == 3) & (df["quarter_since_start"] == 6), "expected_error_pp"] = np.nan
    r = bcs.read_study(df)
    assert r["left_out"] == {"book": 1, "corrected": 1}
    corr = r["checks"][r["checks"]["estimator"] == "corrected"]
    assert list(corr["quarter_since_start"]) == [4, 5, 6, 7, 8]
    assert not corr["coverage_ok"].any() and r["r3_failed"] >= 5


def test_null_failure_rate_of_one_quarter_is_the_two_se_rate():
    """One quarter, independent data sets: the rate is P(|t| > 2) (about 0.046 at 400 data
    sets) plus the rare coverage failure (0.95 +- 0.011 leaves [0.90, 0.98] with probability
    about 0.006); the simulation's own error at 10,000 draws is 0.0022."""
    e = pd.DataFrame({6: np.random.default_rng(1).normal(size=400)})
    assert bcs.null_failure_rate(e) == pytest.approx(0.052, abs=0.01)
    # five independent quarters fail far more often than one
    e5 = pd.DataFrame(np.random.default_rng(2).normal(size=(400, 5)), columns=range(4, 9))
    assert bcs.null_failure_rate(e5) > 0.15


def test_bad_rows_are_refused():
    df = _rows(n=5)
    with pytest.raises(ValueError, match="expected_error_pp"):
        bcs.read_study(df.drop(columns="expected_error_pp"))
    with pytest.raises(ValueError, match="unknown estimators"):
        bcs.read_study(df.assign(estimator="other"))
    with pytest.raises(ValueError, match="repeat"):
        bcs.read_study(pd.concat([df, df.head(1)]))
