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
- :func:`lalonde_comparison` - our engine and the chapter 4 engine against MatchIt's committed
  reference values on lalonde (:class:`LalondeComparison`, Appendix A's figures).
- :func:`peer_benchmark` - the committed timings of ``benchmarks/matchit_peer.py``
  (:data:`PEER_RESULTS`) and :func:`peer_benchmark_claims`, their figures for the prose.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

from mia_helpers import core
from mia_helpers.matching import CALIPER_DDOF, fit_logit
from mia_helpers.words import counted, plural

__all__ = [
    "LALONDE_COVARIATES",
    "LALONDE_SPECS",
    "LalondeComparison",
    "MatchitResult",
    "PEER_RESULTS",
    "aliased_columns",
    "lalonde_comparison",
    "matchit_nearest",
    "matchit_propensity",
    "matchit_weights",
    "model_matrix",
    "nearest_with_replacement",
    "peer_benchmark",
    "peer_benchmark_claims",
    "peer_benchmark_markdown",
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
        one = int(alias.sum()) == 1
        core.warn_not_identified(
            f"MatchIt propensity logit: {'column' if one else 'columns'} "
            f"{[n for n, a in zip(nm, alias, strict=True) if a]} "
            f"{'is a linear combination' if one else 'are linear combinations'} of "
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


# -- the comparison with MatchIt on lalonde (Appendix A) ------------------------------------

#: the committed reference folder (``tests/reference``, relative to the repository root)
LALONDE_REFERENCE = Path("tests") / "reference"
#: right-hand side of MatchIt's lalonde example (``tests/reference/matchit_lalonde.R``)
LALONDE_COVARIATES = ("age", "educ", "race", "married", "nodegree", "re74", "re75")
#: reference specification (MatchIt's distance-matrix path) -> keyword arguments of
#: :func:`matchit_nearest`
LALONDE_SPECS: dict[str, dict[str, Any]] = {
    "nearest_distmat": {},
    "caliper_distmat": {"caliper": 0.2},
    "ratio2_distmat": {"ratio": 2},
}


@dataclass(frozen=True)
class LalondeComparison:
    """Our engines against MatchIt's committed reference values on lalonde
    (:func:`lalonde_comparison`).

    Attributes
    ----------
    matchit_version, r_version : of the committed reference run (``matchit_lalonde.json``).
    n_units, n_treated : rows of ``lalonde.csv`` and its treated units.
    specs : specification -> keyword arguments of :func:`matchit_nearest`
        (:data:`LALONDE_SPECS`).
    reference : specification -> MatchIt's weighted ATT on re78 (US dollars of 1978), for the
        three distance-matrix specifications and MatchIt's default (vector) path ``"nearest"``,
        ``"caliper"``, ``"ratio2"``, as committed.
    ours : specification -> our ATT (:func:`matchit_nearest` with our own propensity scores).
    att_max_rel_diff : largest ``|ours - reference| / |reference|`` over the specifications.
    ps_max_diff : largest absolute difference between our propensity scores and MatchIt's
        (probability scale).
    weight_max_diff : specification -> largest absolute difference of a unit's matching weight.
    engine_att : specification -> ATT of the chapter 4 engine's neighbour search
        (:func:`mia_helpers.matching.nearest_neighbours`, one stratum, on MatchIt's scores, with
        MatchIt's weights).
    engine_differ : specification -> treated units whose matched controls (chapter 4 engine)
        differ from ours.
    engine_equally_near : specification -> whether every treated unit's matched distances are
        identical in both engines (the differing controls are equally near).
    """

    matchit_version: str
    r_version: str
    n_units: int
    n_treated: int
    specs: dict[str, dict[str, Any]]
    reference: dict[str, float]
    ours: dict[str, float]
    att_max_rel_diff: float
    ps_max_diff: float
    weight_max_diff: dict[str, float]
    engine_att: dict[str, float]
    engine_differ: dict[str, int]
    engine_equally_near: dict[str, bool]

    def glue_values(self, prefix: str = "a_mi_") -> dict[str, Any]:
        """Plain Python scalars for the book's prose, keyed ``prefix + name``: the version,
        counts, the caliper (SD) and ratio of the specifications, every ATT (reference, ours,
        chapter 4 engine), the largest differences and their power-of-ten bounds as text
        (``"1e-8"``; ``"0"`` when the difference is exactly zero)."""
        out: dict[str, Any] = {"matchit_version": self.matchit_version,
                               "n_treated": self.n_treated,
                               "caliper_sd": float(self.specs["caliper_distmat"]["caliper"]),
                               "ratio": int(self.specs["ratio2_distmat"]["ratio"])}
        for spec, value in self.reference.items():
            out[f"ref_{spec}"] = float(value)
        for spec, value in self.ours.items():
            out[f"ours_{spec}"] = float(value)
        for spec, value in self.engine_att.items():
            out[f"engine_{spec}"] = float(value)
            out[f"engine_differ_{spec}"] = int(self.engine_differ[spec])
        weight = max(self.weight_max_diff.values())
        out |= {"ps_max_diff": float(self.ps_max_diff), "ps_bound": _bound(self.ps_max_diff),
                "weight_max_diff": float(weight), "weight_bound": _bound(weight),
                "att_max_rel_diff": float(self.att_max_rel_diff),
                "att_bound": _bound(self.att_max_rel_diff)}
        return {prefix + k: v for k, v in out.items()}


def _bound(x: float) -> str:
    """The smallest power of ten at or above ``x`` >= 0, as text (``"1e-8"``); ``"0"`` for 0."""
    if not x >= 0:
        raise ValueError(f"a difference must be >= 0, got {x!r}")
    return "0" if x == 0 else f"1e{math.ceil(math.log10(x))}"


def _reference_folder(folder: str | Path | None) -> Path:
    if folder is not None:
        return Path(folder)
    from mia_helpers.data import project_root

    return project_root() / LALONDE_REFERENCE


def lalonde_comparison(folder: str | Path | None = None) -> LalondeComparison:
    """Run our engine and the chapter 4 engine on MatchIt's committed lalonde reference.

    Parameters
    ----------
    folder : folder holding ``lalonde.csv`` (the data, one row per unit),
        ``matchit_lalonde_units.csv`` (MatchIt's ``distance`` and weights ``w_<spec>`` per unit,
        in the data's row order) and ``matchit_lalonde.json`` (versions and, per
        specification, MatchIt's ATT); default the committed ``tests/reference`` of the
        repository (written by ``tests/reference/matchit_lalonde.R``).

    Returns
    -------
    LalondeComparison
        Computed, not asserted: ``tests/test_matchit_reference.py`` holds the values against
        the reference.

    Raises
    ------
    FileNotFoundError
        Naming the missing file of ``folder``.
    ValueError
        When the units file's ``id`` column does not follow the data's rows, or a column or
        specification is missing (named).
    """
    from mia_helpers.matching import nearest_neighbours

    root = _reference_folder(folder)
    files = [root / f for f in ("lalonde.csv", "matchit_lalonde_units.csv",
                                "matchit_lalonde.json")]
    for f in files:
        if not f.is_file():
            raise FileNotFoundError(f"MatchIt reference: {f} is missing (restore it with `git "
                                    f"checkout -- {LALONDE_REFERENCE}` or regenerate it with "
                                    "`Rscript tests/reference/matchit_lalonde.R <folder>`)")
    data, units = pd.read_csv(files[0]), pd.read_csv(files[1])
    ref = json.loads(files[2].read_text())
    need = ["id", "distance", *(f"w_{s}" for s in LALONDE_SPECS)]
    missing = [c for c in need if c not in units.columns]
    if missing:
        raise ValueError(f"MatchIt reference: {files[1].name} lacks "
                         f"{plural(missing, 'column')} {missing}")
    missing = [c for c in ("id", "treat", "re78", *LALONDE_COVARIATES) if c not in data.columns]
    if missing:
        raise ValueError(f"MatchIt reference: {files[0].name} lacks "
                         f"{plural(missing, 'column')} {missing}")
    if len(units) != len(data) or not (units["id"].to_numpy() == data["id"].to_numpy()).all():
        raise ValueError(f"MatchIt reference: {files[1].name}'s id column does not follow the "
                         f"rows of {files[0].name}")
    missing = [s for s in (*LALONDE_SPECS, "nearest", "caliper", "ratio2")
               if s not in ref.get("specs", {})]
    if missing:
        raise ValueError(f"MatchIt reference: {files[2].name} lacks "
                         f"{plural(missing, 'specification')} {missing}")
    treat = core.require_binary(data["treat"], "lalonde.csv column 'treat'")
    y = data["re78"].to_numpy(np.float64)
    ps_r = units["distance"].to_numpy(np.float64)
    mm_ = model_matrix(data, LALONDE_COVARIATES)
    ps = matchit_propensity(mm_.to_numpy(), treat, names=list(mm_.columns))
    ours, wdiff, e_att, e_diff, e_near = {}, {}, {}, {}, {}
    c_idx = np.flatnonzero(~treat)
    zeros_t, zeros_c = np.zeros(int(treat.sum()), np.int64), np.zeros(c_idx.size, np.int64)
    for spec, kwargs in LALONDE_SPECS.items():
        res = matchit_nearest(data, "treat", LALONDE_COVARIATES, distance=ps, **kwargs)
        ours[spec] = res.att(y, treat)
        wdiff[spec] = float(np.abs(res.weights - units[f"w_{spec}"].to_numpy()).max())
        # the chapter 4 engine on MatchIt's scores, against ours on the same scores
        ratio = int(kwargs.get("ratio", 1))
        cal = (float(kwargs["caliper"]) * ps_r.std(ddof=CALIPER_DDOF) if "caliper" in kwargs
               else None)
        idx, dist = nearest_neighbours(ps_r[treat], zeros_t, ps_r[~treat], zeros_c, ratio,
                                       np.inf if cal is None else cal)
        mm = np.where(idx >= 0, c_idx[np.clip(idx, 0, None)], -1)
        e_att[spec] = weighted_att(y, treat, matchit_weights(mm, treat))
        base = nearest_with_replacement(ps_r, treat, ratio, cal)
        d_base = np.where(base >= 0, np.abs(ps_r[np.clip(base, 0, None)] - ps_r[treat][:, None]),
                          np.inf)
        e_diff[spec] = int((mm != base).any(axis=1).sum())
        e_near[spec] = bool(np.array_equal(dist, d_base))
    reference = {s: float(ref["specs"][s]["att"])
                 for s in (*LALONDE_SPECS, "nearest", "caliper", "ratio2")}
    rel = max(abs(ours[s] - reference[s]) / abs(reference[s]) for s in LALONDE_SPECS)
    return LalondeComparison(
        matchit_version=str(ref.get("matchit_version", "unknown")),
        r_version=str(ref.get("r_version", "unknown")), n_units=len(data),
        n_treated=int(treat.sum()), specs={k: dict(v) for k, v in LALONDE_SPECS.items()},
        reference=reference, ours=ours, att_max_rel_diff=float(rel),
        ps_max_diff=float(np.abs(ps - ps_r).max()), weight_max_diff=wdiff, engine_att=e_att,
        engine_differ=e_diff, engine_equally_near=e_near)


# -- the speed benchmark against MatchIt (benchmarks/matchit_peer.py) -------------------------

#: the committed timings of ``benchmarks/matchit_peer.py`` (relative to the repository root),
#: written by ``python benchmarks/matchit_peer.py --out results/matchit_peer.json``
PEER_RESULTS = Path("results") / "matchit_peer.json"
_PEER_COLUMNS = ("units", "ours_s", "matchit_s")

#: the true average effect on the treated of the benchmark's data: ``benchmarks/matchit_peer.py``
#: (``risk_set``) adds this constant to every treated unit's outcome, so it is the ATT of every
#: data set the benchmark draws (outcome units; the estimates in ``results/matchit_peer.json``
#: are held against it in Appendix A). reader34: the prose compared the estimates with a
#: typed-in "1"; the generator now reads this constant.
PEER_TRUE_ATT: float = 1.0


def peer_benchmark(path: str | Path | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The committed timings of our engine against MatchIt (``benchmarks/matchit_peer.py``).

    Parameters
    ----------
    path : the results file (default :data:`PEER_RESULTS` in the repository): JSON with
        ``rows`` (one per size: ``units``, ``ours_s`` and ``matchit_s`` in seconds, ``ratio`` =
        MatchIt / ours, optional further columns) and the run's ``machine``, ``date``,
        ``matchit_version`` and ``source``.

    Returns
    -------
    (table, meta)
        table : one row per size, sorted by ``units``; ``ratio`` recomputed from the seconds
            when the file does not hold it; sizes MatchIt skipped have ``matchit_s`` NaN.
        meta : the file's other keys (machine, date, versions, source).

    Raises
    ------
    FileNotFoundError, ValueError
        Naming the file and the missing key or column.
    """
    from mia_helpers.data import project_root

    p = Path(path) if path is not None else project_root() / PEER_RESULTS
    if not p.is_file():
        raise FileNotFoundError(f"MatchIt benchmark results: {p} is missing (restore it with "
                                f"`git checkout -- {PEER_RESULTS}` or rerun "
                                f"`python benchmarks/matchit_peer.py --out {p}`)")
    obj = json.loads(p.read_text())
    if not isinstance(obj, dict) or not isinstance(obj.get("rows"), list) or not obj["rows"]:
        raise ValueError(f"MatchIt benchmark results: {p} holds no 'rows' list")
    table = pd.DataFrame(obj["rows"])
    missing = [c for c in _PEER_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"MatchIt benchmark results: {p}'s rows lack "
                         f"{plural(missing, 'column')} {missing}")
    table = table.sort_values("units", ignore_index=True)
    if "ratio" not in table.columns:
        table["ratio"] = table["matchit_s"] / table["ours_s"]
    return table, {k: v for k, v in obj.items() if k != "rows"}


def peer_benchmark_claims(path: str | Path | None = None, prefix: str = "a_peer_"
                          ) -> dict[str, Any]:
    """Plain Python scalars of :func:`peer_benchmark` for the prose, keyed ``prefix + name``:
    of the largest size MatchIt ran at (``big``) and the one before it (``mid``): ``n_*``
    units, ``ours_s_*`` and ``matchit_s_*`` seconds, ``matchit_min_*`` minutes, ``ratio_*``;
    and the run's ``date``, ``machine`` and ``matchit_version`` (text); ``speed`` and
    ``speed_detail`` (:func:`peer_speed_words`), ``att_words`` (:func:`peer_att_words`; a
    sentence saying the file holds none where its rows lack ``ours_att``),
    ``true_att`` (:data:`PEER_TRUE_ATT`) and ``command``, the command line that wrote the file
    (its ``command`` key; the default ``--out`` run where the file does not record it).

    Raises
    ------
    ValueError
        When MatchIt was timed at fewer than two sizes (naming the file).
    """
    table, meta = peer_benchmark(path)
    p_name = Path(path).name if path is not None else PEER_RESULTS.name
    timed = table[table["matchit_s"].notna()]
    if len(timed) < 2:
        raise ValueError(f"MatchIt benchmark results: {path or PEER_RESULTS} times MatchIt at "
                         f"{counted(timed, 'size')}; the prose compares two (rerun "
                         "benchmarks/matchit_peer.py with two or more sizes)")
    out: dict[str, Any] = {k: str(meta.get(k, "not recorded"))
                           for k in ("date", "machine", "matchit_version")}
    for name, row in (("mid", timed.iloc[-2]), ("big", timed.iloc[-1])):
        out |= {f"n_{name}": int(row["units"]), f"ours_s_{name}": float(row["ours_s"]),
                f"matchit_s_{name}": float(row["matchit_s"]),
                f"matchit_min_{name}": float(row["matchit_s"]) / 60,
                f"ratio_{name}": float(row["ratio"])}
    out["speed"] = peer_speed_words(timed)
    out["att_words"] = (peer_att_words(table) if "ours_att" in table.columns and
                        table["ours_att"].notna().any() else
                        f"{p_name} records no ATT estimates (rerun the benchmark with --out)")
    out["true_att"] = PEER_TRUE_ATT
    out["command"] = str(meta.get("command") or
                         f"python benchmarks/matchit_peer.py --out {PEER_RESULTS}")
    mid, big = timed.iloc[-2], timed.iloc[-1]
    out["speed_detail"] = (f"at {int(mid['units']):,} units ours took "
                           f"{duration_text(mid['ours_s'])} against MatchIt's "
                           f"{duration_text(mid['matchit_s'])}, and at {int(big['units']):,} "
                           f"units {duration_text(big['ours_s'])} against "
                           f"{duration_text(big['matchit_s'])}")
    return {prefix + k: v for k, v in out.items()}


def duration_text(seconds: float) -> str:
    """A recorded time for the prose: below a minute in seconds at two significant digits
    ("0.022 s", "1.2 s", "5.8 s"), else in minutes ("13 minutes"; one decimal below ten:
    "1.5 minutes"). Raises ``ValueError`` for a negative or missing time."""
    x = float(seconds)
    if not np.isfinite(x) or x < 0:
        raise ValueError(f"matchit_compat.duration_text: a time in seconds >= 0, got {seconds}")
    if x < 60:
        return f"{x:.2g} s"
    m = x / 60
    return f"{m:.0f} minutes" if m >= 10 else f"{m:.1f} minutes"


def peer_speed_words(timed: pd.DataFrame) -> str:
    """Which engine the benchmark found faster, from the recorded ratios (MatchIt's seconds
    over ours, ``ratio``) of the sizes MatchIt ran at (``timed``, sorted by ``units``): "Our
    implementation is also faster at each of the 3 sizes timed, MatchIt taking 15 to 675 times
    as long"; slower where every ratio is below 1 ("Our implementation is slower at each ...,
    taking 2 to 3 times as long as MatchIt"); else the sizes at which each is faster. It names
    the engine timed (read51: "It is also faster" followed a paragraph ending on the chapter 4
    engine, which the benchmark does not time). A ratio prints at two significant
    digits or as a whole number, as the file records it. No full stop.

    prose32: Appendix A read "It is also much faster", a judgement the file's ratios carry
    without the word "much". Raises ``ValueError`` for no timed size."""
    if timed.empty:
        raise ValueError("matchit_compat.peer_speed_words: no size at which MatchIt was timed")
    r = pd.to_numeric(timed["ratio"], errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(r).all() or (r <= 0).any():
        raise ValueError("matchit_compat.peer_speed_words: every ratio must be a positive "
                         f"number, got {list(timed['ratio'])}")

    def times(v: np.ndarray) -> str:
        lo, hi = (f"{x:.0f}" if x >= 10 else f"{x:.2g}" for x in (v.min(), v.max()))
        return f"{lo} times" if lo == hi else f"{lo} to {hi} times"
    each = (f"at {'the' if len(r) == 1 else f'each of the {len(r)}'} size"
            f"{'' if len(r) == 1 else 's'} timed")
    if (r > 1).all():
        return f"Our implementation is also faster {each}, MatchIt taking {times(r)} as long"
    if (r < 1).all():
        return f"Our implementation is slower {each}, taking {times(1 / r)} as long as MatchIt"
    units = timed["units"].to_numpy()
    fast = ", ".join(f"{int(u):,}" for u in units[r > 1]) or "no size"
    return (f"Neither is faster at every size timed: ours is faster at {fast} units, MatchIt "
            "at the others")


def _number_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def peer_att_words(table: pd.DataFrame, true_att: float = PEER_TRUE_ATT) -> str:
    """Both engines' ATT estimates in the benchmark against the generator's true ATT, as one
    sentence for Appendix A (no full stop): "The generator's true ATT is 1; ours estimated
    0.99, 1.00 and 1.00 at 20,000, 100,000 and 1,000,000 units, MatchIt 1.00, 1.01 and 1.01".

    Parameters
    ----------
    table : :func:`peer_benchmark`'s table (one row per size, sorted by ``units``) with
        ``ours_att`` and, where MatchIt ran, ``matchit_att`` (outcome units, two decimals).
    true_att : the generator's effect (default :data:`PEER_TRUE_ATT`), printed with ``:g``.

    Sizes without MatchIt's estimate are named apart ("MatchIt 1.00 and 1.01 at the first
    2", ...). Raises ``ValueError`` naming the missing column when ``ours_att`` is absent.
    """
    if "ours_att" not in table.columns or table["ours_att"].isna().all():
        raise ValueError("matchit_compat.peer_att_words: the benchmark's rows lack 'ours_att' "
                         "(rerun benchmarks/matchit_peer.py --out ...)")
    units = [f"{int(u):,}" for u in table["units"]]
    ours = [f"{v:.2f}" for v in table["ours_att"]]
    text = (f"The generator's true ATT is {true_att:g}; ours estimated {_number_list(ours)} "
            f"at {_number_list(units)} units")
    if "matchit_att" in table.columns and table["matchit_att"].notna().any():
        ran = table["matchit_att"].notna().to_numpy()
        theirs = _number_list([f"{v:.2f}" for v in table.loc[ran, "matchit_att"]])
        if ran.all():
            text += f", MatchIt {theirs}"
        else:
            where = _number_list([u for u, r in zip(units, ran, strict=True) if r])
            text += f", MatchIt {theirs} at {where} units"
    return text


def peer_benchmark_markdown(path: str | Path | None = None) -> str:
    """The README's "Against R's MatchIt" table of :func:`peer_benchmark`, as Markdown.

    One line per size: units (thousands separators), our seconds and MatchIt's to three
    significant digits, whole seconds from 100 s on (``"skipped"`` where MatchIt was not
    timed), and the ratio MatchIt / ours
    rounded to a whole number followed by ``x``. ``tests/test_ref32_readme_peer.py`` checks
    that the README holds exactly these lines, so the README and Appendix A (which glues
    :func:`peer_benchmark_claims`) read the same file.

    Raises
    ------
    FileNotFoundError, ValueError
        As :func:`peer_benchmark`.
    """
    def sec(v: float) -> str:  # 100 s and more as whole seconds, not 1.77e+03
        return f"{v:,.0f} s" if v >= 100 else f"{v:.3g} s"

    table, _ = peer_benchmark(path)
    lines = ["| units | ours | MatchIt | ratio |", "|---|---|---|---|"]
    for row in table.itertuples(index=False):
        timed = pd.notna(row.matchit_s)
        lines.append(f"| {int(row.units):,} | {sec(row.ours_s)} | "
                     + (f"{sec(row.matchit_s)} | {row.ratio:.0f}x |" if timed
                        else "skipped | - |"))
    return "\n".join(lines)
