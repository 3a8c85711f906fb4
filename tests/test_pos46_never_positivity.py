"""``benchmarks/never_positivity.py`` (forty-third session, pos46): its protocol constants are
the package's and the generator's, its positivity share is the package's, its standard error
of the fitted probability of staying unsigned has the right gradient, and its reading
applies the rule fixed in its docstring. Small synthetic arrays and hand-made frames, no
generator run."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark
from scipy.special import expit

from mia_helpers import claims
from mia_helpers import effects as ef

npos = load_benchmark("never_positivity")


def test_protocol_constants_are_the_package_values():
    assert npos.FLOOR == ef._IPCW_FLOOR
    assert npos.MIN_TWINS == ef.MIN_CONTROL_PERSONS
    assert npos.BASE_SEED == 2017 and npos.CONFIRMATION_243 == 243


def test_true_values_cross_the_floor_between_horizons_6_and_7():
    """The docstring's truth: an obligated twin stays unsigned through k - 1 with probability
    (1 - p)^(k - 1), above the floor at horizon 6 and below it at 7 (the first horizon
    ``tests/test_calibration_shipped.py`` requires flagged); C2's margin lies between the
    true values at horizons 5 and 6, as its docstring says."""
    p_obl, p_not = claims.contract_sign_probabilities()
    tru = npos.true_before(np.array([p_obl, p_not]), 8)
    assert tru[0, 3] == pytest.approx(0.31 ** 3, rel=0.01)
    assert tru[0, 5] > npos.FLOOR > tru[0, 6]
    assert math.ceil(math.log(npos.FLOOR) / math.log(1 - p_obl)) + 1 == 7
    assert tru[0, 5] < npos.MARGIN * npos.FLOOR < tru[0, 4]
    assert (tru[1] > npos.FLOOR).all()  # the others never cross within 8 quarters


def ipcw_case(seed: int = 3, n: int = 600, K: int = 6):
    """A small matched design: rows 0..n/2-1 treated, the rest controls; two covariates; the
    controls sign with a logit hazard; no outcome events; every row observed for K."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)).astype(np.float32)
    half = n // 2
    lp = -0.3 + 1.2 * X[:, 0]
    S = np.full(n, 99, np.int64)
    for j in range(half, n):
        hit = np.flatnonzero(rng.random(K) < expit(lp[j]))
        S[j] = hit[0] + 1 if hit.size else 99
    tp = np.repeat(np.arange(half), 1)
    cp = rng.integers(half, n, size=half)
    w = np.ones(half)
    E = np.full(n, 99, np.int64)
    A = np.r_[rng.integers(2, K + 1, size=half), np.full(n - half, K)].astype(np.int64)
    reg = np.ones((n, K), bool)
    return X, tp, cp, w, E, S, A, reg, K


def test_positivity_share_is_the_packages():
    X, tp, cp, w, E, S, A, reg, K = ipcw_case()
    eta, bl = ef._fit_ipcw_arrays(X, ["x0", "x1"], cp, w, E, S, A, reg, K)
    eta = eta + 2.5  # hazards high enough that some twins fall below the floor
    ks = np.arange(1, K + 1)
    wk = w[:, None] * (A[tp][:, None] >= ks[None, :])
    mine = npos.weighted_share(wk, npos.fitted_before(eta, bl, cp, K) < npos.FLOOR)
    theirs = ef._ipcw_capped_share(eta, bl, tp, cp, w, A, K)
    np.testing.assert_array_equal(mine, theirs)
    assert 0 < np.nanmax(theirs) < 1


def test_standard_error_uses_the_right_gradient():
    """log_before_se against the same sandwich with a finite-difference gradient of
    log prod_{l<k} (1 - h_l) in the IPCW logit's standardised coefficients."""
    X, tp, cp, w, E, S, A, reg, K = ipcw_case()
    info: dict = {}
    ef._fit_ipcw_arrays(X, ["x0", "x1"], cp, w, E, S, A, reg, K, fit_info=info)
    person = np.arange(len(E))
    se = npos.log_before_se(info, X, cp, person, K)
    U, H = ef._ipcw_scores(info, X, person, len(E), K)
    Hi = np.linalg.inv(H)
    V = Hi @ (U.T @ U) @ Hi
    c = np.unique(cp)
    Zx, Dz = ef._ipcw_standardised(info, X, c, K)
    nX = info["nX"]

    def log_before(beta):
        lp = (beta[0] + Zx @ beta[1:1 + nX])[:, None] + (Dz @ beta[1 + nX:])[None, :]
        cum = np.cumsum(np.log1p(-expit(lp)), axis=1)
        return np.hstack([np.zeros((c.size, 1)), cum[:, :-1]])

    b0, eps = info["beta"], 1e-6
    G = np.stack([(log_before(b0 + eps * e) - log_before(b0 - eps * e)) / (2 * eps)
                  for e in np.eye(b0.size)], axis=2)  # (c, K, J)
    se_fd = np.sqrt(np.einsum("ckj,jm,ckm->ck", G, V, G))
    pos = np.searchsorted(c, cp)
    np.testing.assert_allclose(se, se_fd[pos], rtol=1e-5, atol=1e-9)
    assert (se[:, 0] == 0).all() and (se[:, 1:] > 0).all()


def frame(n: int = 10, q6_points: int = 0, q5_over: int = 0) -> pd.DataFrame:
    """``n`` data sets at horizons 4-8; every estimate covers its truth (error +-0.5 pp,
    alternating), point estimates at 4 and 5, flags from 6 except ``q6_points`` point
    estimates at 6 that miss; at 5 the first ``q5_over`` data sets have a fitted minimum
    above the true one and a lower bound below the floor (C1 flags them); C2 flags every
    horizon from 5, C3 every horizon from 6 and data set 0 at 4."""
    rows = []
    for s in range(n):
        for k in range(4, 9):
            pt = k <= 5 or (k == 6 and s < q6_points)
            err = 0.5 if s % 2 else -0.5
            att = 2.0 + (err if k != 6 else 30.0)
            over = k == 5 and s < q5_over
            rows.append(dict(
                seed=s, quarter_since_start=k, att_pp=att, true_att_pp=2.0,
                ci_low=att - 2.0 if pt else -80.0, ci_high=att + 2.0 if pt else 20.0,
                m1=0.2, point_identified=pt, unsupported_share=0.0 if pt else 0.5,
                effective_controls=20.0, fitted_min=0.02 if over else 0.004,
                true_min=0.0092, lcb_min=0.0005 if over else 0.002, share_true=0.0,
                share_bound=0.1 if (over or k >= 6) else 0.0,
                share_margin=0.3 if k >= 5 else 0.0,
                share_c3=0.3 if k >= 6 or (k == 4 and s == 0) else 0.0,
                log_ratio_mean=-0.1))
    return pd.DataFrame(rows)


def test_with_rule_flags_and_widens_only_new_rows():
    d = frame(q5_over=3)
    b = npos.with_rule(d, "bound")
    new = d["point_identified"] & ~b["point_identified"]
    assert int(new.sum()) == 3
    # widened by 100 x share_bound = 10 pp on either side, within [100 (m1 - 1), 100 m1]
    np.testing.assert_allclose(b.loc[new, "ci_low"], d.loc[new, "ci_low"] - 10.0)
    np.testing.assert_allclose(b.loc[new, "ci_high"], d.loc[new, "ci_high"] + 10.0)
    assert (b.loc[new, "unsupported_share"] == 0.1).all()
    pd.testing.assert_frame_equal(npos.with_rule(d, "package"), d)
    assert npos.with_rule(d, "margin")["point_identified"].sum() == 10  # only horizon 4 left


def test_concentration_rule():
    c = npos.concentration(frame(q5_over=7))
    assert c[5].startswith("concentrated") and c[6].startswith("not judged")
    assert npos.concentration(frame(q5_over=6))[5].startswith("not concentrated")


def test_reading_requires_cost_q6_and_replication_243():
    ref = frame(n=1, q6_points=1)  # a replication-243-like data set: a point estimate at 6
    read = npos.rule_reading(frame(q5_over=1), ref).set_index("rule")
    # C1 withdraws 1 of 10 at horizon 5 (within 15 %), leaves none at 6-7, flags 243's 6
    assert read.loc["bound", "lost_q5"] == 1 and read.loc["bound", "recommended"]
    # C2 withdraws every horizon-5 estimate: too costly
    assert read.loc["margin", "lost_share_q5"] == 1.0 and not read.loc["margin", "recommended"]
    assert not read.loc["package", "recommended"]
    # C3 withdraws 1 of 10 at horizon 4 (above 5 %)
    assert read.loc["heavy", "lost_q4"] == 1 and not read.loc["heavy", "recommended"]
    assert npos.recommendation(read.reset_index()) == "bound"
    # too costly at horizon 5 (2 of 10 > 15 %): no recommendation for C1
    read2 = npos.rule_reading(frame(q5_over=2), ref).set_index("rule")
    assert not read2.loc["bound", "recommended"]
    # a point estimate left at 6 blocks every candidate that keeps it
    read3 = npos.rule_reading(frame(q6_points=1), ref).set_index("rule")
    assert read3.loc["package", "points_q6_7"] == 1
