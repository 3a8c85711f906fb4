"""Weighted binary GLMs (logit and cloglog links) by Newton / Fisher scoring, with the guards.

One solver for every binary model of the package: the discrete-time hazard on grouped
person-period cells (events out of trials), the propensity logits, the IPCW logit, the hazard
model on the matched sample (matching weights) and the feeder hazard. Weighted Bernoulli rows
are the special case ``events = w * y``, ``trials = w`` (statsmodels' ``freq_weights``): the
log likelihoods agree up to a constant.

Tested against ``statsmodels.GLM(family=Binomial(link), freq_weights=w)`` with
``cov_type="cluster"`` to 1e-8 (tests/test_core.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit

from mia_helpers.core.guards import (
    gram,
    independent_columns,
    pure_indicator_terms,
    separation_direction,
    warn_not_identified,
)
from mia_helpers.core.results import EXP_KIND, coefficient_table
from mia_helpers.core.sandwich import DEFAULT_CORRECTION, Correction, small_sample_factor

Link = Literal["logit", "cloglog"]

#: |linear predictor| beyond which fitted probabilities are numerically 0 or 1 (exp(-30) ~ 1e-13):
#: the separation check (a linear program) is then run
SEPARATION_ETA = 30.0


def link_terms(eta: np.ndarray, link: Link) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``mu``, ``w1 = mu' / (mu (1 - mu))`` and ``dw1 = d w1 / d eta`` of the binomial GLM with
    this link (``mu'`` = d mu / d eta). The score of one row is ``x (events - trials mu) w1``.

    ``eta`` (n,) float linear predictor; returns three (n,) float64 arrays (``mu`` clipped to
    [1e-300, 1 - 1e-16]). Raises ``ValueError`` for a link other than ``"logit"`` or
    ``"cloglog"``.
    """
    if link == "logit":
        with np.errstate(over="ignore"):  # exp(-eta) = inf gives mu = 0, as it should
            mu = 1.0 / (1.0 + np.exp(-eta))
        w1 = np.ones_like(eta)
        dw1 = np.zeros_like(eta)
    elif link == "cloglog":
        e = np.exp(np.minimum(eta, 30.0))
        mu = -np.expm1(-e)
        mu = np.clip(mu, 1e-300, 1.0 - 1e-16)
        w1 = e / mu
        dmu = e * (1.0 - mu)
        dw1 = e * (mu - dmu) / mu**2
    else:
        raise ValueError(f"link must be 'logit' or 'cloglog', got {link!r}")
    return np.clip(mu, 1e-300, 1.0 - 1e-16), w1, dw1


def _weighted_gram(X: np.ndarray, w: np.ndarray | None, chunk: int = 262_144,
                   buf: np.ndarray | None = None) -> np.ndarray:
    """``X' diag(w) X`` (float64, chunked like :func:`~mia_helpers.core.guards.gram`); for
    ``w >= 0`` as ``(sqrt(w) X)' (sqrt(w) X)``, a product of a matrix with its own transpose,
    which numpy computes by a symmetric rank-k update (BLAS ``syrk``): about half the work.
    ``w`` None: unit weights (``X' X``, the same bits as ``w`` all ones: the product is taken
    of ``X`` in the memory layout that ``X * 1`` would have). ``buf``: a C-contiguous float64
    array of ``X``'s shape, for a C-contiguous ``X``, that receives ``sqrt(w) X`` (no new
    array per call: a caller that forms many Gram matrices of one ``X`` saves the allocation
    and its page faults). A float32 ``buf`` makes each block's product a float32 one (BLAS
    ``ssyrk``, about twice as fast; relative error about 1e-7 times the square root of the
    block's rows), summed over the blocks in float64: for matrices that only steer
    iterations (:func:`newton_binary`'s information), not for variances."""
    if w is not None and not np.all(w >= 0):
        return gram(X, w)
    k = X.shape[1]
    G = np.zeros((k, k))
    for i in range(0, len(X), chunk):
        Xi = np.asarray(X[i:i + chunk], np.float64)
        if w is None:
            if not (Xi.flags.c_contiguous or Xi.flags.f_contiguous):
                Xi = Xi * 1.0  # a strided block: laid out as the weighted product would be
        elif buf is not None:
            Xi = np.multiply(Xi, np.sqrt(w[i:i + chunk])[:, None], out=buf[i:i + chunk])
        else:
            Xi = Xi * np.sqrt(w[i:i + chunk])[:, None]
        G += Xi.T @ Xi
    return G


#: :func:`newton_binary` reuses the last information matrix after a full step whose largest
#: relative size is below this (the chord steps that follow contract the distance to the
#: optimum by about that factor each, at the cost of one gradient instead of a Gram matrix)
REUSE_INFORMATION_BELOW = 1e-3


def newton_binary(
    X: np.ndarray, events: np.ndarray, trials: np.ndarray, link: Link = "logit",
    start: np.ndarray | None = None, maxiter: int = 100, tol: float = 1e-10,
    penalty: np.ndarray | None = None,
) -> tuple[np.ndarray, bool]:
    """Fisher scoring for the grouped binomial GLM ``events ~ Binomial(trials, mu(X b))``.

    Memory-lean (chunked Gram matrices). ``penalty`` (k,) adds ``-penalty * b^2 / 2`` to the
    log likelihood (a ridge; 0 = maximum likelihood). Convergence: largest relative step
    ``|step| / (1 + |b|)`` below ``tol``. cloglog starts from the logit fit (close for rare
    events); without ``start`` a logit starts from the overall event rate, where the Fisher
    information is that rate's ``p (1 - p)`` times ``X' diag(trials) X`` (computed once for
    both). Gram matrices by :func:`_weighted_gram`, those of the iterations in float32 (they
    only steer the steps; gradient, log likelihood and convergence test are float64).
    Returns ``(params, converged)``.

    Step halving: a step that lowers the penalised log likelihood is halved (up to 40 times)
    until it does not, so the iterations cannot run away (a Newton step from the event rate
    can overshoot on a rank-deficient design with rare events, and the relative-step test then
    passed at |b| ~ 1e297); convergence is declared only on a full, unhalved step. Where every
    full step raises the log likelihood (the usual case) the iterations are those of plain
    Fisher scoring. ``converged`` is False when the steps stop improving without meeting
    ``tol``, or the parameters are not finite.

    Parameters: ``X`` (n, k) float design (no intercept added), ``events``/``trials`` (n,)
    float, ``start`` (k,) initial coefficients, ``penalty`` (k,) non-negative ridge weights.
    Returns ``params`` (k,) float64 and ``converged`` (bool). Raises ``ValueError`` for a
    ``link`` other than ``"logit"``/``"cloglog"`` (:func:`link_terms`). The project's own
    solver; its estimates agree with statsmodels' ``GLM(family=Binomial(link))`` (tests/test_core.py).
    """
    X = np.asarray(X, np.float64)
    events = np.asarray(events, np.float64)
    trials = np.asarray(trials, np.float64)
    pen = np.zeros(X.shape[1]) if penalty is None else np.asarray(penalty, np.float64)
    P = np.diag(pen)
    # unit trials (a logit on individual rows): the products with them are left out (x * 1.0
    # is x, bit for bit), so are their square roots in the Gram matrices
    unit = bool(np.all(trials == 1.0))
    # sqrt(w) X of every Gram matrix in the iterations (:func:`_weighted_gram`), in the layout
    # of X and in float32: the information matrix only steers the steps (a Newton step with
    # an information matrix off by a relative 1e-6 contracts the distance left by about that
    # factor, and the chord steps below already accept that); the gradient, the log
    # likelihood and hence the optimum and the convergence test stay in float64
    buf = np.empty(X.shape, np.float32) if X.flags.c_contiguous else None
    if start is None and link == "cloglog":
        start = newton_binary(X, events, trials, "logit", None, maxiter, tol, penalty)[0]
    info = None
    if start is None:  # the overall event rate everywhere
        p = events.sum() / trials.sum()
        b0 = np.log(p / (1 - p)) if link == "logit" else np.log(-np.log1p(-p))
        if pen[0] == 0.0 and bool((X[:, 0] == 1.0).all()):
            # an unpenalised intercept column first (fit_logit's layout): the least-squares
            # start below is b0 on it and 0 elsewhere, known without a Gram matrix; for a
            # logit mu = p on every row, so the first information matrix is p (1 - p) times
            # X' diag(trials) X, an iteration's (float32) Gram matrix
            b = np.zeros(X.shape[1])
            b[0] = b0
            eta = np.full(len(X), b0)
            if link == "logit":
                v = p * (1.0 - p)
                info = _weighted_gram(X, np.full(len(X), v) if unit else trials * v,
                                      buf=buf) + P
        else:
            G = _weighted_gram(X, None if unit else trials)
            b = np.linalg.lstsq(G + P, X.T @ (trials * b0), rcond=None)[0]
            eta = X @ b
            if link == "logit" and np.ptp(eta) <= 1e-12 * (1.0 + abs(b0)):
                # eta is b0 on every row (the design holds a constant): mu = p everywhere
                info = G * (p * (1.0 - p)) + P
    else:
        b = np.asarray(start, np.float64).copy()
        eta = X @ b
    tr = None if unit else trials  # for the log likelihood
    ll = _penalised_loglik(eta, b, events, tr, pen, link)
    last_info, small = None, False
    for _ in range(maxiter):
        if small and last_info is not None:
            # near the optimum the information barely changes: the last one is reused (a
            # chord step; it contracts the distance left by about the last step's size)
            info = last_info
        if link == "logit":  # w1 = 1: the terms of link_terms without its temporaries
            mu = np.clip(expit(eta), 1e-300, 1.0 - 1e-16)
            resid = events - (mu if unit else trials * mu)
            if info is None:
                v = mu * (1.0 - mu)
                info = _weighted_gram(X, v if unit else trials * v, buf=buf) + P
        else:
            mu, w1, _ = link_terms(eta, link)
            resid = (events - trials * mu) * w1
            if info is None:
                info = _weighted_gram(X, trials * w1 * w1 * mu * (1.0 - mu), buf=buf) + P
        grad = X.T @ resid - pen * b
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            # a singular information matrix (a term whose fitted probabilities have all gone
            # to 0 or 1, unpenalised): the minimum-norm step leaves the flat directions alone;
            # the caller's separation check names the terms (as R's glm.fit goes on with a
            # pivoted QR instead of stopping)
            step = np.linalg.lstsq(info, grad, rcond=None)[0]
        last_info, info = info, None
        new_b = b + step
        new_eta = X @ new_b
        new_ll = _penalised_loglik(new_eta, new_b, events, tr, pen, link)
        halved = 0
        # a full step that lowers the objective (beyond rounding) is halved until it does not
        while not (new_ll >= ll - 1e-9 * (1.0 + abs(ll))) and halved < 40:
            step = step / 2.0
            halved += 1
            new_b = b + step
            new_eta = X @ new_b
            new_ll = _penalised_loglik(new_eta, new_b, events, tr, pen, link)
        if halved == 40 or not np.all(np.isfinite(new_b)):
            return b, False  # no step improves: not converged
        b, eta, ll = new_b, new_eta, new_ll
        rel = np.max(np.abs(step) / (1.0 + np.abs(b)))
        if not halved and rel < tol:
            return b, True
        small = not halved and rel < REUSE_INFORMATION_BELOW
    return b, False


def _penalised_loglik(eta, b, events, trials, pen, link) -> float:
    """Binomial log likelihood of the grouped data at ``eta`` minus ``pen * b^2 / 2`` (the
    objective :func:`newton_binary` raises; -inf where a probability is 0 or 1 at an event).
    ``trials`` None: one trial per row (the same sums as a vector of ones, bit for bit)."""
    if not np.all(np.isfinite(eta)):
        return -np.inf
    if trials is None and link != "logit":
        trials = np.ones_like(eta)
    if link == "logit":
        la = np.logaddexp(0.0, eta)
        ll = float(np.sum(events * eta - (la if trials is None else trials * la)))
    else:
        mu = np.clip(link_terms(eta, link)[0], 1e-300, 1.0 - 1e-16)
        ll = float(np.sum(events * np.log(mu) + (trials - events) * np.log1p(-mu)))
    return ll - 0.5 * float(np.sum(pen * b * b))


def observed_information(X: np.ndarray, events: np.ndarray, trials: np.ndarray,
                         params: np.ndarray, link: Link,
                         penalty: np.ndarray | None = None) -> np.ndarray:
    """Minus the Hessian of the log likelihood at ``params`` (observed information).

    ``X`` (n, k), ``events``/``trials`` (n,), ``params`` (k,), ``penalty`` (k,) or None; returns
    (k, k) float64. Raises ``ValueError`` for an unknown ``link`` (:func:`link_terms`).
    """
    mu, w1, dw1 = link_terms(X @ params, link)
    dmu = w1 * mu * (1.0 - mu)
    H = gram(X, trials * dmu * w1 - (events - trials * mu) * dw1)
    if penalty is not None:
        H = H + np.diag(penalty)
    return H


@dataclass
class BinaryGLMFit:
    """A fitted binary GLM (see :func:`fit_binary`).

    ``params``/``cov`` cover the estimated terms; ``not_identified`` maps every other term to
    the reason (no events / only events where it is 1, separation, collinear).
    """

    params: pd.Series
    cov: pd.DataFrame
    bread_inv: np.ndarray
    link: Link
    terms: list[str]
    not_identified: dict[str, str]
    n: int
    n_persons: int
    n_events: float
    loglike: float
    converged: bool
    n_rows_excluded: int = 0
    correction: str = DEFAULT_CORRECTION
    extra: dict = field(default_factory=dict)

    @property
    def bse(self) -> pd.Series:
        """Standard errors of the coefficients (square roots of the covariance's diagonal), by term."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    @property
    def dropped(self) -> list[tuple[str, str]]:
        """The terms the fit could not identify, as (term, reason) pairs."""
        return list(self.not_identified.items())

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom: observations minus estimated parameters (statsmodels'
        ``df_resid``, which acro checks against ``safe_dof_threshold``)."""
        return int(self.n) - sum(t not in self.not_identified for t in self.terms)

    def tidy(self, level: float = 0.95) -> pd.DataFrame:
        """Coefficient table (:data:`mia_helpers.core.results.TIDY_COLUMNS` plus ``n``,
        ``n_persons``, ``n_events``, ``df_resid``), one row per term (not identified terms
        flagged).

        ``level`` in (0, 1) (``ValueError`` otherwise, :func:`mia_helpers.core.check_level`).
        """
        est = self.params.reindex(self.terms).to_numpy()
        se = self.bse.reindex(self.terms).to_numpy()
        ident = np.array([t not in self.not_identified for t in self.terms])
        out = coefficient_table(self.terms, est, se, level, EXP_KIND[self.link], ident)
        out["n"] = self.n
        out["n_persons"] = self.n_persons
        out["n_events"] = self.n_events
        out["df_resid"] = self.df_resid
        return out


def _sub(X: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``X[rows][:, cols]`` without a copy when nothing is left out (large designs)."""
    if rows.all():
        return X if cols.all() else X[:, cols]
    return X[rows] if cols.all() else X[np.ix_(rows, cols)]


def _nothing_left(cols: np.ndarray, rows: np.ndarray, events: np.ndarray,
                  trials: np.ndarray) -> str:
    """Why no estimable model is left after the guards removed terms and rows ("" if one is).

    The reason names the outcome the rows left hold ("no events" or "only events"), not how
    many rows, events or trials: a trial is a person-period, so a few persons can make many
    (dpo25, lead25), and the reason is printed in warnings and tables."""
    if not cols.any():
        return "no term is left to estimate"
    if not rows.any():
        return "no row is left to fit"
    e, t = events[rows].sum(), trials[rows].sum()
    if e <= 0 or e >= t:
        return f"the rows left hold only one outcome ({'no' if e <= 0 else 'only'} events)"
    return ""


def _unidentified_fit(names: list[str], cols: np.ndarray, rows: np.ndarray,
                      not_ident: dict[str, str], events: np.ndarray, trials: np.ndarray,
                      link: Link, correction: Correction, why: str, model: str) -> BinaryGLMFit:
    """The fit when the guards left nothing to estimate: every term flagged not identified
    (``tidy()`` gives NaN estimates and bounds, ``identified=False``), ``converged=False``."""
    rest = [n for n, c in zip(names, cols, strict=True) if c]
    for term in rest:
        not_ident[term] = f"separation ({why})"
    warn_not_identified(
        f"{model}: nothing is left to fit after the identification guards ({why}); every term "
        f"{list(names)} is reported as not identified.")
    idx = pd.Index([], name="term", dtype=object)
    return BinaryGLMFit(
        params=pd.Series([], index=idx, dtype=np.float64),
        cov=pd.DataFrame(np.zeros((0, 0)), index=idx, columns=idx),
        bread_inv=np.zeros((0, 0)),
        link=link,
        terms=list(names),
        not_identified=not_ident,
        n=int(rows.sum()),
        n_persons=0,
        n_events=float(events[rows].sum()),
        loglike=float("nan"),
        converged=False,
        n_rows_excluded=int((~rows & (trials > 0)).sum()),
        correction=correction,
    )


def fit_binary(
    X: np.ndarray,
    events: np.ndarray,
    trials: np.ndarray | None = None,
    link: Link = "logit",
    names: list[str] | None = None,
    groups: np.ndarray | None = None,
    cluster_map: tuple[sp.spmatrix, sp.spmatrix] | None = None,
    n_obs: int | None = None,
    correction: Correction = DEFAULT_CORRECTION,
    start: np.ndarray | None = None,
    maxiter: int = 100,
    tol: float = 1e-10,
    model: str = "binary GLM",
) -> BinaryGLMFit:
    """Maximum likelihood binary GLM with guards and a cluster-robust covariance.

    Parameters
    ----------
    X : (n, k) design (no intercept added; include a constant or a full set of dummies).
    events, trials : (n,) float; ``events <= trials``. Bernoulli rows with weights ``w``:
        ``events = w * y``, ``trials = w`` (``trials=None`` means 1 per row).
    link : ``"logit"`` or ``"cloglog"``.
    names : term names (default ``x0, x1, ...``).
    groups : (n,) cluster labels of the rows (one person per row group); or
    cluster_map : ``(events_pc, trials_pc)``, sparse (persons x rows) counts of each person's
        events and trials in each row (grouped person-period cells: a row is shared by persons).
        Neither: each row is its own cluster (a heteroskedasticity-robust sandwich).
    n_obs : ``N`` of the small-sample factor (rows of the expanded data); default: the rows
        used (``cluster_map``: the trials of the rows used, i.e. person-periods).
    correction : small-sample factor of the sandwich (:mod:`mia_helpers.core.sandwich`).
    model : name used in warnings.

    Guards
    ------
    - no events or no non-events at all: ``ValueError``;
    - a 0/1 term with no events (or only events) where it is 1: its MLE is infinite; the term
      and those rows leave the fit (the limiting MLE of the other terms), a
      :class:`~mia_helpers.core.guards.NotIdentifiedWarning` names it and the direction ("no
      events" or "only events" where it is 1; no counts of rows, events or trials, which can
      be few persons' person-periods), and
      ``tidy()`` flags it ``identified=False``;
    - other (quasi-)complete separation (Konis's linear program, run when the fit does not
      converge or fitted probabilities reach 0/1): the terms along the separating direction are
      flagged likewise and the perfectly predicted rows leave the fit;
    - collinear or all-zero terms: dropped and listed with the reason (warning);
    - nothing left to fit after these guards (no term, no row, or one outcome left, e.g. a
      constant and a continuous covariate that separates the outcomes completely): a warning
      and a fit with every term flagged ``identified=False`` (NaN estimate and bounds,
      ``converged=False``, ``loglike`` NaN).

    Returns
    -------
    BinaryGLMFit

    Raises
    ------
    ValueError
        If ``names`` does not have one name per column of ``X``; if ``X`` holds NaN or infinite
        values (naming the terms); if there are no events or only events (the guard above);
        for an unknown ``link`` or ``correction``, fewer than two clusters, or ``n_obs`` not
        above the estimated terms (:func:`mia_helpers.core.sandwich.small_sample_factor`).

    References
    ----------
    The project's own Fisher-scoring solver (:func:`newton_binary`), tested against
    ``statsmodels.GLM(family=Binomial(link), freq_weights=w)`` with ``cov_type="cluster"``;
    separation check after Konis (:func:`mia_helpers.core.guards.separation_direction`).
    """
    X = np.asarray(X, np.float64)
    n_rows, k = X.shape
    events = np.asarray(events, np.float64)
    trials = np.ones(n_rows) if trials is None else np.asarray(trials, np.float64)
    names = list(names) if names is not None else [f"x{j}" for j in range(k)]
    if len(names) != k:
        raise ValueError(f"{model}: {len(names)} names for {k} columns")
    if not np.all(np.isfinite(X)):
        bad = [names[j] for j in range(k) if not np.isfinite(X[:, j]).all()]
        raise ValueError(f"{model}: non-finite values in term(s) {bad}")
    if events.sum() <= 0 or events.sum() >= trials.sum():
        raise ValueError(f"{model}: needs both outcomes; "
                         f"{'no' if events.sum() <= 0 else 'only'} events among its rows: "
                         "every row has the same outcome, as on a "
                         "small extract, a narrow subset or a short window; use a larger "
                         "extract or a longer window, or group the categories that select "
                         "the rows")
    rows = trials > 0
    cols = np.ones(k, bool)
    not_ident: dict[str, str] = {}
    # terms without events (or without non-events) where they are 1
    while True:
        found = pure_indicator_terms(_sub(X, rows, cols), events[rows], trials[rows],
                                     [n for n, c in zip(names, cols, strict=True) if c])
        if not found:
            break
        col_idx = np.flatnonzero(cols)
        for j, term, e, _t in found:
            kind = "no events" if e == 0 else "only events"
            # the direction, not the counts: the trials are person-periods, and many of them
            # can be one person's quarters (dpo25: "(0 events in 24 trials)" was one person)
            not_ident[term] = f"{kind} where it is 1"
            warn_not_identified(
                f"{model}: term {term!r} is not identified: {kind} among the rows where it is 1 "
                "(quasi-complete separation). Its estimate is "
                "reported as NaN (identified=False) and those rows are left out of the fit.")
            rows &= X[:, col_idx[j]] == 0
            cols[col_idx[j]] = False
    params = None
    for _round in range(2):
        keep, dropped = independent_columns(_sub(X, rows, cols), trials[rows],
                                            [n for n, c in zip(names, cols, strict=True) if c])
        for term, reason in dropped:
            not_ident[term] = reason
            warn_not_identified(f"{model}: term {term!r} dropped: {reason}.")
        col_idx = np.flatnonzero(cols)
        cols[col_idx[~keep]] = False
        left = _nothing_left(cols, rows, events, trials)
        if left:
            return _unidentified_fit(names, cols, rows, not_ident, events, trials, link,
                                     correction, left, model)
        Xu = _sub(X, rows, cols)
        params, converged = newton_binary(Xu, events[rows], trials[rows], link, None
                                          if start is None else np.asarray(start)[cols],
                                          maxiter, tol)
        eta = Xu @ params
        if _round == 1 or (converged and np.all(np.abs(eta[np.isfinite(eta)]) < SEPARATION_ETA)
                           and np.all(np.isfinite(params))):
            break
        b = separation_direction(Xu, events[rows], trials[rows])
        if b is None:
            break
        sep_terms = [str(n) for n, c in zip(np.array(names)[cols], b != 0, strict=True) if c]
        xb = Xu @ b
        sep_rows = np.abs(xb) > 1e-9 * max(1.0, np.abs(xb).max())
        for term in sep_terms:
            not_ident[term] = "separation (estimate infinite)"
        warn_not_identified(
            f"{model}: (quasi-)complete separation: term(s) {sep_terms} have infinite estimates; "
            "the rows they predict perfectly are left out; the terms are reported as not "
            "identified.")
        r_idx = np.flatnonzero(rows)
        rows[r_idx[sep_rows]] = False
        col_idx = np.flatnonzero(cols)
        cols[col_idx[b != 0]] = False
    Xu = _sub(X, rows, cols)
    ev, tr = events[rows], trials[rows]
    H = observed_information(Xu, ev, tr, params, link)
    Hinv = np.linalg.inv(H)
    mu, w1, _ = link_terms(Xu @ params, link)
    if cluster_map is not None:
        E_pc, T_pc = (sp.csr_matrix(m)[:, np.flatnonzero(rows)] for m in cluster_map)
        A = E_pc.multiply(w1[None, :]) - T_pc.multiply((w1 * mu)[None, :])
        S = np.asarray(sp.csr_matrix(A) @ Xu)
        present = np.asarray(T_pc.sum(axis=1)).ravel() > 0
        S = S[present]
        n_default = int(round(tr.sum()))
    else:
        sc = Xu * ((ev - tr * mu) * w1)[:, None]
        if groups is None:
            S = sc
        else:
            g = np.asarray(groups)[rows]
            _, inv = np.unique(g, return_inverse=True)
            S = np.zeros((int(inv.max()) + 1, Xu.shape[1]))
            np.add.at(S, inv.ravel(), sc)
        n_default = int(rows.sum())
    N = n_default if n_obs is None else int(n_obs)
    c = small_sample_factor(S.shape[0], N, Xu.shape[1], correction)
    cov = c * (Hinv @ (S.T @ S) @ Hinv)
    llf = float(np.sum(ev * np.log(mu) + (tr - ev) * np.log1p(-mu)))
    used = [n for n, c_ in zip(names, cols, strict=True) if c_]
    idx = pd.Index(used, name="term")
    return BinaryGLMFit(
        params=pd.Series(params, index=idx),
        cov=pd.DataFrame(cov, index=idx, columns=idx),
        bread_inv=Hinv,
        link=link,
        terms=names,
        not_identified=not_ident,
        n=N,
        n_persons=int(S.shape[0]),
        n_events=float(ev.sum()),
        loglike=llf,
        converged=bool(converged),
        n_rows_excluded=int((~rows & (trials > 0)).sum()),
        correction=correction,
    )


def find_separation(
    X: np.ndarray, events: np.ndarray, trials: np.ndarray, names: list[str],
    eta: np.ndarray | None = None, converged: bool = True, event_word: str = "events",
) -> str:
    """Describe terms whose maximum likelihood estimate does not exist, for fits that keep
    every term (penalised propensity logits) and only need to say so.

    Checks 0/1 terms without events / non-events where they are 1 (always; cheap) and runs
    Konis's linear program (:func:`mia_helpers.core.guards.separation_direction`) when the fit
    did not converge or ``|eta|`` exceeds :data:`SEPARATION_ETA`. ``event_word`` names the
    outcome in the message (e.g. "treated" for a propensity logit). The message names the term
    and the direction, not how many events and rows lie behind it: those can be a few persons
    (or one person's person-periods), and the message is printed as a warning.

    Returns
    -------
    str
        Empty if nothing was found, else e.g. ``"term 'origin[x]' has no events where it is
        1"``.

    ``X`` (n, k) covariates without intercept, ``events``/``trials`` (n,) float, ``names`` (k,),
    ``eta`` (n,) fitted linear predictor or None. Raises nothing of its own.
    """
    X = np.asarray(X, np.float64)
    found = [f"term {t!r} has {'no ' + event_word if e == 0 else 'only ' + event_word} where "
             "it is 1" for _, t, e, _ in pure_indicator_terms(X, events, trials, names)]
    if not found and (not converged or (eta is not None and np.abs(eta).max() > SEPARATION_ETA)):
        Xc = np.column_stack([np.ones(len(X)), X])
        b = separation_direction(Xc, events, trials)
        if b is not None:
            terms = [str(t) for t, v in zip(["(intercept)", *names], b, strict=True) if v != 0]
            found.append(f"(quasi-)complete separation along term(s) {terms}")
    return "; ".join(found)
