"""The multinomial logit (outcome 0 = base) by Newton-Raphson, with the guards and the cluster
sandwich.

Tested against ``statsmodels.MNLogit(...).fit(cov_type="cluster")`` to 1e-8
(tests/test_core.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mia_helpers.core.guards import independent_columns, unique_rows, warn_not_identified
from mia_helpers.core.results import EXP_KIND, coefficient_table
from mia_helpers.core.sandwich import DEFAULT_CORRECTION, Correction, small_sample_factor


def _probs(eta: np.ndarray) -> np.ndarray:
    eta = np.column_stack([np.zeros(len(eta)), eta])
    eta = eta - eta.max(axis=1, keepdims=True)
    w = np.exp(eta)
    return w / w.sum(axis=1, keepdims=True)


def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(A, b, rcond=None)[0]


@dataclass
class MNLFit:
    """A fitted multinomial logit (see :func:`fit_mnl`).

    ``params`` (k, J): coefficients of outcome j = 1..J versus the base outcome 0 (log relative
    risk ratios); ``cov`` (kJ, kJ) in outcome-major order (NaN rows/columns for parameters that
    are not identified); ``identified`` (k, J) bool.
    """

    params: pd.DataFrame
    cov: np.ndarray
    identified: pd.DataFrame
    not_identified: dict[tuple[str, str], str]
    dropped: list[tuple[str, str]]
    n: int
    n_persons: int
    events: pd.Series
    loglike: float
    converged: bool
    correction: str = DEFAULT_CORRECTION
    extra: dict = field(default_factory=dict)

    @property
    def bse(self) -> pd.DataFrame:
        """Standard errors of the coefficients, shaped as ``params`` (terms x outcomes)."""
        se = np.sqrt(np.diag(self.cov)).reshape(self.params.shape, order="F")
        return pd.DataFrame(se, index=self.params.index, columns=self.params.columns)

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom: observations minus identified parameters (all
        outcomes), as statsmodels' ``MNLogit`` ``df_resid`` that acro checks."""
        return int(self.n) - int(np.asarray(self.identified).sum())

    def tidy(self, level: float = 0.95) -> pd.DataFrame:
        """One row per outcome and term: ``outcome`` then the vocabulary of
        :func:`mia_helpers.core.results.coefficient_table` (``exp_kind`` = relative risk
        ratio), ``n``, ``n_persons``, ``n_events`` (rows with that outcome), ``df_resid``."""
        parts = []
        for j, o in enumerate(self.params.columns):
            t = coefficient_table(list(self.params.index), self.params.iloc[:, j].to_numpy(),
                                  self.bse.iloc[:, j].to_numpy(), level, EXP_KIND["mnl"],
                                  self.identified.iloc[:, j].to_numpy())
            t.insert(0, "outcome", o)
            t["n"] = self.n
            t["n_persons"] = self.n_persons
            t["n_events"] = int(self.events[o])
            t["df_resid"] = self.df_resid
            parts.append(t)
        return pd.concat(parts, ignore_index=True)


def fit_mnl(
    X: np.ndarray,
    y: np.ndarray,
    n_outcomes: int,
    groups: np.ndarray | None = None,
    names: list[str] | None = None,
    outcomes: list[str] | None = None,
    maxiter: int = 100,
    tol: float = 1e-10,
    correction: Correction = DEFAULT_CORRECTION,
    model: str = "multinomial logit",
) -> MNLFit:
    """Maximum likelihood multinomial logit and its cluster-robust covariance.

    Newton-Raphson with step halving on the rows collapsed to unique covariate patterns (the
    log likelihood of the collapsed data is the same function); the sandwich uses per-cluster
    scores on the original rows and :func:`mia_helpers.core.sandwich.small_sample_factor`
    (``N`` rows, ``K`` estimated parameters).

    Parameters
    ----------
    X : (n, k) design including a constant column.
    y : (n,) int outcome codes 0..n_outcomes-1 (0 = base).
    groups : (n,) cluster labels (default: each row its own cluster).
    names, outcomes : term names (k) and outcome labels (n_outcomes, base first).

    Guards
    ------
    - an outcome without any row: ``ValueError`` naming it;
    - collinear / all-zero columns: dropped with the reason (warning);
    - a 0/1 term with no rows of outcome j where it is 1: the coefficient of outcome j is
      -inf; it is fixed there (those rows get probability 0 for outcome j, the limiting MLE of
      the other parameters), flagged not identified and named in a
      :class:`~mia_helpers.core.guards.NotIdentifiedWarning` with the counts; a term without
      rows of the base outcome where it is 1 is flagged for every outcome likewise (the
      remaining coefficients then do not converge to finite values either);
    - remaining separation (fitted probabilities of 0/1 with large coefficients): the terms
      with |estimate| > 15 are flagged and named.

    Returns
    -------
    MNLFit
        Coefficients (log relative risk ratios against outcome 0) per outcome and term, their
        cluster-robust covariance and the not-identified terms.

    Raises
    ------
    ValueError
        If an outcome has no rows (naming it); as
        :func:`mia_helpers.core.sandwich.small_sample_factor` for an unknown ``correction``,
        fewer than two clusters, or no more rows than estimated parameters.

    References
    ----------
    The project's own Newton-Raphson solver, tested against statsmodels'
    ``MNLogit(...).fit(cov_type="cluster")`` to 1e-8 (tests/test_core.py).
    """
    X = np.asarray(X, np.float64)
    y = np.asarray(y).astype(np.int64)
    n, k0 = X.shape
    J1 = int(n_outcomes)
    J = J1 - 1
    names = list(names) if names is not None else [f"x{j}" for j in range(k0)]
    outcomes = list(outcomes) if outcomes is not None else [str(j) for j in range(J1)]
    counts = np.bincount(y, minlength=J1)
    absent = [outcomes[j] for j in range(J1) if counts[j] == 0]
    if absent:
        raise ValueError(f"{model}: outcome(s) {absent} have no rows; group or drop them")
    keep, dropped = independent_columns(X, np.ones(n), names)
    for term, reason in dropped:
        warn_not_identified(f"{model}: term {term!r} dropped: {reason}.")
    X = X[:, keep]
    names_k = [nm for nm, kp in zip(names, keep, strict=True) if kp]
    k = X.shape[1]
    # terms without rows of an outcome where they are 1
    free = np.ones((k, J), bool)
    fixed_neg = np.zeros((k, J), bool)
    flagged = np.zeros((k, J), bool)
    not_ident: dict[tuple[str, str], str] = {}
    for c in range(k):
        col = X[:, c]
        if not np.all((col == 0) | (col == 1)) or col.all() or not col.any():
            continue
        cnt = np.bincount(y[col == 1], minlength=J1)
        for j in range(1, J1):
            if cnt[j] == 0:
                fixed_neg[c, j - 1] = True
                free[c, j - 1] = False
                flagged[c, j - 1] = True
                not_ident[(names_k[c], outcomes[j])] = f"no rows of {outcomes[j]!r} where it is 1"
                warn_not_identified(
                    f"{model}: term {names_k[c]!r} is not identified for outcome "
                    f"{outcomes[j]!r}: none of its rows have that outcome "
                    "(quasi-complete separation). Its estimate is reported as NaN "
                    "(identified=False).")
        if cnt[0] == 0:
            flagged[c, :] = True
            for j in range(1, J1):
                not_ident[(names_k[c], outcomes[j])] = f"no rows of base {outcomes[0]!r}"
            warn_not_identified(
                f"{model}: term {names_k[c]!r} is not identified: none of its rows have the "
                f"base outcome {outcomes[0]!r} (quasi-complete separation).")
    U, inv = unique_rows(X)
    Y = np.bincount(inv * J1 + y, minlength=len(U) * J1).reshape(len(U), J1).astype(float)
    tot = Y.sum(axis=1)
    # offset: -inf for the fixed (term, outcome) pairs on the rows where the term is 1
    off = np.zeros((len(U), J))
    for c, j in zip(*np.nonzero(fixed_neg), strict=True):
        off[U[:, c] == 1, j] = -np.inf
    fvec = free.ravel(order="F")
    beta = np.zeros((k, J))
    const = np.flatnonzero((U == 1.0).all(axis=0))
    if const.size:
        beta[const[0]] = np.log(np.maximum(counts[1:], 0.5) / max(counts[0], 0.5))

    def lin(b: np.ndarray, Z: np.ndarray, o: np.ndarray) -> np.ndarray:
        return Z @ b + o

    def loglik(b: np.ndarray) -> float:
        eta = np.column_stack([np.zeros(len(U)), lin(b, U, off)])
        m = eta.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(eta - m).sum(axis=1))
        with np.errstate(invalid="ignore"):
            t = np.where(Y > 0, Y * eta, 0.0)
        return float(t.sum() - (tot * lse).sum())

    def information(P: np.ndarray) -> np.ndarray:
        H = np.empty((k * J, k * J))
        for j in range(J):  # loop over outcome pairs
            for m in range(j, J):
                w = tot * P[:, j + 1] * ((j == m) - P[:, m + 1])
                blk = U.T @ (U * w[:, None])
                H[j * k:(j + 1) * k, m * k:(m + 1) * k] = blk
                H[m * k:(m + 1) * k, j * k:(j + 1) * k] = blk.T
        return H

    ll = loglik(beta)
    converged = False
    for _ in range(maxiter):
        P = _probs(lin(beta, U, off))
        grad = (U.T @ (Y[:, 1:] - tot[:, None] * P[:, 1:])).ravel(order="F")
        H = information(P)
        step = np.zeros(k * J)
        step[fvec] = _solve(H[np.ix_(fvec, fvec)], grad[fvec])
        step = step.reshape(k, J, order="F")
        t = 1.0
        for _ in range(30):
            new = beta + t * step
            ll_new = loglik(new)
            if ll_new >= ll - 1e-12:
                break
            t /= 2
        beta, gain = new, ll_new - ll
        ll = ll_new
        if np.abs(t * step).max() < 1e-8 or abs(gain) < tol * (1 + abs(ll)):
            converged = True
            break
    P = _probs(lin(beta, U, off))
    big = (np.abs(beta) > 15) & free & ~flagged
    if (P[tot > 0] < 1e-8).any() and big.any():
        for c, j in zip(*np.nonzero(big), strict=True):
            flagged[c, j] = True
            not_ident[(names_k[c], outcomes[j + 1])] = "separation (estimate diverges)"
        warn_not_identified(
            f"{model}: fitted probabilities of 0 occurred and the estimates of "
            f"{[(names_k[c], outcomes[j + 1]) for c, j in zip(*np.nonzero(big), strict=True)]} "
            "diverge (quasi-complete separation); they are reported as not identified.")
    A = information(P)[np.ix_(fvec, fvec)]
    try:
        A_inv = np.linalg.inv(A)
    except np.linalg.LinAlgError:
        A_inv = np.linalg.pinv(A)
    # per-row scores (y_j - p_j) x, summed by cluster
    Pr = P[inv]
    R = -Pr[:, 1:]
    R[np.arange(n), y - 1] += (y > 0)
    if groups is None:
        codes_ = np.arange(n)
    else:
        codes_ = np.unique(np.asarray(groups), return_inverse=True)[1].ravel()
    G = int(codes_.max()) + 1
    order = np.argsort(codes_, kind="stable")
    bounds = np.searchsorted(codes_[order], np.arange(G))
    Xo = X[order]
    S = np.empty((G, k * J))
    for j in range(J):  # loop over outcomes
        S[:, j * k:(j + 1) * k] = np.add.reduceat(Xo * R[order, j][:, None], bounds, axis=0)
    S = S[:, fvec]
    c = small_sample_factor(G, n, int(fvec.sum()), correction)
    cov = np.full((k * J, k * J), np.nan)
    cov[np.ix_(fvec, fvec)] = c * A_inv @ (S.T @ S) @ A_inv
    beta = np.where(free, beta, -np.inf)
    labels = outcomes[1:]
    return MNLFit(
        params=pd.DataFrame(beta, index=names_k, columns=labels),
        cov=cov,
        identified=pd.DataFrame(~flagged, index=names_k, columns=labels),
        not_identified=not_ident,
        dropped=dropped,
        n=n,
        n_persons=G,
        events=pd.Series(counts, index=outcomes),
        loglike=ll,
        converged=converged,
        correction=correction,
    )
