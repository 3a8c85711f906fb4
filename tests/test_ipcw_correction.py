"""The first-order term of the estimated IPCW logit in the linearized "now versus never"
standard error (:func:`mia_helpers.effects._ipcw_correction`, issue 14 item 6).

Design: the drawn dynamic design of ``tests/test_linearized_se.py`` (persons with a covariate
x and a frailty, treatment starts rising in x in risk sets u = 0, 1, 2, outcome hazard rising
in x), matched here (k = 2 nearest neighbours on x, no caliper) so that the matched controls'
later starts feed the IPCW logit (x plus quarter intercepts).

Checks and their tolerances:

- the analytic derivative G = d m0(k) / d gamma of :func:`_ipcw_m0_gradient` against central
  finite differences of the IPCW Kaplan-Meier (:func:`_never_matched`) at two steps h. The
  central difference has truncation error h^2 / 6 times the third derivative; m0 is a
  probability built from logistic functions of gamma, whose third derivatives are O(1) on the
  standardised scale, so at h = 1e-3 the error is below 1e-6 times a bound of 100 on the third
  derivative (1e-4 absolute); at h = 1e-4 it must be 100 times smaller (the h^2 signature,
  1e-6 absolute), with rounding error eps / h ~ 1e-12 negligible;
- the persons' penalised scores sum to zero at the fit (the logit's first-order condition,
  solved by Newton to a step tolerance of 1e-10 on the standardised scale: 1e-6 of the
  total weight is a generous bound);
- the penalised information H is minus the Jacobian of the summed penalised score (central
  differences at h = 1e-4, absolute tolerance 1e-6 of the total weight: truncation error
  h^2 / 6 times the score's third derivative, below max |z|^4 times the total weight).

(``benchmarks/ipcw_correction.py --check`` compares the linear variance G' V G with the
variance of m0 over draws of gamma at the sampling scale, which also shows the
non-linearity of m0 in gamma; that is a property of the data, not of the code, so it is
printed rather than tested.)
"""

from __future__ import annotations

import numpy as np
import pytest
from drawn_designs import risk_set_design

from mia_helpers import effects as ef
from mia_helpers.effects import EstimationArrays, OutcomeArrays
from mia_helpers.matching import match_arrays, pair_weights

P = 1500
K = 6


def _design(rng: np.random.Generator) -> tuple[EstimationArrays, OutcomeArrays]:
    return risk_set_design(rng, P, K, start_periods=5, start_intercept=-1.5,
                           reg_until=4, with_pairs=True)


@pytest.fixture(scope="module")
def fitted():
    ea, oa = _design(np.random.default_rng(11))
    info: dict = {}
    ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A, oa.reg, K,
                        fit_info=info)
    assert info, "the design must give the IPCW logit enough later starts"
    tp, cp, _ = match_arrays(ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k,
                             ea.cal_abs, ea.person)
    w = pair_weights(tp)
    m0 = ef._ipcw_m0_function(info, ea.X, tp, cp, w, oa.E, oa.S, oa.A, oa.reg, K)
    G = ef._ipcw_m0_gradient(info, ea.X, tp, cp, w, oa.E, oa.S, oa.A, oa.reg, K)
    return ea, oa, info, m0, G


def test_fit_info_reproduces_the_ipcw_predictor(fitted):
    """m0 from the stored standardised coefficients equals the estimator's m0 (float32
    predictor of _fit_ipcw_arrays: agreement to 1e-5)."""
    ea, oa, info, m0, _ = fitted
    eta, bl = ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A,
                                  oa.reg, K)
    tp, cp, _ = match_arrays(ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k,
                             ea.cal_abs, ea.person)
    ref = ef._never_matched(tp, cp, pair_weights(tp), oa.E, oa.S, oa.A, eta, bl, oa.reg, K)[1]
    np.testing.assert_allclose(m0(info["beta"]), ref, atol=1e-5)


def test_gradient_matches_finite_differences(fitted):
    _, _, info, m0, G = fitted
    beta = info["beta"]
    assert np.abs(G).max() > 1e-3  # the later starts do move m0
    err = {}
    for h in (1e-3, 1e-4):
        fd = np.empty_like(G)
        for j in range(beta.size):
            d = np.zeros(beta.size)
            d[j] = h
            fd[:, j] = (m0(beta + d) - m0(beta - d)) / (2 * h)
        err[h] = np.abs(G - fd).max()
    assert err[1e-3] <= 1e-4, err
    assert err[1e-4] <= 1e-6, err


def test_scores_sum_to_zero_and_information_is_their_jacobian(fitted):
    ea, _, info, _, _ = fitted
    P_ = int(ea.person.max()) + 1
    U, H = ef._ipcw_scores(info, ea.X, ea.person, P_, K)
    assert np.abs(U.sum(axis=0)).max() <= 1e-6 * info["weight"].sum()
    # -d(summed score)/d beta by central differences at h = 1e-4: truncation error h^2 / 6
    # times the score's third derivative, at most the total weight times max |z|^4 (the
    # logistic function's derivatives are below 1; |z| <= 4 here): about 4e-7 of the weight
    beta, J = info["beta"], info["beta"].size
    fd = np.empty((J, J))
    for j in range(J):
        d = np.zeros(J)
        d[j] = 1e-4
        up = ef._ipcw_scores({**info, "beta": beta + d}, ea.X, ea.person, P_, K)[0].sum(0)
        dn = ef._ipcw_scores({**info, "beta": beta - d}, ea.X, ea.person, P_, K)[0].sum(0)
        fd[:, j] = -(up - dn) / 2e-4
    np.testing.assert_allclose(fd, H, atol=1e-6 * info["weight"].sum())
