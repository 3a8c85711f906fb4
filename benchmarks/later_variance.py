"""Benchmark: why do the linearized "now versus later" intervals of the inburgering study
over-cover (issue 14), and do the Abadie-Imbens (2006, 2016) forms of the variance mend it?

Since the switch (issue 14, rule R4) the package's matched ``now_vs_later`` estimate is
bias-corrected; the point estimate here stays the uncorrected one the benchmark studied
(:func:`mia_helpers.effects._later_matched_fast`), while ``regression`` is now the variance of
the corrected estimator: its readings in the README are records of the earlier code.

The package's person-clustered linearized SE of the matched ``now_vs_later`` estimator
(:func:`mia_helpers.effects._linearized_se`, variant ``regression``) writes each treated row's
contribution as ``y_i - mu0(x_i) - att`` and each matched control row's as
``-K_j (y_j - mu0(x_j))``, with mu0 a linear-probability fit of the pool
(:func:`mia_helpers.effects._control_regression`). Where that fit is misspecified, every
residual carries the squared misfit, and the variance is overstated by the sum of the squared
misfits over the treated rows and (times K_j^2) over the controls.

Variant ``ai2006`` is Abadie & Imbens (2006, eq. 14 and Theorem 7 for the effect on the
treated) with person clusters: each treated row's contribution is its matched difference
``d_i = y_i - sum_j v_ij y_j - att`` (the matched controls' noise is in it, once), and the
controls' reuse adds ``(K_j^2 - sum_i v_ij^2) sigma_j^2`` (zero for a control used once with
k = 1; ``K_j`` the row's total matching weight, ``v_ij`` the pair's weight). Per person p,
with ``a_p`` the sum of the person's ``d_i``, ``b_p`` the sum of ``K_j e_j`` over the person's
control rows and ``c_p`` the sum of ``(sum_i v_ij^2) e_j^2`` (``e_j = y_j - mu0(x_j)``), the
variance of n * att is estimated by ``sum_p (a_p - b_p)^2 - c_p`` (the cross term keeps the
covariance of one person's treated and control rows); the misfit of mu0 enters only through
the reuse term. Degrees of freedom: Satterthwaite's (sum u_p)^2 / sum u_p^2 over the persons'
components u_p.

Variants ``ai2016`` and ``ai2016_score`` add the adjustment of Abadie & Imbens (2016,
Econometrica 84(2), 781-807, Theorem 2: the ATET matched on an estimated logit score has
asymptotic variance sigma_t^2 - c_t' I^-1 c_t + (d tau_t / d theta)' I^-1 (d tau_t / d theta))
to a fixed-score variance: ``ai2016`` to the package's (``regression``), ``ai2016_score`` to
``ai2006_score``, the ``ai2006`` form with each control's residual taken against the score
(its J = 4 nearest other pool rows of the same risk set and cell, scaled by sqrt(J / (J + 1)),
Abadie & Imbens 2006 section 4.1) instead of the linear smoother of the covariates, so that
its square estimates Var(y | score), the sigma^2 of the theory of matching on the score that
the adjustment corrects. Each risk set's logit is a parameter block with its own information
(the pooled logit one block, information over all rows, c and d over the risk sets it
scores); c_t and d tau_t / d theta are estimated per block as in :func:`ai2016_adjustment`
and weighted by the block's share of the matched treated at each horizon; the blocks' terms
are summed (no person-level cross terms: a person's logit scores in successive risk sets are
uncorrelated martingale differences of a discrete-time hazard; the pooled logit's covariance
with the per-risk-set logits is ignored), and the degrees of freedom are those of the
fixed-score variance. Columns ``ai2016_dterm_pp2`` and ``ai2016_cterm_pp2`` hold the two
terms (pp^2), ``ai2016_ccov_pp2`` the conditional-covariance part of c_t alone.

The form of the variance is that of the paper's Theorem 2 as the request for this variant stated it;
the paper's text was not available here, so c_t and d tau_t / d theta were not copied but
derived as the asymptotic covariance of the matching estimator (on the true score) with the
logit score, and the derivative of the ATET in the score's coefficients (see
:func:`ai2016_adjustment`), and checked on drawn cross-sectional designs
(``tests/test_later_variance_ai2016.py``): ``ai2016_score`` / Monte Carlo SD 1.00 where
``ai2006_score`` gave 1.16 and 1.11, and no adjustment where the estimate does not depend on
the score. There, too, the package's ``regression`` variance plus the adjustment (``ai2016``)
understated the spread (0.86): its residuals against a smoother of the covariates already
leave out the part of the outcome's variation that estimating the score removes.

Measured (``--study newcomers --replications 400``, the shipped study's seeds, base seed
2005; ``--study ibo --replications 200``): on inburgering the ``ai2016_score`` SE is 3.6-3.8 %
below the package's at quarters 4-8 (the score residuals 1.5-1.8 %, the adjustment about
2 %), SE / SD 0.99-1.08 instead of 1.03-1.12 (Monte Carlo SE about 0.04), coverage 0.955-0.982
instead of 0.962-0.985 (quarter 6: 0.9825, 7 misses instead of 6, still above 0.98); on IBO
3.3-3.7 % below, SE / SD 0.96-1.03 instead of 1.00-1.07 (Monte Carlo SE 0.05), coverage
0.93-0.965 instead of 0.94-0.98. The estimated score explains about a third of the
inburgering excess at quarters 6-7, not all of it.

Printed per quarter 4-8 and variant: R, bias and SD of estimate minus truth (pp), mean SE,
SE / SD with its Monte Carlo SE (about ratio / sqrt(2 (R - 1))), and the coverage of the 95 %
t interval with its Monte Carlo SE sqrt(c (1 - c) / R).

Usage (one core)::

    OPENBLAS_NUM_THREADS=1 python benchmarks/later_variance.py --study newcomers \\
        --replications 100 --out /tmp/later_newcomers.csv
    ... --study ibo --replications 200     # also basic_training, zero_effect
    ... --study newcomers --replications 40 --n-jobs 2 --truth-population

``--exact-extra COL ...`` matches the inburgering study exactly also on further columns, and
``--exact COL ...`` replaces chapter 5's exact cells (:data:`mia_helpers.newcomers.NEWCOMER_EXACT`):
experiments on the residual bias. The residence-ground cell of chapter 5 was chosen with
``--exact sex labour_market_access --exact-extra residence_ground`` on the 200 seeds of base seed
2006; ``--exact sex labour_market_access`` reproduces the specification before it.

``bias_corrected`` adds the matched estimate with the regression bias correction of Abadie &
Imbens (2011) (its bias is printed beside the matched estimate's); ``--truth-population``
compares the truth over all non-working signers with the truth over the matched signers.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ipcw_correction import newcomer_match, resident_match  # noqa: E402

ESTIMAND = "now_vs_later"
QUARTERS = range(4, 9)
VARIANTS = ("regression", "ai2006", "ai2016", "ai2006_score", "ai2016_score")
#: within-arm neighbours of the local covariances of the ``ai2016`` variant
AI2016_L = 4


def _cells(risk_set: np.ndarray, stratum: np.ndarray) -> np.ndarray:
    """Code (int64) of each row's (risk set, exact cell) pair, numbered in order of first
    appearance: ``pd.factorize(pd.MultiIndex.from_arrays([risk_set, stratum]))[0]`` without
    building the MultiIndex (a sixth of a replication's time in
    tests/test_later_variance_ai2016.py): the pairs' codes of
    :func:`mia_helpers.core.guards.unique_rows` (one lexsort; ``np.unique(axis=0)`` took 5x as
    long on 200,000 rows), renumbered in order of first appearance by ``pd.factorize``."""
    from mia_helpers.core.guards import unique_rows

    if len(risk_set) == 0:
        return np.zeros(0, np.int64)
    _, inverse = unique_rows(np.column_stack([risk_set, stratum]))
    return pd.factorize(inverse)[0].astype(np.int64, copy=False)


def _score_residuals(ea, oa, k: int, rows: np.ndarray, J: int = AI2016_L) -> np.ndarray:
    """Residuals of the pool rows ``rows`` at horizon k relative to the matched-on score:
    ``sqrt(J / (J + 1)) (y_j - mean of y over the J nearest other pool rows of the same risk
    set and exact cell observed at k, on the score)``, whose square estimates Var(y | score,
    cell) (Abadie & Imbens 2006, section 4.1, with the score as the matching variable); 0
    where no other pool row is found."""
    from mia_helpers.matching import nearest_neighbours

    A, E = oa.A, oa.E
    cell = _cells(ea.risk_set, ea.stratum)
    pool = np.flatnonzero(~ea.treated & (A >= k))
    rows = np.asarray(rows)
    idx, _ = nearest_neighbours(ea.distance[rows], cell[rows], ea.distance[pool], cell[pool],
                                J, treated_group=rows, pool_group=pool)  # not itself
    y = (E <= k).astype(np.float64)
    V = idx >= 0
    m = V.sum(1)
    ybar = np.where(V, y[pool[np.maximum(idx, 0)]], 0.0).sum(1) / np.maximum(m, 1)
    return np.where(m > 0, np.sqrt(m / (m + 1.0)) * (y[rows] - ybar), 0.0)


def ai2006_se(ea, oa, resid: str = "regression") -> tuple[np.ndarray, np.ndarray]:
    """(K,) SE (share) and degrees of freedom of the matched now-vs-later estimator, variant
    ``ai2006`` (module docstring); ``resid="score"`` (variant ``ai2006_score``): the controls'
    residuals e_j taken against the score (:func:`_score_residuals`), not the linear smoother
    of the covariates, so that e_j^2 estimates Var(y | score), the conditional variance of
    the theory of matching on the score that Abadie & Imbens (2016) adjust."""
    from mia_helpers import core
    from mia_helpers import effects as ef
    from mia_helpers.matching import match_arrays, pair_weights

    K = int(oa.max_quarter)
    E, A, person = oa.E, oa.A, ea.person
    P = int(person.max()) + 1
    n_rows = len(E)
    tp, cp, _ = match_arrays(ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k,
                             ea.cal_abs, ea.person)
    w = pair_weights(tp)
    crow = np.unique(cp)
    pos = np.zeros(n_rows, np.int64)
    pos[crow] = np.arange(crow.size)
    mu0 = ef._control_regression(ea.X, ea.risk_set, ea.treated, E, A, K, crow)
    tu, tinv = np.unique(tp, return_inverse=True)
    se, dfs = np.full(K, np.nan), np.full(K, np.nan)
    for k in range(1, K + 1):
        v, ok = ef._pair_weights_at(k, tp, cp, w, tinv, tu.size, A)
        if ok.sum() < 2:
            continue
        yc = (E[cp] <= k).astype(float)
        y0 = np.bincount(tinv, v * yc, tu.size)
        yt = (E[tu] <= k).astype(float)
        n = int(ok.sum())
        att = float((yt - y0)[ok].mean())
        a = np.bincount(person[tu[ok]], (yt - y0 - att)[ok], P)
        Kj = np.bincount(cp, v, n_rows)
        sj = np.bincount(cp, v * v, n_rows)
        cj = np.flatnonzero(Kj > 0)
        if resid == "score":
            e = _score_residuals(ea, oa, k, cj)
        else:
            e = (E[cj] <= k) - mu0[pos[cj], k - 1]
        b = np.bincount(person[cj], Kj[cj] * e, P)
        c = np.bincount(person[cj], sj[cj] * e * e, P)
        inv = np.zeros(P, bool)
        inv[person[tu[ok]]] = True
        inv[person[cj]] = True
        u = ((a - b) ** 2 - c)[inv]
        G = int(inv.sum())
        V = core.small_sample_factor(G, G, 0, "G/(G-1)") * float(u.sum())
        se[k - 1] = np.sqrt(max(V, 0.0)) / n
        dfs[k - 1] = float(u.sum()) ** 2 / float((u ** 2).sum())
    return se, dfs


def _logit_blocks(res, ea, ridge: float = 1e-4) -> list[dict]:
    """The propensity logits of :func:`mia_helpers.matching.fit_propensity` as parameter blocks
    of the ``ai2016`` variant: one per risk set with its own logit, and one for the pooled
    logit (all rows, risk-set dummies) shared by the risk sets it scores. Each block: ``rows``
    (the risk-set rows whose score it gives), ``Z`` ((len(rows), q) float64 design of those
    rows on the fit's scale: intercept and standardised covariates, as in
    :func:`mia_helpers.matching.fit_logit`), ``f`` (p (1 - p) at those rows) and ``Hinv``
    (inverse of the penalised information sum_i f_i z_i z_i' + ridge * n on the slopes, over
    the rows the logit was fitted on)."""
    from scipy.special import expit

    from mia_helpers.matching import fit_logit

    X = np.asarray(ea.X, np.float64)
    rset, y = ea.risk_set, ea.treated.astype(np.float64)
    sup = res.support
    pooled_sets = set(sup.loc[sup["score_model"].astype(str) == "pooled", "risk_set"].astype(int))
    levels = np.unique(rset)

    def design(Xb, Xfit):
        mu = Xfit.mean(axis=0)
        sd = Xfit.std(axis=0)
        sd[sd == 0] = 1.0
        return (np.hstack([np.ones((len(Xb), 1)), (Xb - mu) / sd]),
                np.hstack([np.ones((len(Xfit), 1)), (Xfit - mu) / sd]))

    def info_inv(Zfit, ffit):
        H = Zfit.T @ (ffit[:, None] * Zfit)
        pen = np.full(H.shape[0], ridge * len(Zfit))
        pen[0] = 0.0
        return np.linalg.pinv(H + np.diag(pen))

    blocks = []
    for r in levels:  # a loop over the risk sets
        if int(r) in pooled_sets:
            continue
        m = np.flatnonzero(rset == r)
        Z, _ = design(X[m], X[m])
        p = expit(ea.distance[m])
        f = p * (1 - p)
        blocks.append(dict(rows=m, Z=Z, f=f, p=p, Hinv=info_inv(Z, f), label=int(r)))
    need = np.isin(rset, list(pooled_sets))
    if need.any():
        dummies = (rset[:, None] == levels[None, 1:]).astype(np.float64)
        Xp = np.hstack([X, dummies])
        eta = fit_logit(Xp, y, ridge=ridge, warn=False)[0]  # the pooled logit, all rows
        pa = expit(eta)
        m = np.flatnonzero(need)
        Zm, Zall = design(Xp[m], Xp)
        blocks.append(dict(rows=m, Z=Zm, f=pa[m] * (1 - pa[m]), p=pa[m],
                           Hinv=info_inv(Zall, pa * (1 - pa)), label=-1))
    return blocks


def ai2016_adjustment(res, ea, oa, L: int = AI2016_L, M: int | None = None,
                      blocks: list[dict] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(K,) the two terms of the Abadie & Imbens (2016, Theorem 2) adjustment of the variance
    of the matched now-vs-later ATET (shares squared): ``(dterm, cterm, ccov)``, the
    adjusted variance being ``var + dterm - cterm`` (``ccov`` for the record, below).

    For each parameter block b (:func:`_logit_blocks`) and horizon k, over the block's rows
    observed at k (treated and pool), with p_i the block's fitted probability, f_i = p_i
    (1 - p_i), z_i the block's logit design and N1_b its treated rows:

    - ``d_b = w_b / N1_b * sum_i z_i f_i (tau_i - tau_b)``, the estimator of d tau_t / d theta:
      tau_i = mu1_i - mu0_i, mu_w_i the mean outcome of the M nearest other rows (the row
      itself excluded) of arm w, same risk set and exact cell, on the score (an estimate of
      E[y | p(X), w]; the row's own outcome would bring Cov(z, y | p) into d), tau_b the mean
      of tau_i over the block's treated rows;
    - ``c_b = ccov_b + d_b``, ``ccov_b = w_b / N1_b * sum_i f_i (cov1_i + p_i / (1 - p_i)
      cov0_i)``, cov_w_i the sample covariance of z and the outcome among the L nearest other
      rows of arm w to row i (same risk set and cell), the estimator of Cov(X, mu(w, X) |
      p(X)).
      c_b is the asymptotic covariance of the matching estimator (on the true score) with the
      logit score sum_i z_i (W_i - p_i): its treated terms y_i - mu0(p_i) - tau carry both the
      conditional covariances and z_i f_i (tau(p_i) - tau). With c_b = ccov_b alone the
      adjustment would be d'H^-1 d > 0 where the estimate does not depend on the score at all
      (control outcome constant, effect varying with the score, no caliper); with c_b =
      ccov_b + d_b it is then 0, and a drawn design of that kind (R = 600) agreed with the
      fixed-score SE (ratio 1.03) rather than with c_b = ccov_b (1.07);
    - w_b = n_b / n, the block's share of the matched treated rows behind the estimate at k
      (the ATET is the treated-count weighted mean over risk sets);

    and ``dterm = sum_b d_b' H_b^-1 d_b``, ``cterm = sum_b c_b' H_b^-1 c_b``, ``ccov = sum_b
    ccov_b' H_b^-1 ccov_b`` (dterm - cterm = -ccov - 2 sum_b ccov_b' H_b^-1 d_b). Blocks are taken as
    independent: within a person the logit scores of successive risk sets are martingale
    differences of a discrete-time hazard (uncorrelated), and the pooled logit's
    covariance with the per-risk-set logits (fitted on overlapping rows) is ignored.
    """
    from mia_helpers import effects as ef
    from mia_helpers.matching import nearest_neighbours, pair_weights

    K = int(oa.max_quarter)
    M = int(ea.k) if M is None else int(M)
    L = max(int(L), 2)
    E, A = oa.E, oa.A
    score = np.asarray(ea.distance, np.float64)
    cell = _cells(ea.risk_set, ea.stratum)
    if blocks is None:
        blocks = _logit_blocks(res, ea)
    n_rows = len(E)
    bpos = np.full(n_rows, -1, np.int64)  # row -> position in its block's arrays
    bid = np.full(n_rows, -1, np.int64)  # row -> its block
    for i, b in enumerate(blocks):
        bpos[b["rows"]] = np.arange(b["rows"].size)
        bid[b["rows"]] = i
    tp, cp = ea.treated_pos, ea.control
    w = pair_weights(tp)
    tu, tinv = np.unique(tp, return_inverse=True)
    dterm, cterm, ccov = np.full(K, np.nan), np.full(K, np.nan), np.full(K, np.nan)
    for k in range(1, K + 1):  # a loop over the horizons
        _, ok = ef._pair_weights_at(k, tp, cp, w, tinv, tu.size, A)
        n = int(ok.sum())
        if n < 2:
            continue
        n_matched = np.bincount(tu[ok], minlength=n_rows)  # 1 at the matched treated rows
        obs = np.flatnonzero(A >= k)
        y = (E <= k).astype(np.float64)
        nb = {}
        for arm in (True, False):
            pool = obs[ea.treated[obs] == arm]
            # the row itself excluded (ids = row positions)
            idx, _ = nearest_neighbours(score[obs], cell[obs], score[pool], cell[pool],
                                        max(L, M), treated_group=obs, pool_group=pool)
            nb[arm] = np.where(idx >= 0, pool[np.maximum(idx, 0)], -1)  # (len(obs), L)
        # mu(w, p_i) of both arms: the mean outcome of the M nearest other rows of the arm
        # (not the row's own outcome, whose covariance with z_i given the score would enter d)
        yhat = {}
        for arm in (True, False):
            J = nb[arm][:, :M]
            V = J >= 0
            mean_nb = np.where(V, y[np.maximum(J, 0)], 0.0).sum(1) / np.maximum(V.sum(1), 1)
            yhat[arm] = np.where(V.any(1), mean_nb, np.nan)
        tau_i = yhat[True] - yhat[False]
        dt = ct = cc = 0.0
        for i, b in enumerate(blocks):  # a loop over the parameter blocks
            sel = np.flatnonzero((bid[obs] == i) & np.isfinite(tau_i))
            if sel.size == 0:
                continue
            rows = obs[sel]
            is_t = ea.treated[rows]
            N1 = int(is_t.sum())
            n_b = int(n_matched[rows].sum())
            if N1 == 0 or n_b == 0:
                continue
            wb = n_b / n
            Zb, fb, pb = b["Z"], b["f"][bpos[rows]], b["p"][bpos[rows]]
            Zr = Zb[bpos[rows]]
            tau_b = float(tau_i[sel][is_t].mean())
            d = wb / N1 * (Zr * (fb * (tau_i[sel] - tau_b))[:, None]).sum(0)
            c = np.zeros(Zb.shape[1])
            for arm, fw in ((True, fb), (False, fb * pb / (1 - pb))):
                J = nb[arm][sel, :L]
                V = J >= 0
                mcount = V.sum(1)
                use = mcount >= 2
                if not use.any():
                    continue
                J, V, mcount, fw = J[use], V[use], mcount[use], fw[use]
                Jp = bpos[np.maximum(J, 0)]
                yJ = np.where(V, y[np.maximum(J, 0)], 0.0)
                Zbar = np.zeros((J.shape[0], Zb.shape[1]))
                for l_ in range(J.shape[1]):
                    Zbar += V[:, l_, None] * Zb[Jp[:, l_]]
                Zbar /= mcount[:, None]
                a = fw[:, None] * yJ / (mcount - 1)[:, None]  # (rows, L)
                for l_ in range(J.shape[1]):
                    c += a[:, l_] @ Zb[Jp[:, l_]]
                c -= a.sum(1) @ Zbar
            c *= wb / N1
            dt += float(d @ b["Hinv"] @ d)
            ct += float((c + d) @ b["Hinv"] @ (c + d))
            cc += float(c @ b["Hinv"] @ c)
        dterm[k - 1], cterm[k - 1], ccov[k - 1] = dt, ct, cc
    return dterm, cterm, ccov


def bias_corrected(ea, oa) -> np.ndarray:
    """(K,) matched now-vs-later estimate with the regression bias correction of Abadie &
    Imbens (2011): each matched difference minus ``mu0(x_i) - sum_j v_ij mu0(x_j)``, mu0_k a
    least-squares fit of 1[E <= k] on the covariates and risk-set dummies among the pool rows
    observed at k (the smoother of the package's variance, here also predicted at the treated
    rows). A diagnostic of residual matching bias: if the correction moves the estimate
    towards the truth, the matched pairs still differ in covariates that predict the outcome."""
    from mia_helpers import effects as ef
    from mia_helpers.matching import match_arrays, pair_weights

    K = int(oa.max_quarter)
    E, A = oa.E, oa.A
    tp, cp, _ = match_arrays(ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k,
                             ea.cal_abs, ea.person)
    w = pair_weights(tp)
    tu, tinv = np.unique(tp, return_inverse=True)
    levels, rcode = np.unique(ea.risk_set, return_inverse=True)
    X = np.asarray(ea.X, np.float64)
    Z = np.hstack([np.ones((len(E), 1)), X, np.eye(levels.size)[rcode][:, 1:]])
    pool = ~ea.treated
    out = np.full(K, np.nan)
    for k in range(1, K + 1):
        fit = pool & (A >= k)
        beta = np.linalg.lstsq(Z[fit], (E[fit] <= k).astype(float), rcond=None)[0]
        v, ok = ef._pair_weights_at(k, tp, cp, w, tinv, tu.size, A)
        if ok.sum() < 2:
            continue
        mt = Z[tu] @ beta
        mc = np.bincount(tinv, v * (Z[cp] @ beta), tu.size)
        y0 = np.bincount(tinv, v * (E[cp] <= k), tu.size)
        yt = (E[tu] <= k).astype(float)
        out[k - 1] = float((yt - y0 - (mt - mc))[ok].mean())
    return out


def stratified_naive(res, ea, oa) -> np.ndarray:
    """(K,) now-vs-later estimate that compares each treated row with the mean of the pool
    rows of its risk set, exact-matching cell and residence ground observed at k (no score):
    in the generator the contract is signed with a probability that depends on the residence
    ground (the integration obligation) only, so this comparison is unbiased for the
    generator's truth if the truth and the estimand agree; a diagnostic that separates a bias
    of the matching from a difference between the truth and the estimand."""
    K = int(oa.max_quarter)
    E, A = oa.E, oa.A
    ground = pd.factorize(res.rows["residence_ground"].astype(str))[0]
    keys = np.column_stack([ea.risk_set, pd.factorize(ea.stratum)[0], ground])
    cell = np.unique(keys, axis=0, return_inverse=True)[1].ravel()
    C = int(cell.max()) + 1
    out = np.full(K, np.nan)
    for k in range(1, K + 1):
        c = ~ea.treated & (A >= k)
        t = ea.treated & (A >= k)
        nc = np.bincount(cell[c], minlength=C)
        yc = np.bincount(cell[c], E[c] <= k, C)
        t &= nc[cell] > 0
        if t.sum() < 2:
            continue
        out[k - 1] = float(((E[t] <= k) - yc[cell[t]] / nc[cell[t]]).mean())
    return out


def evaluate(res, truth: dict, K: int, seed: int) -> pd.DataFrame:
    from mia_helpers import effects as ef

    ea, oa = ef.estimation_arrays(res, "person_id", "score"), ef.outcome_arrays(res, K)
    eta, bl = np.zeros(len(oa.E)), np.zeros(K)
    # the uncorrected matched estimator this benchmark studied (since the switch the package's
    # matched "now versus later" is bias-corrected and needs the covariates)
    m1, m0, n = ef._later_matched_fast(ea.treated_pos, ea.control, ea.weight, oa.E, oa.A, K)
    se_r, df_r = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,), with_df=True)
    se_a, df_a = ai2006_se(ea, oa)
    se_s, df_s = ai2006_se(ea, oa, resid="score")
    dterm, cterm, ccov = ai2016_adjustment(res, ea, oa)
    se_16 = np.sqrt(np.maximum(se_r[(ESTIMAND, "matched")] ** 2 + dterm - cterm, 0.0))
    se_16s = np.sqrt(np.maximum(se_s ** 2 + dterm - cterm, 0.0))
    ks = np.arange(1, K + 1)
    key = (ESTIMAND, "matched")
    return pd.DataFrame(dict(
        seed=seed, quarter_since_start=ks, att_pp=100 * (m1 - m0), n_treated=n,
        true_att_pp=[truth.get(int(k), np.nan) for k in ks],
        se_regression=100 * se_r[key], df_regression=df_r[key],
        se_ai2006=100 * se_a, df_ai2006=df_a, se_ai2016=100 * se_16,
        df_ai2016=df_r[key], se_ai2006_score=100 * se_s, df_ai2006_score=df_s,
        se_ai2016_score=100 * se_16s, df_ai2016_score=df_s, ai2016_dterm_pp2=1e4 * dterm, ai2016_cterm_pp2=1e4 * cterm,
        ai2016_ccov_pp2=1e4 * ccov,
        att_bc_pp=100 * bias_corrected(ea, oa),
        att_strat_pp=100 * stratified_naive(res, ea, oa) if "residence_ground" in res.rows
        else np.nan))


def table(df: pd.DataFrame, level: float) -> pd.DataFrame:
    from scipy import stats

    rows = []
    for k, g in df[df["quarter_since_start"].isin(QUARTERS)].groupby("quarter_since_start"):
        err = (g["att_pp"] - g["true_att_pp"]).to_numpy()
        R = int(np.isfinite(err).sum())
        sd = float(np.nanstd(err, ddof=1))
        for lab in VARIANTS:
            se = g[f"se_{lab}"].to_numpy()
            q = stats.t.ppf(0.5 + level / 2, g[f"df_{lab}"].to_numpy())
            rms = float(np.sqrt(np.nanmean(se ** 2)))
            cov = float(np.nanmean(np.abs(err) <= q * se))
            rows.append(dict(k=int(k), variant=lab, R=R, bias=float(np.nanmean(err)), sd=sd,
                             rms_se=rms, se_over_sd=rms / sd,
                             ratio_mcse=rms / sd / np.sqrt(2 * (R - 1)), coverage=cov,
                             coverage_mcse=np.sqrt(cov * (1 - cov) / R),
                             median_df=float(g[f"df_{lab}"].median())))
    return pd.DataFrame(rows)


def truth_populations(seed: int) -> pd.DataFrame:
    """Rows (estimand, quarter k = 4..8) of one inburgering data set: the true effect (pp)
    averaged over every non-working signer (the study's truth), over the matched signers (the
    estimate's population) and over the signers in a risk set, with the matched share
    (``--truth-population``: is the bias the difference between those populations?)."""
    from mia_helpers import codes
    from mia_helpers.montecarlo_newcomers import replication_match
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic.config import GeneratorConfig
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.simulate import (
        EMPLOYED,
        KIND_INBURGERING,
        NEVER,
        Interventions,
        simulate,
    )
    from mia_helpers.synthetic.truth import _subsample, stable_outcomes

    cfg, window = GeneratorConfig(), Window()
    # the study's data set and match; its population and history drawn again (same seed)
    res, _ = replication_match(seed, 10_000, 0, "inburgering", 3, 0.2)
    pop = make_population(cfg, seed, 0, 10_000, window)
    hist = simulate(pop, cfg, seed, window)
    q = hist.abb[codes.NEWCOMER_TREATMENTS["inburgering"]]
    rows = np.flatnonzero(pop.newcomer & (q != NEVER))
    cols = (q[rows] - window.start).astype(np.int64)
    not_working = hist.state[rows, cols] != EMPLOYED
    rows, cols = _subsample(pop, rows[not_working], cols[not_working], cfg.truth.max_treated,
                            seed, KIND_INBURGERING)
    tc = cfg.truth
    y1, obs = stable_outcomes(hist.job_len[rows], hist.job_regular[rows], cols,
                              tc.stable_quarters, tc.max_horizon, True)
    t_abs = (cols + window.start).astype(np.int16)
    n, ests = rows.size, codes.ESTIMANDS
    ends = [t_abs if e == "now_vs_later" else np.full_like(t_abs, window.end) for e in ests]
    iv = Interventions(np.full(n * len(ests), KIND_INBURGERING, np.int8),
                       np.tile(t_abs, len(ests)), np.concatenate(ends), redraw=False)
    cf = simulate(pop.take(np.tile(rows, len(ests))), cfg, seed, window, interventions=iv,
                  full=False)
    matched = res.rows["person_id"].to_numpy()[np.unique(res.pairs["treated"].to_numpy())]
    is_m = np.isin(pop.person_id[rows], matched)
    out = []
    for b, e in enumerate(ests):
        blk = slice(b * n, (b + 1) * n)
        y0, _ = stable_outcomes(cf.job_len[blk], cf.job_regular[blk], cols, tc.stable_quarters,
                                tc.max_horizon, True)
        for k in QUARTERS:
            o = obs[:, k - 1]
            d = 100 * (y1[o, k - 1].astype(float) - y0[o, k - 1])
            out.append(dict(seed=seed, estimand=e, k=k, truth_all=d.mean(),
                            truth_matched=d[is_m[o]].mean(), share_matched=is_m[o].mean()))
    return pd.DataFrame(out)


def _one(args):
    study, seed, extra, exact = args
    if extra or exact:  # other exact cells than chapter 5's (an experiment; spec patched)
        import functools

        from mia_helpers import newcomers as nc

        base = tuple(exact) if exact else nc.NEWCOMER_EXACT["inburgering"]
        if not isinstance(nc.newcomer_specs, functools.partial):
            nc.newcomer_specs = functools.partial(
                nc.newcomer_specs, exact=(*base, *(c for c in extra if c not in base)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if study == "newcomers":
            res, truth, K = newcomer_match(seed, ESTIMAND)
        else:
            res, truth, K = resident_match(seed, ESTIMAND, study)
        return evaluate(res, truth, K, seed)


def main(argv: list[str] | None = None) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from mia_helpers.montecarlo import APPENDIX_A_STUDIES, replication_seeds

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--study", choices=("newcomers", *APPENDIX_A_STUDIES), default="newcomers")
    ap.add_argument("--replications", type=int, default=100)
    ap.add_argument("--base-seed", type=int, default=2005)
    ap.add_argument("--n-jobs", type=int, default=1)
    ap.add_argument("--level", type=float, default=0.95)
    ap.add_argument("--out", default=None)
    ap.add_argument("--from-csv", default=None)
    ap.add_argument("--exact-extra", nargs="*", default=[],
                    help="newcomers: match exactly also on these columns (an experiment)")
    ap.add_argument("--exact", nargs="*", default=[],
                    help="newcomers: these exact cells instead of chapter 5's "
                         "(NEWCOMER_EXACT['inburgering']); e.g. the specification before the "
                         "residence-ground cell: --exact sex labour_market_access")
    ap.add_argument("--truth-population", action="store_true",
                    help="inburgering: truth over all signers against the matched signers")
    a = ap.parse_args(argv)
    if a.truth_population:
        from concurrent.futures import ProcessPoolExecutor

        seeds = replication_seeds(a.base_seed, a.replications)
        with ProcessPoolExecutor(a.n_jobs) as ex:
            df = pd.concat(list(ex.map(truth_populations, seeds)))
        g = df.assign(diff=df["truth_matched"] - df["truth_all"]).groupby(["estimand", "k"])
        t = g[["truth_all", "truth_matched", "share_matched"]].mean()
        t["matched_minus_all"] = g["diff"].mean()
        t["mc_se"] = g["diff"].std(ddof=1) / np.sqrt(g["diff"].count())
        print(f"{df['seed'].nunique()} inburgering data sets, true effects (pp)")
        print(t.round(4).to_string())
        return 0
    if a.from_csv:
        df = pd.read_csv(a.from_csv)
    else:
        seeds = replication_seeds(a.base_seed, a.replications)
        jobs = [(a.study, s, tuple(a.exact_extra), tuple(a.exact)) for s in seeds]
        if a.n_jobs > 1:
            with ProcessPoolExecutor(a.n_jobs) as ex:
                parts = list(ex.map(_one, jobs))
        else:
            parts = [_one(j) for j in jobs]
        df = pd.concat(parts, ignore_index=True)
        if a.out:
            df.to_csv(a.out, index=False)
    print(f"study {a.study}, {df['seed'].nunique()} replications, matched {ESTIMAND}")
    print(table(df, a.level).round(3).to_string(index=False))
    if "att_bc_pp" in df:
        d = df[df["quarter_since_start"].isin(QUARTERS)]
        rows = []
        for k, g in d.groupby("quarter_since_start"):
            R = len(g)
            for lab, col in (("matched", "att_pp"), ("bias-corrected", "att_bc_pp"),
                             ("stratified naive", "att_strat_pp")):
                e = g[col] - g["true_att_pp"]
                rows.append(dict(k=int(k), estimate=lab, bias=e.mean(),
                                 mc_se=e.std(ddof=1) / np.sqrt(R),
                                 z=e.mean() / (e.std(ddof=1) / np.sqrt(R))))
        print("bias of the matched and the regression bias-corrected estimate (pp):")
        print(pd.DataFrame(rows).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
