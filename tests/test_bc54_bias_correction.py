"""Bias-corrected matching of the matched "now versus later" estimator
(:mod:`mia_helpers.bias_correction`, Abadie & Imbens 2011; issue 14, book/design.md 4.6).

Tolerances: 1e-12 and 1e-10 are round-off bounds of float64 least squares on a few dozen
rows (condition numbers below 1e3); 1e-6 that of a finite difference of a function that is
exactly linear in the perturbed value (only round-off, divided by eps = 1e-3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import bias_correction as bc
from mia_helpers.effects import (
    EstimationArrays,
    estimation_arrays,
    outcome_arrays,
)
from mia_helpers.matching import TreatmentSpec, match, pair_weights
from mia_helpers.panel import load_panel


def _arrays(rng, n_sets=3, n_pool=12, n_treated=4, p=2, k=2, worst=True, cross=False):
    """Hand-made estimation arrays: ``n_sets`` risk sets, each with ``n_pool`` pool rows and
    ``n_treated`` treated rows, covariates float32 in [0, 1); each treated row matched to the
    ``k`` pool rows of its risk set with the lowest first covariate (``worst``: twins
    imbalanced) or to random ones; ``cross``: one pair goes to the next risk set. Persons:
    some pool rows share a person with a row of another risk set."""
    rs, tr, X = [], [], []
    for r in range(n_sets):
        m = n_pool + n_treated
        rs += [10 + 3 * r] * m  # risk-set codes not 0..R-1
        tr += [False] * n_pool + [True] * n_treated
        x = rng.random((m, p)).astype(np.float32)
        x[n_pool:, 0] = (0.6 + 0.4 * rng.random(n_treated)).astype(np.float32)  # starters high
        X.append(x)
    rs, tr, X = np.array(rs), np.array(tr), np.vstack(X)
    n = len(rs)
    tp, cp = [], []
    for r in np.unique(rs):
        pool = np.flatnonzero((rs == r) & ~tr)
        for i in np.flatnonzero((rs == r) & tr):
            js = pool[np.argsort(X[pool, 0])[:k]] if worst else rng.choice(pool, k, False)
            tp += [i] * k
            cp += list(js)
    if cross:
        other = np.flatnonzero((rs == rs.max()) & ~tr)[0]
        cp[0] = other
    person = np.arange(n)
    person[1:n // 3:2] = person[n // 2:n // 2 + len(person[1:n // 3:2])]  # shared persons
    person = pd.factorize(person)[0]
    tp, cp = np.array(tp), np.array(cp)
    return EstimationArrays(np.zeros(n), np.zeros(n, np.int64), rs, tr, person, X,
                            [f"x{j}" for j in range(p)], tp, cp, pair_weights(tp), k,
                            {int(r): np.inf for r in np.unique(rs)})


def _observed(rng, n, K):
    obs = np.ones((n, K), bool)
    obs[:, 1:] = rng.random((n, K - 1)) < 0.8
    return np.cumprod(obs, axis=1).astype(bool)


def test_exact_when_outcome_is_linear_in_the_regressors():
    rng = np.random.default_rng(4270)
    ea = _arrays(rng)
    K = 2
    obs = _observed(rng, len(ea.treated), K)
    r_code = pd.factorize(ea.risk_set)[0]
    x = ea.X.astype(np.float64)
    mu = np.column_stack([0.2 + 0.3 * x[:, 0] - 0.1 * x[:, 1] + 0.1 * r_code,
                          0.3 + 0.25 * x[:, 0] + 0.05 * x[:, 1] + 0.05 * r_code])
    Y = mu + 0.1 * ea.treated[:, None]  # an effect of 0.1 on the starters
    got = bc.corrected_later_estimates(ea, Y, obs)
    tw = np.unique(ea.treated_pos)
    for k in (1, 2):
        row = got.iloc[k - 1]
        # starters kept at k: observed and with a twin observed at k
        kept = [i for i in tw if obs[i, k - 1]
                and obs[ea.control[ea.treated_pos == i], k - 1].any()]
        assert row["n_treated"] == len(kept)
        assert abs(row["m0"] - mu[kept, k - 1].mean()) < 1e-12
        assert abs(row["att_pp"] - 10.0) < 1e-10
        # the twins are imbalanced (lowest first covariate): the uncorrected m0 is far off
        assert abs(row["m0_uncorrected"] - mu[kept, k - 1].mean()) > 0.05
        assert abs(row["correction_pp"] - (row["att_pp"] - row["att_uncorrected_pp"])) < 1e-12


def _reference(ea, Y, obs, k):
    """Brute force at horizon k: loops over treated rows, explicit dummies, lstsq, and the
    variance from the brief's formula with an explicit (Z'Z) pseudo-inverse."""
    n_rows = len(ea.treated)
    codes, levels = pd.factorize(ea.risk_set)
    Z = np.column_stack([np.ones(n_rows), ea.X.astype(np.float64),
                         (codes[:, None] == np.arange(len(levels))[None, :]).astype(float)])
    y = Y[:, k - 1]
    pool = np.flatnonzero(~ea.treated & obs[:, k - 1])
    beta = np.linalg.lstsq(Z[pool], y[pool], rcond=None)[0]
    mu0 = Z @ beta
    kept, c, yt, dz = [], [], [], []
    Kj = np.zeros(n_rows)
    pairs = []
    for i in np.unique(ea.treated_pos):
        js = ea.control[ea.treated_pos == i]
        wts = ea.weight[ea.treated_pos == i]
        if not obs[i, k - 1]:
            continue
        keep = obs[js, k - 1]
        if not keep.any():
            continue
        v = wts[keep] / wts[keep].sum()
        js = js[keep]
        kept.append(i)
        c.append(sum(v[a] * (y[js[a]] - mu0[js[a]]) for a in range(len(js))) + mu0[i])
        yt.append(y[i])
        dz.append(Z[i] - sum(v[a] * Z[js[a]] for a in range(len(js))))
        pairs.append((js, v))
    n = len(kept)
    for js, v in pairs:
        for a in range(len(js)):
            Kj[js[a]] += v[a]
    m1, m0 = np.mean(yt), np.mean(c)
    att = m1 - m0
    dbar = np.mean(dz, axis=0)
    H = np.linalg.pinv(Z[pool].T @ Z[pool])
    psi_row = np.zeros(n_rows)
    for i in kept:
        psi_row[i] += y[i] - mu0[i] - att
    for j in pool:
        e = y[j] - mu0[j]
        psi_row[j] += -Kj[j] * e - n * (dbar @ H @ Z[j]) * e
    involved = set(ea.person[kept]) | set(ea.person[pool])
    psi = {g: 0.0 for g in involved}
    for r in range(n_rows):
        if ea.person[r] in psi:
            psi[ea.person[r]] += psi_row[r]
    vals = np.array(list(psi.values()))
    G = len(vals)
    var = G / (G - 1) * ((vals - vals.mean()) ** 2).sum()
    return dict(m0=m0, m1=m1, correction=100 * (m0_unc := np.mean(
        [sum(v * y[js]) for js, v in pairs])) - 100 * m0, se=100 * np.sqrt(var) / n,
        m0u=m0_unc)


@pytest.mark.parametrize("cross", [False, True])
def test_equals_a_brute_force_reference(cross):
    rng = np.random.default_rng(4271)
    ea = _arrays(rng, n_sets=4, n_pool=15, n_treated=5, p=3, k=3, worst=False, cross=cross)
    K = 3
    obs = _observed(rng, len(ea.treated), K)
    Y = rng.random((len(ea.treated), K))
    got = bc.corrected_later_estimates(ea, Y, obs)
    for k in range(1, K + 1):
        ref = _reference(ea, Y, obs, k)
        row = got.iloc[k - 1]
        assert abs(row["m0"] - ref["m0"]) < 1e-10
        assert abs(row["m0_uncorrected"] - ref["m0u"]) < 1e-12
        assert abs(row["correction_pp"] - ref["correction"]) < 1e-10
        assert abs(row["se_pp"] - ref["se"]) < 1e-10
        assert abs(row["correction_pp"]) > 1e-3  # the reference is not trivially zero


def test_beta_term_is_the_derivative_of_m0():
    """Each pool row's contribution to the linearized variance is minus n e_l times the
    derivative of m0 with respect to y_l, exactly (m0 is linear in Y): the twins' reuse K_l
    and the estimated beta's first-order term. Checked on a twin and on a pool row that is
    nobody's twin (whose whole contribution is the beta term)."""
    rng = np.random.default_rng(4272)
    ea = _arrays(rng, n_sets=3, n_pool=14, n_treated=4, p=2, k=2)
    K = 2
    n_rows = len(ea.treated)
    obs = _observed(rng, n_rows, K)
    Y = 0.2 + 0.6 * rng.random((n_rows, K))
    r_code, levels = pd.factorize(ea.risk_set)
    w = pair_weights(ea.treated_pos)
    tu, tinv = np.unique(ea.treated_pos, return_inverse=True)
    k = 2
    terms = bc._horizon_terms(ea, Y, obs, k, r_code, len(levels), w, tu, tinv)
    pool = np.flatnonzero(~ea.treated & obs[:, k - 1])
    twins = np.intersect1d(pool, ea.control)
    others = np.setdiff1d(pool, ea.control)
    eps = 1e-3
    for lrow in (twins[0], others[0]):
        Y2 = Y.copy()
        Y2[lrow, k - 1] += eps
        m0_eps = bc._horizon_terms(ea, Y2, obs, k, r_code, len(levels), w, tu, tinv)["m0"]
        deriv = (m0_eps - terms["m0"]) / eps
        # e_l from the regression: psi_l = -n deriv e_l, so e_l = -psi_l / (n deriv)
        ref = _reference_resid(ea, Y, obs, k, lrow)
        assert abs(terms["psi"][lrow] - (-terms["n"] * deriv * ref)) < 1e-6
    # the beta term is not negligible here: a non-twin pool row contributes
    assert abs(terms["psi"][others[0]]) > 1e-4


def _reference_resid(ea, Y, obs, k, row):
    """The pool fit's residual of ``row`` at k (explicit dummies, lstsq)."""
    codes, levels = pd.factorize(ea.risk_set)
    Z = np.column_stack([np.ones(len(codes)), ea.X.astype(np.float64),
                         (codes[:, None] == np.arange(len(levels))[None, :]).astype(float)])
    pool = np.flatnonzero(~ea.treated & obs[:, k - 1])
    beta = np.linalg.lstsq(Z[pool], Y[pool, k - 1], rcond=None)[0]
    return Y[row, k - 1] - Z[row] @ beta


def test_bad_input_names_the_argument():
    rng = np.random.default_rng(4273)
    ea = _arrays(rng)
    n = len(ea.treated)
    Y, obs = rng.random((n, 2)), np.ones((n, 2), bool)
    with pytest.raises(ValueError, match="Y must be an"):
        bc.corrected_later_estimates(ea, Y[:-1], obs[:-1])
    with pytest.raises(ValueError, match="observed must have the shape"):
        bc.corrected_later_estimates(ea, Y, obs[:, :1])
    with pytest.raises(ValueError, match="observed must be a bool"):
        bc.corrected_later_estimates(ea, Y, obs.astype(int))
    bad = Y.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="Y holds 1 NaN"):
        bc.corrected_later_estimates(ea, bad, obs)
    bad[3, 1] = 1.5
    with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\]"):
        bc.corrected_later_estimates(ea, bad, obs)
    with pytest.raises(ValueError, match="level"):
        bc.corrected_later_estimates(ea, Y, obs, level=95)
    # a bool outcome matrix is read as 0/1
    pd.testing.assert_frame_equal(bc.corrected_later_estimates(ea, Y > 0.5, obs),
                                  bc.corrected_later_estimates(ea, (Y > 0.5) * 1.0, obs))


@pytest.fixture(scope="module")
def small_match(small_data):
    return match(load_panel(small_data), TreatmentSpec.measure("workplace_learning_ibo"))


def test_uncorrected_equals_the_package_estimate(small_match):
    """The uncorrected columns are the package's uncorrected matched estimator (its own
    arithmetic, effects._later_matched_fast; since the switch of session 55 the package's
    effect_curves reports the corrected one, tests/test_switch55_corrected_estimator.py)."""
    from mia_helpers.effects import _later_matched_fast

    K = 8
    ea = estimation_arrays(small_match, "person_id", "score")
    oa = outcome_arrays(small_match, K)
    m1, m0, n = _later_matched_fast(ea.treated_pos, ea.control, pair_weights(ea.treated_pos),
                                    oa.E, oa.A, K)
    got = bc.bias_corrected_curves(small_match, max_quarter=K)
    assert (got["n_treated"].to_numpy() == n).all()
    np.testing.assert_array_equal(got["att_uncorrected_pp"].to_numpy(), 100 * (m1 - m0))
    np.testing.assert_array_equal(got["m1"].to_numpy(), m1)
    ok = got["n_treated"] >= 2
    assert ok.sum() >= 4
    assert np.isfinite(got.loc[ok, "se_pp"]).any()
    # the corrected estimate is another number (the correction is not identically zero)
    assert (got.loc[ok, "correction_pp"].abs() > 1e-6).all()
    # the interval is att -+ t se on df (effect_curves' linearized convention)
    from scipy import stats

    f = got[np.isfinite(got["se_pp"])]
    q = stats.t.ppf(0.975, f["df"])
    np.testing.assert_allclose(f["ci_high"] - f["att_pp"], q * f["se_pp"], rtol=1e-12)
