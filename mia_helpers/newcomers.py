"""Newcomers: civic integration (inburgering), MO, NT2 and VDAB activation (chapter 5).

Everything here reuses the dynamic-matching engine of chapter 4 (:mod:`mia_helpers.matching`,
:mod:`mia_helpers.effects`) through its parameters; nothing is matched a second way.

Risk sets and treatments
------------------------
- Clock: ``since_arrival`` = quarters since arrival (``u = 0`` in the arrival quarter).
- At risk: newcomers present and not employed at ``u``; for the contract also registered with
  the ABB (the agency that runs inburgering) in an earlier quarter, for MO also after the
  contract (each step can only follow the one before). Only the first start ever counts (``spell_col=None``).
  Without the ABB condition the controls of a contract signer include newcomers who cannot
  sign for a while yet; their "later" comes later than the starter's own, so the "now versus
  later" comparison charged the contract with part of the gain of signing in the next quarters
  (on the default synthetic data about twice the generator's truth, issue 14).
- Treatments (:data:`mia_helpers.codes.NEWCOMER_TREATMENTS`): the contract signed
  (inburgering), the start of social orientation (MO) and of a Dutch course (NT2); outcome:
  entry into stable *regular* employment (``stable_regular_job_start``), as in the generator's
  ``truth/newcomer_effects.parquet``.
- Work permits: ``labour_market_access`` (false for non-EU newcomers before their first permit)
  is time-varying; treated and controls are matched exactly on it at ``u``.
- Exact cells (:data:`NEWCOMER_EXACT`): sex, labour-market access and calendar year; for the
  contract also the residence ground, which sets the integration obligation.
- VDAB measures among newcomers (:func:`measure_specs`): the chapter 4 specs (registration clock,
  first start in a registration spell, outcome stable employment) with ``population="newcomer"``;
  truth: the newcomer rows of ``truth/activation_effects.parquet``.

Estimates
---------
- naive and matched (``now_vs_later``, ``now_vs_never``): :func:`newcomer_effects` (= the chapter
  4 :func:`~mia_helpers.effects.activation_effects` with the specs above).
- No "activation-controlled" effect. An earlier version fitted a hazard on the matched sample
  with terms for VDAB participation *after* the start and called its treated terms the
  controlled direct effect. Those terms condition on mediators that the treatment and the
  outcome path shape, and the g-computation carried each starter's own treatment-affected path
  forward: no defined estimand (issue 14). A controlled direct effect with later VDAB
  participation set to none needs a sequential g-formula or inverse-probability weighting of
  the mediator (Robins 1986; VanderWeele 2015) and a generator truth re-simulated with later
  VDAB starts switched off; neither exists yet, so nothing is reported.
- Feeder role (:func:`feeder_periods`, :func:`feeder_hazard`): a discrete-time logit of the first
  VDAB measure start among non-working newcomers by quarters since arrival, with time-varying
  indicators of an integration contract and of an NT2 course started in an earlier quarter, by
  residence ground and origin (fitted with :func:`mia_helpers.hazard.fit_hazard`), and its
  cumulative incidence curves.

References
----------
Sianesi (2004); van den Berg & Vikstrom (2022); Allison (1982) and Jenkins (1995) for the
discrete-time hazard; VIONA MIA study (2020) for the findings reproduced.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers.effects import (
    EffectsResult,
    activation_effects,
)
from mia_helpers.matching import TreatmentSpec

if TYPE_CHECKING:
    from mia_helpers.disclosure import Protected
    from mia_helpers.hazard import HazardFit

__all__ = [
    "FEEDER_COVARIATES",
    "NEWCOMER_EXACT",
    "NEWCOMER_MEASURES",
    "effect_curves",
    "feeder_curves",
    "feeder_hazard",
    "feeder_periods",
    "feeder_table",
    "measure_comparison",
    "measure_specs",
    "newcomer_effects",
    "newcomer_panel",
    "newcomer_specs",
]

#: VDAB measures compared between newcomers and residents
NEWCOMER_MEASURES = ("workplace_learning_ibo", "training_vocational", "workplace_learning_other")
#: exact-matching cells of each newcomer step (:func:`newcomer_specs`; calendar year is added
#: by the engine). The contract is also matched exactly on the residence ground: the ground
#: sets the integration obligation (family and asylum migrants must sign) and is among the
#: strongest predictors of job entry, and with the score alone the twins' residence grounds
#: were balanced only on average. Appendix A's Monte Carlo found the matched "now versus
#: later" effect 2.0-2.4 Monte Carlo SE above the truth without this cell, and about half of
#: that bias with it on other seeds (``benchmarks/later_variance.py --exact-extra``; README,
#: issue 14). MO and NT2 keep the coarser cells: for MO, which follows the contract at once,
#: a residence-ground cell leaves about two in three starters without a twin on chapter 5's
#: default data.
NEWCOMER_EXACT: dict[str, tuple[str, ...]] = {
    "inburgering": ("sex", "residence_ground", "labour_market_access"),
    "mo": ("sex", "labour_market_access"),
    "nt2": ("sex", "labour_market_access"),
}
#: covariates of the feeder-role hazard
FEEDER_COVARIATES = ("inburgering_before", "nt2_before", "residence_ground", "origin", "sex",
                     "education", "dutch")
#: reference levels of the feeder model (first category of each)
_FEEDER_REFS = {"residence_ground": "eu_citizen", "dutch": "good", "education": "mid",
                "origin": "eastern_eu", "sex": "male"}
#: duration bins (left edges, quarters since arrival) of the feeder hazard
FEEDER_BINS = (0, 1, 2, 3, 4, 6, 8, 12, 16, 24)


# --------------------------------------------------------------------------------------------
# panel and specs
# --------------------------------------------------------------------------------------------


def newcomer_panel(
    data: str | Path | pd.DataFrame,
    arrival_quarters: tuple[int, int] | None = None,
    residence_grounds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The newcomers' person-quarter panel with the chapter's derived columns.

    Parameters
    ----------
    data : data folder (read with :func:`mia_helpers.panel.load_panel`) or the loaded panel.
    arrival_quarters : (first, last) arrival quarter index of the cohort window (inclusive);
        ``None`` = every newcomer.
    residence_grounds : residence grounds kept (``None`` = all).

    Returns
    -------
    pandas.DataFrame
        Newcomer rows sorted by person and quarter, plus ``since_arrival`` (quarters since
        arrival), ``inburgering_before`` / ``nt2_before`` / ``abb_before`` (contract signed /
        NT2 started / registered at the ABB in an earlier quarter; ``abb_before`` needs the
        panel column ``abb_registered``, else a ValueError), ``any_measure_start`` (a VDAB measure starts this quarter),
        ``jobseeker`` (registered and not employed) and ``obligated`` (residence ground with
        an integration obligation).

    Warns
    -----
    UserWarning
        With the number of newcomers (and rows) left out for want of an ``arrival_quarter``.

    Raises
    ------
    TypeError, ValueError
        For ``residence_grounds`` given as one string or holding an unknown code, and when no
        newcomer is left after the filters.
    ValueError
        When the panel has no column ``abb_registered`` (a panel built before it existed).
    mia_helpers.files.DataFileError
        When ``data`` is a folder without a current panel.
    """
    if residence_grounds is not None:
        if isinstance(residence_grounds, str):
            raise TypeError("newcomer_panel: residence_grounds must be a list of codes, e.g. "
                            f"[{residence_grounds!r}], not a string")
        unknown = sorted(set(map(str, residence_grounds)) - set(codes.RESIDENCE_GROUNDS))
        if unknown:
            raise ValueError(f"newcomer_panel: unknown residence ground(s) {unknown}; valid: "
                             f"{list(codes.RESIDENCE_GROUNDS)}")
    if isinstance(data, (str, Path)):
        from mia_helpers.panel import load_panel

        data = load_panel(data)
    p = data[(data["sample"] == "newcomer").to_numpy()]
    arr = p["arrival_quarter"].astype("float64")
    keep = arr.notna().to_numpy().copy()
    if not keep.all():  # fix46: these newcomers were left out without a word (user45)
        gone = p.loc[~keep, "person_id"]
        warnings.warn(
            f"newcomer_panel: {gone.nunique():,} of {p['person_id'].nunique():,} newcomers "
            f"({int((~keep).sum()):,} person-quarter rows) have no arrival_quarter and are "
            "left out of the panel (quarters since arrival cannot be counted); what to do: "
            "ask the data owner for the missing values, or go on knowing that these "
            "newcomers are left out", stacklevel=2)
    if arrival_quarters is not None:
        lo, hi = arrival_quarters
        keep &= ((arr >= lo) & (arr <= hi)).to_numpy()
    if residence_grounds is not None:
        keep &= p["residence_ground"].astype(str).isin(list(residence_grounds)).to_numpy()
    p = p[keep].sort_values(["person_id", "quarter"]).reset_index(drop=True)
    if p.empty:
        raise ValueError(
            "newcomer_panel: no newcomer left after the filters (arrival_quarters="
            f"{arrival_quarters!r}, residence_grounds={residence_grounds!r}); widen them")
    p["since_arrival"] = (p["quarter"] - p["arrival_quarter"].astype("float64")).astype(float)
    pid = p["person_id"].to_numpy()
    first = np.r_[True, pid[1:] != pid[:-1]]
    grp = np.cumsum(first) - 1

    def before(flag: np.ndarray) -> np.ndarray:
        x = flag.astype(np.int64)
        c = np.cumsum(x)
        base = np.concatenate([[0], c])[np.flatnonzero(first)][grp]
        return (c - x - base) > 0

    p["inburgering_before"] = before(p["contract_signed"].to_numpy(bool))
    if "abb_registered" not in p.columns:
        raise ValueError("newcomer_panel: the panel has no column 'abb_registered' (ABB "
                         "registration in this or an earlier quarter); rebuild it with "
                         "`python -m mia_helpers panel --data <folder>`")
    abb = p["abb_registered"].to_numpy(bool)
    p["abb_before"] = np.r_[False, abb[:-1]] & ~first
    p["nt2_before"] = before(p["nt2_start"].to_numpy(bool))
    starts = [f"start_{m}" for m in codes.MEASURES if f"start_{m}" in p.columns]
    p["any_measure_start"] = p[starts].any(axis=1).to_numpy()
    p["jobseeker"] = p["registered"].to_numpy(bool) & ~p["employed"].to_numpy(bool)
    p["obligated"] = p["residence_ground"].astype(str).isin(
        ["family", "asylum"]).to_numpy()
    return p


def newcomer_specs(
    treatments: Sequence[str] = tuple(codes.NEWCOMER_TREATMENTS),
    exact: tuple[str, ...] | None = None,
    **kwargs: object,
) -> dict[str, TreatmentSpec]:
    """Treatment specs of inburgering, MO and NT2 on the clock "quarters since arrival".

    At risk: present newcomers who are not employed at ``u`` (inburgering: and registered at
    the ABB in an earlier quarter, ``abb_before`` of :func:`newcomer_panel`, since the contract
    can only follow that registration; MO: and have signed the contract, in this or an earlier
    quarter); first start ever; outcome: entry into stable regular
    employment; exact strata (``exact=None``): :data:`NEWCOMER_EXACT` of the step (sex and
    labour-market access at ``u``; for the contract also the residence ground), plus calendar
    year; a tuple sets the exact strata of every step. The censoring risk set of "now versus
    never" (``later_start_at_risk``) is the risk set without "not employed": a newcomer can
    sign, start MO or NT2 while employed (``benchmarks/never_censoring.py``); pass
    ``later_start_at_risk=None`` for the matching risk set (then those starts go unmodelled
    and the "never" estimate is biased, issue 14). The streamed engine,
    :mod:`mia_helpers.stream`, does not serve these steps (its ``panel.parquet`` has no
    ``since_arrival``, which :func:`newcomer_panel` adds).
    ``kwargs`` override other :class:`~mia_helpers.matching.TreatmentSpec` fields.

    Raises
    ------
    KeyError
        For a treatment not in :data:`mia_helpers.codes.NEWCOMER_TREATMENTS`.
    TypeError, ValueError
        For ``treatments`` or ``exact`` given as one string, or a step listed twice.
    """
    for name, value in (("treatments", treatments), ("exact", exact)):
        if isinstance(value, str):
            raise TypeError(f"newcomer_specs: {name} must be a list or tuple, e.g. "
                            f"[{value!r}], not a string")
    unknown = [t for t in treatments if t not in codes.NEWCOMER_TREATMENTS]
    if unknown:
        raise KeyError(f"newcomer_specs: unknown newcomer step(s) {unknown}; valid: "
                       f"{list(codes.NEWCOMER_TREATMENTS)}")
    if len(set(treatments)) < len(list(treatments)):
        raise ValueError(f"newcomer_specs: a step is listed twice in {list(treatments)}")
    out = {}
    for t in treatments:
        at_risk = "~employed & since_arrival >= 0"
        if t == "inburgering":
            at_risk += " & abb_before"
        if t == "mo":
            at_risk += " & inburgering_started"
        out[t] = TreatmentSpec(
            treatment=t, start_col=codes.NEWCOMER_TREATMENTS[t], clock_col="since_arrival",
            at_risk=at_risk, spell_col=None, outcome_col="stable_regular_job_start",
            # a later start does not wait for unemployment: a twin can sign, start MO or NT2
            # while employed, which censors it in "now versus never" (never_censoring.py)
            population="newcomer", exact=NEWCOMER_EXACT[t] if exact is None else tuple(exact),
            **{"later_start_at_risk": at_risk.replace("~employed & ", ""), **kwargs},
        )
    return out


def measure_specs(
    measures: Sequence[str] = NEWCOMER_MEASURES,
    population: str = "newcomer",
    exact: tuple[str, ...] | None = None,
    **kwargs: object,
) -> dict[str, TreatmentSpec]:
    """Chapter 4 measure specs (registration clock, first start in the spell, outcome stable
    employment) for one population; newcomers are also matched exactly on labour-market
    access at ``u``.

    ``measures``: measure codes (each ``TreatmentSpec.measure(m, ...)``); ``population``: the
    ``sample`` value; ``exact``: exact strata (default as above); ``kwargs``: other
    :class:`~mia_helpers.matching.TreatmentSpec` fields (``TypeError`` for an unknown one).
    Returns label -> spec. Codes are not checked here (:func:`mia_helpers.matching.risk_sets`
    raises ``ValueError`` for a start column the panel lacks).
    """
    if exact is None:
        exact = ("sex", "origin", "labour_market_access") if population == "newcomer" else (
            "sex", "origin")
    return {m: TreatmentSpec.measure(m, population=population, exact=exact, **kwargs)
            for m in measures}


def newcomer_effects(
    panel: pd.DataFrame, specs: dict[str, TreatmentSpec] | None = None, **kwargs: object
) -> EffectsResult:
    """Naive and matched effects of the newcomer treatments (:func:`newcomer_specs` by
    default): :func:`mia_helpers.effects.activation_effects` with these specs. ``kwargs``
    (k, caliper, bootstrap, seed, estimands, max_quarter, n_jobs, progress ...) pass through.

    ``panel``: :func:`newcomer_panel` rows. Returns an
    :class:`~mia_helpers.effects.EffectsResult`. Raises ``ValueError`` for an empty ``specs``
    dict, and as :func:`mia_helpers.effects.activation_effects` (matching and estimation
    errors, including :class:`~mia_helpers.matching.NotEstimableError`).
    """
    if specs is not None and not specs:
        raise ValueError("newcomer_effects: specs is empty; pass None for every newcomer step "
                         "or a dict from newcomer_specs([...])")
    kwargs.setdefault("progress", False)
    return activation_effects(panel, specs=newcomer_specs() if specs is None else specs,
                              **kwargs)


def effect_curves(tidy: pd.DataFrame, truth: pd.DataFrame | None,
                  estimand: str = "now_vs_later") -> pd.DataFrame:
    """Naive and matched curves of one estimand with the generator's truth (``true_att_pp``,
    NaN for real data), for plotting.

    Columns: ``measure``, ``estimand``, ``quarter_since_start``, ``estimator``, ``att_pp``,
    ``ci_low``, ``ci_high``, ``n_treated``, ``true_att_pp``.
    """
    t = tidy[tidy["estimand"].astype(str) == estimand]
    cols = ["measure", "estimand", "quarter_since_start", "estimator", "att_pp", "ci_low",
            "ci_high", "n_treated"]
    d = t[cols].astype({"measure": str, "estimand": str}).reset_index(drop=True)
    if truth is None:
        d["true_att_pp"] = np.nan
        return d
    tr = truth.rename(columns={"treatment": "measure"})
    if "group" in tr.columns:
        tr = tr[tr["group"].astype(str) == "all"]
    tr = tr.astype({"measure": str, "estimand": str})
    tr = tr[["measure", "estimand", "quarter_since_start", "true_att_pp"]]
    return d.merge(tr, on=["measure", "estimand", "quarter_since_start"], how="left",
                   validate="many_to_one")


# --------------------------------------------------------------------------------------------
# newcomer vs resident returns of VDAB measures
# --------------------------------------------------------------------------------------------


def measure_comparison(
    newcomer_tidy: pd.DataFrame,
    resident_tidy: pd.DataFrame | None,
    truth: pd.DataFrame | None,
    quarters: Sequence[int] = (4, 5, 8),
    estimand: str = "now_vs_later",
    min_cell: int = 10,
) -> pd.DataFrame:
    """Matched effects (pp and relative, %) of the measures for newcomers and residents side by
    side, with the truth of each population (synthetic data); small cells suppressed, and a
    relative effect hidden where, with the matched effect and the count, it gives a small
    number of starters who entered or did not, or beside an earlier horizon's the few who
    entered in between (:func:`mia_helpers.effect_tables.hide_comparison_shares`; needs
    ``treated_outcome`` in the tidy rows, as ``EffectsResult.tidy`` has it).

    Where a population's tidy rows carry ``point_identified`` (as ``EffectsResult.tidy``
    has it) and some selected matched row is not point-identified (``"now_vs_never"`` with
    twins that could not remain untreated: worst-case bounds, see
    :func:`mia_helpers.effects.estimate_effects`), the output carries a bool
    ``point_identified`` column, as :func:`mia_helpers.effects.summary_table` does: such a
    row's ``ci_low`` and ``ci_high`` are bounds and its ``att_pp`` and ``att_rel_pct`` are no
    estimates. Print it with :func:`mia_helpers.labels.comparison_shown` (which writes
    "bounds" in place of the point) and read it with
    :func:`mia_helpers.labels.not_point_identified` (rankings leave such rows out)."""
    from mia_helpers.disclosure import suppress_small_cells
    from mia_helpers.effect_tables import hide_comparison_shares

    parts = []
    for pop, tidy in (("newcomer", newcomer_tidy), ("resident", resident_tidy)):
        if tidy is None:
            continue
        d = tidy[(tidy["estimator"] == "matched") & (tidy["estimand"].astype(str) == estimand)
                 & tidy["quarter_since_start"].isin(list(quarters))]
        flag = (d["point_identified"] if "point_identified" in d.columns
                else pd.Series(True, index=d.index))
        d = d[["measure", "quarter_since_start", "att_pp", "att_rel", "ci_low", "ci_high",
               "n_treated"]].astype({"measure": str}).assign(population=pop)
        # a row without a flag (the starters' quarter-0 rows) is no bound
        d["point_identified"] = flag.astype(object).where(flag.notna(), True).astype(bool)
        if truth is not None:
            tr = truth[(truth["population"].astype(str) == pop)
                       & (truth["estimand"].astype(str) == estimand)].astype({"measure": str})
            d = d.merge(tr[["measure", "quarter_since_start", "true_att_pp"]],
                        on=["measure", "quarter_since_start"], how="left")
        parts.append(d)
    out = pd.concat(parts, ignore_index=True)
    out["att_rel_pct"] = 100 * out.pop("att_rel")
    vals = [c for c in ("att_pp", "att_rel_pct", "ci_low", "ci_high", "true_att_pp")
            if c in out.columns]
    out[vals] = out[vals].round(1)
    flags = ["point_identified"] if not out["point_identified"].all() else []
    out = out[["population", "measure", "quarter_since_start", *vals, "n_treated", *flags]]
    out = suppress_small_cells(out, count_cols=["n_treated"], min_cell=min_cell,
                               value_cols=vals,
                               sequence=("quarter_since_start", ["population", "measure"]))
    return hide_comparison_shares(out, {"newcomer": newcomer_tidy, "resident": resident_tidy},
                                  estimand, min_cell)


# --------------------------------------------------------------------------------------------
# feeder role: hazard of the first VDAB measure
# --------------------------------------------------------------------------------------------


def feeder_periods(npanel: pd.DataFrame, max_u: int | None = None) -> pd.DataFrame:
    """Person-quarters at risk of a first VDAB measure start among non-working newcomers.

    Rows: newcomer quarters from arrival (``u = since_arrival``), not employed, up to and
    including the quarter of the first measure start ever (the event); right-censored at the
    window end (and at ``max_u``). Employed quarters are skipped, not ends of the risk period.
    Columns: ``person_id``, ``quarter``, ``u``, ``event`` (0/1) and the covariates of
    :data:`FEEDER_COVARIATES` (time-varying ``inburgering_before``, ``nt2_before`` as 0/1;
    categoricals with the reference level first).
    """
    p = npanel
    pid = p["person_id"].to_numpy()
    ev = p["any_measure_start"].to_numpy(bool)
    first = np.r_[True, pid[1:] != pid[:-1]]
    grp = np.cumsum(first) - 1
    x = ev.astype(np.int64)
    c = np.cumsum(x)
    base = np.concatenate([[0], c])[np.flatnonzero(first)][grp]
    before = c - x - base
    keep = (before == 0) & (p["since_arrival"].to_numpy() >= 0) & ~p["employed"].to_numpy(bool)
    if max_u is not None:
        keep &= p["since_arrival"].to_numpy() <= max_u
    d = p.loc[keep]
    out = pd.DataFrame({
        "person_id": d["person_id"].to_numpy(),
        "quarter": d["quarter"].to_numpy(),
        "u": d["since_arrival"].to_numpy().astype(np.int64),
        "event": d["any_measure_start"].to_numpy().astype(np.int64),
        "inburgering_before": d["inburgering_before"].to_numpy().astype(float),
        "nt2_before": d["nt2_before"].to_numpy().astype(float),
    })
    for col, src in (("residence_ground", "residence_ground"), ("origin", "origin"),
                     ("sex", "sex"), ("education", "education"), ("dutch", "dutch_level")):
        v = d[src].astype(str).to_numpy()
        levels = sorted(set(v))
        ref = _FEEDER_REFS.get(col)
        if ref in levels:
            levels = [ref, *[lv for lv in levels if lv != ref]]
        out[col] = pd.Categorical(v, categories=levels)
    return out


def feeder_hazard(periods: pd.DataFrame, covariates: Sequence[str] = FEEDER_COVARIATES,
                  bins: Sequence[int] = FEEDER_BINS, name: str = "feeder") -> HazardFit:
    """Discrete-time logit of the first VDAB measure start (per quarter since arrival) with
    time-varying prior inburgering / NT2 (:func:`mia_helpers.hazard.fit_hazard` on grouped
    person-periods, person-clustered SEs). Coefficients are log odds ratios of the quarterly
    hazard; ``inburgering_before`` is the feeder term.

    Raises ``ValueError`` as :func:`mia_helpers.hazard.group_periods` and
    :func:`mia_helpers.hazard.fit_hazard` (missing columns, no events). Model: Allison (1982).
    """
    from mia_helpers import hazard

    covariates = [c for c in covariates if periods[c].nunique() > 1]
    grouped = hazard.group_periods(periods, covariates, bins=bins)
    return hazard.fit_hazard(grouped, covariates, link="logit", name=name)


def feeder_table(fit: HazardFit, periods: pd.DataFrame, min_cell: int = 10,
                 level: float = 0.95, record: bool = True) -> Protected:
    """Odds ratios (``level`` CI) of the feeder model's covariate terms with the persons and
    first measure starts behind each level, as a :class:`mia_helpers.disclosure.Protected`:
    levels with fewer than ``min_cell`` persons or events are hidden, and so is an event count
    whose persons without the event are fewer than ``min_cell`` (``n_persons - n_events``).
    ``reference`` names the reference level of a categorical term; ``identified`` is False for
    terms the data cannot estimate (collinear, without events or separated: estimate columns
    NaN) and ``not_identified`` gives the reason. A categorical level that no row of
    ``periods`` holds (a hand-built ``periods`` whose categories list it; never
    :func:`feeder_periods`) gets 0 persons and 0 first starts here; chapter 5's path
    (:func:`mia_helpers.linked_tables.feeder_zeros_of_small_terms`) prints them "–", not
    applicable (bib47).

    The counts are in the run's ledger under one key per term, the keys of the linked tables
    (:data:`mia_helpers.linked_tables.FEEDER_LEDGER`; fpx28). ``record=False`` when linked
    tables (:func:`mia_helpers.linked_tables.feeder_against_steps`, ``feeder_against_profile``)
    may still hide cells: the table is then neither in the checking record nor its counts
    marked published before :func:`mia_helpers.disclosure.record_published` records it as
    published, after them."""
    from mia_helpers.disclosure import suppress
    from mia_helpers.linked_tables import FEEDER_LEDGER, feeder_ledger_as

    t = fit.tidy(level=level)
    t = t[~t["term"].str.startswith("dur[")].copy()
    rows = []
    for term in t["term"]:
        if "[" in term:
            var, lev = term[:-1].split("[", 1)
            m = periods[var].astype(str) == lev
        else:
            m = periods[term] > 0
        rows.append((int(periods.loc[m, "person_id"].nunique()),
                     int(periods.loc[m, "event"].sum())))
    t["n_persons"] = [r[0] for r in rows]
    t["n_events"] = [r[1] for r in rows]
    # the reference level of each categorical term and the reason a term is not identified
    t["reference"] = [fit.levels[tm.split("[", 1)[0]][0] if "[" in tm else "" for tm in t["term"]]
    t["not_identified"] = t["term"].map(fit.not_identified).astype(object).fillna("")
    out = t[["term", "reference", "exp_estimate", "exp_ci_low", "exp_ci_high", "p_value",
             "n_persons", "n_events", "identified", "not_identified", "df_resid"]].rename(
        columns={"exp_estimate": "odds_ratio", "exp_ci_low": "ci_low",
                 "exp_ci_high": "ci_high", "p_value": "p"})
    out = out.round({"odds_ratio": 2, "ci_low": 2, "ci_high": 2, "p": 4})
    return suppress(out.reset_index(drop=True), count_cols=["n_persons", "n_events"],
                    min_cell=min_cell, value_cols=["odds_ratio", "ci_low", "ci_high", "p"],
                    relations=[("n_persons", ["n_events"], False)], name="feeder model",
                    dof="df_resid", keys=["term"], ledger_as=feeder_ledger_as(FEEDER_LEDGER),
                    record=record)


def feeder_curves(fit: HazardFit, periods: pd.DataFrame, grounds: Sequence[str] | None = None,
                  max_u: int = 16) -> pd.DataFrame:
    """Model-based cumulative incidence of a first VDAB measure by quarters since arrival, per
    residence ground, with and without an integration contract (and an NT2 course) behind the
    newcomer, other covariates at their most frequent level. Columns of
    :func:`mia_helpers.hazard.predict_cumulative_incidence` plus ``residence_ground`` and
    ``integration`` ("contract + NT2" / "none").

    Raises ``ValueError`` when ``grounds`` is None and ``periods`` holds no residence ground,
    and as :func:`mia_helpers.hazard.predict_cumulative_incidence`.
    """
    from mia_helpers import hazard

    if grounds is not None:
        grounds = list(grounds)
    elif "residence_ground" in fit.levels:
        grounds = [g for g in fit.levels["residence_ground"]
                   if (periods["residence_ground"] == g).any()]
    else:  # one ground kept: the model has no ground term, the curves are that ground's
        grounds = sorted(periods["residence_ground"].astype(str).unique())
    if not grounds:
        raise ValueError("feeder_curves: the periods hold no residence ground to draw")
    prof = []
    for g in grounds:
        for label, on in (("contract + NT2", 1.0), ("none", 0.0)):
            row = {"profile": f"{g}: {label}", "residence_ground": g, "integration": label}
            for c in fit.covariates:
                if c == "residence_ground":
                    continue
                if c in ("inburgering_before", "nt2_before"):
                    row[c] = on
                else:
                    row[c] = periods[c].mode().iloc[0]
            prof.append(row)
    prof = pd.DataFrame(prof)
    cur = hazard.predict_cumulative_incidence(fit, prof, max_u=max_u, n_sim=200)
    return cur.merge(prof[["profile", "residence_ground", "integration"]], on="profile")


def feeder_km(periods: pd.DataFrame, by: str = "residence_ground", max_u: int = 16,
              min_cell: int = 10) -> pd.DataFrame:
    """Descriptive cumulative incidence of a first VDAB measure by ``by`` (one minus
    Kaplan-Meier), stopped where fewer than ``min_cell`` persons are at risk."""
    from mia_helpers import hazard

    km = hazard.km_cumulative_incidence(periods, by=by, max_u=max_u)
    return hazard.publishable_km(km, min_cell)
