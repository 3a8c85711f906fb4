"""The linearized, person-clustered standard errors of the effect estimators
(:func:`mia_helpers.effects.effect_curves` with ``interval="linearized"``) against the sampling
standard deviation of the estimates on a small dynamic design with known structure.

Design (drawn here, independent of the package's generator): persons with a covariate x and a
person frailty enter an unemployment spell at u = 0; in each of three risk sets u = 0, 1, 2 a
person still unemployed and not yet treated starts the treatment with a probability rising in
x (so the pool is selected), and otherwise is a pool row of that risk set; a person's rows in
several risk sets share one outcome path (the clustering that the person-level sum of squares
must absorb). Exit to the outcome has a discrete hazard rising in x and the frailty, raised
after the start; the window ends 9 quarters after u = 0 (later risk sets are observed for
fewer quarters); pool rows are censored at a later start in the now-versus-never estimand.

Tolerance: over R = 300 replications (seed 0, fixed before looking at any result), the
ratio of the mean linearized SE to the Monte Carlo SD of the estimates is compared with 1.
The SD estimated from R draws has relative standard error about 1 / sqrt(2 (R - 1)) = 4.1 %
(normal approximation); the mean SE's own Monte Carlo error is smaller (its CV across
replications divided by sqrt(R)). The band is 3 of those standard errors, 12.3 %, per
estimator and horizon; a bootstrap that over-states the SD by 20 % (as the fixed-score
bootstrap does in Appendix A) fails it.
"""

from __future__ import annotations

import numpy as np
import pytest
from drawn_designs import risk_set_design

from mia_helpers.effects import EstimationArrays, OutcomeArrays, effect_curves

R = 300
P = 700
K = 6
HORIZONS = (2, 3, 4, 5)


def _design(rng: np.random.Generator) -> tuple[EstimationArrays, OutcomeArrays]:
    return risk_set_design(rng, P, K, start_periods=3, start_intercept=-1.8,
                           reg_until=2, with_pairs=True)


@pytest.fixture(scope="module")
def replications():
    rng = np.random.default_rng(0)
    out = []
    for _ in range(R):
        ea, oa = _design(rng)
        out.append(effect_curves(ea, oa, ["now_vs_later", "now_vs_never"],
                                 interval="linearized"))
    return out


@pytest.mark.parametrize("estimand", ["now_vs_later", "now_vs_never"])
@pytest.mark.parametrize("estimator", ["matched", "naive"])
def test_linearized_se_matches_sampling_sd(replications, estimand, estimator):
    att = np.array([r[(estimand, estimator)]["att"] for r in replications])
    se = np.array([r[(estimand, estimator)]["se"] for r in replications])
    band = 3 / np.sqrt(2 * (R - 1))
    for k in HORIZONS:
        sd = np.std(att[:, k - 1], ddof=1)
        ratio = np.mean(se[:, k - 1]) / sd
        assert abs(ratio - 1) <= band, (estimand, estimator, k, ratio, band)


def test_interval_uses_the_level_and_the_t_quantile_on_df(replications):
    from scipy.stats import t

    for key in (("now_vs_later", "matched"), ("now_vs_never", "naive")):
        c = replications[0][key]
        q = t.ppf(0.975, c["df"])
        np.testing.assert_allclose(c["hi"] - c["att"], q * c["se"], rtol=1e-12)
        np.testing.assert_allclose(c["att"] - c["lo"], q * c["se"], rtol=1e-12)
        ok = np.isfinite(c["df"])
        assert ok.any() and (c["df"][ok] >= 1).all()


def test_effective_persons_of_the_variance():
    """``_cluster_var`` returns the variance G/(G-1) sum x^2 and its degrees of freedom
    (sum x^2)^2 / sum x^4 of the centred contributions: G when the G persons weigh alike, close
    to 1 when one person carries the variance (exact arithmetic)."""
    from mia_helpers.effects import _cluster_var

    def df(psi, inv):
        return _cluster_var(psi, inv)[1]

    G = 10
    alike = np.tile([1.0, -1.0], G // 2)
    assert _cluster_var(alike, np.ones(G, bool))[0] == pytest.approx(G * G / (G - 1), rel=1e-12)
    assert df(alike, np.ones(G, bool)) == pytest.approx(G, rel=1e-12)
    one = np.zeros(G)
    one[0] = 1.0
    x = one - one.mean()  # centred: 0.9 and nine times -0.1
    expect = (x ** 2).sum() ** 2 / (x ** 4).sum()
    assert df(one, np.ones(G, bool)) == pytest.approx(expect, rel=1e-12)
    assert expect < 1.3
    # persons outside the involved set do not count; fewer than two: NaN
    assert df(np.r_[alike, 99.0], np.r_[np.ones(G, bool), False]) == pytest.approx(G)
    assert np.isnan(_cluster_var(alike, np.eye(1, G, dtype=bool)[0])).all()


def test_linearized_refuses_bootstrap_replications():
    ea, oa = _design(np.random.default_rng(1))
    with pytest.raises(ValueError, match="bootstrap=0"):
        effect_curves(ea, oa, ["now_vs_later"], interval="linearized", bootstrap=5)
    with pytest.raises(ValueError, match="unknown interval"):
        effect_curves(ea, oa, ["now_vs_later"], interval="jackknife")


def test_no_interval_where_a_group_shows_no_variation():
    """Treated without any outcome (cumulative incidence 0 at every k): the spread of the
    treated share cannot be estimated, so every matched interval is NaN, with a warning
    (before, the controls' noise alone gave a tight interval claiming significance)."""
    from mia_helpers.core import NotIdentifiedWarning

    ea, oa = _design(np.random.default_rng(2))
    E = oa.E.copy()
    E[ea.treated] = 10_000  # no treated ever has the outcome
    oa = OutcomeArrays(E, oa.S, oa.A, oa.reg, oa.person, oa.max_quarter)
    for interval, boot in (("linearized", 0), ("bootstrap", 9)):
        with pytest.warns(NotIdentifiedWarning, match="no variation"):
            c = effect_curves(ea, oa, ["now_vs_later"], interval=interval, bootstrap=boot)
        m = c[("now_vs_later", "matched")]
        assert (m["m1"][np.isfinite(m["m1"])] == 0).all()
        assert np.isnan(m["se"]).all() and np.isnan(m["lo"]).all() and np.isnan(m["hi"]).all()
        assert np.isfinite(m["att"]).any()  # the estimate itself is still given


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(bootstrap=1), "0 \\(no bootstrap\\) or >= 2"),
    (dict(bootstrap=True), "whole number"),
    (dict(bootstrap=-3), "0 \\(no bootstrap\\) or >= 2"),
    (dict(interval="linearized", bootstrap=5), "bootstrap=0"),
    (dict(interval="linearized", bootstrap_method="refit"), "leave it at 'fixed'"),
    (dict(max_quarter=0), "max_quarter"),
    (dict(max_quarter=2.5), "max_quarter"),
    (dict(estimands=[]), "estimands is empty"),
])
def test_estimate_effects_refuses_bad_arguments_before_any_work(kwargs, message):
    from mia_helpers.effects import estimate_effects

    with pytest.raises(ValueError, match=message):
        estimate_effects(None, **kwargs)  # refused before the match result is read


@pytest.mark.parametrize("with_base", [False, True])
def test_km_influence_at_all_horizons_equals_one_horizon_at_a_time(with_base):
    """``_km_influence_all`` (all horizons in one product) equals ``_km_influence`` called per
    horizon k with weights ``Wk[:, k-1] * base`` (float64 sums in another order: 1e-12
    relative to the largest influence), including units with zero weight at some horizons and
    quarters where nobody is at risk."""
    from mia_helpers.effects import _km_influence, _km_influence_all

    rng = np.random.default_rng(3)
    n, Kh = 400, 7
    last = rng.integers(0, Kh + 1, n)  # quarters at risk: 1..last
    ks = np.arange(1, Kh + 1)
    at = ks[None, :] <= last[:, None]
    at[:, 3] = False  # a quarter where nobody is at risk
    ev = at & (ks[None, :] == last[:, None]) & (rng.random(n) < 0.6)[:, None]
    hx = rng.uniform(0.0, 0.3, (n, Kh))
    Wk = rng.uniform(0.0, 2.0, (n, Kh)) * (rng.random((n, Kh)) < 0.8)
    base = rng.uniform(0.5, 3.0, (n, Kh)) if with_base else None
    got = _km_influence_all(Wk, base, at, ev, hx)
    for k in ks:
        a = Wk[:, k - 1, None] * (base if with_base else np.ones((n, Kh)))
        want = _km_influence(a, at, ev, hx, k)
        np.testing.assert_allclose(got[:, k - 1], want, rtol=0,
                                   atol=1e-12 * max(np.abs(want).max(), 1e-300))
