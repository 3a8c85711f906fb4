"""Dynamic (risk-set) matching on anyone's long-format panel.

This is the public, data-agnostic face of the book's matching engine. A *long-format panel* has
one row per person and period; the user names the columns:

- ``id``: the person; ``time``: the period, integers (consecutive within a person for the
  effects: a gap is an error there; add the missing periods with ``at_risk=False``);
- ``clock``: the elapsed duration ``u`` that defines the risk sets (default: ``time``), for
  instance weeks on a waiting list or quarters of unemployment; one row per person and ``u``;
- ``at_risk``: whether the row may enter the risk set at its ``u`` (default: every row);
- ``treatment_start``: True in the period the treatment starts; only a person's first start
  counts, rows after it never enter a risk set;
- ``covariates``: any columns of the panel, numeric, boolean, categorical or strings (pandas'
  string dtype included), *measured at or before the row's period* (the user's responsibility:
  a column holding a value from a later period is look-ahead; :func:`history` builds the usual
  "history up to ``u``" columns from earlier rows only).

:func:`dynamic_match` forms, for every value ``u`` of the clock, the risk set of rows at risk at
``u``: *treated* are the rows whose first treatment start falls in that row's period, the *pool*
are the rows of persons who have not started yet (they may start later: Sianesi's "now versus
later"). A logit propensity score of starting at ``u`` is fitted on the covariates (one logit per
risk set, or one pooled logit with risk-set dummies, the discrete-time hazard of starting), and
every treated row is matched with replacement to its ``k`` nearest pool rows on the score, within
exact strata and a caliper in standard deviations of the score. A person appears at most once per
risk set, so nobody is ever their own control.

:func:`dynamic_effects` then compares, for horizons ``h = 1 .. H`` periods after the start, the
cumulative incidence of the user's outcome (an event column: death, entry into work) among the
treated with that of their matched controls: ``now_vs_later`` (Sianesi 2004; controls may start
later) and ``now_vs_never`` (van den Berg & Vikstrom 2022; controls are censored at a later start,
undone by inverse probability of censoring weights), overall and by subgroup (``by=``), with
person-clustered linearized intervals (the default) or a person-clustered bootstrap. Censoring of the outcome comes from the user's window: a person is
observed through their last row (or ``window_end``); once the outcome has occurred, it is known for
every later horizon.

This module and the book's chapter 4-5 engine (``mia_helpers.matching.match``,
:func:`mia_helpers.effects.estimate_effects`) run one implementation: the risk-set rule
(:func:`mia_helpers.matching.no_start_before`), exact cells, propensity fits
(:func:`mia_helpers.matching.fit_propensity`), calipers, neighbour search and support counts of
``mia_helpers.matching``, and the estimation arrays, estimators and bootstrap
(:func:`mia_helpers.effects.effect_curves`) of ``mia_helpers.effects``. Only the input layer
differs: here the user's long panel and columns, there the MIA panel and a
:class:`~mia_helpers.matching.TreatmentSpec`. ``mia_helpers.matching.long_panel`` exports
the MIA panel as a plain long panel with the arguments under which these functions give the
chapters' numbers (tested to 1e-10).

Public API
----------
- :func:`dynamic_match` - risk sets, propensity scores, matching: a :class:`DynamicMatch`.
- :func:`dynamic_effects` - effects on the treated by horizon (and subgroup) from a match.
- :func:`history` - "history up to u" covariates from earlier rows of the same person.
- :class:`DynamicMatch` - the matched risk sets, pairs, common support and balance.

References
----------
Sianesi, B. (2004). An evaluation of the Swedish system of active labor market programs in the
1990s. *Review of Economics and Statistics* 86(1), 133-155. Lu, B. (2005). Propensity score
matching with time-dependent covariates. *Biometrics* 61(3), 721-728. Li, Y. P., Propert, K. J.,
Rosenbaum, P. R. (2001). Balanced risk set matching. *JASA* 96(455), 870-882. van den Berg, G. J.,
Vikstrom, J. (2022). Long-run effects of dynamically assigned treatments. *Econometrica*
90(3), 1337-1354. Ho, D., Imai, K., King, G., Stuart, E. (2011). MatchIt. *Journal of Statistical
Software* 42(8) (the caliper and weight conventions).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit

from mia_helpers.core.guards import NotIdentifiedWarning
from mia_helpers.core.levels import check_level
from mia_helpers.covariates import dummy_name
from mia_helpers.disclosure import check_min_cell
from mia_helpers.effects import (
    MIN_CONTROL_PERSONS,
    OutcomeArrays,
    _at_horizons,
    _check_interval_args,
    _period_term,
    effect_curves,
    estimation_arrays,
    resolve_interval,
)
from mia_helpers.matching import (
    MatchedRows,
    caliper_widths,
    exact_strata,
    fit_propensity,
    match_arrays,
    no_start_before,
    pairs_frame,
    smd_table,
    support_counts,
)
from mia_helpers.matchit_compat import nearest_with_replacement
from mia_helpers.words import counted, plural

__all__ = ["DynamicMatch", "dynamic_effects", "dynamic_match", "effect_at", "history"]

#: the time unit of :func:`dynamic_effects`' clock on any user's panel (plural, as
#: :func:`mia_helpers.effects.effect_curves` reads it), whatever the time column is called:
#: it names the baseline terms of the censoring (IPCW) logit in the warnings
CLOCK_UNIT = "periods"


def ipcw_term_label() -> str:
    """How the warnings of :func:`dynamic_effects` name the baseline terms of its censoring
    (IPCW) logit, the period number left out: ``"period[...]"`` (one term per period since
    the treatment start; ``quarter[...]`` is the book's own registers' name, not a user's).

    Appendix C's prose reads the name from here (seed46: it said ``quarter[...]`` beside
    warnings that print ``period[12]``)."""
    return f"{_period_term(CLOCK_UNIT)}[...]"

ESTIMANDS = ("now_vs_later", "now_vs_never")
_BIG = 1_000_000_000


# --------------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------------


def _need(data: pd.DataFrame, cols: dict[str, str | None]) -> None:
    for param, col in cols.items():
        if col is not None and col not in data.columns:
            raise KeyError(f"{param}={col!r} is not a column of the data; columns are "
                           f"{list(data.columns)}")


def _need_complete_keys(data: pd.DataFrame, id: str, time: str) -> None:
    """Refuse missing values in the person and period columns (api52): pandas codes a missing
    id -1, so every row without an id was read as one person ("16 duplicated rows", or, one
    person's rows, matched silently); a missing period made an integer column float."""
    for param, col in (("id", id), ("time", time)):
        n_na = int(data[col].isna().sum())
        if n_na:
            raise ValueError(f"{param}={col!r} has {counted(n_na, 'missing value')}; every "
                             "row needs its person and period: drop those rows or fill them")


def _bool_column(data: pd.DataFrame, col: str, param: str) -> np.ndarray:
    s = data[col]
    n_na = int(s.isna().sum())
    if n_na:
        raise ValueError(f"{param}={col!r} has {counted(n_na, 'missing value')}; it must be "
                         "True/False in every row")
    if not (pd.api.types.is_bool_dtype(s) or (pd.api.types.is_integer_dtype(s)
                                              and s.isin([0, 1]).all())):
        raise TypeError(f"{param}={col!r} must be boolean (or 0/1), got dtype {s.dtype}")
    return s.to_numpy().astype(bool)


def _is_categorical(s: pd.Series) -> bool:
    return (isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s)
            or s.dtype == object)


def _warn_numbers_as_text(column: str, values: np.ndarray, n_levels: int) -> None:
    """Warn when a text covariate holds only numbers (``"41.5"``, read from a CSV as text):
    it becomes one dummy per value, not a number; a categorical dtype says that codes such as
    ``"01"`` are meant as categories and is not warned about (user45)."""
    if n_levels < 2 or pd.to_numeric(pd.Series(values), errors="coerce").notna().sum() < len(values):
        return
    warnings.warn(
        f"covariate {column!r} is text whose every value is a number: it enters the propensity "
        f"logit as a category, {counted(n_levels, 'level')} "
        f"({counted(n_levels - 1, 'dummy', 'dummies')}), not as a number; "
        f"what to do: pd.to_numeric(data[{column!r}]) for a number, or "
        f"data[{column!r}].astype('category') to keep codes as categories", UserWarning,
        stacklevel=4)


def _design(rows: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """Float64 design matrix: numbers and booleans as they are; categoricals, strings and objects
    as treatment-contrast dummies (first level dropped; strings sorted, categoricals in category
    order), named ``column[level]`` (:func:`mia_helpers.covariates.dummy_name`, the book's
    one naming of dummies). Constant columns
    (within the risk-set rows) are dropped."""
    cols: dict[str, np.ndarray] = {}
    source: dict[str, str] = {}  # design column -> covariate
    for c in covariates:
        s = rows[c]
        if _is_categorical(s):
            if isinstance(s.dtype, pd.CategoricalDtype):
                cat = s.cat.remove_unused_categories()
                codes = cat.cat.codes.to_numpy()
                levels = list(cat.cat.categories)
            else:
                values = s.astype(object).to_numpy()
                try:
                    levels = sorted(pd.unique(values))
                except TypeError:  # api52: "'<' not supported between 'int' and 'str'"
                    kinds = sorted({type(v).__name__ for v in values})
                    raise TypeError(
                        f"covariate {c!r} mixes values of different types ({', '.join(kinds)}); "
                        f"give it one type, e.g. data[{c!r}].astype(str) for categories"
                    ) from None
                if pd.api.types.infer_dtype(values) != "boolean":  # True/False are no text
                    _warn_numbers_as_text(c, values, len(levels))
                codes = pd.Categorical(values, categories=levels).codes
            for j, level in enumerate(levels[1:], start=1):
                cols[dummy_name(c, level)] = (codes == j).astype(np.float64)
                source[dummy_name(c, level)] = c
        elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            cols[c] = s.to_numpy(np.float64)
            source[c] = c
        else:
            raise TypeError(f"covariate {c!r} has dtype {s.dtype}; use numbers, booleans, "
                            "categories or strings (convert dates to a number of periods)")
    keep = {k: v for k, v in cols.items() if v.size and v.min() != v.max()}
    kept = {source[k] for k in keep}
    constant = [c for c in covariates if c not in kept]
    if constant:  # api52: such a covariate left the logit and the balance table unsaid
        warnings.warn(
            f"dynamic_match: {plural(constant, 'covariate')} {constant} "
            f"{'takes' if len(constant) == 1 else 'take'} one value in every risk-set row; "
            f"{'it is' if len(constant) == 1 else 'they are'} left out of the propensity logit "
            "and the balance table (nothing to adjust for)", UserWarning, stacklevel=3)
    return pd.DataFrame(keep, index=rows.index)


# --------------------------------------------------------------------------------------------
# history up to u
# --------------------------------------------------------------------------------------------


def history(
    data: pd.DataFrame,
    *,
    id: str,
    time: str,
    column: str,
    how: str = "count",
    cap: int | None = None,
    include_current: bool = False,
) -> pd.Series:
    """A "history up to u" covariate from earlier rows of the same person (no look-ahead).

    Parameters
    ----------
    data : pandas.DataFrame
        Long-format panel, shape (n_rows, n_columns), one row per ``id`` and ``time`` (any row
        order); not modified.
    id : str
        Person column (any hashable dtype).
    time : str
        Period column, integers (periods: any unit, e.g. months).
    column : str
        A boolean (or 0/1 integer) column for ``how`` in ``count``/``ever``/``periods_since``;
        any numeric column for ``lag``.
    how : str
        - ``"count"``: number of earlier periods with ``column`` True (int64);
        - ``"ever"``: whether ``column`` was True in any earlier period (bool);
        - ``"periods_since"``: periods since the last earlier True, capped at ``cap`` (``cap``
          also when never; ``cap`` required) (int64);
        - ``"lag"``: the value of ``column`` in the person's previous row (NaN in the first row:
          fill it before matching, missing covariates are refused; a boolean column's lag is
          object dtype, True/False and NaN).
    cap : int, optional
        Upper bound of ``periods_since`` (periods).
    include_current : bool
        Also count the row's own period (only for values known at the start of the period;
        the default uses strictly earlier periods).

    Returns
    -------
    pandas.Series
        Shape (n_rows,), aligned with ``data.index``, named ``f"{column}_{how}"``; dtype int64
        (``count``, ``periods_since``, in periods or number of periods), bool (``ever``) or, for
        ``lag``, whose first row per person is NaN: float64 for a numeric column, object for a
        boolean one (True/False and NaN), the text dtype for text.

    Raises
    ------
    KeyError
        If ``id``, ``time`` or ``column`` is not a column of ``data`` (the message lists the
        columns).
    ValueError
        For an unknown ``how``, missing values in ``id`` or ``time``, a ``time`` that is not of
        an integer dtype (dates, fractions), duplicated (``id``, ``time``) rows, a missing ``cap`` with ``periods_since``, or missing
        values in ``column`` (``count``/``ever``/``periods_since``).
    TypeError
        If ``column`` is neither boolean nor 0/1 integers (``count``/``ever``/``periods_since``).

    Notes
    -----
    Own code (cumulative sums and forward fills within person, no loop over persons), tested
    on hand-computed values and, as a property test, for no look-ahead in
    ``tests/test_dynamic.py``. The
    "history up to u" covariates follow the risk-set matching literature (Li, Propert and
    Rosenbaum 2001; Lu 2005), where covariates may use the past but never the future of the
    row's period.
    """
    _need(data, {"id": id, "time": time, "column": column})
    if how not in ("count", "ever", "periods_since", "lag"):
        raise ValueError(f"how={how!r}; choose count, ever, periods_since or lag")
    _need_complete_keys(data, id, time)
    if not pd.api.types.is_integer_dtype(data[time]):  # dates, halves: never read silently
        raise ValueError(f"time={time!r} must hold integer periods, got dtype {data[time].dtype}")
    order = np.lexsort((data[time].to_numpy(), pd.factorize(data[id])[0]))
    d = data.iloc[order].reset_index(drop=True)  # by position: index labels may repeat
    g = pd.factorize(d[id])[0]
    tt = d[time].to_numpy()
    n_dup = int(((g[1:] == g[:-1]) & (tt[1:] == tt[:-1])).sum())
    if n_dup:
        raise ValueError(f"{n_dup} duplicated ({id!r}, {time!r}) {plural(n_dup, 'row')}; one "
                         "row per person and period")
    name = f"{column}_{how}"

    def in_data_order(values) -> pd.Series:
        out = pd.Series(values, name=name)
        return pd.Series(out.iloc[np.argsort(order, kind="stable")].to_numpy(), index=data.index,
                         name=name)

    if how == "lag":
        return in_data_order(d.groupby(g)[column].shift(1).to_numpy())
    x = _bool_column(d, column, "column")
    t = d[time].to_numpy().astype(np.int64)
    cnt = pd.Series(x.astype(np.int64)).groupby(g).cumsum().to_numpy()
    if not include_current:
        cnt = cnt - x
    if how == "count":
        val = cnt
    elif how == "ever":
        val = cnt > 0
    else:
        if cap is None:
            raise ValueError("how='periods_since' needs cap= (periods; also the value when never)")
        last = pd.Series(np.where(x, t, np.nan)).groupby(g).ffill().to_numpy()
        if not include_current:
            prev = pd.Series(last).groupby(g).shift(1).to_numpy()
            last = prev
        val = np.where(np.isnan(last), cap, np.minimum(t - np.nan_to_num(last), cap))
        val = val.astype(np.int64)
    return in_data_order(val)


# --------------------------------------------------------------------------------------------
# matching
# --------------------------------------------------------------------------------------------


@dataclass
class DynamicMatch(MatchedRows):
    """Output of :func:`dynamic_match`.

    Attributes
    ----------
    rows : pandas.DataFrame
        Risk-set rows (treated and pool of every risk set holding at least one of each; of
        every risk set with ``all_risk_sets``), one per person, spell and clock value, sorted by
        person (in order of first appearance) and time: the user's ``id``, ``time``, ``clock``,
        covariate, exact and ``spell`` columns, plus ``risk_set`` (int code, in clock order;
        one code for all clocks >= ``max_clock``), ``treated`` (bool), ``stratum``
        (exact-matching cell, int), ``score`` (logit propensity score), ``distance`` (the
        matched-on score: logit or probability), ``pooled_score`` (bool: the pooled logit
        was used) and ``panel_row`` (position in ``panel``).
    X : pandas.DataFrame
        (n_rows, p) float64 design matrix of the covariates (dummies of categorical and
        string columns named ``column[level]``, first level dropped).
    pairs : pandas.DataFrame
        One row per treated-control match: ``treated``, ``control`` (positions in ``rows``),
        ``weight`` (1 / number of controls of that treated), ``distance`` (absolute).
    support : pandas.DataFrame
        Per risk set: ``risk_set``, ``clock``, ``n_treated``, ``n_pool``, ``n_matched``,
        ``n_dropped`` (treated without a pool member in stratum and caliper), ``caliper``
        (absolute, in units of ``distance``).
    balance : pandas.DataFrame
        Standardised mean differences before and after matching
        (:func:`mia_helpers.matching.smd_table`).
    excluded : dict
        Counts of records not used, by reason: ``rows_after_first_start`` (of the spell),
        ``rows_not_at_risk``, ``starts_not_at_risk``, ``treated_without_pool`` (treated rows
        in a risk set without pool), ``pool_rows_without_treated``.
    panel : pandas.DataFrame
        The user's panel sorted by ``id`` and ``time`` (for :func:`dynamic_effects`).
    columns : dict
        The column names passed (``id``, ``time``, ``clock``, ``at_risk``,
        ``treatment_start``).
    k : int
        Controls per treated row.
    caliper : float or None
        Caliper as passed (SD units when ``std_caliper``).
    distance_scale : str
        ``"logit"`` or ``"probability"``.
    covariates : list of str
        The covariate columns.
    not_identified : list of str
        The propensity logit's warnings about terms it cannot identify (no treated or no
        pool rows where a dummy is 1, separation); the scores stay finite through the ridge,
        but such a term's coefficient is not an estimate. Empty when all terms are identified.
    """

    rows: pd.DataFrame
    X: pd.DataFrame
    pairs: pd.DataFrame
    support: pd.DataFrame
    balance: pd.DataFrame
    excluded: dict[str, int]
    panel: pd.DataFrame
    columns: dict[str, str]
    k: int
    caliper: float | None
    distance_scale: str
    covariates: list[str] = field(default_factory=list)
    not_identified: list[str] = field(default_factory=list)

    def _later_starts(self, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        """Per matched pair: the control's person id, and whether that control starts the
        treatment within ``horizon`` periods after its risk set."""
        tcol, pcol = self.columns["time"], self.columns["id"]
        start = _bool_column(self.panel, self.columns["treatment_start"], "treatment_start")
        first = (self.panel.loc[start].groupby(pcol)[tcol].min())
        rows = self.rows.iloc[self.pairs["control"].to_numpy()]
        fs = rows[pcol].map(first).to_numpy(np.float64)  # NaN: never starts
        return rows[pcol].to_numpy(), (fs - rows[tcol].to_numpy()) <= horizon

    def later_start_share(self, horizon: int) -> float:
        """Share of matched controls who start the treatment themselves within ``horizon``
        periods after their risk set (weighted by the matching weights of the pairs): how
        "later" the now-versus-later comparison is. In ``[0, 1]``; NaN without pairs.
        ``horizon``: periods of the user's clock (int)."""
        _, later = self._later_starts(horizon)
        w = self.pairs["weight"].to_numpy()
        return float((w * later).sum() / w.sum()) if w.sum() > 0 else float("nan")

    def later_start_persons(self, horizon: int) -> tuple[int, int]:
        """Distinct matched control persons who start the treatment themselves within
        ``horizon`` periods after their risk set, and distinct ones who do not (a person
        matched in several risk sets may count in both): the two groups behind
        :meth:`later_start_share`, which is published only when both hold ``min_cell``
        persons (:func:`mia_helpers.claims.later_share_phrase`)."""
        ids, later = self._later_starts(horizon)
        return int(pd.unique(ids[later]).size), int(pd.unique(ids[~later]).size)

    def matchit_weights(self) -> np.ndarray:
        """Weights on MatchIt's scale: control weights rescaled to sum to the number of matched
        controls (MatchIt's ``weights.matrix``); same ATT as :meth:`control_weights`."""
        w = self.control_weights()
        c = ~self.rows["treated"].to_numpy(bool)
        used = c & (w > 0)
        if used.any():
            w = w.copy()
            w[c] *= used.sum() / w[c].sum()
        return w


def _match_data_order(dist, stratum, rset, treated, k, cal):
    """Pairs with MatchIt's tie rule (first control in data order), one (risk set, stratum)
    cell at a time; returns (treated_pos, control_pos, distance)."""
    cell = pd.factorize(pd.MultiIndex.from_arrays([rset, stratum]))[0]
    order = np.argsort(cell, kind="stable")
    bounds = np.searchsorted(cell[order], np.arange(cell.max() + 2))
    t_all, c_all = [], []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        idx = order[a:b]  # rows of the cell, in data order
        tr = treated[idx]
        if not tr.any() or tr.all():
            continue
        c = cal[rset[idx[0]]]
        mm = nearest_with_replacement(dist[idx], tr, ratio=k,
                                      caliper=None if not np.isfinite(c) else c, ties="data")
        ok = mm >= 0
        t_all.append(np.repeat(idx[tr], ok.sum(axis=1)))
        c_all.append(idx[mm[ok]])
    if not t_all:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros(0)
    tp, cp = np.concatenate(t_all), np.concatenate(c_all)
    return tp, cp, np.abs(dist[tp] - dist[cp])


def _check_k(k: object) -> int:
    """``k`` (controls per treated) must be an integer >= 1."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k={k!r}: the number of controls per treated must be an integer >= 1")
    if k < 1:
        raise ValueError(f"k={k}: need at least one control per treated (an integer >= 1)")
    return int(k)


def _check_caliper(caliper: object) -> None:
    """``caliper`` must be None / inf (no caliper) or a number > 0 (as the chapter runner)."""
    if caliper is None:
        return
    if isinstance(caliper, bool) or not isinstance(caliper, (int, float, np.integer,
                                                             np.floating)):
        raise TypeError(f"caliper={caliper!r}: give a number > 0, or None for no caliper")
    if np.isnan(caliper) or caliper <= 0:
        raise ValueError(f"caliper={caliper!r}: the caliper must be a number > 0 (or None for "
                         "no caliper); 0 or a negative caliper would match nobody")


def _is_int(x: object) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def _check_effect_args(estimands: object, horizons: object, window_end: object,
                       min_cell: object) -> int | None:
    """Refuse what :func:`dynamic_effects` would otherwise read as something else (user45):
    a text for ``estimands`` or ``horizons`` (``"12"`` read as horizons 1 and 2), a horizon or
    ``window_end`` that is no integer (3.5 cut to 3, True read as 1), a ``min_cell`` that is
    no whole number >= 1 (a disclosure threshold, by the package's one rule,
    :func:`mia_helpers.disclosure.check_min_cell`). Returns ``min_cell`` as an int (None
    stays None)."""
    if isinstance(estimands, str):
        raise ValueError(f"estimands={estimands!r} is one text; give a list, e.g. "
                         f"[{estimands!r}], from {ESTIMANDS}")
    if isinstance(horizons, str) or not all(_is_int(h) for h in horizons):
        raise ValueError(f"horizons={horizons!r}: give a list of integers >= 1 (periods after "
                         "the start), e.g. [3, 6, 12]")
    if window_end is not None and not _is_int(window_end):
        raise ValueError(f"window_end={window_end!r}: give the last observed period as an "
                         "integer in the units of `time` (or None: the panel's last period)")
    return None if min_cell is None else check_min_cell(min_cell, "dynamic_effects")


def _check_match_args(covariates: object, exact: object, min_treated: object, ridge: object,
                      max_iter: object, std_caliper: object) -> None:
    """Refuse what :func:`dynamic_match` would otherwise read as something else (user45): a
    column name given as ``covariates`` or ``exact`` (read letter by letter), a ridge below 0
    or not finite (NaN scores were matched), ``max_iter`` or ``min_treated`` no integer >= 1,
    and a ``std_caliper`` that is no boolean (a text was read as True)."""
    for name, value in (("covariates", covariates), ("exact", exact)):
        if isinstance(value, str):
            raise ValueError(f"{name}={value!r} is one text; give a list of column names, e.g. "
                             f"[{value!r}]")
    for name, value in (("min_treated", min_treated), ("max_iter", max_iter)):
        if not _is_int(value) or value < 1:
            raise ValueError(f"{name}={value!r}: give an integer >= 1")
    if (isinstance(ridge, (bool, np.bool_)) or not isinstance(ridge, (int, float, np.number))
            or not np.isfinite(ridge) or ridge < 0):
        raise ValueError(f"ridge={ridge!r}: give a finite number >= 0 (0: maximum likelihood)")
    if not isinstance(std_caliper, (bool, np.bool_)):
        raise ValueError(f"std_caliper={std_caliper!r}: give True (caliper in standard "
                         "deviations of the distance) or False (in its units)")


def _check_ci_level(ci_level: object) -> float:
    """``ci_level`` strictly between 0 and 1 (:func:`mia_helpers.core.check_level`)."""
    try:
        return check_level(ci_level)
    except (TypeError, ValueError) as err:
        raise ValueError(f"ci_level={ci_level!r}: {err}") from None


def dynamic_match(
    data: pd.DataFrame,
    *,
    id: str,
    time: str,
    treatment_start: str,
    covariates: Sequence[str],
    clock: str | None = None,
    at_risk: str | None = None,
    exact: Sequence[str] = (),
    caliper: float | None = 0.2,
    std_caliper: bool = True,
    k: int = 1,
    distance: str = "logit",
    propensity: str = "pooled",
    min_treated: int = 20,
    ridge: float = 1e-4,
    ties: str = "score",
    score: str | None = None,
    spell: str | None = None,
    max_clock: int | None = None,
    all_risk_sets: bool = False,
    max_iter: int = 100,
) -> DynamicMatch:
    """Match, at every elapsed duration ``u``, those who start treatment to those not yet treated.

    Parameters
    ----------
    data : pandas.DataFrame
        Long-format panel, shape (n_rows, n_columns), one row per person (``id``) and period
        (``time``), any row order; not modified (a sorted copy is kept on the result).
    id : str
        Person column (any hashable dtype).
    time : str
        Period column, integers (periods: any unit); consecutive within a person for
        :func:`dynamic_effects` (gaps are allowed for matching alone).
    treatment_start : str
        Boolean (or 0/1 integer) column, True in the period the treatment starts; a person's
        first True is the start, rows after it never enter a risk set.
    covariates : sequence of str
        Columns entering the propensity logit (numeric, boolean, categorical, object or pandas
        string dtype; strings and categoricals become dummies, and text whose every value is
        a number, e.g. read from a CSV as text, is warned about), measured at or before the
        row's period (see :func:`history`).
    clock : str, optional
        Elapsed-duration column ``u`` that defines the risk sets (integers or any sortable
        values, in the user's unit; one row per person and ``u`` among at-risk rows); default
        ``time``.
    at_risk : str, optional
        Boolean (or 0/1) column: the row may enter the risk set at its ``u``; default all rows.
    exact : sequence of str
        Columns to match exactly on (pairs only within equal values of all of them).
    caliper : float or None
        Maximum score distance, in standard deviations of ``distance`` within the risk set
        (sample SD, denominator n - 1, over treated and pool, as MatchIt's ``std.caliper``), or
        absolute (units of ``distance``) when ``std_caliper=False``; ``None`` for none.
    std_caliper : bool
        Whether ``caliper`` is in SD units.
    k : int
        Controls per treated row, >= 1 (nearest first, with replacement: a control may serve
        many).
    distance : str
        ``"logit"`` (the linear predictor, the book's engine) or ``"probability"`` (MatchIt's
        default ``distance = "glm"``).
    propensity : str
        ``"per_risk_set"`` (one logit per ``u``; risk sets with fewer than ``min_treated``
        treated, or only treated, fall back to the pooled fit) or ``"pooled"`` (one logit over
        all risk sets with risk-set dummies: a discrete-time hazard of starting with a free
        baseline).
    min_treated : int
        See ``propensity`` (treated rows).
    ridge : float
        Penalty per observation on the standardised slopes of the logit
        (``mia_helpers.matching.fit_logit``); 0 = maximum likelihood (as R's ``glm``), the
        default 1e-4 keeps separated cells finite.
    ties : str
        Which of several equidistant pool rows is taken: ``"score"`` (the book's engine,
        :func:`mia_helpers.matching.nearest_neighbours`: the lower score first, then data order)
        or ``"data"`` (the first in data order, as MatchIt's distance-matrix path;
        :func:`mia_helpers.matchit_compat.nearest_with_replacement`). Data order is the order in
        which persons first appear in ``data``.
    score : str, optional
        Column holding a precomputed score to match on instead of fitting the logit (e.g. to
        reproduce another program's matching): on the scale of ``distance``, i.e. any finite
        number for ``"logit"`` (a log-odds, or a Cox linear predictor as in Lu 2005) and a
        probability in ``(0, 1)`` for ``"probability"``.
    spell : str, optional
        Column identifying spells (e.g. unemployment spells: a run of consecutive rows of one
        person with equal values): the first start *within each spell* is a treated row, and
        a person re-enters the risk sets in a later spell (the clock usually restarts there).
        Default: the person's whole history is one spell (only the first start counts). A row
        is never matched to a row of the same person, in any spell.
    max_clock : int, optional
        Clock values ``>= max_clock`` form one last risk set (long durations with few rows):
        one propensity score model for it, matched exactly on the clock value (a control at a
        shorter duration would be known to stay untreated until the treated's duration); a
        person may then have several rows in that risk set, never matched to each other.
    all_risk_sets : bool
        Keep the rows of risk sets without a treated row or without a pool row: they enter the
        pooled propensity logit (a discrete-time hazard of starting over every at-risk
        period), the support table and the bootstrap's persons, never a pair. Default False:
        such rows are dropped and counted in ``excluded``. (The book's chapter 4-5 engine,
        ``mia_helpers.matching.match``, keeps them.)
    max_iter : int
        Newton iterations of each propensity logit (``mia_helpers.matching.fit_logit``).

    Returns
    -------
    DynamicMatch
        ``rows`` (n_risk_set_rows rows: one per person and clock value in a risk set holding
        both treated and pool rows; float64 ``score`` and ``distance``), ``X`` (n_risk_set_rows
        x p float64 design), ``pairs`` (n_pairs rows: int64 positions in ``rows``, float64
        ``weight`` and ``distance``), ``support`` (one row per risk set), ``balance``,
        ``excluded`` (int counts by reason) and ``not_identified``; see :class:`DynamicMatch`.

    Raises
    ------
    KeyError
        If a named column (``id``, ``time``, ``clock``, ``at_risk``, ``treatment_start``, a
        covariate, an exact column, ``score`` or ``spell``) is missing from ``data``; the
        message lists the columns.
    ValueError
        For ``data`` without rows; ``covariates`` or ``exact`` given as one text (a column
        name: give a list); ``min_treated`` or ``max_iter`` no integer >= 1; ``ridge``
        negative or not finite; ``std_caliper`` no boolean; ``k < 1``; ``caliper`` 0, negative or NaN (``None`` means no caliper); an unknown
        ``distance``, ``propensity`` or ``ties``; ``max_clock`` not an integer >= 1;
        missing values in ``id`` or ``time``; non-integer ``time``; duplicated (id, time) rows; missing ``clock`` values or two
        at-risk rows of a person (and spell) with the same ``clock``; missing values in a flag column, a covariate or an
        exact column among the risk-set rows (naming the column and the count); a covariate
        that is also a structural column; a ``score`` column with non-finite values (or
        values outside (0, 1) for ``distance="probability"``); or no risk set holding both a
        treated and a pool row; infinite values in a covariate among the risk-set rows. All
        are raised before the logit is fitted. After matching:
        no treated unit matched (within the caliper, or, without one, no treated row with a
        pool row of another person in its risk set and exact cell).
    TypeError
        For ``k`` not an integer (e.g. 2.5) or ``caliper`` not a number; for a covariate of
        unusable dtype (e.g. dates) or mixing value types (numbers and text) or a flag column (``treatment_start``, ``at_risk``) that
        is neither boolean nor 0/1 integers.

    Warns
    -----
    NotIdentifiedWarning
        When the propensity logit cannot identify a term (a dummy with no treated or no pool
        rows, separation), naming the term and the risk set; the messages are also kept in
        ``DynamicMatch.not_identified``.
    UserWarning
        When ``covariates`` and ``exact`` are both empty (nothing to match on), when a
        covariate takes one value in every risk-set row (it is left out of the logit and the
        balance table), when a text covariate holds only numbers (it becomes one dummy per
        value), and when some
        matched treated rows got fewer than ``k`` controls (with their count).

    Notes
    -----
    Ties: among pool rows at equal distance the one with the lower score wins, then the first in
    data order (:func:`mia_helpers.matching.nearest_neighbours`); MatchIt's distance-matrix path
    takes the first in data order. The two agree whenever no controls are equidistant from a
    treated row on opposite sides. Known exception (see ``nearest_neighbours``): among more
    than ``k + m`` pool rows sharing one score *below* the treated row's, the pick is not the
    first in data order but depends on the search window.

    Agreement with reference implementations is tested in ``tests/test_dynamic.py`` and
    ``tests/test_matchit_reference.py``: MatchIt 4.5.1 (nearest neighbour with replacement,
    calipers, exact matching) and rsmatch 0.2.1's ``coxpsmatch`` (Lu 2005) given the same
    score; rsmatch matches optimally without replacement, this function takes the nearest
    controls with replacement, so the pairs differ where a control would be shared.

    References
    ----------
    Li, Y. P., Propert, K. J., Rosenbaum, P. R. (2001). Balanced risk set matching. *JASA*
    96(455), 870-882. Lu, B. (2005). Propensity score matching with time-dependent covariates.
    *Biometrics* 61(3), 721-728. Sianesi, B. (2004). *Review of Economics and Statistics*
    86(1), 133-155. Ho, D., Imai, K., King, G., Stuart, E. (2011). MatchIt. *Journal of
    Statistical Software* 42(8).
    """
    clock = time if clock is None else clock
    _check_match_args(covariates, exact, min_treated, ridge, max_iter, std_caliper)
    covariates = list(covariates)
    exact = list(exact)
    _need(data, {"id": id, "time": time, "clock": clock, "at_risk": at_risk,
                 "treatment_start": treatment_start})
    for c in covariates + exact:
        _need(data, {"covariates/exact": c})
        if c in (id, time, treatment_start, at_risk):
            raise ValueError(f"covariate {c!r} is a structural column (id, time, treatment_start "
                             "or at_risk); it cannot be a covariate")
    _check_k(k)
    _check_caliper(caliper)
    if not covariates and not exact:
        warnings.warn("dynamic_match: covariates=[] and exact=[]: nothing to match on; the "
                      "controls are picked among the risk set's pool by the tie rule alone "
                      "(equal scores), i.e. an unadjusted comparison", UserWarning, stacklevel=2)
    if distance not in ("logit", "probability"):
        raise ValueError(f"distance={distance!r}; choose 'logit' or 'probability'")
    if ties not in ("score", "data"):
        raise ValueError(f"ties={ties!r}; choose 'score' or 'data'")
    if score is not None:
        _need(data, {"score": score})
    if propensity not in ("per_risk_set", "pooled"):
        raise ValueError(f"propensity={propensity!r}; choose 'per_risk_set' or 'pooled'")
    _need_complete_keys(data, id, time)
    if not pd.api.types.is_integer_dtype(data[time]):
        raise ValueError(f"time={time!r} must hold integer periods, got dtype {data[time].dtype}")
    if not len(data):
        raise ValueError("data has no rows: nothing to match (one row per person and period, "
                         f"columns {list(data.columns)})")

    if spell is not None:
        _need(data, {"spell": spell})
    if max_clock is not None and (isinstance(max_clock, bool)
                                  or not isinstance(max_clock, (int, np.integer))
                                  or max_clock < 1):
        raise ValueError(f"max_clock={max_clock!r}: give an integer >= 1 (clock units) or None")

    # sort by person and period; structural checks
    pid = pd.factorize(data[id])[0]
    tt = data[time].to_numpy().astype(np.int64)
    order = np.lexsort((tt, pid))
    panel = data.iloc[order].reset_index(drop=True)
    pid, tt = pid[order], tt[order]
    same = pid[1:] == pid[:-1]
    n_dup = int((same & (tt[1:] == tt[:-1])).sum())
    if n_dup:
        raise ValueError(f"{n_dup} duplicated ({id!r}, {time!r}) {plural(n_dup, 'row')}; one "
                         "row per person and period")
    start = _bool_column(panel, treatment_start, "treatment_start")
    risk = (np.ones(len(panel), bool) if at_risk is None
            else _bool_column(panel, at_risk, "at_risk"))
    spell_code = None if spell is None else pd.factorize(panel[spell])[0]
    fresh = no_start_before(pid, start, spell_code)  # no earlier start in the spell
    in_rs = risk & fresh
    tr = start & in_rs
    excluded = {
        "rows_after_first_start": int((~fresh).sum()),
        "rows_not_at_risk": int((~risk & fresh).sum()),
        "starts_not_at_risk": int((start & fresh & ~risk).sum()),
    }
    u = panel[clock]
    if int(u[in_rs].isna().sum()):
        raise ValueError(f"clock={clock!r} has {counted(int(u[in_rs].isna().sum()), 'missing value')} in "
                         "at-risk rows")
    key = pd.DataFrame({"p": pid[in_rs], "u": u[in_rs].to_numpy()})
    if spell_code is not None:
        key["s"] = spell_code[in_rs]
    n_dupu = int(key.duplicated().sum())
    if n_dupu:
        raise ValueError(f"{counted(n_dupu, 'at-risk row')} "
                         f"{'repeats' if n_dupu == 1 else 'repeat'} a person's {clock!r} value"
                         + (" within a spell" if spell else "") + "; the clock must increase "
                         "within a person" + (" and spell" if spell else "") + " so that each "
                         "person is in a risk set once" + (" per spell" if spell else ""))
    u_rs = u if max_clock is None else u.where(u.isna(), np.minimum(u, max_clock))
    rset_code, rset_levels = pd.factorize(u_rs, sort=True)
    has_t = np.bincount(rset_code[tr], minlength=len(rset_levels)) > 0
    has_c = np.bincount(rset_code[in_rs & ~tr], minlength=len(rset_levels)) > 0
    if all_risk_sets:
        use = in_rs
        excluded["treated_without_pool"] = excluded["pool_rows_without_treated"] = 0
    else:
        use = in_rs & has_t[rset_code] & has_c[rset_code]
        excluded["treated_without_pool"] = int((tr & ~has_c[rset_code]).sum())
        excluded["pool_rows_without_treated"] = int((in_rs & ~tr & ~has_t[rset_code]).sum())
    if not (has_t & has_c).any():
        raise ValueError("no risk set holds both a treated row and a pool row: nothing to match")

    pos = np.flatnonzero(use)
    keep_cols = list(dict.fromkeys([id, time, clock, *covariates, *exact,
                                    *([score] if score else []), *([spell] if spell else [])]))
    rows = panel.loc[pos, keep_cols].reset_index(drop=True)
    for c in covariates + exact:
        n_na = int(rows[c].isna().sum())
        if n_na:
            raise ValueError(f"covariate/exact column {c!r} has {counted(n_na, 'missing value')} in "
                             "risk-set rows; fill or drop them (e.g. a 'missing' level) before "
                             "matching")
        if pd.api.types.is_float_dtype(rows[c]):
            n_inf = int(np.isinf(rows[c].to_numpy(np.float64)).sum())
            if n_inf:  # api52: the logit refused them without a count or a remedy
                raise ValueError(f"covariate/exact column {c!r} has {counted(n_inf, 'infinite value')}"
                                 " in risk-set rows; replace them (e.g. cap the value) before "
                                 "matching")
    _, rs_int = np.unique(rset_code[pos], return_inverse=True)
    rows["risk_set"] = rs_int.astype(np.int64)
    rows["treated"] = tr[pos]
    stratum = exact_strata([rows[c].astype(object) for c in exact], len(rows),
                           None if max_clock is None else rows[clock].to_numpy(), max_clock)
    rows["stratum"] = stratum
    rows["panel_row"] = pos
    X = _design(rows, covariates)
    y = rows["treated"].to_numpy().astype(np.float64)
    rset = rows["risk_set"].to_numpy()
    clocks = rset_levels[np.unique(rset_code[pos])]
    if score is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", NotIdentifiedWarning)
            lp, pooled_used = fit_propensity(
                X.to_numpy(np.float64), y, rset, pooled=propensity == "pooled",
                min_treated=min_treated, ridge=ridge, max_iter=max_iter, names=list(X.columns),
                set_names=list(clocks), dummy_prefix="clock")
        for w in caught:  # re-emit, and keep them on the result
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        not_identified = [str(w.message) for w in caught
                          if issubclass(w.category, NotIdentifiedWarning)]
    else:
        given = rows[score].to_numpy(np.float64)
        bad = ~np.isfinite(given)
        if distance == "probability":
            bad |= (given <= 0) | (given >= 1)
        if bad.any():
            raise ValueError(f"score={score!r} has {int(bad.sum())} values that are not finite"
                             + (" or outside (0, 1)" if distance == "probability" else "")
                             + " in risk-set rows")
        pooled_used = np.zeros(len(rows), bool)
        not_identified = []
        lp = np.log(given / (1 - given)) if distance == "probability" else given
    dist = lp if distance == "logit" else expit(lp)
    if score is not None:
        dist = rows[score].to_numpy(np.float64)
    rows["score"] = lp
    rows["distance"] = dist
    rows["pooled_score"] = pooled_used
    treated = rows["treated"].to_numpy(bool)
    cal_abs = caliper_widths(dist, rset, caliper, std_caliper)
    person = pd.factorize(rows[id])[0]
    if ties == "score":
        tp, cp, dd = match_arrays(dist, stratum, rset, treated, k, cal_abs, person)
    else:
        tp, cp, dd = _match_data_order(dist, stratum, rset, treated, k, cal_abs)
    if len(tp) == 0:
        if caliper is None:  # no caliper: no treated row has another person in its cell
            raise ValueError(
                f"no treated unit matched: none of the {int(treated.sum())} treated rows has a "
                "pool row of another person in its risk set and exact cell; pool more clock "
                "values (max_clock) or drop exact variables")
        raise ValueError(
            f"no treated unit matched within the caliper (caliper={caliper}"
            f"{' SD of the distance' if std_caliper else ' distance units'}, "
            f"{int(treated.sum())} treated rows); widen the caliper or set caliper=None")
    n_got = np.bincount(tp, minlength=len(rows))[treated]
    n_short = int(((n_got > 0) & (n_got < k)).sum())
    if n_short:
        warnings.warn(f"dynamic_match: k={k}, but {n_short} of {int((n_got > 0).sum())} matched "
                      f"treated rows got fewer than {k} controls (too few pool rows in their "
                      "risk set, exact cell or caliper); their controls share the weight",
                      UserWarning, stacklevel=2)
    pairs = pairs_frame(tp, cp, dd)
    support = support_counts(rset, treated, tp, cal_abs)
    support.insert(1, "clock", clocks)
    res = DynamicMatch(rows=rows, X=X, pairs=pairs, support=support, balance=pd.DataFrame(),
                       excluded=excluded, panel=panel,
                       columns={"id": id, "time": time, "clock": clock,
                                "at_risk": at_risk, "treatment_start": treatment_start},
                       k=k, caliper=caliper, distance_scale=distance, covariates=covariates,
                       not_identified=not_identified)
    res.balance = smd_table(res)
    return res


# --------------------------------------------------------------------------------------------
# effects
# --------------------------------------------------------------------------------------------


def _outcome_arrays(res: DynamicMatch, outcome: str, K: int, window_end: int | None,
                    count_start_period: bool, start_at_risk: str | None = None
                    ) -> OutcomeArrays:
    """E (periods to the outcome), S (to a later treatment start), A (last observed horizon),
    reg (at risk of starting at horizon l) of every risk-set row, relative to the origin
    ``o = t`` (or ``t - 1`` when the start period counts as horizon 1)."""
    cols = res.columns
    panel = res.panel
    y = _bool_column(panel, outcome, "outcome")
    pid = pd.factorize(panel[cols["id"]])[0]
    tt = panel[cols["time"]].to_numpy().astype(np.int64)
    n_gap = int(((pid[1:] == pid[:-1]) & (tt[1:] - tt[:-1] > 1)).sum())
    if n_gap:
        raise ValueError(f"{counted(n_gap, 'gap')} in {cols['time']!r} within persons: outcomes need every "
                         "period observed; add the missing periods (with at_risk=False and the "
                         "outcome as observed) or end the person's follow-up at the gap")
    n = len(panel)
    wend = int(tt.max()) if window_end is None else int(window_end)
    last_row = pd.Series(np.arange(n)).groupby(pid).transform("max").to_numpy()

    def next_time(flag: np.ndarray, strict_from: np.ndarray) -> np.ndarray:
        """time of the first flagged row at or after position strict_from (same person)."""
        v = np.where(flag, tt, _BIG)
        cm = pd.Series(v[::-1]).groupby(pid[::-1]).cummin().to_numpy()[::-1]
        ok = strict_from <= last_row_r
        return np.where(ok, cm[np.minimum(strict_from, n - 1)], _BIG)

    r = res.rows["panel_row"].to_numpy()
    last_row_r = last_row[r]
    t = tt[r]
    o = t - 1 if count_start_period else t
    ev = next_time(y, r if count_start_period else r + 1)
    ev = np.where(ev <= wend, ev, _BIG)
    st = next_time(_bool_column(panel, cols["treatment_start"], "treatment_start"), r + 1)
    E = np.where(ev < _BIG, ev - o, _BIG)
    S = np.where(st < _BIG, st - o, _BIG)
    follow = np.minimum(tt[last_row_r], wend)
    A = np.where(ev < _BIG, wend - o, follow - o)
    risk_col = cols["at_risk"] if start_at_risk is None else start_at_risk
    risk = (np.ones(n, bool) if risk_col is None
            else _bool_column(panel, risk_col, "start_at_risk" if start_at_risk else "at_risk"))
    ls = np.arange(1, K + 1)
    at = r[:, None] + ls[None, :] - (1 if count_start_period else 0)
    inside = at <= last_row_r[:, None]
    reg = risk[np.minimum(at, n - 1)] & inside & (o[:, None] + ls[None, :] <= wend)
    return OutcomeArrays(E.astype(np.int64), S.astype(np.int64), A.astype(np.int64), reg,
                         res.rows[cols["id"]].to_numpy(), K, o.astype(np.int64))


def _warn_unmodelled_starts(oa: OutcomeArrays, control: np.ndarray, column: str | None
                            ) -> None:
    """Warn where a matched control's later start of the treatment, within the horizons and
    observed, falls in a period the censoring risk set (``column``: ``start_at_risk``, else
    ``at_risk``) marks as not at risk: the "now versus never" censoring model gives such a
    period no hazard, so the censoring goes unmodelled and the estimate is biased, the failure
    issue 14 found for the newcomer steps (``benchmarks/never_censoring.py``; user43: a
    ``start_at_risk`` column False in every period passed without a word). The warning
    states no count (a caller's ``min_cell`` may protect it)."""
    rows = np.unique(np.asarray(control, np.int64))
    if column is None or rows.size == 0:
        return
    S = oa.S[rows]
    seen = (S >= 1) & (S <= oa.max_quarter) & (S <= oa.A[rows])
    if not seen.any():
        return
    r, s = rows[seen], S[seen]
    if (~oa.reg[r, s - 1]).any():
        warnings.warn(
            f"dynamic_effects: some matched controls start the treatment later in periods that "
            f"{column!r} marks as not at risk of a start; the \"now versus never\" censoring "
            "model gives those periods no hazard, so their censoring goes unmodelled and the "
            "estimate is biased; pass start_at_risk, a column True in every period in which a "
            "later start is possible (TreatmentSpec.later_start_at_risk for the MIA newcomer "
            "steps)", UserWarning, stacklevel=3)


def _effective_control_persons(res: DynamicMatch, tmask: np.ndarray) -> float:
    """Kish's effective number of the distinct control persons behind the matched pairs of
    the treated rows ``tmask`` ((n_rows,) bool over ``res.rows``): each person weighted by
    the sum of their pairs' matching weights; 0.0 without pairs."""
    t = res.pairs["treated"].to_numpy()
    keep = tmask[t]
    ctrl = res.pairs["control"].to_numpy()[keep]
    if not ctrl.size:
        return 0.0
    ids = pd.factorize(res.rows[res.columns["id"]].to_numpy()[ctrl])[0]
    per = np.bincount(ids, weights=res.pairs["weight"].to_numpy()[keep])
    return float(per.sum() ** 2 / (per ** 2).sum())


def dynamic_effects(
    match_result: DynamicMatch,
    *,
    outcome: str,
    horizons: Sequence[int],
    estimands: Sequence[str] = ESTIMANDS,
    by: str | None = None,
    window_end: int | None = None,
    count_start_period: bool = False,
    bootstrap: int = 0,
    seed: int = 0,
    ci_level: float = 0.95,
    n_jobs: int = 1,
    start_at_risk: str | None = None,
    interval: str | None = None,
    min_cell: int | None = None,
) -> pd.DataFrame:
    """Effects on the treated of starting now, on the cumulative incidence of ``outcome``.

    For a start in period ``t`` the outcome at horizon ``h`` is "the first ``outcome`` event after
    ``t`` falls in ``t+1 .. t+h``" (with ``count_start_period``: in ``t .. t+h-1``, for outcomes
    such as death that can happen in the start period itself). A row is observed at horizon
    ``h`` when the event has happened by then or the person is observed through ``t+h``
    (their last row, capped by ``window_end``): censoring comes from the user's window only.

    Parameters
    ----------
    match_result : DynamicMatch
        Output of :func:`dynamic_match`; its ``panel`` holds the outcome and ``by`` columns.
    outcome : str
        Boolean (or 0/1 integer) column of the panel, True in periods in which the event
        occurs.
    horizons : sequence of int
        Horizons (periods after the start, >= 1) to report; estimates are computed for every
        horizon up to the largest, H. The ``now_vs_never`` IPCW logit is fitted on the
        controls' periods 1..H (with period dummies), so its estimate at a horizon h < H can
        differ slightly between calls with different H (more periods inform the covariate
        coefficients); ``now_vs_later`` estimates at h do not depend on H. Pass the same
        largest horizon to compare runs.
    estimands : sequence of str
        ``"now_vs_later"`` (matched controls may start later) and/or ``"now_vs_never"``
        (controls censored at a later start, IPCW-corrected Kaplan-Meier).
    by : str, optional
        Column of the panel defining subgroups at the treated row (e.g. a categorical); every
        level is estimated on its own treated (with their own matched controls, on which the
        ``now_vs_never`` IPCW logit is fitted again; the naive estimator keeps the whole pool
        and the bootstrap resamples the subgroup design's persons), beside ``"all"``.
    window_end : int, optional
        Last period (in ``time`` units) in which the outcome is observed (default: the panel's
        last period).
    count_start_period : bool
        Count events in the start period as horizon 1.
    bootstrap : int
        Person-clustered bootstrap replications for ``interval="bootstrap"`` (0: none, hence
        NaN intervals with that method; 1 is refused); persons are resampled with all their
        risk-set rows and matching is repeated given the scores.
    seed : int
        Bootstrap seed (:class:`numpy.random.SeedSequence`).
    ci_level : float
        Level of the intervals, in (0, 1) (e.g. 0.95).
    n_jobs : int
        joblib workers of the bootstrap (the results do not depend on it).
    start_at_risk : str, optional
        Boolean (or 0/1) column: periods in which a person could start the treatment, for the
        ``now_vs_never`` model of later starts (the IPCW logit: a control's hazard of starting
        is 0 in periods outside it). Default: the match's ``at_risk`` column (all rows without
        one). The counterpart of ``TreatmentSpec.later_start_at_risk`` of the book's engine
        (``mia_helpers.matching.long_panel`` exports it as a column). Where a matched
        control starts later in a period outside it, a ``UserWarning``
        says that this censoring goes unmodelled and biases "now versus never" (the newcomer
        steps, which start while employed, issue 14).
    interval : str, optional
        ``"bootstrap"`` (percentile intervals of ``bootstrap`` replications; NaN when 0) or
        ``"linearized"`` (intervals on person-clustered linearized standard errors with the
        Student t quantile on their ``df``, ``bootstrap`` must be 0; see
        ``mia_helpers.effects.estimate_effects``). Default
        ``None``: the bootstrap when ``bootstrap > 0``, else linearized.
    min_cell : int, optional
        Disclosure threshold of the caller's tables. Where a level of ``by`` has fewer than
        ``min_cell`` treated, the warnings of the model fits name no level of ``by`` ("a
        group of age_group"): the table hides that group (and others, so that it cannot be
        recovered by subtraction), while a warning naming it ("group '55 plus': no interval
        where the treated or the controls show no variation ... at horizon 1") told that all or
        none of its few treated, or of their controls, had the event (dpo23, Appendix C,
        ``min_cell`` 10). Default None: the levels are named.

    Returns
    -------
    pandas.DataFrame
        One row per group x estimand x estimator x horizon (n_groups x n_estimands x 2 x
        len(set(horizons)) rows): ``group`` (str: ``"all"`` or the level of ``by``),
        ``estimand`` (str), ``estimator`` (str: ``matched``, or ``naive``: treated against the
        whole pool at the same ``u``), ``horizon`` (int, periods), ``treated_outcome`` and
        ``control_outcome`` (float64 cumulative incidence, shares in [0, 1], except the
        matched "now versus later" ``control_outcome``: a bias-corrected, regression-adjusted
        share, ``mia_helpers.effects.effect_curves``, that can lie outside [0, 1]),
        ``control_outcome_uncorrected`` (float64 share in [0, 1]: on the matched "now versus
        later" rows the controls' own, pair-weighted share who died before the correction,
        which times ``n_treated`` counts them in treated-equivalents, the count the
        disclosure rules of :mod:`mia_helpers.heart` read; equal to ``control_outcome`` on
        every other row), ``att_pp`` (float64 difference, percentage points), ``att_rel`` (float64, treated over
        control cumulative incidence minus one; NaN when the control incidence is 0 or below),
        ``se``,
        ``ci_low``, ``ci_high`` (float64 standard error and interval of the ``interval``
        method, percentage points; NaN for the bootstrap without replications), ``df``
        (float64 degrees of freedom of the linearized interval's Student t quantile, the
        effective number of persons behind the variance; NaN for the bootstrap),
        ``n_treated`` (int64 treated rows contributing at that horizon),
        ``point_identified`` (bool; False at a horizon without treated rows, which has no
        estimate) and ``unsupported_share`` (float64, the positivity
        diagnostic of the matched "now versus never": the share of the treated whose twins'
        modelled probability of not having started lies below 0.001; NaN for the other
        rows; where it is positive, ``point_identified`` is False and the interval is
        widened by the worst case for those treated, with a ``NotIdentifiedWarning``; see
        ``mia_helpers.effects.estimate_effects``), ``effective_controls`` (float64, the
        effective twins: the Kish count of the control persons behind the matched "now
        versus never" Kaplan-Meier; NaN for the other rows; below
        ``mia_helpers.effects.MIN_CONTROL_PERSONS`` (10, fixed), ``point_identified`` is
        False and the interval is the worst case, with a ``NotIdentifiedWarning``; its
        ``att_pp`` is kept but is not an estimate of the effect there).

    Warns
    -----
    UserWarning
        At horizons at which no treated row is observed (beyond every treated person's
        follow-up; their rows are NaN); where a matched control starts later in a period
        ``start_at_risk`` marks as not at risk; and where a group's matched "now versus
        later" controls are fewer than ``mia_helpers.effects.MIN_CONTROL_PERSONS`` (10)
        effective persons (Kish): its interval then understates the uncertainty, which the
        table does not flag.
    NotIdentifiedWarning
        Where a model term or an estimate is not identified (the IPCW logit's terms, too few
        effective twins, positivity, no variation in a group's outcomes).

    Raises
    ------
    KeyError
        For an ``outcome``, ``by`` or ``start_at_risk`` column missing from the panel (the
        message lists the columns).
    ValueError
        For ``ci_level`` not strictly between 0 and 1 (checked first); a ``bootstrap`` that
        is not a whole number, negative or 1; an unknown ``interval``, ``bootstrap > 0`` with ``interval="linearized"``; an unknown estimand or
        ``estimands`` given as one text; ``horizons`` given as a text or holding a value that
        is no integer (3.5, True); a ``window_end`` that is no integer; a ``min_cell`` that is
        no whole number >= 1 (10.0 is read as 10); no horizon or a horizon below 1, gaps in ``time`` within a
        person, missing values in ``outcome``, or missing values in ``by`` among treated rows.
    TypeError
        If ``outcome`` is neither boolean nor 0/1 integers.

    Notes
    -----
    Estimators of ``mia_helpers.effects`` (Sianesi 2004; van den Berg & Vikstrom 2022; IPCW
    after Robins & Finkelstein 2000); the bootstrap holds the scores, calipers and IPCW
    coefficients fixed (as ``mia_helpers.effects.estimate_effects`` does). The matching is
    repeated inside the estimators with the engine's tie rule (``ties="score"``); with
    ``ties="data"`` in :func:`dynamic_match` the pairs can differ only among equidistant
    controls.

    References
    ----------
    Sianesi, B. (2004). An evaluation of the Swedish system of active labor market programs in
    the 1990s. *Review of Economics and Statistics* 86(1), 133-155. van den Berg, G. J.,
    Vikstrom, J. (2022). Long-run effects of dynamically assigned treatments. *Econometrica*
    90(3), 1337-1354. Robins, J. M., Finkelstein, D. M. (2000). Correcting for noncompliance and
    dependent censoring in an AIDS clinical trial with inverse probability of censoring
    weighted (IPCW) log-rank tests. *Biometrics* 56(3), 779-788.
    """
    res = match_result
    ci_level = _check_ci_level(ci_level)
    interval = resolve_interval(interval, bootstrap)
    _check_interval_args(bootstrap, interval)
    _need(res.panel, {"outcome": outcome, "by": by, "start_at_risk": start_at_risk})
    min_cell = _check_effect_args(estimands, horizons, window_end, min_cell)
    for e in estimands:
        if e not in ESTIMANDS:
            raise ValueError(f"unknown estimand {e!r}; choose from {ESTIMANDS}")
    hz = sorted({int(h) for h in horizons})
    if not hz or hz[0] < 1:
        raise ValueError(f"horizons={list(horizons)}: need horizons >= 1 (periods)")
    K = hz[-1]
    oa = _outcome_arrays(res, outcome, K, window_end, count_start_period, start_at_risk)
    ea = estimation_arrays(res, res.columns["id"], "distance")
    if "now_vs_never" in estimands:
        _warn_unmodelled_starts(oa, ea.control, start_at_risk or res.columns["at_risk"])
    treated = ea.treated
    groups: list[tuple[str, np.ndarray]] = [("all", treated)]
    if by is not None:
        g = res.panel[by].to_numpy()[res.rows["panel_row"].to_numpy()]
        gs = pd.Series(g)
        n_na = int(gs[treated].isna().sum())
        if n_na:
            raise ValueError(f"by={by!r} has {counted(n_na, 'missing value')} among treated rows")
        for level in pd.unique(gs[treated]):
            groups.append((str(level), treated & (gs == level).to_numpy()))
    idx = np.array(hz) - 1
    out = []
    # a small group hidden by the caller's table must not be named by a fit's warning (nor
    # the groups hidden beside it): then no level of `by` is named
    anonymous = min_cell is not None and any(
        0 < int(m.sum()) < min_cell for _, m in groups[1:])
    for gname, tmask in groups:
        # a subgroup keeps its own treated rows and pairs and the whole pool (never other
        # treated rows); its IPCW logit is fitted on its own matched controls
        sub, keep = (ea, np.arange(len(treated))) if gname == "all" else ea.subset(tmask)
        label = (f"a group of {by}" if anonymous and gname != "all" else f"group {gname!r}")
        if ("now_vs_later" in estimands
                and _effective_control_persons(res, tmask) < MIN_CONTROL_PERSONS):
            # api52: 2 control persons for 60 treated gave a 30-point interval on df 27 and
            # point_identified True; "now versus never" flags the same twins (effect_curves)
            warnings.warn(
                f"dynamic_effects: {label}: the matched \"now versus later\" controls are "
                f"fewer than {MIN_CONTROL_PERSONS} effective persons (Kish, by matching "
                "weight); its interval does not show how few persons carry the control side: "
                "do not read it as precise (widen the caliper, raise k or pool groups)",
                UserWarning, stacklevel=2)
        curves = effect_curves(sub, oa.take(keep), estimands, bootstrap=bootstrap, seed=seed,
                               n_jobs=n_jobs, ci_level=ci_level, interval=interval,
                               label=label, period=CLOCK_UNIT)
        for (est, estimator), c in curves.items():
            out.append(pd.DataFrame({
                "group": gname, "estimand": est, "estimator": estimator, "horizon": hz,
                "treated_outcome": c["m1"][idx], "control_outcome": c["m0"][idx],
                "control_outcome_uncorrected": c["m0u"][idx],
                "att_pp": c["att"][idx], "att_rel": c["rel"][idx], "se": c["se"][idx],
                "ci_low": c["lo"][idx], "ci_high": c["hi"][idx], "df": c["df"][idx],
                "n_treated": c["n"][idx].astype(np.int64),
                # False at a horizon without treated too: effect_curves says so itself since
                # session 42 (rev45: this caller's own n > 0 check repeated it)
                "point_identified": c["point_identified"][idx],
                "unsupported_share": c["unsupported"][idx],
                "effective_controls": c["effective_controls"][idx],
            }))
    table = pd.concat(out, ignore_index=True)
    seen = table[table["group"] == "all"].groupby("horizon")["n_treated"].max()
    empty = seen.index[seen.to_numpy() == 0]
    if len(empty):  # api52: as estimate_effects warns; these rows were NaN without a word
        warnings.warn(f"dynamic_effects: no treated row is observed at {_at_horizons(empty)} "
                      "(every treated person's follow-up ends before); those rows are NaN "
                      "with n_treated 0 and point_identified False", UserWarning, stacklevel=2)
    return table


def effect_at(
    effects: pd.DataFrame, estimand: str, horizon: int, column: str = "att_pp",
    group: str = "all", estimator: str = "matched",
) -> float:
    """One number of a :func:`dynamic_effects` table (e.g. to quote it in the text).

    Parameters
    ----------
    effects : pandas.DataFrame
        Output of :func:`dynamic_effects` (possibly with suppressed cells, which come back as
        NaN).
    estimand : str
        ``"now_vs_later"`` or ``"now_vs_never"``.
    horizon : int
        Periods after the start.
    column : str
        The column (``att_pp``, ``ci_low``, ``treated_outcome``...), in that column's unit.
    group : str
        ``"all"`` or a level of ``by``.
    estimator : str
        ``"matched"`` or ``"naive"``.

    Returns
    -------
    float
        The cell as a Python float (NaN when the cell is suppressed or not numeric).

    Raises
    ------
    KeyError
        If no row or more than one row matches (the message names the selection), or
        ``column`` is not a column of ``effects``.
    """
    m = ((effects["estimand"] == estimand) & (effects["horizon"] == horizon)
         & (effects["group"] == group) & (effects["estimator"] == estimator))
    if int(m.sum()) != 1:
        raise KeyError(f"{int(m.sum())} rows for estimand={estimand!r}, horizon={horizon}, "
                       f"group={group!r}, estimator={estimator!r}; need exactly one")
    return float(pd.to_numeric(effects.loc[m, column], errors="coerce").iloc[0])
