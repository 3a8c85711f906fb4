"""The Kaplan-Meier influence used by the linearized standard errors of "now versus never"
(``mia_helpers.effects._km_influence`` and ``_km_influence_all``) should be the derivative of
the weighted product-limit estimator with respect to each unit's weight (its influence
function, Reid 1981), checked by central finite differences.

Issue 14: until the thirty-fifth session it was not (the factor 1 / (1 - h_l) of
d log S = -sum_l dh_l / (1 - h_l) was missing: the Nelson-Aalen influence). The factor alone
had been measured and withdrawn twice (the thirty-fourth session: the drawn design's matched
SE over-stated, the inburgering study under-covered); it ships with the residual hazard from a
model of the whole pool (``effects._pool_hazard_fit``) and the MOVER interval
(``effects._mover_interval``), ``benchmarks/never_inburgering.py``. R's survfit agrees with the
derivative (``tests/test_ref34_km_survfit.py``).

Tolerance: the central difference of a smooth function has error O(eps^2) times its third
derivative; with eps = 1e-6 relative on weights of order 1 and risk sets of about 30 units the
truncation error is below 1e-9 and the rounding error about 1e-16 / 1e-6 = 1e-10, so an
absolute tolerance of 1e-7 on influences of order 1e-2 cannot hide a missing factor
1 / (1 - h_l) (which changes them by h_l, 5-50 per cent here)."""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers.effects import _km_influence, _km_influence_all


def _km_cif(a, at, ev, k):
    num = (a[:, :k] * ev[:, :k]).sum(axis=0)
    den = (a[:, :k] * at[:, :k]).sum(axis=0)
    h = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
    return 1.0 - float(np.prod(1.0 - h))


def _data(seed):
    rng = np.random.default_rng(seed)
    n, K = 30, 6
    last = rng.integers(1, K + 1, n)
    ks = np.arange(1, K + 1)
    at = ks[None, :] <= last[:, None]
    ev = at & (ks[None, :] == last[:, None]) & (rng.random(n) < 0.7)[:, None]
    a = rng.uniform(0.5, 2.0, (n, K))
    return a, at, ev


@pytest.mark.parametrize("seed", [1, 3])
@pytest.mark.parametrize("k", [3, 5])
def test_influence_is_the_derivative_of_the_weighted_kaplan_meier(seed, k):
    a, at, ev = _data(seed)
    num = (a * ev).sum(axis=0)
    den = (a * at).sum(axis=0)
    h = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
    hx = np.broadcast_to(h, a.shape)  # the pooled hazard: the plain influence function
    phi = _km_influence(a, at, ev, hx, k)
    eps = 1e-6
    fd = np.empty(len(a))
    for j in range(len(a)):  # 30 units: a test, not the estimator
        up, down = a.copy(), a.copy()
        up[j] *= 1 + eps
        down[j] *= 1 - eps
        fd[j] = (_km_cif(up, at, ev, k) - _km_cif(down, at, ev, k)) / (2 * eps)
    np.testing.assert_allclose(phi, fd, rtol=0, atol=1e-7)


@pytest.mark.parametrize("seed", [1, 3])
def test_the_derivative_data_have_hazards_strictly_between_0_and_1(seed):
    """The derivative test above fails only through the influence, not its data: every
    quarter up to 5 has events and survivors (so 1 / (1 - h_l) is finite and differs from 1)."""
    a, at, ev = _data(seed)
    h = (a * ev).sum(axis=0)[:5] / (a * at).sum(axis=0)[:5]
    assert ((h > 0) & (h < 1)).all(), h


def test_all_horizons_form_has_the_same_factor():
    a, at, ev = _data(4)
    K = a.shape[1]
    Wk = np.ones((len(a), K))
    num = (a * ev).sum(axis=0)
    den = (a * at).sum(axis=0)
    hx = np.broadcast_to(num / den, a.shape)
    got = _km_influence_all(Wk, a, at, ev, hx)
    for k in range(1, K + 1):
        np.testing.assert_allclose(got[:, k - 1], _km_influence(a, at, ev, hx, k),
                                   rtol=0, atol=1e-12)


def test_a_quarter_where_everybody_at_risk_fails_gives_zero_influence_after_it():
    """h_l = 1 makes S(k) = 0 for k >= l: the influence is 0 there, not NaN or inf."""
    at = np.array([[1, 1], [1, 0]], bool)
    ev = np.array([[0, 1], [1, 0]], bool)
    a = np.ones((2, 2))
    phi = _km_influence(a, at, ev, np.full((2, 2), 0.5), 2)
    assert np.isfinite(phi).all() and (phi == 0).all()
