"""Monte Carlo properties of the effect estimators on the generator (Appendix A, issue 7).

The studies are Appendix A's IBO studies shipped in ``results/montecarlo_appendix_a.parquet``
(200 replications of 3,000 residents each; read only when computed by the current code with
these parameters, which ``tests/test_montecarlo_shipped.py`` enforces). When that file is stale
the module computes the small studies instead (R = 100 and 30 data sets of 2,000 residents,
300 newcomers: about 250 IBO starters each), so the tests never read stale results. The
statements are about the estimators' sampling distribution over replications, each compared
with its own replication's truth (counterfactual re-simulation).

Tolerances (and why)
--------------------
- Coverage: the matched ``now_vs_later`` 95 % bootstrap interval at quarter 5 holds the truth in
  85 % to 99 % of R = 100 replications. With true coverage 95 % the binomial standard error at
  R = 100 is 2.2 points, so 85 % is 4.5 SE below; the bootstrap holds the propensity scores fixed
  and Abadie & Imbens (2008) show it is not exactly valid for nearest-neighbour matching (it
  tends to be conservative here), and the definitional gap of the truth (no start of any measure
  at u, against a pool that may start another measure) shifts the centre by a few tenths of a
  point. 99 % catches intervals that are uselessly wide.
- Naive sign: the generator allocates IBO on self-reliance (+0.8 log-odds per unit), which also
  raises job entry, so the naive estimate is biased upwards: its mean bias over quarters 4-8 is
  positive and more than 3 Monte Carlo standard errors from zero.
- Sensitivity: with an unobserved trait loading +1 on IBO allocation and +0.5 on job entry, the
  matched estimate is biased upwards: its mean bias over quarters 4-8 exceeds the baseline's by
  more than 3 Monte Carlo standard errors.
- Ever versus never: the static comparison's mean over quarters 4-8 is negative (more than 3
  Monte Carlo standard errors) although the truth is positive: the survival bias.
- Caching: a second call with the same parameters returns the identical frame from disk without
  calling the replication function (checked on a tiny study with a stand-in replication).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal

from mia_helpers import montecarlo
from mia_helpers.montecarlo import APPENDIX_A_STUDIES, run_montecarlo, shipped_status, summarise

# Every test here runs Monte Carlo studies (minutes each when the shipped results are stale):
# `make test-nightly` runs them; `make test` checks the shipped results' freshness instead
# (tests/test_montecarlo_shipped.py).
pytestmark = pytest.mark.nightly

SMALL = dict(residents=2000, newcomers=300, measure="workplace_learning_ibo", bootstrap=49,
             base_seed=7, n_jobs=2, progress=False)
R_BASE, R_SENS = 100, 30
SENS = {"sensitivity.unobserved_selection": 1.0, "sensitivity.unobserved_job": 0.5}


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("mc_cache")


@pytest.fixture(scope="module")
def studies(cache):
    """(baseline, sensitivity) results: the shipped studies when fresh, else computed small."""
    st = shipped_status().set_index("study")
    if st.loc[["ibo", "ibo_unobserved_trait"], "fresh"].all():
        return (run_montecarlo(**APPENDIX_A_STUDIES["ibo"], progress=False),
                run_montecarlo(**APPENDIX_A_STUDIES["ibo_unobserved_trait"], progress=False))
    return (run_montecarlo(R_BASE, cache_dir=cache, **SMALL),
            run_montecarlo(R_SENS, overrides=SENS, cache_dir=cache, **SMALL))


@pytest.fixture(scope="module")
def base(studies):
    return studies[0]


def _bias_q4_8(res: pd.DataFrame, estimand: str, estimator: str) -> tuple[float, float]:
    d = res[(res.estimand == estimand) & (res.estimator == estimator)
            & res.quarter_since_start.between(4, 8)].dropna(subset=["att_pp", "true_att_pp"])
    per_rep = (d.att_pp - d.true_att_pp).groupby(d.replication).mean()
    return float(per_rep.mean()), float(per_rep.std(ddof=1) / np.sqrt(per_rep.size))


def test_matched_coverage_q5(base):
    s = summarise(base)
    row = s[(s.estimand == "now_vs_later") & (s.estimator == "matched")
            & (s.quarter_since_start == 5)].iloc[0]
    assert row.replications >= 0.9 * base["replication"].nunique()
    assert 0.85 <= row.coverage <= 0.99, row.to_dict()


def test_naive_bias_positive_for_ibo(base):
    bias, se = _bias_q4_8(base, "now_vs_later", "naive")
    assert bias > 3 * se and bias > 0, (bias, se)
    # and matching removes most of it
    mbias, _ = _bias_q4_8(base, "now_vs_later", "matched")
    assert abs(mbias) < 0.5 * bias, (mbias, bias)


def test_ever_never_has_the_wrong_sign(base):
    """The static ever-versus-never comparison (Crepon et al. 2009) conditions on surviving
    unemployed until the start: for IBO, whose true effect is positive at quarters 4-8, it is
    negative on average (more than 3 Monte Carlo standard errors below zero)."""
    d = base[(base.estimator == "ever_never") & base.quarter_since_start.between(4, 8)]
    per_rep = d.groupby("replication")["att_pp"].mean()
    se = per_rep.std(ddof=1) / np.sqrt(per_rep.size)
    assert per_rep.mean() < -3 * se, (per_rep.mean(), se)
    assert d["true_att_pp"].mean() > 0


def test_sensitivity_biases_matched_upwards(base, studies):
    sens = studies[1]
    b0, se0 = _bias_q4_8(base, "now_vs_later", "matched")
    b1, se1 = _bias_q4_8(sens, "now_vs_later", "matched")
    assert b1 - b0 > 3 * np.hypot(se0, se1), (b0, b1, se0, se1)


def test_cache_returns_identical_results(cache, monkeypatch):
    def rep(seed, *args, **kwargs):
        return pd.DataFrame({"estimand": ["now_vs_later"], "quarter_since_start": [1],
                             "att_pp": [float(seed % 11)], "seed": [seed]})

    params = dict(replications=3, residents=50, newcomers=5, bootstrap=2, n_jobs=1,
                  progress=False, cache_dir=cache / "tiny")
    monkeypatch.setattr(montecarlo, "replication", rep)
    first = run_montecarlo(**params)

    def boom(*args, **kwargs):
        raise AssertionError("recomputed despite a cached result")

    monkeypatch.setattr(montecarlo, "replication", boom)
    again = run_montecarlo(**params)
    assert_frame_equal(again, first)
    assert len(list((cache / "tiny").glob("*.parquet"))) == 1


# --- issue 14's calibration criteria on Appendix A's three studies ---------------------------
# Bias within 2 Monte Carlo SE and coverage in [0.90, 0.98] at quarters 4-8, for the matched
# estimator and both estimands. Read from the shipped results when fresh (else computed, long).
CALIBRATED_STUDIES = ("ibo", "basic_training", "zero_effect")


@pytest.fixture(scope="module")
def calibrated():
    rows = []
    for name in CALIBRATED_STUDIES:
        s = summarise(run_montecarlo(**APPENDIX_A_STUDIES[name], progress=False))
        rows.append(montecarlo.calibration(s).assign(study=name))
    c = pd.concat(rows, ignore_index=True)
    return c[c["estimator"] == "matched"]


# The switched studies (base 2029): the zero-effect measure fails issue 14's literal thresholds
# at five checks (bias at quarters 7-8 in both estimands, "now versus never" coverage 0.985 at
# quarter 5), which the family-wise reading fixed before the data does not call defects
# (mia_helpers.montecarlo_switched.SWITCHED_READ; tests/test_calibration_shipped.py's
# ZERO_LATER and ZERO_NEVER). Strict: the marker must go the day the check holds.
_LITERAL = pytest.mark.xfail(strict=True, reason="literal failures of the zero-effect measure, "
                             "not defects by rules S2-S4 (montecarlo_switched.SWITCHED_READ)")
_STUDIES = [pytest.param(s, marks=_LITERAL) if s == "zero_effect" else s
            for s in CALIBRATED_STUDIES]


@pytest.mark.parametrize("study", _STUDIES)
def test_matched_bias_within_two_monte_carlo_se_at_quarters_4_to_8(calibrated, study):
    c = calibrated[calibrated["study"] == study]
    bad = c[c["quarters_bias_ok"] < c["n_quarters"]]
    assert len(c) and bad.empty, bad.to_string()


@pytest.mark.parametrize("study", _STUDIES)
def test_matched_coverage_within_issue_14_band_at_quarters_4_to_8(calibrated, study):
    """The book's (linearized) intervals; the bootstrap beside them over-covers (Appendix A)."""
    c = calibrated[calibrated["study"] == study]
    bad = c[c["quarters_coverage_ok"] < c["n_quarters"]]
    assert len(c) and bad.empty, bad.to_string()
