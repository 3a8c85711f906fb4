"""Bias-corrected matching of the matched "now versus later" estimator (issue 14).

The book's matched "now versus later" estimator (:mod:`mia_helpers.effects`, the pairs'
outcomes averaged with the weights of ``effects._pair_weights_at``) compares each starter with
its nearest twins on the estimated propensity score. Matching on a score leaves a covariate
imbalance between starters and twins; an exploratory diagnosis
(``benchmarks/nvl_bias_diagnosis.py``, book/design.md section 4.6) found the twins slightly
less employable than their starters and a regression adjustment of their outcomes about as
large as the estimator's bias against its own estimand (the truth over the matched starters).

This module computes the bias-corrected estimator of Abadie & Imbens (2011); it was written
beside the package's uncorrected one, and since rule R4 of
:mod:`mia_helpers.montecarlo_bias_corrected` made the corrected estimator the book's,
:mod:`mia_helpers.effects` computes it itself (``effects._later_corrected``, which adds a rule
for covariates the pool does not identify) and is tested against this module, whose code
stays as the two bias-corrected studies recorded it: at each horizon k the twins' outcomes are shifted by the difference of a pool
regression mu0_k between the starter's and the twin's covariates, and its person-clustered
linearized standard error counts the regression's estimated coefficients (Abadie & Imbens
2006 for the linear form of the matching estimator, Abadie & Imbens 2011 for the corrected
one and its variance). :func:`corrected_later_estimates` works on the estimation arrays of a
match and any outcome matrix (realised outcomes, or expected ones in a simulation);
:func:`bias_corrected_curves` builds those from a match result.

References
----------
Abadie & Imbens (2006), Large sample properties of matching estimators for average treatment
effects, *Econometrica* 74(1); Abadie & Imbens (2011), Bias-corrected matching estimators for
average treatment effects, *Journal of Business & Economic Statistics* 29(1).

The fitted regression's first-order term in the variance is a parametric delta-method term
of this module (the regression is a linear-probability model here); in Abadie & Imbens
(2011), *Journal of Business & Economic Statistics* 29(1), the regression's estimation error
is asymptotically negligible and their variance has no such term (referee ref54).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from mia_helpers import core
from mia_helpers.effects import (
    EstimationArrays,
    _cluster_var,
    _pair_weights_at,
    estimation_arrays,
    outcome_arrays,
)
from mia_helpers.matching import MatchResult, pair_weights

__all__ = ["CORRECTED_COLUMNS", "bias_corrected_curves", "corrected_later_estimates"]

#: columns of :func:`corrected_later_estimates`, in order
CORRECTED_COLUMNS = ["quarter_since_start", "n_treated", "m1", "m0", "m0_uncorrected",
                     "att_pp", "att_uncorrected_pp", "correction_pp", "se_pp", "df", "ci_low",
                     "ci_high"]


def _check_inputs(ea: EstimationArrays, Y: np.ndarray, observed: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """``Y`` as (n, K) float64 and ``observed`` as (n, K) bool, after the checks of
    :func:`corrected_later_estimates` (ValueError naming the argument)."""
    n = len(ea.treated)
    Y = np.asarray(Y)
    observed = np.asarray(observed)
    if Y.ndim != 2 or Y.shape[0] != n or Y.shape[1] < 1:
        raise ValueError(f"Y must be an (n, K) array with n = {n} risk-set rows (those of ea) "
                         f"and K >= 1 horizons, got shape {Y.shape}")
    if observed.shape != Y.shape:
        raise ValueError(f"observed must have the shape of Y {Y.shape}, got {observed.shape}")
    if observed.dtype != bool:
        raise ValueError(f"observed must be a bool array, got dtype {observed.dtype}")
    if Y.dtype != bool and (not np.issubdtype(Y.dtype, np.number)
                            or np.issubdtype(Y.dtype, np.complexfloating)):
        raise ValueError(f"Y must be a real numeric array, got dtype {Y.dtype}")
    Y = Y.astype(np.float64, copy=False)
    if not np.isfinite(Y).all():
        raise ValueError(f"Y holds {int((~np.isfinite(Y)).sum())} NaN or infinite values; "
                         "give every row and horizon a value in [0, 1] (rows not observed at "
                         "a horizon are ignored there but must still be finite)")
    if ((Y < 0) | (Y > 1)).any():
        raise ValueError(f"Y must lie in [0, 1] (an outcome indicator or its probability), got "
                         f"values from {Y.min()!r} to {Y.max()!r}")
    return Y, observed


def _pool_fit(X, r_code, R, pool, y):
    """Least-squares fit of ``y`` on [1, x, risk-set dummies] among the rows ``pool`` (int
    positions), by the within-risk-set transformation (Frisch-Waugh-Lovell): ``gamma`` the
    covariates' slopes from the normal equations of the risk-set-demeaned covariates, solved
    by :func:`numpy.linalg.lstsq` (SVD, minimum norm: a covariate constant within every risk
    set or collinear with others leaves the fitted values unique); each risk set's level is its
    mean outcome minus its mean covariates times ``gamma``. Returns ``(gamma, alpha, xbar,
    cnt, Xt, G)``: (p,) slopes, (R,) levels (NaN for a risk set without pool rows), (R, p)
    pool means of x, (R,) pool counts, the (len(pool), p) float64 demeaned covariates and the
    (p, p) normal matrix Xt' Xt."""
    rc = r_code[pool]
    S = sp.csr_matrix((np.ones(pool.size), (rc, np.arange(pool.size))), shape=(R, pool.size))
    cnt = np.asarray(S.sum(axis=1)).ravel()
    Xt = X[pool].astype(np.float64)  # the one (n_pool, p) float64 copy
    with np.errstate(invalid="ignore", divide="ignore"):
        xbar = (S @ Xt) / cnt[:, None]
        ybar = (S @ y[pool]) / cnt
    Xt -= xbar[rc]
    G = Xt.T @ Xt
    gamma = np.linalg.lstsq(G, Xt.T @ y[pool], rcond=None)[0]
    alpha = ybar - xbar @ gamma
    return gamma, alpha, xbar, cnt, Xt, G


def _horizon_terms(ea: EstimationArrays, Y: np.ndarray, observed: np.ndarray, k: int,
                   r_code: np.ndarray, R: int, w: np.ndarray, tu: np.ndarray,
                   tinv: np.ndarray) -> dict | None:
    """Point estimates and per-row linearized contributions at horizon ``k`` (1-based); None
    when no treated row keeps a twin. Keys: ``n``, ``m1``, ``m0``, ``m0u`` (shares), ``psi``
    ((n,) float64, each row's contribution to n (att_hat - att): kept treated rows
    y_i - mu0(z_i) - att, pool rows observed at k minus (K_j + n dbar' (Z'Z)^- z_j) e_j, zero
    elsewhere) and ``involved`` ((n,) bool, the rows with a contribution)."""
    n_rows = len(ea.treated)
    tp, cp = ea.treated_pos, ea.control
    obs, y = observed[:, k - 1], Y[:, k - 1]
    # _pair_weights_at reads "observed at k" as A >= k: A = k where observed, 0 elsewhere
    v, ok = _pair_weights_at(k, tp, cp, w, tinv, tu.size, np.where(obs, k, 0))
    n = int(ok.sum())
    if n == 0:
        return None
    # the package's own arithmetic (effects._later_matched_fast): the uncorrected estimate
    y0 = np.bincount(tinv, v * y[cp], tu.size)
    m0u = float(y0[ok].mean())
    m1 = float(y[tu[ok]].mean())
    # the pool regression mu0_k(z) = z' beta_k, z = [1, x, risk-set dummies]
    pool = np.flatnonzero(~ea.treated & obs)
    gamma, alpha, xbar, cnt, Xt, G = _pool_fit(ea.X, r_code, R, pool, y)
    ti = tu[ok]
    if (cnt[r_code[ti]] == 0).any():
        raise ValueError(f"horizon {k}: a treated row with twins lies in a risk set without "
                         "pool rows observed there (a pair across risk sets), so the pool "
                         "regression cannot predict its outcome")
    sel = v > 0
    ps, cs, vs = tinv[sel], cp[sel], v[sel]
    mu0 = np.full(n_rows, np.nan)
    mu0[pool] = alpha[r_code[pool]] + Xt @ gamma + (xbar @ gamma)[r_code[pool]]
    mu0[ti] = alpha[r_code[ti]] + ea.X[ti].astype(np.float64) @ gamma
    f0 = np.bincount(ps, vs * mu0[cs], tu.size)
    m0 = float(((y0 - f0)[ok] + mu0[ti]).mean())
    att = m1 - m0
    # first-order term of the estimated beta: m0 moves with beta as dbar' beta, dbar the mean
    # over kept treated of z_i - sum_j v_ij z_j; in the within parametrisation dbar' beta =
    # g' gamma + sum_r dD_r ybar_r, g = dx - sum_r dD_r xbar_r (the intercept cancels, as the
    # weights of a kept treated row sum to 1); so d m0 / d y_l = K_l / n + g' H xt_l +
    # dD_r(l) / cnt_r(l) for a pool row l observed at k (H the pseudo-inverse of Xt' Xt)
    dx = (ea.X[ti].astype(np.float64).sum(axis=0) - vs @ ea.X[cs].astype(np.float64)) / n
    dD = (np.bincount(r_code[ti], minlength=R) - np.bincount(r_code[cs], vs, R)) / n
    g = dx - dD @ np.where(cnt[:, None] > 0, xbar, 0.0)
    h = np.linalg.lstsq(G, g, rcond=None)[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        lev = np.where(cnt > 0, dD / cnt, 0.0)
    Kj = np.bincount(cs, vs, n_rows)
    e = y[pool] - mu0[pool]
    psi = np.zeros(n_rows)
    psi[pool] = -(Kj[pool] + n * (Xt @ h + lev[r_code[pool]])) * e
    psi[ti] += y[ti] - mu0[ti] - att
    involved = np.zeros(n_rows, bool)
    involved[pool] = True
    involved[ti] = True
    return dict(n=n, m1=m1, m0=m0, m0u=m0u, psi=psi, involved=involved)


def corrected_later_estimates(ea: EstimationArrays, Y: np.ndarray, observed: np.ndarray,
                              level: float = 0.95) -> pd.DataFrame:
    """Bias-corrected matched "now versus later" estimates (Abadie & Imbens 2011) at horizons
    k = 1..K, beside the package's uncorrected ones, with person-clustered linearized
    standard errors and intervals.

    Estimator, per horizon k. The pool regression mu0_k(z) = z' beta_k is the least-squares
    linear-probability fit of Y[:, k-1] on z = [1, x, risk-set dummies] (x the design
    covariates ``ea.X``) among the pool rows (not treated) observed at k, of every risk set;
    the dummies are never formed: the fit is computed within risk sets (Frisch-Waugh-Lovell;
    the slopes from the normal equations of the risk-set-demeaned covariates, solved by
    :func:`numpy.linalg.lstsq`, the minimum-norm SVD solution, so collinear covariates leave
    the fitted values unique; no ridge). With v_ij the pair weights at k of
    ``effects._pair_weights_at`` (the pairs whose starter and twin are both observed at k,
    renormalised per starter), each starter i that keeps a twin gets the corrected twin
    outcome c_i = sum_j v_ij (Y_j - mu0_k(z_j)) + mu0_k(z_i); m1 is the mean of Y_i, m0 that
    of c_i, over those starters. Without the two mu0 terms this is the package's matched
    estimator, computed with its own arithmetic (``m0_uncorrected``).

    Variance. The estimate minus the estimand is a sum of row contributions, clustered by
    person (``effects._cluster_var``, which also gives the degrees of freedom): a starter
    i, y_i - mu0(z_i) - att; a pool row j observed at k, minus (K_j + n dbar' (Z'Z)^- z_j) e_j,
    with e_j = y_j - mu0(z_j) its residual, K_j its total pair weight at k (zero for a row that
    is nobody's twin), n the starters kept and dbar = mean over them of z_i - sum_j v_ij z_j
    (the remaining imbalance): K_j e_j is the twin's noise counted as often as the twin is
    reused (Abadie & Imbens 2006, section 4), and the dbar term is the first-order effect of
    the estimated beta_k on m0 (beta_k - beta = (Z'Z)^- sum_l z_l e_l; m0 moves with beta as
    dbar' beta, so m1 - m0 as minus that; Abadie & Imbens 2011). Since m0 is linear in Y, each
    pool row's contribution is exactly minus n e_j times the derivative of m0 with respect to
    y_j. se = sqrt(var) / n. Held fixed: the propensity score, the calipers and therefore the
    pairs (as in ``effects._linearized_se``; Abadie & Imbens 2016 show that estimating the
    score changes the variance).

    Parameters
    ----------
    ea : EstimationArrays
        The match's arrays (:func:`mia_helpers.effects.estimation_arrays`; n risk-set rows).
    Y : numpy.ndarray
        (n, K) real numbers in [0, 1] (or bool): each row's outcome at horizons k = 1..K (the book:
        1[E <= k] from :func:`mia_helpers.effects.outcome_arrays`; a simulation may pass the
        outcome's probability). Finite everywhere, also where not observed.
    observed : numpy.ndarray
        (n, K) bool: the row is observed k quarters after its start (the book: ``A >= k``).
    level : float
        Level of the intervals, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per horizon, columns :data:`CORRECTED_COLUMNS`: ``quarter_since_start``
        (int64, 1..K), ``n_treated`` (int64, starters kept at k), ``m1``, ``m0`` (corrected)
        and ``m0_uncorrected`` (shares), ``att_pp`` = 100 (m1 - m0), ``att_uncorrected_pp``
        (the package's matched estimate), ``correction_pp`` = ``att_pp`` minus
        ``att_uncorrected_pp``, ``se_pp`` (percentage points), ``df`` (effective number of
        persons behind the variance) and ``ci_low``, ``ci_high`` = att_pp -+ t se_pp, t the
        Student quantile at 0.5 + level / 2 on ``df`` (the convention of the linearized
        interval of :func:`mia_helpers.effects.effect_curves`). Point estimates are NaN where
        no starter keeps a twin; ``se_pp``, ``df`` and the interval where fewer than 2 do,
        and, as in ``effect_curves``, where the starters' or the twins' (uncorrected) share
        is exactly 0 or 1.

    Raises
    ------
    ValueError
        If ``Y`` is not (n, K) with n = ``len(ea.treated)`` and K >= 1, not real, holds NaN or
        infinite values or values outside [0, 1]; if ``observed`` is not a bool array of
        ``Y``'s shape; for a ``level`` outside (0, 1); if a starter with twins at k lies in a
        risk set without pool rows observed at k (only possible for pairs across risk sets).

    Notes
    -----
    Cost per horizon: one (n_pool, p) float64 copy of the pool rows' covariates (8 n p bytes
    at most, twice ``ea.X``'s float32) and O(n p^2) operations for the normal matrix.

    References
    ----------
    Abadie & Imbens (2006); Abadie & Imbens (2011); Abadie & Imbens (2016).
    """
    Y, observed = _check_inputs(ea, Y, observed)
    level = core.check_level(level)
    K = Y.shape[1]
    r_code, levels = pd.factorize(ea.risk_set)
    R = len(levels)
    tp = ea.treated_pos
    w = pair_weights(tp)
    tu, tinv = np.unique(tp, return_inverse=True)
    P = int(ea.person.max()) + 1 if ea.person.size else 0
    out = {c: np.full(K, np.nan) for c in CORRECTED_COLUMNS}
    out["quarter_since_start"] = np.arange(1, K + 1, dtype=np.int64)
    out["n_treated"] = np.zeros(K, np.int64)
    for k in range(1, K + 1):
        t = _horizon_terms(ea, Y, observed, k, r_code, R, w, tu, tinv) if tp.size else None
        if t is None:
            continue
        i = k - 1
        out["n_treated"][i] = t["n"]
        out["m1"][i], out["m0"][i], out["m0_uncorrected"][i] = t["m1"], t["m0"], t["m0u"]
        out["att_pp"][i] = 100 * (t["m1"] - t["m0"])
        out["att_uncorrected_pp"][i] = 100 * (t["m1"] - t["m0u"])
        out["correction_pp"][i] = out["att_pp"][i] - out["att_uncorrected_pp"][i]
        flat = t["m1"] in (0.0, 1.0) or t["m0u"] in (0.0, 1.0)
        if t["n"] < 2 or flat:
            continue
        psi = np.bincount(ea.person, t["psi"], P)
        inv = np.zeros(P, bool)
        inv[ea.person[t["involved"]]] = True
        var, df = _cluster_var(psi, inv)
        se = 100 * np.sqrt(var) / t["n"]
        with np.errstate(invalid="ignore"):
            q = stats.t.ppf(0.5 + level / 2, df)
        out["se_pp"][i], out["df"][i] = se, df
        out["ci_low"][i], out["ci_high"][i] = out["att_pp"][i] - q * se, out["att_pp"][i] + q * se
    return pd.DataFrame(out, columns=CORRECTED_COLUMNS)


def bias_corrected_curves(res: MatchResult, max_quarter: int = 12, level: float = 0.95,
                          person: str = "person_id", distance: str = "score") -> pd.DataFrame:
    """:func:`corrected_later_estimates` of a match of the MIA engine on its realised
    outcomes: Y = 1[E <= k] and observed = A >= k from
    :func:`mia_helpers.effects.outcome_arrays`, the arrays from
    :func:`mia_helpers.effects.estimation_arrays`.

    Parameters
    ----------
    res : MatchResult
        A match of :func:`mia_helpers.matching.match` (a
        :class:`~mia_helpers.dynamic.DynamicMatch` has no outcome of its own: build its
        arrays with ``dynamic``'s outcome timing and call :func:`corrected_later_estimates`).
    max_quarter : int
        K, the last horizon (quarters after the start), >= 1.
    level : float
        Level of the intervals, in (0, 1).
    person, distance : str
        Person and matched-on score columns of ``res.rows``.

    Returns
    -------
    pandas.DataFrame
        As :func:`corrected_later_estimates`, K rows.

    Raises
    ------
    TypeError
        If ``res`` is not a :class:`~mia_helpers.matching.MatchResult`.
    ValueError
        If ``max_quarter`` < 1; as :func:`mia_helpers.effects.outcome_arrays` and
        :func:`corrected_later_estimates`.

    References
    ----------
    Abadie & Imbens (2011).
    """
    if not isinstance(res, MatchResult):
        raise TypeError(f"res must be a MatchResult of mia_helpers.matching.match, got "
                        f"{type(res).__name__}; for other matches call "
                        "corrected_later_estimates with their arrays")
    if int(max_quarter) < 1:
        raise ValueError(f"max_quarter must be >= 1, got {max_quarter!r}")
    K = int(max_quarter)
    ea = estimation_arrays(res, person, distance)
    oa = outcome_arrays(res, K)
    ks = np.arange(1, K + 1)
    Y = (oa.E[:, None] <= ks[None, :]).astype(np.float64)
    return corrected_later_estimates(ea, Y, oa.A[:, None] >= ks[None, :], level)
