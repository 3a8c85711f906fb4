"""The weighted Kaplan-Meier of the rendement curves (:func:`mia_helpers.effects._km`) and its
linearized influence (:func:`mia_helpers.effects._km_influence`,
:func:`mia_helpers.effects._km_influence_all`) against R's ``survival::survfit`` (issue 14).

Reference values: ``tests/reference/km_weighted.R`` (run with survival 3.5.3 on R 4.2.2) wrote
``km_weighted_data.csv`` (12 units, quarters 1..6, non-integer case weights, two events in
quarters 2 and 4, a censoring tied with events in quarters 2 and 6, a quarter with a
censoring only), ``km_weighted.csv`` (survfit's weighted numbers at risk and of events, S(t)
and the infinitesimal-jackknife SE of S(t) of ``robust = TRUE``) and
``km_weighted_influence.csv`` (survfit's ``influence.surv``, w_i dS(t)/dw_i). CI does not need
R; the ``rlive`` test reruns the R script.

Mapping: a unit with ``status`` 1 has E = time (censoring C and window A beyond the data);
with ``status`` 0, C = time. ``_km`` counts a unit at risk in quarter l when
l <= min(E, C, A) and its event when E = l, so a unit censored in quarter l is at risk in l:
survfit's "events before censorings at the same time".

Tolerances (stated, not tuned):

- ``RTOL = 1e-12`` (relative) for everything computed from the same formula on both sides:
  products and sums of at most 6 quarterly factors over 12 units in double precision
  (unit roundoff 1.1e-16; a bound of about 100 x 1.1e-16), and R writes 17 significant
  digits. Observed agreement is at the level of 1e-16.
- The package's SE against survfit's: the same RTOL; they are identical. Until the
  thirty-fifth session ``_km_influence`` was the Nelson-Aalen-type term S(k) sum_l w_j
  (dN_jl - Y_jl h_l) / den_l, without the (1 - h_l) of the product-limit estimator's
  influence (Reid 1981; survfit's infinitesimal jackknife), and its SE was 5.7 to 23.2 per
  cent below survfit's on this data set (``test_se_ratio_without_the_factor`` keeps that
  figure from the hand formula). The SE compared is sqrt(sum_j phi_j^2) of the influence
  itself; ``effects._linearized_se`` then sums it by person with the treated term and applies
  ``_cluster_var``'s centring and G/(G-1).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from r_available import r_has

from mia_helpers import effects

REF = Path(__file__).resolve().parent / "reference"
RTOL = 1e-12
K = 6
FAR = 99  # "never" for E or C: beyond the window


def _data():
    d = pd.read_csv(REF / "km_weighted_data.csv")
    t, s = d["time"].to_numpy(int), d["status"].to_numpy(int)
    E = np.where(s == 1, t, FAR)
    C = np.where(s == 1, FAR, t)
    A = np.full(len(d), K)
    w = d["w"].to_numpy(float)
    return d, E, C, A, w


def _risk(E, C, A):
    ls = np.arange(1, K + 1)[None, :]
    at = ls <= np.minimum(np.minimum(E, C), A)[:, None]
    ev = at & (E[:, None] == ls)
    return at, ev


def _ref():
    return pd.read_csv(REF / "km_weighted.csv"), pd.read_csv(REF / "km_weighted_influence.csv")


def _package_influence(E, C, A, w):
    """(n, K) the package's influence of each unit on F(k) = 1 - S(k), k = 1..K, with the
    pooled Kaplan-Meier hazard as every unit's own hazard (the unmatched, one-sample case)."""
    at, ev = _risk(E, C, A)
    a = np.repeat(w[:, None], K, axis=1)
    h = (a * ev).sum(0) / (a * at).sum(0)
    hx = np.repeat(h[None, :], len(w), axis=0)
    return np.column_stack([effects._km_influence(a, at, ev, hx, k) for k in range(1, K + 1)])


def _by_hand(E, C, A, w, factor: bool):
    """(n, K) influence on F(k) by hand: S(k) sum_{l<=k} w_j (dN_jl - Y_jl h_l) / den_l,
    divided by (1 - h_l) as well when ``factor`` (the product-limit influence, Reid 1981)."""
    at, ev = _risk(E, C, A)
    den = (w[:, None] * at).sum(0)
    h = (w[:, None] * ev).sum(0) / den
    S = np.cumprod(1 - h)
    term = w[:, None] * (ev - at * h[None, :]) / den[None, :]
    if factor:
        term = term / (1 - h)[None, :]
    return S[None, :] * np.cumsum(term, axis=1)


def test_reference_data_has_ties_weights_and_censoring():
    d, E, C, A, w = _data()
    r, _ = _ref()
    assert (w != np.floor(w)).any()
    ev_counts = d[d["status"] == 1].groupby("time").size()
    assert (ev_counts >= 2).any()  # tied events
    both = d.groupby("time")["status"].agg(["min", "max"])
    assert ((both["min"] == 0) & (both["max"] == 1)).any()  # censoring tied with events
    assert (r["n_event"] == 0).any()  # a quarter without events


def test_km_survival_equals_survfit():
    _, E, C, A, w = _data()
    r, _ = _ref()
    at, ev = _risk(E, C, A)
    np.testing.assert_allclose((w[:, None] * at).sum(0), r["n_risk"], rtol=RTOL)
    np.testing.assert_allclose((w[:, None] * ev).sum(0), r["n_event"], rtol=RTOL)
    F = effects._km(E, C, A, np.repeat(w[:, None], K, axis=1), K)
    np.testing.assert_allclose(1 - F, r["surv"], rtol=RTOL, atol=0)
    # the comparison can fail: censoring before events in a tied quarter (a unit censored in
    # quarter l not at risk in l) is another estimator
    F_other = effects._km(E, np.where(C < FAR, C - 1, C), A, np.repeat(w[:, None], K, 1), K)
    assert np.abs((1 - F_other) - r["surv"]).max() > 1e-3


def test_km_influence_all_equals_km_influence():
    _, E, C, A, w = _data()
    at, ev = _risk(E, C, A)
    phi = _package_influence(E, C, A, w)
    a = np.repeat(w[:, None], K, axis=1)
    h = (a * ev).sum(0) / (a * at).sum(0)
    phi_all = effects._km_influence_all(np.ones((len(w), K)), a, at, ev,
                                        np.repeat(h[None, :], len(w), axis=0))
    np.testing.assert_allclose(phi_all, phi, rtol=RTOL, atol=1e-15)


def test_package_influence_is_the_formula_with_the_factor():
    """The package's influence equals S(k) sum_l w_j (dN_jl - Y_jl h_l) / (den_l (1 - h_l))
    and survfit's influence equals minus the same: the product-limit influence."""
    _, E, C, A, w = _data()
    _, infl = _ref()
    phi = _package_influence(E, C, A, w)
    np.testing.assert_allclose(phi, _by_hand(E, C, A, w, factor=True), rtol=RTOL, atol=1e-15)
    r_inf = infl[[f"q{k}" for k in range(1, K + 1)]].to_numpy()
    # survfit's influence.surv is on S; F = 1 - S flips the sign
    np.testing.assert_allclose(-r_inf, _by_hand(E, C, A, w, factor=True), rtol=RTOL,
                               atol=1e-15)
    # and the hand formula without the factor is not survfit's (the comparison can fail)
    assert np.abs(-r_inf - _by_hand(E, C, A, w, factor=False)).max() > 1e-3


def test_se_ratio_without_the_factor():
    """The size of the defect mended in the thirty-fifth session: SE of the influence without
    the factor (the package's before) / survfit's infinitesimal-jackknife SE, per quarter
    (both sqrt of a sum of squares over units)."""
    _, E, C, A, w = _data()
    r, _ = _ref()
    se = np.sqrt((_by_hand(E, C, A, w, factor=False) ** 2).sum(0))
    ratio = se / r["se_ij"].to_numpy()
    # below 1 in every quarter: 1/(1-h_l) > 1 for every quarter with events
    assert (ratio < 1).all()
    # the numbers the module docstring states (5.7 to 23.2 per cent below), to 0.1 point
    assert round(100 * (1 - ratio.max()), 1) == 5.7
    assert round(100 * (1 - ratio.min()), 1) == 23.2


def test_km_linearized_se_equals_survfit_robust_se():
    _, E, C, A, w = _data()
    r, _ = _ref()
    phi = _package_influence(E, C, A, w)
    np.testing.assert_allclose(np.sqrt((phi ** 2).sum(0)), r["se_ij"], rtol=RTOL)


@pytest.mark.rlive  # opt-in: `pytest -m rlive` (R is not needed by make test / CI)
@pytest.mark.skipif(not r_has("survival"), reason="needs R with survival")
def test_rlive_survfit_km_weighted(tmp_path):
    subprocess.run(["Rscript", str(REF / "km_weighted.R"), str(tmp_path)], check=True,
                   capture_output=True, timeout=120)
    for name in ("km_weighted_data.csv", "km_weighted.csv", "km_weighted_influence.csv"):
        live, committed = pd.read_csv(tmp_path / name), pd.read_csv(REF / name)
        pd.testing.assert_frame_equal(live, committed, check_exact=False, rtol=RTOL)
