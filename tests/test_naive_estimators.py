"""The vectorised estimators of the bootstrap equal straightforward loop implementations.

``effects._later_naive`` and ``effects._never_naive`` count, per risk set and horizon, by
difference arrays over k; ``effects._never_matched`` forms the IPCW Kaplan-Meier counts of all
horizons with two matrix products (issue 20: they run in every bootstrap replication). The
references below are the earlier per-horizon loops, written plainly. On random inputs (horizons
beyond K, negative last-observed horizons, outcomes at 0, empty risk sets, no pairs) both give
the same numbers; the tolerances (1e-12 relative for counts, 1e-10 for the products of up to
12 weighted hazards) are floating-point summation order only.
"""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers.effects import _ipcw, _km, _later_naive, _never_matched, _never_naive


def later_reference(treated, rset, E, A, K):
    m1, m0, n = np.full(K, np.nan), np.full(K, np.nan), np.zeros(K, np.int64)
    R = int(rset.max()) + 1
    for k in range(1, K + 1):
        obs = A >= k
        t, c = treated & obs, ~treated & obs
        nc = np.bincount(rset[c], minlength=R)
        yc = np.bincount(rset[c], (E[c] <= k).astype(float), R)
        ok = t & (nc[rset] > 0)
        if not ok.any():
            continue
        n[k - 1] = ok.sum()
        m1[k - 1] = float((E[ok] <= k).mean())
        m0[k - 1] = float((yc[rset[ok]] / nc[rset[ok]]).mean())
    return m1, m0, n


def never_reference(treated, rset, E, S, A, K):
    m1, m0, n = np.full(K, np.nan), np.full(K, np.nan), np.zeros(K, np.int64)
    R = int(rset.max()) + 1
    c = ~treated
    rc = rset[c]
    nc = np.bincount(rc, minlength=R).astype(float)
    lim = np.minimum(np.minimum(E[c], S[c]), A[c])
    num, den = np.zeros((R, K)), np.zeros((R, K))
    for q in range(1, K + 1):
        at = lim >= q
        num[:, q - 1] = np.bincount(rc, at & (E[c] == q), R)
        den[:, q - 1] = np.bincount(rc, at, R)
    for k in range(1, K + 1):
        t = treated & (A >= k)
        if not t.any():
            continue
        wr = np.where(nc > 0, np.bincount(rset[t], minlength=R) / np.maximum(nc, 1), 0.0)
        nu, de = wr @ num[:, :k], wr @ den[:, :k]
        h = np.where(de > 0, nu / np.where(de > 0, de, 1), 0.0)
        n[k - 1] = int(t.sum())
        m1[k - 1] = float((E[t] <= k).mean())
        m0[k - 1] = 1.0 - np.prod(1.0 - h)
    return m1, m0, n


@pytest.mark.parametrize("trial", range(25))
def test_naive_estimators_equal_loop_references(trial):
    rng = np.random.default_rng(trial)
    n, K = int(rng.integers(20, 2000)), int(rng.integers(1, 13))
    rset = rng.integers(0, 14, n)
    treated = rng.random(n) < rng.uniform(0.02, 0.3)
    E, S = rng.integers(0, 20, n), rng.integers(1, 20, n)
    A = rng.integers(-3, 15, n)
    for got, ref in [(_later_naive(treated, rset, E, A, K),
                      later_reference(treated, rset, E, A, K)),
                     (_never_naive(treated, rset, E, S, A, K),
                      never_reference(treated, rset, E, S, A, K))]:
        for g, r in zip(got, ref, strict=True):
            np.testing.assert_allclose(g, r, rtol=1e-12, atol=1e-15, equal_nan=True)


def never_matched_reference(tp, cp, w, E, S, A, eta, beta_l, reg, K):
    m1, m0, n = np.full(K, np.nan), np.full(K, np.nan), np.zeros(K, np.int64)
    ipcw = _ipcw(eta[cp], beta_l, reg[cp], K)
    for k in range(1, K + 1):
        t_ok = A[tp] >= k
        if not t_ok.any():
            continue
        ti = np.unique(tp[t_ok])
        n[k - 1] = ti.size
        m1[k - 1] = float((E[ti] <= k).mean())
        wk = (w * t_ok)[:, None] * ipcw[:, :k]
        m0[k - 1] = _km(E[cp], S[cp], A[cp], wk, k)[-1]
    return m1, m0, n


@pytest.mark.parametrize("trial", range(25))
def test_never_matched_equals_loop_reference(trial):
    rng = np.random.default_rng(100 + trial)
    N, K, P = int(rng.integers(5, 300)), int(rng.integers(1, 13)), int(rng.integers(0, 200))
    E, S, A = rng.integers(0, 20, N), rng.integers(1, 20, N), rng.integers(-3, 15, N)
    eta = rng.normal(size=N)
    eta[rng.random(N) < 0.1] = -np.inf  # rows without a censoring model
    beta, reg = rng.normal(size=K), rng.random((N, K)) < 0.8
    tp, cp, w = rng.integers(0, N, P), rng.integers(0, N, P), rng.uniform(0.2, 1, P)
    got = _never_matched(tp, cp, w, E, S, A, eta, beta, reg, K)
    ref = never_matched_reference(tp, cp, w, E, S, A, eta, beta, reg, K)
    for g, r in zip(got, ref, strict=True):
        np.testing.assert_allclose(g, r, rtol=1e-10, atol=1e-13, equal_nan=True)
