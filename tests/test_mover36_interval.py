"""The interval of the matched "now versus never" effect (``effects._mover_interval``, issue 14):
a MOVER combination (Zou & Donner 2008) of a Wald interval of the treated share m1 and a
log(-log) interval of the controls' Kaplan-Meier cumulative incidence m0 (Kalbfleisch &
Prentice 2002; R ``survfit(conf.type = "log-log")``).

Tolerances: exact identities to 1e-12 (double precision on a few operations); the small-variance
limit, where the log(-log) interval's half-widths agree with the Wald ones to first order in
the standard error s (relative error O(s)), at 1e-3 relative with s = 1e-5."""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers.effects import _mover_interval

Q = 1.959963984540054


def test_small_variances_give_the_wald_interval_of_the_difference():
    m1, m0 = np.array([0.30, 0.10]), np.array([0.20, 0.05])
    vt, vc = np.array([1e-10, 4e-10]), np.array([2e-10, 1e-10])
    lo, hi = _mover_interval(m1, m0, vt, vc, Q)
    half = 100 * Q * np.sqrt(vt + vc)
    att = 100 * (m1 - m0)
    np.testing.assert_allclose(hi - att, half, rtol=1e-3)
    np.testing.assert_allclose(att - lo, half, rtol=1e-3)


def test_controls_side_is_the_log_log_interval_of_survival():
    """With no variance on the treated side the interval is d minus the log(-log) interval of
    m0, computed here from its textbook form on the cumulative hazard H = -log S: the CI of
    log H is log H +- q se(H) / H with se(H) = se(S) / S."""
    m1, m0, vc = np.array([0.4]), np.array([0.12]), np.array([0.03 ** 2])
    lo, hi = _mover_interval(m1, m0, np.zeros(1), vc, Q)
    S = 1 - m0
    H = -np.log(S)
    seH = np.sqrt(vc) / S
    H_lo, H_hi = H * np.exp(-Q * seH / H), H * np.exp(Q * seH / H)
    m0_lo, m0_hi = 1 - np.exp(-H_lo), 1 - np.exp(-H_hi)
    np.testing.assert_allclose(lo, 100 * (m1 - m0_hi), rtol=1e-12)
    np.testing.assert_allclose(hi, 100 * (m1 - m0_lo), rtol=1e-12)


def test_the_interval_is_longer_on_the_side_where_the_controls_share_may_be_higher():
    """Near m0 = 0 the Kaplan-Meier's sampling distribution is right-skewed, so the effect's
    interval reaches further down (the controls' share may be much higher than estimated)
    than up; the symmetric interval would be too short below exactly where a few heavily
    weighted controls without events pulled m0 down (benchmarks/never_inburgering.py)."""
    m1, m0 = np.array([0.10]), np.array([0.04])
    lo, hi = _mover_interval(m1, m0, np.array([1e-4]), np.array([4e-4]), Q)
    att = 100 * (m1 - m0)
    assert att - lo > hi - att


@pytest.mark.parametrize("m0", [0.0, 1.0])
def test_no_interval_where_the_controls_share_is_0_or_1(m0):
    lo, hi = _mover_interval(np.array([0.3]), np.array([m0]), np.array([1e-4]),
                             np.array([1e-4]), Q)
    assert np.isnan(lo).all() and np.isnan(hi).all()


@pytest.mark.filterwarnings("ignore::mia_helpers.core.NotIdentifiedWarning")
def test_effect_curves_uses_it_for_the_matched_never_estimate(monkeypatch):
    """effect_curves' matched now_vs_never interval is the MOVER interval of its own parts
    (spied), and the other estimators keep att +- t se."""
    import mia_helpers.effects as ef

    seen = {}
    orig = ef._mover_interval

    def spy(m1, m0, vt, vc, q):
        seen["args"] = (m1, m0, vt, vc, q)
        seen["out"] = orig(m1, m0, vt, vc, q)
        return seen["out"]

    monkeypatch.setattr(ef, "_mover_interval", spy)
    from drawn_designs import risk_set_design

    rng = np.random.default_rng(3)  # the design of tests/test_linearized_se.py
    ea, oa = risk_set_design(rng, 700, 6, start_periods=3, start_intercept=-1.8, reg_until=2,
                             with_pairs=True)
    out = ef.effect_curves(ea, oa, ("now_vs_never",), interval="linearized")
    c = out[("now_vs_never", "matched")]
    ok = np.isfinite(c["lo"]) & ~(c["unsupported"] > 0)
    assert ok.any()
    np.testing.assert_allclose(c["lo"][ok], seen["out"][0][ok], rtol=1e-12)
    np.testing.assert_allclose(c["hi"][ok], seen["out"][1][ok], rtol=1e-12)
    # the two sides' variances add up to the total when no person is on both
    # (tests/test_review36_mover_parts.py checks that exactly)
    vt, vc = seen["args"][2], seen["args"][3]
    assert (np.isfinite(vt) == np.isfinite(vc)).all() and (vt[np.isfinite(vt)] >= 0).all()
