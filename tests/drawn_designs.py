"""A drawn risk-set design for the variance tests (tests/test_linearized_se.py,
tests/test_ipcw_correction.py): persons in several risk sets, selection on x, a frailty.

Persons p = 0..n-1 have a covariate x ~ N(0, 1) and a frailty ~ N(0, 0.7^2). The treatment
starts at the first u in 0..``start_periods``-1 with probability expit(``start_intercept`` +
0.9 x), else never; the outcome (an exit) happens in the first quarter q >= 1 with probability
expit(-2.2 + 0.5 x + frailty + 0.6 [q > start]). Risk set u = 0, 1, 2 holds the persons still
without the outcome and not treated before u; a row is treated when the person starts at u.
Horizons are observed while u + k <= 9; a pool row is at risk of a later start at horizon l
while u + l <= ``reg_until``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from mia_helpers.effects import EstimationArrays, OutcomeArrays
from mia_helpers.matching import match_arrays, pair_weights


def risk_set_design(rng: np.random.Generator, n_persons: int, K: int, start_periods: int,
                    start_intercept: float, reg_until: int, with_pairs: bool
                    ) -> tuple[EstimationArrays, OutcomeArrays]:
    """The design's estimation and outcome arrays (k = 2 controls, no caliper, matched on x;
    ``with_pairs``: the pairs filled in by :func:`mia_helpers.matching.match_arrays`, as the
    estimators of :func:`mia_helpers.effects.effect_curves` need them, else left empty)."""
    P = n_persons
    x = rng.normal(size=P)
    frail = rng.normal(scale=0.7, size=P)
    start = np.full(P, 99)
    for u in range(start_periods):
        s = (start == 99) & (rng.random(P) < expit(start_intercept + 0.9 * x))
        start[s] = u
    T = np.full(P, 99)
    for q in range(1, 12):
        h = expit(-2.2 + 0.5 * x + frail + 0.6 * (q > start))
        T[(T == 99) & (rng.random(P) < h)] = q
    rows_p, rows_u, rows_t = [], [], []
    for u in range(3):
        alive = (T > u) & (start >= u)  # without the outcome at u and not treated before
        pid = np.flatnonzero(alive)
        rows_p.append(pid)
        rows_u.append(np.full(pid.size, u))
        rows_t.append(start[pid] == u)
    p = np.concatenate(rows_p)
    u = np.concatenate(rows_u)
    tr = np.concatenate(rows_t)
    E = (T[p] - u).astype(np.int64)
    S = np.where(tr, 10_000, start[p] - u).astype(np.int64)
    S[S <= 0] = 10_000
    A = (9 - u).astype(np.int64)
    ls = np.arange(1, K + 1)
    reg = (u[:, None] + ls[None, :]) <= reg_until
    n = p.size
    cal = {0: np.inf, 1: np.inf, 2: np.inf}
    dist, strat, rset = x[p].astype(np.float64), np.zeros(n, np.int64), u.astype(np.int64)
    if with_pairs:
        tp, cp, _ = match_arrays(dist, strat, rset, tr, 2, cal, p.astype(np.int64))
        w = pair_weights(tp)
    else:
        tp = cp = np.zeros(0, np.int64)
        w = np.zeros(0)
    ea = EstimationArrays(
        distance=dist, stratum=strat, risk_set=rset, treated=tr, person=p.astype(np.int64),
        X=np.asfortranarray(x[p, None].astype(np.float32)), names=["x"],
        treated_pos=tp, control=cp, weight=w, k=2, cal_abs=cal)
    return ea, OutcomeArrays(E, S, A, reg, p, K, u.astype(np.int64))  # period: row u + l
