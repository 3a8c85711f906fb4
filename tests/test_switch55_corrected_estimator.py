"""The switch (issue 14, rule R4): the matched "now versus later" estimator of the package is
the bias-corrected one of :mod:`mia_helpers.bias_correction` (Abadie & Imbens 2011) in the
point estimate, both bootstrap paths, the linearized variance and the streamed engine; and
the rule for covariates that the pool does not identify (referee finding, session 55).

Tolerances: 1e-10 pp (1e-12 as a share) is the round-off of two float64 least-squares fits
of the same pool rows summed in another order (n eps64 for n <= 1e5 terms is 2e-11 as a
share, times the correction's size, well below 0.1 share); 1e-9 relative for the degrees of
freedom, a ratio of fourth powers of the same contributions (four times the relative
round-off of the contributions, about 1e-12)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from test_bc54_bias_correction import _arrays, _observed

from mia_helpers import bias_correction as bc
from mia_helpers import core
from mia_helpers import effects as ef
from mia_helpers.matching import TreatmentSpec, match
from mia_helpers.panel import load_panel

PP_TOL = 1e-10
DF_RTOL = 1e-9
K = 8


@pytest.fixture(scope="module")
def small_match(small_data):
    return match(load_panel(small_data), TreatmentSpec.measure("workplace_learning_ibo"))


@pytest.fixture(scope="module")
def reference(small_match):
    return bc.bias_corrected_curves(small_match, max_quarter=K)


def _curves(res, **kw):
    ea = ef.estimation_arrays(res, "person_id", "score")
    oa = ef.outcome_arrays(res, K)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", core.NotIdentifiedWarning)
        return ea, ef.effect_curves(ea, oa, ["now_vs_later"], **kw)[("now_vs_later", "matched")]


def test_point_se_and_df_are_the_corrected_estimators(small_match, reference):
    _, got = _curves(small_match, interval="linearized")
    np.testing.assert_allclose(got["att"], reference["att_pp"], rtol=0, atol=PP_TOL)
    np.testing.assert_allclose(got["m0"], reference["m0"], rtol=0, atol=PP_TOL / 100)
    np.testing.assert_array_equal(got["n"], reference["n_treated"])
    np.testing.assert_allclose(got["se"], reference["se_pp"], rtol=0, atol=PP_TOL,
                               equal_nan=True)
    np.testing.assert_allclose(got["df"], reference["df"], rtol=DF_RTOL, equal_nan=True)
    np.testing.assert_allclose(got["lo"], reference["ci_low"], rtol=0, atol=1e-8,
                               equal_nan=True)
    # the corrected estimate is another number than the uncorrected one
    assert (reference["correction_pp"].abs() > 1e-6).all()


def test_estimate_effects_reports_the_corrected_estimate(small_match, reference):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tidy = ef.estimate_effects(small_match, ["now_vs_later"], max_quarter=K,
                                   progress=False, interval="linearized")
    m = tidy[tidy["estimator"] == "matched"].sort_values("quarter_since_start")
    np.testing.assert_allclose(m["att_pp"], reference["att_pp"], rtol=0, atol=PP_TOL)
    np.testing.assert_allclose(m["control_outcome"], reference["m0"], rtol=0, atol=PP_TOL)
    rel = m["treated_outcome"] / m["control_outcome"] - 1
    np.testing.assert_allclose(m["att_rel"], rel, rtol=1e-12)


def _identity_draw(rng, order, first, lens):
    """Every row once, in its own order (a resample equal to the sample)."""
    return np.arange(order.size)


def test_fixed_bootstrap_replicate_is_corrected(small_match, reference, monkeypatch):
    monkeypatch.setattr(ef, "_draw_persons", _identity_draw)
    _, got = _curves(small_match, interval="bootstrap", bootstrap=2, n_jobs=1)
    # both replicates are the sample itself: their estimate is the corrected point estimate
    np.testing.assert_allclose(got["lo"], reference["att_pp"], rtol=0, atol=PP_TOL)
    np.testing.assert_allclose(got["hi"], reference["att_pp"], rtol=0, atol=PP_TOL)


def test_refit_bootstrap_replicate_is_corrected(small_match, reference, monkeypatch):
    ea = ef.estimation_arrays(small_match, "person_id", "score")
    monkeypatch.setattr(ef, "_draw_persons", _identity_draw)
    # the re-fitted scores and calipers of a resample equal to the sample: the sample's own
    monkeypatch.setattr(ef, "_refit_scores", lambda *a, **k: ea.distance)
    monkeypatch.setattr(ef, "_calipers", lambda *a, **k: ea.cal_abs)
    _, got = _curves(small_match, interval="bootstrap", bootstrap=2, n_jobs=1,
                     refit=(small_match.caliper_sd, frozenset(), 1.0))
    np.testing.assert_allclose(got["lo"], reference["att_pp"], rtol=0, atol=PP_TOL)


def test_fixed_bootstrap_needs_the_covariates():
    with pytest.raises(ValueError, match="covariates X"):
        ef._later_corrected_memory(np.array([1]), np.array([0]), np.ones(1),
                                   np.ones(2, np.int64), np.ones(2, np.int64), 1, None,
                                   np.zeros(2), np.array([False, True]))


def test_subgroup_design_is_corrected(small_match):
    ea = ef.estimation_arrays(small_match, "person_id", "score")
    oa = ef.outcome_arrays(small_match, K)
    keep = np.zeros(len(ea.treated), bool)
    keep[np.unique(ea.treated_pos)[::2]] = True
    sub, rows = ea.subset(keep)
    oas = oa.take(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", core.NotIdentifiedWarning)
        got = ef.effect_curves(sub, oas, ["now_vs_later"], interval="linearized")[
            ("now_vs_later", "matched")]
    ks = np.arange(1, K + 1)
    ref = bc.corrected_later_estimates(sub, (oas.E[:, None] <= ks).astype(float),
                                       oas.A[:, None] >= ks)
    np.testing.assert_allclose(got["att"], ref["att_pp"], rtol=0, atol=PP_TOL)
    np.testing.assert_allclose(got["se"], ref["se_pp"], rtol=0, atol=PP_TOL, equal_nan=True)


# --------------------------------------------------------------------------------------------
# covariates that the pool does not identify
# --------------------------------------------------------------------------------------------


def _collinear_design(seed, scale=1.0, starters_off=True):
    """Hand-made arrays (tests/test_bc54_bias_correction.py) with a third covariate equal to
    ``scale`` times the first among the pool rows; among the starters it is off that line
    (``starters_off``) or on it."""
    rng = np.random.default_rng(seed)
    ea = _arrays(rng, p=2)
    x3 = scale * ea.X[:, 0].astype(np.float64)
    if starters_off:
        x3[ea.treated] += rng.random(int(ea.treated.sum())) * scale
    ea.X = np.asfortranarray(np.column_stack([ea.X, x3.astype(np.float32)]))
    ea.names = ["x0", "x1", "x2"]
    obs = _observed(rng, len(ea.treated), 2)
    E = np.where(rng.random(len(ea.treated)) < 0.4 + 0.4 * ea.X[:, 0], 1, 3).astype(np.int64)
    A = obs.sum(axis=1).astype(np.int64)
    oa = ef.OutcomeArrays(E, np.full_like(E, 99), A, np.zeros((len(E), 2), bool),
                          ea.person, 2)
    return ea, oa


def _matched(ea, oa):
    return ef.effect_curves(ea, oa, ["now_vs_later"], interval="linearized")[
        ("now_vs_later", "matched")]


def test_pool_collinear_covariate_gets_no_slope_and_a_warning():
    ea, oa = _collinear_design(5501)
    with pytest.warns(core.NotIdentifiedWarning, match="x0, x2"):
        got = _matched(ea, oa)
    # the rule: the minimum-norm slopes of the standardised covariates; x0 and x2 / 1 are
    # one standardised column among the pool rows, so the fit is that on their sum
    red = ef.EstimationArrays(**{**ea.__dict__, "X": np.asfortranarray(np.column_stack(
        [ea.X[:, 0].astype(np.float64) + ea.X[:, 2], ea.X[:, 1]]))})
    ks = np.arange(1, 3)
    ref = bc.corrected_later_estimates(red, (oa.E[:, None] <= ks).astype(float),
                                       oa.A[:, None] >= ks)
    np.testing.assert_allclose(got["att"], ref["att_pp"], rtol=0, atol=PP_TOL)
    np.testing.assert_allclose(got["se"], ref["se_pp"], rtol=0, atol=PP_TOL)


def test_rule_does_not_depend_on_the_covariates_units():
    designs = [_collinear_design(5502, scale=s) for s in (1.0, 1000.0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", core.NotIdentifiedWarning)
        a, b = (_matched(ea, oa) for ea, oa in designs)
    # the rule does not move with the scale: up to the float32 rounding of the scaled
    # covariate (6e-8 relative, so 1e-6 relative on the estimate's correction)
    np.testing.assert_allclose(a["att"], b["att"], rtol=1e-6)
    ea, oa = designs[0]
    m1, m0u, _ = ef._later_matched_fast(ea.treated_pos, ea.control,
                                        ef.pair_weights(ea.treated_pos), oa.E, oa.A, 2)
    assert (np.abs(a["att"] - 100 * (m1 - m0u)) > 0.1).all()  # a correction was applied
    # the minimum-norm solution of the raw covariates does (the referee's probe)
    ks = np.arange(1, 3)
    plain = [bc.corrected_later_estimates(ea, (oa.E[:, None] <= ks).astype(float),
                                          oa.A[:, None] >= ks)["att_pp"].to_numpy()
             for ea, oa in designs]
    assert np.abs(plain[0] - plain[1]).max() > 0.1


def test_structural_collinearity_is_no_extrapolation():
    """A covariate on the pool's line for everybody (the book's designs: origin dummies and
    generation[native]): no warning, and the estimate equals the plain minimum-norm fit of
    bias_correction (every solution predicts the same)."""
    ea, oa = _collinear_design(5503, scale=2.0, starters_off=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", core.NotIdentifiedWarning)
        got = _matched(ea, oa)
    ks = np.arange(1, 3)
    ref = bc.corrected_later_estimates(ea, (oa.E[:, None] <= ks).astype(float),
                                       oa.A[:, None] >= ks)
    np.testing.assert_allclose(got["att"], ref["att_pp"], rtol=0, atol=1e-8)
    np.testing.assert_allclose(got["se"], ref["se_pp"], rtol=0, atol=1e-8)


def test_flat_rule_reads_the_twins_own_share():
    """Where every twin's outcome is 0 at k the corrected m0 is not 0 (the pool regression
    shifts it), but the spread of the twins' share cannot be estimated: no interval (the rule
    of effect_curves)."""
    ea, oa = _collinear_design(5504, starters_off=False)
    E = oa.E.copy()
    E[ea.control] = 3  # no twin has the outcome by k = 2 (other pool rows do)
    assert (E[~ea.treated] == 1).any()
    oa = ef.OutcomeArrays(E, oa.S, oa.A, oa.reg, oa.person, 2)
    with pytest.warns(core.NotIdentifiedWarning, match="no variation"):
        got = _matched(ea, oa)
    assert np.isnan(got["se"]).all() and np.isnan(got["lo"]).all()
    assert (np.abs(got["m0"]) > 1e-6).all()  # the corrected m0 is not the twins' share 0
    assert pd.notna(got["att"]).all()


def test_stream_gives_the_corrected_estimate(small_data):
    from mia_helpers.matching import load_matching_panel
    from mia_helpers.stream import stream_effects

    spec = TreatmentSpec.measure("workplace_learning_ibo")
    res = match(load_matching_panel(small_data, [spec]), spec, k=3, min_treated=2)
    ref = bc.bias_corrected_curves(res, max_quarter=K)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        st = stream_effects(small_data, spec, k=3, min_treated=2, estimands=("now_vs_later",),
                            max_quarter=K, chunk_persons=500)
    m = st.tidy[st.tidy["estimator"] == "matched"].sort_values("quarter_since_start")
    np.testing.assert_allclose(m["att_pp"], ref["att_pp"], rtol=0, atol=PP_TOL)
