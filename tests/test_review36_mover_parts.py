"""The two sides' variances of the matched "now versus never" interval
(``effects._linearized_se(parts=)``, used by ``effects._mover_interval``; review36).

1. Until the thirty-eighth session ``var_t + var_c`` was the person-clustered total minus
   twice its cross term (zero when no person is on both sides). Since then the controls' side
   is model-based (``effects._km_model_var``, ``tests/test_never39_model_var.py``) and the
   reported SE is sqrt(var_t + var_c) by definition, the sides taken as independent as in
   the MOVER interval: the identity holds to rounding (relative 1e-9, far above the rounding
   of sums of about a thousand terms) whether or not persons are on both sides.
2. A log(-log) bound whose exponent overflows (m0 near 0 with a standard error far above it,
   the case the pool hazard residual is for) should give the bound 1 without a numpy
   RuntimeWarning (the review found the warning; the lead mended it and regenerated the Monte
   Carlo files).
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np

import mia_helpers.effects as ef


def _parts(monkeypatch, own_person: bool):
    from drawn_designs import risk_set_design

    rng = np.random.default_rng(3)  # the design of tests/test_mover36_interval.py
    ea, oa = risk_set_design(rng, 700, 6, start_periods=3, start_intercept=-1.8, reg_until=2,
                             with_pairs=True)
    if own_person:
        ea = dataclasses.replace(ea, person=np.arange(len(ea.person)))
    seen = {}
    orig = ef._mover_interval

    def spy(m1, m0, vt, vc, q):
        seen["v"] = (vt, vc)
        return orig(m1, m0, vt, vc, q)

    monkeypatch.setattr(ef, "_mover_interval", spy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ef.core.NotIdentifiedWarning)
        out = ef.effect_curves(ea, oa, ("now_vs_never",), interval="linearized")
    tot = (out[("now_vs_never", "matched")]["se"] / 100) ** 2
    return seen["v"][0], seen["v"][1], tot


def test_sides_add_up_to_the_total_when_no_person_is_on_both(monkeypatch):
    vt, vc, tot = _parts(monkeypatch, own_person=True)
    fin = np.isfinite(tot)
    assert fin.sum() >= 3
    assert (vt[fin] > 0).all() and (vc[fin] > 0).all()
    np.testing.assert_allclose(vt[fin] + vc[fin], tot[fin], rtol=1e-9)


def test_sides_add_up_to_the_total_when_persons_are_on_both(monkeypatch):
    vt, vc, tot = _parts(monkeypatch, own_person=False)
    fin = np.isfinite(tot)
    assert fin.sum() >= 3
    np.testing.assert_allclose(vt[fin] + vc[fin], tot[fin], rtol=1e-9)


def test_overflowing_log_log_bound_gives_1_without_a_runtime_warning():
    m1, m0 = np.array([0.1]), np.array([1e-7])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        lo, hi = ef._mover_interval(m1, m0, np.array([1e-4]), np.array([1.6e-7]), 1.96)
    # the controls' upper bound is 1: lo = d - sqrt((q s1)^2 + (1 - m0)^2)
    want = 100 * ((m1 - m0) - np.sqrt((1.96e-2) ** 2 + (1 - m0) ** 2))
    np.testing.assert_allclose(lo, want, rtol=1e-12)
