"""Guards shared by every estimator: missing values, non-binary treatments, collinear terms,
terms without events and (quasi-)complete separation.

Each guard either refuses with a message naming the column / term and the counts, or returns
what it found so that the estimator can drop or flag the term and say so (a
:class:`NotIdentifiedWarning` plus ``identified=False`` in ``.tidy()``).

References
----------
Albert, A. and Anderson, J. A. (1984). On the existence of maximum likelihood estimates in
logistic regression models. Biometrika 71(1). Konis, K. (2007). Linear programming algorithms
for detecting separated data in binary logistic regression models. DPhil thesis, Oxford (the
linear program of :func:`separation_direction`, as in R's ``detectseparation``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


class NotIdentifiedWarning(UserWarning):
    """A term's maximum likelihood estimate does not exist (separation, no events) or the term
    was dropped (collinear); the warning names the term and the counts."""


def warn_not_identified(message: str) -> None:
    """Issue a :class:`NotIdentifiedWarning` (one place, so callers can filter one class)."""
    warnings.warn(message, NotIdentifiedWarning, stacklevel=3)


def require_complete(frame: pd.DataFrame, columns: Sequence[str], where: str) -> None:
    """Refuse missing values in ``columns`` of ``frame``.

    Raises
    ------
    ValueError
        Naming every column with missing values (None/NaN/NaT) and its count, and ``where``
        (the table or function), as R's MatchIt does; no value is recoded silently.
    """
    bad = {c: int(frame[c].isna().sum()) for c in columns if c in frame.columns}
    bad = {c: n for c, n in bad.items() if n}
    if bad:
        what = ", ".join(f"{c!r} ({n} of {len(frame)} rows)" for c, n in bad.items())
        raise ValueError(f"{where}: missing values in covariate(s) {what}; drop or impute "
                         "those rows explicitly before fitting")


def require_binary(values: ArrayLike, name: str) -> np.ndarray:
    """Return a treatment/outcome indicator as a bool array after checking it is coded 0/1.

    Raises
    ------
    ValueError
        If ``values`` holds missing values (count given) or any value other than 0/1 or
        False/True (the distinct values given).
    """
    if isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "biuf":
        # plain numeric arrays (the solvers' inner calls): the same checks without a Series
        v = values.astype(np.float64, copy=False)
        n_missing = int(np.isnan(v).sum()) if values.dtype.kind == "f" else 0
        if n_missing:
            raise ValueError(f"{name}: {n_missing} missing value(s) of {len(v)}; a treatment "
                             "indicator must be 0/1 for every row")
        other = np.unique(v[(v != 0) & (v != 1)])
        if other.size:
            raise ValueError(f"{name} must be coded 0/1, found value(s) {other[:5].tolist()}")
        return v == 1
    s = pd.Series(np.asarray(values) if not isinstance(values, pd.Series) else values)
    n_missing = int(s.isna().sum())
    if n_missing:
        raise ValueError(f"{name}: {n_missing} missing value(s) of {len(s)}; a treatment "
                         "indicator must be 0/1 for every row")
    try:
        v = s.to_numpy(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be coded 0/1, got values {sorted(map(str, s.unique()))[:5]}"
                         ) from None
    other = np.unique(v[(v != 0) & (v != 1)])
    if other.size:
        raise ValueError(f"{name} must be coded 0/1, found value(s) {other[:5].tolist()}")
    return v == 1


# --------------------------------------------------------------------------------------------
# collinearity
# --------------------------------------------------------------------------------------------
def unique_rows(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a finite 2-D array ``X`` (n, k), in lexicographic order, and
    the index (n,) of each row's distinct row: the result of
    ``np.unique(X, axis=0, return_inverse=True)`` (tested equal), by one ``np.lexsort`` of
    the columns instead of NumPy's sort of rows as opaque records, which took 3.8 s of a
    5.2 s multinomial fit on the book's data (speed20). Raises ``ValueError`` for an array
    that is not 2-D or holds NaN (NaN rows have no order here)."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"unique_rows: X must be 2-D, got shape {X.shape}")
    n = X.shape[0]
    if n == 0:
        return X.copy(), np.zeros(0, np.intp)
    if X.dtype.kind == "f" and np.isnan(X).any():
        raise ValueError("unique_rows: X holds NaN")
    order = np.lexsort(X.T[::-1])  # first column the primary key, as np.unique's row order
    s = X[order]
    new = np.empty(n, bool)
    new[0] = True
    new[1:] = (s[1:] != s[:-1]).any(axis=1)
    ids = np.cumsum(new) - 1
    inv = np.empty(n, np.intp)
    inv[order] = ids
    return s[new], inv


def gram(X: np.ndarray, w: np.ndarray, chunk: int = 262_144) -> np.ndarray:
    """``X' diag(w) X`` accumulated over row chunks in float64 (no full-size temporary)."""
    k = X.shape[1]
    G = np.zeros((k, k))
    for i in range(0, len(X), chunk):
        Xi = np.asarray(X[i:i + chunk], np.float64)
        G += Xi.T @ (Xi * w[i:i + chunk, None])
    return G


def independent_columns(
    X: np.ndarray, w: np.ndarray, names: Sequence[str] | None = None, tol: float = 1e-9
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Columns kept by a left-to-right rank check on the weighted Gram matrix.

    A column that is (numerically, relative residual below ``tol``) a linear combination of
    earlier columns is dropped with reason ``"collinear with earlier terms"``; a column that is
    zero on every row with positive weight with reason ``"no variation (zero in every row)"``.

    Returns
    -------
    keep : (k,) bool
    dropped : list of (term, reason)
    """
    k = X.shape[1]
    names = list(names) if names is not None else [f"x{j}" for j in range(k)]
    G = gram(X, np.asarray(w, np.float64))
    keep = np.zeros(k, bool)
    L = np.zeros((k, k))
    idx: list[int] = []
    dropped: list[tuple[str, str]] = []
    for j in range(k):
        if G[j, j] <= 0:
            dropped.append((names[j], "no variation (zero in every row)"))
            continue
        if idx:
            n = len(idx)
            y = np.linalg.solve(L[:n, :n], G[idx, j])
            r = G[j, j] - y @ y
        else:
            y = np.zeros(0)
            r = G[j, j]
        if r > tol * G[j, j]:
            n = len(idx)
            L[n, :n] = y
            L[n, n] = np.sqrt(r)
            idx.append(j)
            keep[j] = True
        else:
            dropped.append((names[j], "collinear with earlier terms"))
    return keep, dropped


# --------------------------------------------------------------------------------------------
# terms without events and separation (binary outcomes)
# --------------------------------------------------------------------------------------------
def pure_indicator_terms(
    X: np.ndarray, events: np.ndarray, trials: np.ndarray, names: Sequence[str]
) -> list[tuple[int, str, float, float]]:
    """0/1 columns whose rows (where the column is 1) hold no events, or only events: the
    maximum likelihood estimate of the term is -inf / +inf (quasi-complete separation).

    Returns
    -------
    list of (column index, term, events, trials) among the rows where the column is 1; an
    all-one column (intercept) is never reported here (a model without any event or without
    any non-event is refused by the solver instead).
    """
    X = np.asarray(X)
    events = np.asarray(events, np.float64)
    trials = np.asarray(trials, np.float64)
    one = X == 1
    # 0/1 columns that are neither all one nor all zero (one pass over X, no loop over rows)
    cand = (one | (X == 0)).all(axis=0) & one.any(axis=0) & ~one.all(axis=0)
    idx = np.flatnonzero(cand).tolist()
    if idx and X.ndim == 2 and _whole(events) and _whole(trials):
        # whole-number counts: a product with the 0/1 columns sums the same whole numbers
        # exactly, in any order, so it equals the per-column sums below bit for bit
        E, T = events @ X, trials @ X
        sums = [(float(T[j]), float(E[j])) for j in idx]
    else:
        sums = [(float(trials[one[:, j]].sum()), float(events[one[:, j]].sum())) for j in idx]
    out = []
    for j, (t, e) in zip(idx, sums, strict=True):
        if t > 0 and (e == 0 or e == t):
            out.append((j, names[j], e, t))
    return out


def _whole(x: np.ndarray) -> bool:
    """Finite whole numbers whose absolute sum stays below 2**53 (float64 sums of them are
    exact in any order)."""
    return bool(np.isfinite(x).all() and (x == np.trunc(x)).all()
                and np.abs(x).sum() < 2.0**53)


def separation_direction(
    X: np.ndarray, events: np.ndarray, trials: np.ndarray, tol: float = 1e-7
) -> np.ndarray | None:
    """Konis's (2007) linear program for (quasi-)complete separation of a binary GLM.

    Maximise ``sum_{rows with only events} x'b - sum_{rows with only non-events} x'b`` subject
    to ``x'b >= 0`` on rows with only events, ``x'b <= 0`` on rows with only non-events,
    ``x'b = 0`` on rows with both, and ``-1 <= b <= 1``. A positive optimum means the data are
    separated along ``b``: the likelihood keeps increasing along that direction and the
    estimates of the terms with non-zero ``b_j`` are infinite.

    Returns
    -------
    The direction ``b`` (k,) if the data are separated, else ``None``.
    """
    from scipy.optimize import linprog

    X = np.asarray(X, np.float64)
    has_e = events > 0
    has_n = (trials - events) > 0
    use = has_e | has_n
    X, has_e, has_n = X[use], has_e[use], has_n[use]
    # collapse identical rows (cells of a grouped design are often repeated)
    U, inv = unique_rows(X)
    e_u = np.bincount(inv, has_e, len(U)) > 0
    n_u = np.bincount(inv, has_n, len(U)) > 0
    only_e, only_n, both = e_u & ~n_u, n_u & ~e_u, e_u & n_u
    if not (only_e.any() or only_n.any()):
        return None
    scale = np.maximum(np.abs(U).max(axis=0), 1e-12)
    Us = U / scale  # column scaling keeps the LP well conditioned
    c = -(Us[only_e].sum(axis=0) - Us[only_n].sum(axis=0))
    A_ub = np.vstack([-Us[only_e], Us[only_n]])
    b_ub = np.zeros(len(A_ub))
    A_eq = Us[both] if both.any() else None
    b_eq = np.zeros(int(both.sum())) if both.any() else None
    res = linprog(c, A_ub=A_ub if len(A_ub) else None, b_ub=b_ub if len(A_ub) else None,
                  A_eq=A_eq, b_eq=b_eq, bounds=[(-1, 1)] * U.shape[1], method="highs")
    if res.status != 0 or -res.fun <= tol * max(1.0, len(U)):
        return None
    b = np.where(np.abs(res.x) > 1e-9, res.x, 0.0) / scale
    return b
