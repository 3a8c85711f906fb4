"""The re-estimating (``refit``) bootstrap of :func:`mia_helpers.effects.estimate_effects`.

Tolerances
----------
- Re-fitting on the full sample (every person drawn once) reproduces the engine's propensity
  scores and caliper widths (:func:`mia_helpers.matching.match`) to 1e-8: the same solver
  (:func:`mia_helpers.core.newton_binary`, tolerance 1e-10) on the same rows, only the floating
  point summation order may differ.
- "Really re-fits": on a person-clustered resample the scores of the resampled rows differ from
  their full-sample scores (a re-fit that did nothing would leave them identical), and with the
  same resamples (same seed) the ``refit`` and ``fixed`` intervals differ.
Coverage is not tested here (it needs hundreds of synthetic data sets); it is measured by
``benchmarks/coverage.py`` and reported in Appendix A.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal

from mia_helpers import effects
from mia_helpers.matching import TreatmentSpec, match, propensity_scores
from mia_helpers.panel import load_panel

RIDGE = 1.0 / inspect.signature(propensity_scores).parameters["C"].default


@pytest.fixture(scope="module")
def ibo(small_data):
    return match(load_panel(small_data), TreatmentSpec.measure("workplace_learning_ibo"))


def _pooled_sets(res):
    s = res.support
    return frozenset(s.loc[s["score_model"] == "pooled", "risk_set"].astype(int))


def test_refit_on_the_full_sample_reproduces_the_engine(ibo):
    rows = ibo.rows
    X = ibo.X.to_numpy(np.float32)
    y = rows["treated"].to_numpy(float)
    rset = rows["risk_set"].to_numpy()
    score = effects._refit_scores(X, y, rset, _pooled_sets(ibo), RIDGE)
    np.testing.assert_allclose(score, rows["score"].to_numpy(), atol=1e-8)
    cal = effects._calipers(score, rset, ibo.caliper_sd)
    expected = dict(zip(ibo.support["risk_set"].astype(int), ibo.support["caliper"],
                        strict=True))
    assert cal.keys() == expected.keys()
    np.testing.assert_allclose([cal[r] for r in expected], list(expected.values()), atol=1e-8)


def test_refit_bootstrap_re_estimates_the_scores(ibo):
    rows = ibo.rows
    X = ibo.X.to_numpy(np.float32)
    y = rows["treated"].to_numpy(float)
    rset = rows["risk_set"].to_numpy()
    person = pd.factorize(rows["person_id"])[0]
    order, first, lens = effects._person_blocks(person)
    fits = []
    for s in (1, 2):
        rep = effects._draw_persons(np.random.default_rng(s), order, first, lens)
        # the resample holds whole persons: every drawn person brings all their rows
        assert np.array_equal(np.bincount(person[rep], minlength=lens.size) % lens,
                              np.zeros(lens.size, np.int64))
        sc = effects._refit_scores(X[rep], y[rep], rset[rep], _pooled_sets(ibo), RIDGE)
        assert np.isfinite(sc).all()
        fits.append(sc - rows["score"].to_numpy()[rep])
    for diff in fits:
        assert np.abs(diff).max() > 1e-3  # scores re-estimated, not carried over


def test_refit_and_fixed_intervals_differ_on_the_same_resamples(ibo):
    kw = dict(max_quarter=8, bootstrap=12, seed=5, n_jobs=1, progress=False)
    fixed = effects.estimate_effects(ibo, bootstrap_method="fixed", **kw)
    refit = effects.estimate_effects(ibo, bootstrap_method="refit", **kw)
    # same point estimates: only the intervals depend on the method
    np.testing.assert_array_equal(fixed["att_pp"].to_numpy(), refit["att_pp"].to_numpy())
    m = (refit["estimator"] == "matched").to_numpy()
    assert np.isfinite(refit.loc[m, "ci_low"]).all()
    assert not np.allclose(fixed.loc[m, ["ci_low", "ci_high"]].to_numpy(),
                           refit.loc[m, ["ci_low", "ci_high"]].to_numpy())
    # the naive estimator does not use the score: identical resamples, identical intervals
    nv = ~m
    np.testing.assert_allclose(fixed.loc[nv, ["ci_low", "ci_high"]].to_numpy(),
                               refit.loc[nv, ["ci_low", "ci_high"]].to_numpy())


@pytest.mark.parametrize("kw, word", [({"bootstrap_method": "jackknife"}, "bootstrap_method"),
                                      ({"ci_level": 95}, "ci_level"),
                                      ({"bootstrap": -1}, "bootstrap")])
def test_bad_interval_parameters_are_refused(ibo, kw, word):
    with pytest.raises(ValueError, match=word):
        effects.estimate_effects(ibo, progress=False, **kw)


def test_default_interval_follows_bootstrap(ibo):
    """Without ``interval``: linearized intervals when no bootstrap is asked for (not NaN, as
    the bootstrap with ``bootstrap=0`` gives), the bootstrap when replications are."""
    kw = dict(max_quarter=6, seed=5, n_jobs=1, progress=False)
    default = effects.estimate_effects(ibo, **kw)
    assert_frame_equal(default,
                                  effects.estimate_effects(ibo, interval="linearized", **kw))
    matched = default[default["estimator"] == "matched"]
    assert np.isfinite(matched[["ci_low", "ci_high", "se"]].to_numpy()).all()
    boot = effects.estimate_effects(ibo, bootstrap=4, **kw)
    assert_frame_equal(
        boot, effects.estimate_effects(ibo, bootstrap=4, interval="bootstrap", **kw))
    assert effects.resolve_interval(None, 0) == "linearized"
    assert effects.resolve_interval(None, 9) == "bootstrap"
    assert effects.resolve_interval("bootstrap", 0) == "bootstrap"
