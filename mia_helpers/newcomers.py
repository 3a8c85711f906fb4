"""Newcomers: civic integration (inburgering), MO, NT2 and VDAB activation (chapter 5).

Everything here reuses the dynamic-matching engine of chapter 4 (:mod:`mia_helpers.matching`,
:mod:`mia_helpers.effects`) through its parameters; nothing is matched a second way.

Risk sets and treatments
------------------------
- Clock: ``since_arrival`` = quarters since arrival (``u = 0`` in the arrival quarter).
- At risk: newcomers present and not employed at ``u``; for MO also after the integration
  contract (MO can only follow it). Only the first start ever counts (``spell_col=None``).
- Treatments (:data:`mia_helpers.codes.NEWCOMER_TREATMENTS`): the contract signed
  (inburgering), the start of social orientation (MO) and of a Dutch course (NT2); outcome:
  entry into stable *regular* employment (``stable_regular_job_start``), as in the generator's
  ``truth/newcomer_effects.parquet``.
- Work permits: ``labour_market_access`` (false for non-EU newcomers before their first permit)
  is time-varying; treated and controls are matched exactly on it at ``u``.
- VDAB measures among newcomers (:func:`measure_specs`): the chapter 4 specs (registration clock,
  first start in a registration spell, outcome stable employment) with ``population="newcomer"``;
  truth: the newcomer rows of ``truth/activation_effects.parquet``.

Estimates
---------
- naive and matched (``now_vs_later``, ``now_vs_never``): :func:`newcomer_effects` (= the chapter
  4 :func:`~mia_helpers.effects.activation_effects` with the specs above).
- matched + later VDAB participation controlled (:func:`activation_controlled`): a discrete-time
  logit of entry on the matched sample with quarter dummies, treated x quarter terms and
  time-varying terms for VDAB participation *after* the start (registered as a jobseeker in the
  previous quarter, in a measure in the previous quarter, any measure started since the start),
  weighted by the matching weights. Its treated x quarter terms are turned into a cumulative
  effect by g-computation over the matched treated with their own VDAB path held fixed: the
  *controlled direct* effect of the treatment, the part that does not run through later
  activation. The same model without the VDAB terms gives the comparable total effect.
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

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit

from mia_helpers import codes, core
from mia_helpers.effects import (
    EffectsResult,
    activation_effects,
    outcome_arrays,
)
from mia_helpers.matching import MatchResult, TreatmentSpec, panel_arrays

__all__ = [
    "CONTROL_TERMS",
    "FEEDER_COVARIATES",
    "NEWCOMER_MEASURES",
    "activation_controlled",
    "controlled_drop",
    "feeder_curves",
    "feeder_hazard",
    "feeder_periods",
    "feeder_table",
    "measure_comparison",
    "measure_specs",
    "newcomer_effects",
    "newcomer_panel",
    "newcomer_specs",
    "three_curves",
]

#: VDAB measures compared between newcomers and residents
NEWCOMER_MEASURES = ("workplace_learning_ibo", "training_vocational", "workplace_learning_other")
#: time-varying VDAB-participation terms of the controlled hazard model (after the start)
CONTROL_TERMS = ("registered_lag", "in_measure_lag", "measure_since_start")
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
        arrival), ``inburgering_before`` / ``nt2_before`` (contract signed / NT2 started in an
        earlier quarter), ``any_measure_start`` (a VDAB measure starts this quarter),
        ``jobseeker`` (registered and not employed) and ``obligated`` (residence ground with
        an integration obligation).
    """
    if isinstance(data, (str, Path)):
        from mia_helpers.panel import load_panel

        data = load_panel(data)
    p = data[(data["sample"] == "newcomer").to_numpy()]
    arr = p["arrival_quarter"].astype("float64")
    keep = arr.notna().to_numpy().copy()
    if arrival_quarters is not None:
        lo, hi = arrival_quarters
        keep &= ((arr >= lo) & (arr <= hi)).to_numpy()
    if residence_grounds is not None:
        keep &= p["residence_ground"].astype(str).isin(list(residence_grounds)).to_numpy()
    p = p[keep].sort_values(["person_id", "quarter"]).reset_index(drop=True)
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
    p["nt2_before"] = before(p["nt2_start"].to_numpy(bool))
    starts = [f"start_{m}" for m in codes.MEASURES if f"start_{m}" in p.columns]
    p["any_measure_start"] = p[starts].any(axis=1).to_numpy()
    p["jobseeker"] = p["registered"].to_numpy(bool) & ~p["employed"].to_numpy(bool)
    p["obligated"] = p["residence_ground"].astype(str).isin(
        ["family", "asylum"]).to_numpy()
    return p


def newcomer_specs(
    treatments: Sequence[str] = tuple(codes.NEWCOMER_TREATMENTS),
    exact: tuple[str, ...] = ("sex", "labour_market_access"),
    **kwargs,
) -> dict[str, TreatmentSpec]:
    """Treatment specs of inburgering, MO and NT2 on the clock "quarters since arrival".

    At risk: present newcomers who are not employed at ``u`` (MO: and have signed the contract,
    in this or an earlier quarter); first start ever; outcome: entry into stable regular
    employment; exact strata: sex and labour-market access at ``u`` (plus calendar year).
    ``kwargs`` override other :class:`~mia_helpers.matching.TreatmentSpec` fields.
    """
    out = {}
    for t in treatments:
        at_risk = "~employed & since_arrival >= 0"
        if t == "mo":
            at_risk += " & inburgering_started"
        out[t] = TreatmentSpec(
            treatment=t, start_col=codes.NEWCOMER_TREATMENTS[t], clock_col="since_arrival",
            at_risk=at_risk, spell_col=None, outcome_col="stable_regular_job_start",
            population="newcomer", exact=exact, **kwargs,
        )
    return out


def measure_specs(
    measures: Sequence[str] = NEWCOMER_MEASURES,
    population: str = "newcomer",
    exact: tuple[str, ...] | None = None,
    **kwargs,
) -> dict[str, TreatmentSpec]:
    """Chapter 4 measure specs (registration clock, first start in the spell, outcome stable
    employment) for one population; newcomers are also matched exactly on labour-market
    access at ``u``."""
    if exact is None:
        exact = ("sex", "origin", "labour_market_access") if population == "newcomer" else (
            "sex", "origin")
    return {m: TreatmentSpec.measure(m, population=population, exact=exact, **kwargs)
            for m in measures}


def newcomer_effects(
    panel: pd.DataFrame, specs: dict[str, TreatmentSpec] | None = None, **kwargs
) -> EffectsResult:
    """Naive and matched effects of the newcomer treatments (:func:`newcomer_specs` by
    default): :func:`mia_helpers.effects.activation_effects` with these specs. ``kwargs``
    (k, caliper, bootstrap, seed, estimands, max_quarter, n_jobs, progress ...) pass through.
    """
    kwargs.setdefault("progress", False)
    return activation_effects(panel, specs=specs or newcomer_specs(), **kwargs)


# --------------------------------------------------------------------------------------------
# matched + later VDAB participation controlled
# --------------------------------------------------------------------------------------------


def _mediators(res: MatchResult, panel: pd.DataFrame, K: int) -> np.ndarray:
    """(rows, K, 3) lagged VDAB-participation terms of every risk-set row at l = 1..K:
    jobseeker in quarter t+l-1, in a measure in t+l-1, any measure started in t+1..t+l-1."""
    arr = panel_arrays(panel, ["in_measure", "any_measure_start"])
    p = arr.index(res.rows["person_id"].to_numpy())
    c = res.rows["quarter"].to_numpy().astype(np.int64) - arr.q0
    T = arr.n_quarters
    ls = np.arange(1, K + 1)
    lag = np.minimum(c[:, None] + ls[None, :] - 1, T - 1)
    reg = arr.registered[p[:, None], lag] & ~arr.employed[p[:, None], lag]
    inm = arr.flags["in_measure"][p[:, None], lag]
    st = arr.flags["any_measure_start"]
    cum = np.cumsum(st, axis=1)
    cum_at = cum[p[:, None], lag] - cum[p, np.minimum(c, T - 1)][:, None]
    since = (cum_at > 0) & (ls[None, :] >= 2)
    return np.stack([reg, inm, since], axis=2).astype(np.float64)


def _fit_and_predict(unit_idx, treated_u, E, A, M, w_u, K, controls: bool):
    """Fit the hazard model on units ``unit_idx`` (positions into E/A/M) and return the
    g-computed treated-minus-counterfactual cumulative incidence (K,), the treated count per
    horizon and the treated x quarter log odds ratios."""
    ls = np.arange(1, K + 1)
    lim = np.minimum(E[unit_idx], A[unit_idx])
    at = ls[None, :] <= lim[:, None]
    r, li = np.nonzero(at)
    y = (E[unit_idx][r] == li + 1).astype(float)
    tr = treated_u[r]
    Xl = (li[:, None] == np.arange(K)[None, :]).astype(float)
    Xt = Xl * tr[:, None]
    parts = [Xl, Xt]
    if controls:
        parts.append(M[unit_idx][r, li, :])
    X = np.hstack(parts)
    keep = X.sum(axis=0) > 0
    beta = np.zeros(X.shape[1])
    # a 1e-8 ridge keeps a term without entries finite (its hazard ~0), for the g-computation
    beta[keep] = core.newton_binary(X[:, keep], w_u[r] * y, w_u[r], "logit", maxiter=50,
                                    penalty=np.full(int(keep.sum()), 1e-8))[0]
    a, b = beta[:K], beta[K:2 * K]
    g = beta[2 * K:] if controls else np.zeros(M.shape[2])
    # g-computation over the treated units, their own VDAB path, carried forward after E
    ti = unit_idx[treated_u]
    Mi = M[ti]
    e_last = np.clip(np.minimum(E[ti], K), 1, K) - 1
    hold = ls[None, :] - 1 > e_last[:, None]
    Mi = np.where(hold[:, :, None], np.take_along_axis(Mi, e_last[:, None, None], 1), Mi)
    base = a[None, :] + Mi @ g
    F1 = 1 - np.cumprod(1 - expit(base + b[None, :]), axis=1)
    F0 = 1 - np.cumprod(1 - expit(base), axis=1)
    obs = A[ti][:, None] >= ls[None, :]
    n = obs.sum(axis=0)
    with np.errstate(invalid="ignore"):
        m1 = (F1 * obs).sum(axis=0) / n
        m0 = (F0 * obs).sum(axis=0) / n
    return m1, m0, n, b, g


def activation_controlled(
    res: MatchResult,
    panel: pd.DataFrame,
    max_quarter: int = 12,
    bootstrap: int = 0,
    seed: int = 0,
) -> pd.DataFrame:
    """Effect of the treatment with and without later VDAB participation held fixed.

    A discrete-time logit of outcome entry on the matched sample (matched treated with weight
    1, matched controls with their matching weights), person-periods ``l = 1 .. K`` after the
    start while without the outcome and observed, with a dummy per quarter ``l`` and a treated
    dummy per ``l``. The *controlled* model adds the time-varying terms of
    :data:`CONTROL_TERMS` (VDAB participation after the start, lagged one quarter so that it
    precedes the quarter's entry). Each model's treated x quarter terms are turned into
    cumulative effects by g-computation: for every matched treated unit the predicted
    cumulative incidence with and without the treated terms, its own VDAB path held fixed
    (carried forward after its entry), averaged over the treated observed at ``k``.

    Parameters
    ----------
    res : a match of :func:`mia_helpers.matching.match` (newcomer treatments).
    panel : the panel ``res`` was matched on, with ``in_measure`` and ``any_measure_start``
        (:func:`newcomer_panel`).
    max_quarter : last horizon K.
    bootstrap : person-clustered bootstrap replications (refitting both models on the fixed
        matched sample) for standard errors.
    seed : seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        Rows of the chapter 4 tidy format (``measure``, ``estimand`` = "now_vs_later",
        ``quarter_since_start``, ``estimator``, ``att_pp`` in percentage points of cumulative
        entry, ``att_rel``, ``ci_low``, ``ci_high``, ``n_treated``, ``se``) for the estimators
        ``matched_hazard`` (model without VDAB terms) and ``matched_activation_controlled``,
        plus ``odds_ratio`` (treated x quarter hazard odds ratio). ``attrs["control_terms"]``
        holds the VDAB terms' log odds ratios (a dict).
    """
    K = int(max_quarter)
    oa = outcome_arrays(res, K)
    M = _mediators(res, panel, K)
    w_rows = res.control_weights()
    unit = np.flatnonzero(w_rows > 0)
    treated = res.rows["treated"].to_numpy(bool)
    point = {}
    terms = None
    for est, ctrl in (("matched_hazard", False), ("matched_activation_controlled", True)):
        m1, m0, n, b, g = _fit_and_predict(unit, treated[unit], oa.E, oa.A, M, w_rows[unit],
                                           K, ctrl)
        point[est] = (m1, m0, n, b)
        if ctrl:
            terms = dict(zip(CONTROL_TERMS, map(float, g), strict=True))
    boots: dict[str, list[np.ndarray]] = {k: [] for k in point}
    if bootstrap > 0:
        persons = oa.person[unit]
        codes_, uniq = pd.factorize(persons)
        order = np.argsort(codes_, kind="stable")
        starts = np.searchsorted(codes_[order], np.arange(len(uniq) + 1))
        lens = np.diff(starts)
        rng = np.random.default_rng(seed)
        for _ in range(bootstrap):
            draw = rng.integers(0, len(uniq), len(uniq))
            L = lens[draw]
            within = np.arange(L.sum()) - np.repeat(np.cumsum(L) - L, L)
            rep = unit[order[np.repeat(starts[:-1][draw], L) + within]]
            for est, ctrl in (("matched_hazard", False), ("matched_activation_controlled",
                                                          True)):
                m1, m0, _, _, _ = _fit_and_predict(rep, treated[rep], oa.E, oa.A, M,
                                                   w_rows[rep], K, ctrl)
                boots[est].append(100 * (m1 - m0))
    recs = []
    for est, (m1, m0, n, b) in point.items():
        att = 100 * (m1 - m0)
        if boots[est]:
            B = np.array(boots[est])
            lo, hi = np.nanquantile(B, 0.025, axis=0), np.nanquantile(B, 0.975, axis=0)
            se = np.nanstd(B, axis=0, ddof=1)
            drop = np.array(boots["matched_hazard"]) - B if est != "matched_hazard" else None
        else:
            lo = hi = se = np.full(K, np.nan)
            drop = None
        for j in range(K):
            recs.append(dict(
                measure=res.spec.treatment, estimand="now_vs_later", quarter_since_start=j + 1,
                estimator=est, att_pp=att[j],
                att_rel=m1[j] / m0[j] - 1 if m0[j] > 0 else np.nan,
                ci_low=lo[j], ci_high=hi[j], n_treated=int(n[j]), se=se[j],
                odds_ratio=float(np.exp(b[j])),
                drop_se=float(np.nanstd(drop[:, j], ddof=1)) if drop is not None else np.nan,
            ))
    out = pd.DataFrame(recs)
    out.attrs["control_terms"] = terms
    return out


def controlled_drop(controlled: pd.DataFrame, quarters: Sequence[int] = range(4, 9)
                    ) -> pd.DataFrame:
    """Mean drop (pp) of the effect over ``quarters`` when later VDAB participation is
    controlled: ``matched_hazard`` minus ``matched_activation_controlled``, per treatment, with
    the bootstrap SE of the drop at each quarter averaged (``drop_se``, NaN without
    bootstrap)."""
    d = controlled[controlled["quarter_since_start"].isin(list(quarters))]
    w = d.pivot_table(index=["measure", "quarter_since_start"], columns="estimator",
                      values="att_pp")
    se = d[d["estimator"] == "matched_activation_controlled"].set_index(
        ["measure", "quarter_since_start"])["drop_se"]
    w["drop"] = w["matched_hazard"] - w["matched_activation_controlled"]
    w["drop_se"] = se
    return w.groupby("measure")[["matched_hazard", "matched_activation_controlled", "drop",
                                 "drop_se"]].mean().reset_index()


def three_curves(tidy: pd.DataFrame, controlled: pd.DataFrame, truth: pd.DataFrame | None,
                 estimand: str = "now_vs_later") -> pd.DataFrame:
    """Naive, matched and matched + activation-controlled curves of one estimand with the
    generator's truth (``true_att_pp``, NaN for real data), for plotting."""
    t = tidy[tidy["estimand"].astype(str) == estimand]
    c = controlled[controlled["estimator"] == "matched_activation_controlled"]
    if estimand != "now_vs_later":
        c = c.iloc[0:0]
    cols = ["measure", "estimand", "quarter_since_start", "estimator", "att_pp", "ci_low",
            "ci_high", "n_treated"]
    d = pd.concat([t[cols], c.assign(estimand=estimand)[cols]], ignore_index=True)
    d = d.astype({"measure": str, "estimand": str})
    if truth is None:
        d["true_att_pp"] = np.nan
        return d
    tr = truth.rename(columns={"treatment": "measure"}).astype({"measure": str,
                                                                "estimand": str})
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
    side, with the truth of each population (synthetic data); small cells suppressed."""
    from mia_helpers.disclosure import suppress_small_cells

    parts = []
    for pop, tidy in (("newcomer", newcomer_tidy), ("resident", resident_tidy)):
        if tidy is None:
            continue
        d = tidy[(tidy["estimator"] == "matched") & (tidy["estimand"].astype(str) == estimand)
                 & tidy["quarter_since_start"].isin(list(quarters))]
        d = d[["measure", "quarter_since_start", "att_pp", "att_rel", "ci_low", "ci_high",
               "n_treated"]].astype({"measure": str}).assign(population=pop)
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
    out = out[["population", "measure", "quarter_since_start", *vals, "n_treated"]]
    return suppress_small_cells(out, count_cols=["n_treated"], min_cell=min_cell,
                                value_cols=vals,
                                sequence=("quarter_since_start", ["population", "measure"]))


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
                  bins: Sequence[int] = FEEDER_BINS, name: str = "feeder"):
    """Discrete-time logit of the first VDAB measure start (per quarter since arrival) with
    time-varying prior inburgering / NT2 (:func:`mia_helpers.hazard.fit_hazard` on grouped
    person-periods, person-clustered SEs). Coefficients are log odds ratios of the quarterly
    hazard; ``inburgering_before`` is the feeder term."""
    from mia_helpers import hazard

    covariates = [c for c in covariates if periods[c].nunique() > 1]
    grouped = hazard.group_periods(periods, covariates, bins=bins)
    return hazard.fit_hazard(grouped, covariates, link="logit", name=name)


def feeder_table(fit, periods: pd.DataFrame, min_cell: int = 10, level: float = 0.95):
    """Odds ratios (``level`` CI) of the feeder model's covariate terms with the persons and
    first measure starts behind each level, as a :class:`mia_helpers.disclosure.Protected`:
    levels with fewer than ``min_cell`` persons or events are hidden, and so is an event count
    whose persons without the event are fewer than ``min_cell`` (``n_persons - n_events``).
    ``reference`` names the reference level of a categorical term; ``identified`` is False for
    terms the data cannot estimate (collinear, without events or separated: estimate columns
    NaN) and ``not_identified`` gives the reason."""
    from mia_helpers.disclosure import suppress

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
    t["not_identified"] = t["term"].map(fit.not_identified).fillna("")
    out = t[["term", "reference", "exp_estimate", "exp_conf_low", "exp_conf_high", "p_value",
             "n_persons", "n_events", "identified", "not_identified"]].rename(
        columns={"exp_estimate": "odds_ratio", "exp_conf_low": "ci_low",
                 "exp_conf_high": "ci_high", "p_value": "p"})
    out = out.round({"odds_ratio": 2, "ci_low": 2, "ci_high": 2, "p": 4})
    return suppress(out.reset_index(drop=True), count_cols=["n_persons", "n_events"],
                    min_cell=min_cell, value_cols=["odds_ratio", "ci_low", "ci_high", "p"],
                    relations=[("n_persons", ["n_events"], False)], name="feeder model")


def feeder_curves(fit, periods: pd.DataFrame, grounds: Sequence[str] | None = None,
                  max_u: int = 16) -> pd.DataFrame:
    """Model-based cumulative incidence of a first VDAB measure by quarters since arrival, per
    residence ground, with and without an integration contract (and an NT2 course) behind the
    newcomer, other covariates at their most frequent level. Columns of
    :func:`mia_helpers.hazard.predict_cumulative_incidence` plus ``residence_ground`` and
    ``integration`` ("contract + NT2" / "none")."""
    from mia_helpers import hazard

    grounds = list(grounds) if grounds is not None else [
        g for g in fit.levels.get("residence_ground", []) if (periods["residence_ground"] == g).any()]
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
