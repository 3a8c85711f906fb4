"""null48: :func:`mia_helpers.montecarlo_confirmation.null_failure_rates`, the chance that an
estimator without bias and with nominal coverage fails one of issue 14's checks on one study.

Hand-made studies of known structure: independent errors (the family-wise rate is the
analytic one of independent checks), quarters perfectly correlated (the family-wise rate is
one check's), a biased study (the centred null gives the unbiased study's rates) and
intervals of any width (the rescaled null does not see the width). Tolerances: the rate's own
Monte Carlo SE over the resamples, sqrt(p (1 - p) / B), times 3 (a check that holds with
probability about 0.997 when the rate is right; the seeds are fixed, so the test is
deterministic), plus where stated the bootstrap's own error on a sample of R data sets.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mia_helpers import montecarlo_confirmation as mc

QUARTERS = range(4, 9)


def study(errors: np.ndarray, half: float | np.ndarray = 1.96, bias: float = 0.0,
          estimands: tuple[str, ...] = ("now_vs_later",)) -> pd.DataFrame:
    """A hand-made study: ``errors`` (data sets x cells, cells = estimands x quarters 4-8),
    truth 1 pp, estimate truth + error + bias, interval the estimate +- ``half``."""
    recs = []
    r_n = errors.shape[0]
    cells = [(e, q) for e in estimands for q in QUARTERS]
    for k, (est, q) in enumerate(cells):
        att = 1.0 + errors[:, k] + bias
        h = np.broadcast_to(half, errors.shape)[:, k]
        recs.append(pd.DataFrame({
            "replication": np.arange(r_n), "estimand": est, "estimator": "matched",
            "quarter_since_start": q, "att_pp": att, "true_att_pp": 1.0,
            "ci_low": att - h, "ci_high": att + h, "point_identified": True}))
    return pd.concat(recs, ignore_index=True)


def _rate(res: mc.NullFailureRates, family: str) -> float:
    return float(res.families.set_index("family").loc[family, "rate"])


def _tol(p: float, b: int) -> float:
    return 3 * np.sqrt(p * (1 - p) / b)


@pytest.fixture(scope="module")
def independent() -> np.ndarray:
    return np.random.default_rng(7).normal(size=(400, 10))


def test_independent_errors_match_the_analytic_rate(independent):
    res = mc.null_failure_rates(study(independent, estimands=("now_vs_later", "now_vs_never")))
    p1 = 2 * stats.norm.sf(2.0)
    fam = 1 - (1 - p1) ** 10
    assert _rate(res, "bias") == pytest.approx(fam, abs=_tol(fam, mc.NULL_RESAMPLES) + 0.01)
    row = res.families.set_index("family").loc["bias"]
    assert row["checks"] == 10
    assert row["independent_rate"] == pytest.approx(fam, rel=1e-12)
    # each bias check on its own: 0.0455 within 3 of its Monte Carlo SE over B (+0.01 for the
    # bootstrap's error on a sample of 400 data sets)
    bias = res.checks[res.checks["criterion"] == "bias"]
    assert np.all(np.abs(bias["null_rate"] - p1) <= _tol(p1, mc.NULL_RESAMPLES) + 0.01)


def test_perfectly_correlated_quarters_give_one_checks_rate():
    z = np.random.default_rng(8).normal(size=(400, 1))
    res = mc.null_failure_rates(study(np.repeat(z, 5, axis=1)))
    bias = res.checks[res.checks["criterion"] == "bias"]["null_rate"]
    assert bias.nunique() == 1 and _rate(res, "bias") == bias.iloc[0]
    cov = res.checks[res.checks["criterion"] == "coverage"]["null_rate"]
    assert cov.nunique() == 1 and _rate(res, "coverage") == cov.iloc[0]
    # while the checks judged independently would fail far more often
    assert res.families.set_index("family").loc["bias", "independent_rate"] > 4 * bias.iloc[0]


def test_centring_removes_a_bias(independent):
    fair = mc.null_failure_rates(study(independent[:, :5]))
    biased_rows = study(independent[:, :5], bias=3.0)
    assert not mc.issue14_criteria(biased_rows)["holds"].any()  # the study itself fails
    biased = mc.null_failure_rates(biased_rows)
    for fam in mc.NULL_FAMILIES:
        assert _rate(biased, fam) == pytest.approx(_rate(fair, fam), abs=1 / mc.NULL_RESAMPLES)


def test_the_interval_width_does_not_move_the_null(independent):
    narrow = study(independent[:, :5], half=0.5)  # observed coverage about 0.38
    assert not mc.issue14_criteria(narrow).query("criterion == 'coverage'")["holds"].any()
    wide = mc.null_failure_rates(study(independent[:, :5], half=5.0))
    assert _rate(mc.null_failure_rates(narrow), "coverage") == _rate(wide, "coverage")


def test_the_coverage_cross_check_is_the_binomial():
    res = mc.null_failure_rates(study(np.random.default_rng(9).normal(size=(400, 5))))
    x = np.arange(401)
    p = stats.binom.pmf(x[(x < 360) | (x > 392)], 400, 0.95).sum()
    cov = res.checks[res.checks["criterion"] == "coverage"]
    assert np.allclose(cov["independent_rate"], p, rtol=1e-9)
    # the null's coverage is 0.95 exactly: at 400 data sets a resample's coverage has the
    # binomial SD, so it leaves [0.90, 0.98] about as rarely
    assert np.all(cov["null_rate"] <= p + _tol(max(p, 1 / 400), mc.NULL_RESAMPLES) + 0.005)


def test_n_se_and_band_are_issue14_criteria_s(independent):
    rows = study(independent[:, :5])
    two = mc.null_failure_rates(rows)
    one = mc.null_failure_rates(rows, n_se=1.0)
    p1 = 2 * stats.norm.sf(1.0)  # 0.317 per check
    bias = one.checks[one.checks["criterion"] == "bias"]
    assert np.all(np.abs(bias["null_rate"] - p1) <= _tol(p1, mc.NULL_RESAMPLES) + 0.02)
    assert _rate(one, "bias") > _rate(two, "bias") + 0.2
    assert one.families.set_index("family").loc["bias", "independent_rate"] == pytest.approx(
        1 - (1 - p1) ** 5)
    assert _rate(mc.null_failure_rates(rows, band=(0.0, 1.0)), "coverage") == 0.0


def test_a_reading_that_differs_from_issue14_criteria_is_refused(independent, monkeypatch):
    rows = study(independent[:, :5])
    real = mc.issue14_criteria

    @functools.wraps(real)  # the same signature: its defaults are the thresholds read
    def flipped(*args, **kwargs):
        out = real(*args, **kwargs)
        return out.assign(holds=~out["holds"])

    monkeypatch.setattr(mc, "issue14_criteria", flipped)
    with pytest.raises(RuntimeError, match="issue14_criteria"):
        mc.null_failure_rates(rows, resamples=10)


def test_bounds_are_their_own_family():
    rows = study(np.random.default_rng(10).normal(size=(300, 5)))
    rows.loc[rows["replication"] < 100, "point_identified"] = False
    res = mc.null_failure_rates(rows)
    crit = res.checks.set_index(["criterion", "quarter_since_start"])
    assert crit.loc[("bound_coverage", 4), "data_sets"] == 100
    assert crit.loc[("coverage", 4), "data_sets"] == 200
    assert res.families.set_index("family").loc["any", "checks"] == 15


@pytest.mark.parametrize("breaking, column", [
    (lambda d: d.drop(columns="ci_high"), "ci_high"),
    (lambda d: d.assign(ci_low=np.where(d.index == 3, np.nan, d["ci_low"])), "ci_low"),
    (lambda d: pd.concat([d, d]), "replication"),
    (lambda d: d.drop(columns="replication"), "replication"),
])
def test_bad_input_names_the_column(breaking, column):
    rows = study(np.random.default_rng(11).normal(size=(20, 5)))
    with pytest.raises(ValueError, match=column):
        mc.null_failure_rates(breaking(rows), resamples=10)


def test_resamples_must_be_positive():
    rows = study(np.random.default_rng(12).normal(size=(20, 5)))
    with pytest.raises(ValueError, match="resamples"):
        mc.null_failure_rates(rows, resamples=0)


def test_the_confirmation_study():
    rows = mc.read_confirmation()
    if rows is None:
        pytest.skip("results/montecarlo_confirmation.parquet is stale or absent")
    res = mc.null_failure_rates(rows)
    fam = res.families.set_index("family")
    judged = mc.issue14_criteria(rows)["judged"].sum()
    assert fam.loc["any", "checks"] == judged
    # at least one check fails on a study of this design more often than any one check
    assert fam.loc["any", "rate"] >= res.checks["null_rate"].max()
    assert fam.loc["any", "rate"] >= fam.loc[list(mc.CRITERIA), "rate"].max()


def _families(any_rate: float) -> mc.NullFailureRates:
    fam = pd.DataFrame({"family": list(mc.NULL_FAMILIES), "checks": [7, 8, 5, 20],
                        "rate": [0.19, 0.04, 0.05, any_rate], "mc_se": 0.01,
                        "independent_rate": [0.28, 0.06, 0.04, 0.35]})
    return mc.NullFailureRates(fam, pd.DataFrame(), 2000)


def test_the_sentence_says_the_rates_and_keeps_the_reading():
    from mia_helpers.claims import WEAK_EVIDENCE_RATE, null_failure_sentence

    weak = null_failure_sentence(_families(0.256))
    assert "2,000 times" in weak and "the 20 checks" in weak and "26 per cent" in weak
    assert "bias checks alone: 19 per cent" in weak and "35 per cent if" in weak
    assert "weak evidence" in weak and "kept" in weak
    rare = null_failure_sentence(_families(WEAK_EVIDENCE_RATE / 2))
    assert "weak evidence" not in rare and "rare" in rare and "kept" in rare
    bad = mc.NullFailureRates(_families(0.2).families.iloc[:3], pd.DataFrame(), 2000)
    with pytest.raises(ValueError, match="'any'"):
        null_failure_sentence(bad)
