"""The vectorised naive estimators equal straightforward loop implementations.

``effects._later_naive`` and ``effects._never_naive`` count, per risk set and horizon, by
difference arrays over k (issue 20: they run in every bootstrap replication). The references
below are the earlier per-horizon loops (one bincount per k), written plainly. On random inputs
(horizons beyond K, negative last-observed horizons, outcomes at 0, empty risk sets) both give
the same numbers; the tolerance 1e-12 relative is floating-point summation order only.
"""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers.effects import _later_naive, _never_naive


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


@pytest.mark.parametrize("trial", range(40))
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
