"""Single-risk-set nearest-neighbour matching with R MatchIt's specification.

This module reproduces, for one risk set, what R's ``MatchIt`` documents for

    matchit(treat ~ x1 + ... , data, distance = "glm", method = "nearest", replace = TRUE,
            ratio = k, caliper = c, std.caliper = TRUE)

so that the book's engine (:mod:`mia_helpers.matching`, which matches risk set by risk set on the
*logit* of the score within exact strata) can be held against the package users trust. The
pieces, each vectorised (no loop over units):

- **distance**: the propensity score on the probability scale, ``predict(glm(..., family =
  binomial(logit)), type = "response")``: an unpenalised maximum-likelihood logit with an
  intercept; character or categorical covariates enter as R's treatment-contrast dummies (levels
  sorted, first level dropped) (:func:`model_matrix`, :func:`matchit_propensity`).
- **caliper**: with ``std.caliper = TRUE`` the caliper is in standard deviations of the distance,
  ``caliper * sd(distance)``, the sample SD (denominator n - 1) over *all* units, treated and
  control (MatchIt's ``process.caliper``: ``sd(distance[!discarded])``). A pair is allowed when
  ``|ps_t - ps_c| <= caliper`` (MatchIt drops a candidate only when the distance is *greater*).
- **matching with replacement**: every treated unit receives its ``ratio`` nearest distinct
  controls within the caliper; with replacement no treated unit's matches depend on another's,
  so MatchIt's greedy order (``m.order``) is irrelevant and the search is one sorted search.
  Treated units without any control inside the caliper are unmatched (weight 0).
- **ties**: among controls at equal distance the one first in data order is taken. This is
  what MatchIt's distance-matrix path does for ``ratio = 1`` (``nn_matchC`` scans the controls
  in data order and keeps the first minimum). For ``ratio > 1`` MatchIt picks the ``ratio``
  nearest controls with ``std::partial_sort``, which is not stable: among *exactly* equidistant
  controls it may take a different one (with ratio 2 and two controls equidistant from a
  treated unit at the boundary of its ``ratio`` nearest, MatchIt picks the other one). The
  difference is not reproduced; it is confined to exact ties of the distance (with a continuous
  propensity score: controls with identical covariate rows, hence identical scores) and changes
  a weight only between tied controls, so the ATT differs only by the outcome difference of
  those tied controls times their share of the weight; ``ties="sorted"`` instead follows the sorted scan of MatchIt's vector path
  (``nn_matchC_vec``: a stable sort of all units by distance; the nearest available control to
  the left and to the right of the treated unit are compared and the left one wins ties).
- **weights** (MatchIt's ``weights.matrix``): matched treated units get 1; a control gets the sum,
  over the treated units it is matched to, of 1 / (number of controls matched to that treated
  unit); control weights are then rescaled to sum to the number of matched controls.
- **ATT**: the weighted difference in means, ``coef(lm(y ~ treat, weights = weights))``
  (:func:`weighted_att`).

Known MatchIt defects this module does *not* copy (``tests/test_matchit_reference.py`` pins
them down against the committed reference values): MatchIt 4.5.1 (Debian bookworm's
``r-cran-matchit``; the defect is reported for 4.5.1-4.5.3 as MatchIt issue #163) behaves on its
vector path as if score distances went through an integer ``abs()``, every distance below 1
counting as 0: the caliper is ignored, and each treated unit is matched to the control just
*below* it in the sorted scores instead of its nearest control (on lalonde 105 of 185 treated
units get a control that is not their nearest); and with ``replace = TRUE`` and ``ratio > 1``
every treated unit gets the same control ``ratio`` times. Passing MatchIt its own
scores as a distance matrix (``distance = abs(outer(ps_t, ps_c, "-"))``) uses the matrix path,
which has neither defect: that is the reference this module reproduces exactly.

Public API
----------
- :func:`model_matrix` - R's ``model.matrix`` of a data frame (treatment contrasts).
- :func:`matchit_propensity` - maximum-likelihood logit propensity scores.
- :func:`nearest_with_replacement` - the match matrix (``ratio`` controls per treated unit).
- :func:`matchit_weights` - MatchIt's matching weights from a match matrix.
- :func:`weighted_att` - the weighted difference in means.
- :func:`matchit_nearest` - all of the above: a :class:`MatchitResult`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit

from mia_helpers import core
from mia_helpers.matching import CALIPER_DDOF, fit_logit

__all__ = [
    "MatchitResult",
    "aliased_columns",
    "matchit_nearest",
    "matchit_propensity",
    "matchit_weights",
    "model_matrix",
    "nearest_with_replacement",
    "weighted_att",
]


def model_matrix(data: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """R's ``model.matrix`` of ``covariates`` without the intercept column.

    Numeric and boolean columns enter as they are; character (object) columns become factors with
    sorted levels and pandas categoricals keep their category order (R's factor levels); both
    are coded by treatment contrasts (one dummy per level but the first), named
    ``<column><level>`` as R names them.

    Returns
    -------
    pandas.DataFrame of float64, one row per row of ``data``.
    """
    core.require_complete(data, list(covariates), "model_matrix")
    cols: dict[str, np.ndarray] = {}
    for c in covariates:
        s = data[c]
        if isinstance(s.dtype, pd.CategoricalDtype) or s.dtype == object or s.dtype == "string":
            cat = s if isinstance(s.dtype, pd.CategoricalDtype) else pd.Categorical(
                s, categories=sorted(s.dropna().unique()))
            cat = pd.Categorical(cat)
            for j, level in enumerate(cat.categories[1:], start=1):
                cols[f"{c}{level}"] = (cat.codes == j).astype(np.float64)
        else:
            cols[c] = s.to_numpy(np.float64)
    return pd.DataFrame(cols, index=data.index)


def aliased_columns(X: np.ndarray, tol: float = 1e-11) -> np.ndarray:
    """(p,) bool: the columns of ``X`` (after an intercept) that are linear combinations of
    the intercept and the columns before them, as R's ``qr`` (LINPACK ``dqrdc2``, used by
    ``glm.fit``) finds them: a column whose residual on the columns before it has a norm below
    ``tol`` times its own norm is aliased (``glm.fit``'s tolerance ``min(1e-07, epsilon /
    1000)`` = 1e-11). The residual norms are the diagonal of one Householder QR of
    ``[1, X]`` (n x (p + 1), float64)."""
    X = np.asarray(X, np.float64)
    Z = np.column_stack([np.ones(len(X)), X])
    r = np.abs(np.diag(np.linalg.qr(Z, mode="r")))
    return (r <= tol * np.maximum(np.linalg.norm(Z, axis=0), 1e-300))[1:]


def matchit_propensity(X: np.ndarray, treat: np.ndarray, names: Sequence[str] | None = None
                       ) -> np.ndarray:
    """Propensity scores of ``distance = "glm"``: the maximum-likelihood logit with intercept.

    Parameters
    ----------
    X : (n, p) covariates without intercept (:func:`model_matrix`).
    treat : (n,) 0/1 treatment indicator.
    names : (p,) column names for warnings (default ``x0..``).

    Returns
    -------
    numpy.ndarray of P(treat = 1 | X), probability scale (MatchIt's ``distance``). Newton-Raphson
    without penalty, converged to a step below 1e-10, so the scores agree with R's ``glm`` to
    about 1e-9. Columns aliased with the intercept and earlier columns (a constant or a
    duplicated column; :func:`aliased_columns`) are dropped, with a
    :class:`~mia_helpers.core.NotIdentifiedWarning` naming them, as ``glm`` drops them (their
    coefficients are NA in R; the fitted scores do not depend on them).
    """
    X = np.asarray(X, np.float64)
    nm = list(names) if names is not None else [f"x{j}" for j in range(X.shape[1])]
    alias = aliased_columns(X)
    if alias.any():
        core.warn_not_identified(
            "MatchIt propensity logit: column(s) "
            f"{[n for n, a in zip(nm, alias, strict=True) if a]} are linear combinations of "
            "the intercept and earlier columns; dropped, as R's glm does (coefficient NA)")
        X = X[:, ~alias]
        nm = [n for n, a in zip(nm, alias, strict=True) if not a]
    eta = fit_logit(X, core.require_binary(treat, "treat"), ridge=0.0,
                    max_iter=100, tol=1e-10, names=nm, model="MatchIt propensity logit")[0]
    return expit(eta)


def _side_candidates(ps: np.ndarray, treat: np.ndarray, k: int, ties: str):
    """The k nearest controls on each side of every treated unit, in scan order.

    Returns (cand, dist, key): (n_treated, 2k) control positions (-1 = none), their distances
    and a tie key (smaller = preferred among equal distances).
    """
    n = ps.size
    idx = np.arange(n)
    t_idx = np.flatnonzero(treat)
    c_idx = np.flatnonzero(~treat)
    ts = ps[t_idx]
    steps = np.arange(1, k + 1)
    if ties == "sorted":
        # nn_matchC_vec: stable sort of all units by distance; scan outwards from the treated
        order = np.argsort(ps, kind="stable")
        rank = np.empty(n, np.int64)
        rank[order] = idx
        c_rank = np.sort(rank[c_idx])
        c_at = order[c_rank]  # control unit at each sorted control slot
        p = np.searchsorted(c_rank, rank[t_idx])  # first control slot to the right
        left_slot = p[:, None] - steps[None, :]
        right_slot = p[:, None] + steps[None, :] - 1
        left = np.where(left_slot >= 0, c_at[np.clip(left_slot, 0, None)], -1)
        right = np.where(right_slot < c_idx.size,
                         c_at[np.clip(right_slot, None, c_idx.size - 1)], -1)
        # left side wins ties, then nearer in scan order
        key_l = np.broadcast_to(steps, left.shape).astype(np.int64)
        key_r = key_l + 2 * k
    elif ties == "data":
        # nn_matchC on a distance matrix: first control in data order among equal distances.
        # Right side (ps >= t): sorted by (ps, index); left side (ps < t): by (ps, -index), so
        # scanning leftwards meets the lowest index of a tied group first.
        cps = ps[c_idx]
        r_order = np.lexsort((c_idx, cps))
        l_order = np.lexsort((-c_idx, cps))
        p = np.searchsorted(cps[r_order], ts, side="left")
        left_slot = p[:, None] - steps[None, :]
        right_slot = p[:, None] + steps[None, :] - 1
        left = np.where(left_slot >= 0, c_idx[l_order][np.clip(left_slot, 0, None)], -1)
        right = np.where(right_slot < c_idx.size,
                         c_idx[r_order][np.clip(right_slot, None, c_idx.size - 1)], -1)
        key_l, key_r = left, right
    else:
        raise ValueError("ties must be 'data' or 'sorted'")
    cand = np.hstack([left, right])
    dist = np.abs(ps[np.clip(cand, 0, None)] - ts[:, None])
    dist = np.where(cand >= 0, dist, np.inf)
    return cand, dist, np.hstack([key_l, key_r])


def nearest_with_replacement(
    ps: np.ndarray, treat: np.ndarray, ratio: int = 1, caliper: float | None = None,
    ties: str = "data",
) -> np.ndarray:
    """MatchIt's nearest-neighbour match matrix with replacement (one risk set, vectorised).

    Parameters
    ----------
    ps : numpy.ndarray
        (n,) float64 distance (propensity score) of every unit; all finite.
    treat : numpy.ndarray
        (n,) bool or 0/1, True for treated (the focal group of the ATT).
    ratio : int
        Controls per treated unit (distinct controls; a control may serve many treated).
    caliper : float or None
        Absolute caliper on the distance, in the units of ``ps`` (``None`` = none); pairs with
        ``|ps_t - ps_c| > caliper`` are not allowed.
    ties : str
        ``"data"`` (first control in data order among equal distances, MatchIt's matrix path)
        or ``"sorted"`` (MatchIt's vector-path scan, see the module docstring).

    Returns
    -------
    numpy.ndarray
        (n_treated, ratio) int64 array of control row positions, nearest first, one row per
        treated unit in data order; -1 where fewer than ``ratio`` controls lie within the
        caliper.

    Raises
    ------
    ValueError
        ``ratio`` below 1, a distance that is not finite, a ``caliper`` that is not > 0, or a
        ``treat`` that is not binary.

    References
    ----------
    R MatchIt 4.5.1 (Ho, Imai, King and Stuart 2011), ``method = "nearest"``,
    ``replace = TRUE``; agreement tested against ``tests/reference/matchit_*.R``.
    """
    ps = np.asarray(ps, np.float64)
    treat = core.require_binary(treat, "treat")
    if ratio < 1:
        raise ValueError("ratio must be >= 1")
    if not np.isfinite(ps).all():
        raise ValueError(f"distances must be finite ({int((~np.isfinite(ps)).sum())} are not)")
    if caliper is not None and not caliper > 0:
        raise ValueError(f"caliper must be > 0, got {caliper!r}")
    n1 = int(treat.sum())
    if n1 == 0 or n1 == treat.size:
        return np.full((n1, ratio), -1, np.int64)
    cand, dist, key = _side_candidates(ps, treat, ratio, ties)
    if caliper is not None:
        dist = np.where(dist <= caliper, dist, np.inf)
    pick = np.lexsort((key, dist), axis=1)[:, :ratio]
    chosen = np.take_along_axis(cand, pick, axis=1)
    ok = np.isfinite(np.take_along_axis(dist, pick, axis=1))
    return np.where(ok, chosen, -1).astype(np.int64)


def matchit_weights(match_matrix: np.ndarray, treat: np.ndarray) -> np.ndarray:
    """Matching weights as MatchIt computes them from a match matrix.

    Treated units with at least one match get 1, unmatched treated 0; a control gets the sum over
    its treated units of 1 / (number of controls matched to that treated unit), and the control
    weights are rescaled to sum to the number of controls with a positive weight.

    Parameters
    ----------
    match_matrix : (n_treated, ratio) control positions, -1 for none (treated in data order).
    treat : (n,) treatment indicator.

    Returns
    -------
    (n,) float64 weights.
    """
    treat = np.asarray(treat).astype(bool)
    mm = np.asarray(match_matrix)
    n = treat.size
    ok = mm >= 0
    n_m = ok.sum(axis=1)
    w = np.zeros(n)
    t_idx = np.flatnonzero(treat)
    w[t_idx[n_m > 0]] = 1.0
    share = np.broadcast_to((1.0 / np.maximum(n_m, 1))[:, None], mm.shape)
    wc = np.bincount(mm[ok], weights=share[ok], minlength=n)
    used = wc > 0
    if used.any():
        wc *= used.sum() / wc.sum()
    w[~treat] = wc[~treat]
    return w


def weighted_att(y: np.ndarray, treat: np.ndarray, weights: np.ndarray) -> float:
    """Weighted difference in means, the coefficient of ``lm(y ~ treat, weights = weights)``.

    With MatchIt's weights this is the matching estimate of the ATT, in the units of ``y``.
    """
    y = np.asarray(y, np.float64)
    t = np.asarray(treat).astype(bool)
    w = np.asarray(weights, np.float64)
    return float(np.average(y[t], weights=w[t]) - np.average(y[~t], weights=w[~t]))


@dataclass
class MatchitResult:
    """Output of :func:`matchit_nearest` (names follow MatchIt's ``matchit`` object).

    Attributes
    ----------
    distance : (n,) propensity scores.
    match_matrix : (n_treated, ratio) matched control positions (-1 none), treated in data order.
    weights : (n,) matching weights.
    caliper : absolute caliper used (``None`` = none).
    """

    distance: np.ndarray
    match_matrix: np.ndarray
    weights: np.ndarray
    caliper: float | None

    def att(self, y: np.ndarray, treat: np.ndarray) -> float:
        """Weighted difference in means of ``y`` (:func:`weighted_att`): the ATT, in the units
        of ``y``. Raises ``ValueError`` when no treated unit was matched (the ATT is
        undefined) or ``treat`` is not binary."""
        t = core.require_binary(treat, "treat")
        if not (self.weights[t] > 0).any():
            raise ValueError("no treated unit matched within the caliper: the ATT is undefined; "
                             "widen the caliper")
        return weighted_att(y, treat, self.weights)


def matchit_nearest(
    data: pd.DataFrame, treat: str, covariates: Sequence[str], ratio: int = 1,
    caliper: float | None = None, std_caliper: bool = True, ties: str = "data",
    distance: np.ndarray | None = None,
) -> MatchitResult:
    """``matchit(treat ~ covariates, distance = "glm", method = "nearest", replace = TRUE)``.

    Parameters
    ----------
    data : one risk set, one row per unit.
    treat : name of the 0/1 treatment column (treated = 1, the ATT's focal group).
    covariates : right-hand side of the propensity logit (:func:`model_matrix`).
    ratio : controls per treated unit.
    caliper : caliper on the distance; in SDs of the distance when ``std_caliper`` (the SD over
        all units, denominator n - 1), else absolute. ``None`` = none.
    ties : tie rule (:func:`nearest_with_replacement`).
    distance : precomputed propensity scores (skips the logit).

    Returns
    -------
    MatchitResult
        The distance (n,), the (n_treated, ratio) match matrix, MatchIt's weights (n,) and the
        absolute caliper.

    Raises
    ------
    ValueError
        A ``caliper`` that is not > 0, a treatment column that is not binary, or no treated
        unit matched within the caliper.

    References
    ----------
    R MatchIt 4.5.1 (Ho, Imai, King and Stuart 2011); tested against
    ``tests/reference/matchit_*.R``.
    """
    t = core.require_binary(data[treat], f"treatment column {treat!r}")
    if distance is None:
        mm_ = model_matrix(data, covariates)
        distance = matchit_propensity(mm_.to_numpy(), t, names=list(mm_.columns))
    distance = np.asarray(distance, np.float64)
    cal = None
    if caliper is not None and not caliper > 0:
        raise ValueError(f"caliper must be > 0, got {caliper!r}")
    if caliper is not None and np.isfinite(caliper):
        cal = float(abs(caliper) * (distance.std(ddof=CALIPER_DDOF) if std_caliper else 1.0))
    mm = nearest_with_replacement(distance, t, ratio=ratio, caliper=cal, ties=ties)
    if t.any() and not (mm >= 0).any():
        raise ValueError(f"no treated unit matched within the caliper ({caliper} "
                         f"{'SD of the distance' if std_caliper else 'absolute'}); widen it")
    return MatchitResult(distance, mm, matchit_weights(mm, t), cal)
