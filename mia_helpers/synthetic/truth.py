"""True effects on the treated, by counterfactual re-simulation with common random numbers.

For every treated start (person i starts treatment m in quarter t) the person is cloned and
re-simulated with the same draws and one intervention:

- ``now_vs_later`` (Sianesi 2004): the start at t is switched off; a later start of m remains
  possible under the same assignment model;
- ``now_vs_never`` (van den Berg & Vikstrom): the start at t and every later start of m are
  switched off.

For VDAB measures a switched-off draw of m is redrawn from the allocation model given "not
m" (``Interventions.redraw``, common random numbers): the person may start another measure
in that quarter, as the matched controls ("not m now", and for now_vs_never the controls
reweighted to not start m later) may. Blocking every measure instead would compare m with
"no measure at all" in that quarter, which is not the estimand of either comparison; for a
measure without effect of its own the true effect is then minus the effect of the measures
that replace it, not zero. Newcomer treatments have no such alternatives.

The outcome at horizon k is entry into stable employment (a job of at least ``stable_quarters``
quarters; for newcomer treatments a *regular* one) in one of the quarters t+1 .. t+k. A horizon is
observed only when t + k + stable_quarters - 1 <= window end; unobserved horizons are censored,
never counted as 0 (book/design.md section 4). ``true_att_pp`` is the mean of factual minus counterfactual
outcome over the treated with the horizon observed, in percentage points; ``true_att_rel`` is the
ratio of the two means minus one.

``group`` is ``"all"`` or, for the measures passed as ``by_group``, an origin group of
:data:`mia_helpers.codes.ORIGIN_GROUPS` (the same re-simulated treated, averaged within the
group): the effect on the treated of that origin group.

Treated starts are those the estimators use: for VDAB measures the first start of m in a
registration spell (the person is then a registered jobseeker, not employed); for newcomer
treatments the start of the step while the newcomer is not employed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers.quarters import Window
from mia_helpers.synthetic import draws
from mia_helpers.synthetic.config import GeneratorConfig
from mia_helpers.synthetic.population import Population
from mia_helpers.synthetic.simulate import (
    EMPLOYED,
    JOBSEEKER,
    KIND_INBURGERING,
    NEVER,
    History,
    Interventions,
    simulate,
)

ST_TRUTH_SAMPLE = 201


def first_starts_in_spell(hist: History, measure_index: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of the first start of a measure within each registration spell."""
    T = hist.state.shape[1]
    rows, cols = np.nonzero(hist.measure_start == measure_index)
    if rows.size == 0:
        return rows, cols
    js = hist.state == JOBSEEKER
    before = np.hstack([np.zeros((js.shape[0], 1), bool), js[:, :-1]])
    s_rows, s_cols = np.nonzero(js & ~before)
    spell_keys = s_rows.astype(np.int64) * T + s_cols
    ev_keys = rows.astype(np.int64) * T + cols
    spell_id = np.searchsorted(spell_keys, ev_keys, side="right") - 1
    _, first = np.unique(spell_id, return_index=True)  # events are sorted by (row, col)
    return rows[first], cols[first]


def stable_outcomes(
    job_len: np.ndarray,
    job_regular: np.ndarray,
    cols: np.ndarray,
    stable_quarters: int,
    max_horizon: int,
    regular_only: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Y[:, k-1] = a stable job starts in columns c+1..c+k; observed[:, k-1] per timing rule."""
    T = job_len.shape[1]
    stable = job_len >= stable_quarters
    if regular_only:
        stable &= job_regular
    grid = np.arange(T)[None, :]
    after = stable & (grid > cols[:, None])
    first = np.where(after.any(axis=1), after.argmax(axis=1), 10**6)
    k = np.arange(1, max_horizon + 1)[None, :]
    y = first[:, None] <= cols[:, None] + k
    observed = cols[:, None] + k + stable_quarters - 1 <= T - 1
    return y, observed


def _subsample(pop: Population, rows: np.ndarray, cols: np.ndarray, cap: int, seed: int, kind: int):
    if rows.size <= cap:
        return rows, cols
    u = draws.uniform(seed, ST_TRUTH_SAMPLE + kind, 0, pop.person_id[rows] * 64 + cols)
    keep = np.sort(np.argsort(u, kind="stable")[:cap])
    return rows[keep], cols[keep]


def _effect_rows(
    pop: Population,
    hist: History,
    cfg: GeneratorConfig,
    seed: int,
    window: Window,
    kind: int,
    rows: np.ndarray,
    cols: np.ndarray,
    regular_only: bool,
    by_group: bool = False,
) -> list[dict]:
    tc = cfg.truth
    out: list[dict] = []
    y1, obs = stable_outcomes(
        hist.job_len[rows], hist.job_regular[rows], cols, tc.stable_quarters, tc.max_horizon,
        regular_only,
    )
    groups = {"all": np.ones(rows.size, bool)}
    if by_group:
        label = np.array([codes.ORIGIN_GROUPS[codes.ORIGINS[o]] for o in range(len(codes.ORIGINS))]
                         )[pop.origin[rows]]
        for g in dict.fromkeys(codes.ORIGIN_GROUPS.values()):
            groups[g] = label == g
    t_abs = (cols + window.start).astype(np.int16)
    # the counterfactual world of every estimand in one simulation of stacked clones (one
    # block of rows per estimand): the simulation is row by row with draws keyed by person,
    # so each block is what a simulation of that estimand's clones alone gives, and the
    # per-quarter overhead is paid once
    n_rows, n_est = rows.size, len(codes.ESTIMANDS)
    ends = [t_abs if estimand == "now_vs_later" else np.full_like(t_abs, window.end)
            for estimand in codes.ESTIMANDS]
    iv = Interventions(np.full(n_rows * n_est, kind, np.int8), np.tile(t_abs, n_est),
                       np.concatenate(ends), redraw=kind < len(codes.MEASURES))
    cf = simulate(pop.take(np.tile(rows, n_est)), cfg, seed, window, interventions=iv,
                  full=False)
    for b, estimand in enumerate(codes.ESTIMANDS):
        block = slice(b * n_rows, (b + 1) * n_rows)
        y0, _ = stable_outcomes(
            cf.job_len[block], cf.job_regular[block], cols, tc.stable_quarters,
            tc.max_horizon, regular_only
        )
        for g, in_g in groups.items():
            for k in range(1, tc.max_horizon + 1):
                o = obs[:, k - 1] & in_g
                n = int(o.sum())
                m1 = float(y1[o, k - 1].mean()) if n else np.nan
                m0 = float(y0[o, k - 1].mean()) if n else np.nan
                out.append(
                    dict(
                        group=g,
                        estimand=estimand,
                        quarter_since_start=k,
                        true_att_pp=100.0 * (m1 - m0) if n else np.nan,
                        true_att_rel=(m1 / m0 - 1.0) if n and m0 > 0 else np.nan,
                        treated_outcome=m1,
                        counterfactual_outcome=m0,
                        n_treated=n,
                    )
                )
    return out


def activation_truth(
    pop: Population, hist: History, cfg: GeneratorConfig, seed: int, window: Window,
    measures: tuple[str, ...] = codes.MEASURES, by_group: tuple[str, ...] = (),
    populations: tuple[str, ...] = codes.SAMPLES,
) -> pd.DataFrame:
    """True effects of each VDAB measure, for residents and newcomers separately.

    Parameters
    ----------
    measures : measure codes to re-simulate.
    by_group : measures whose effects are also given per origin group (column ``group``;
        ``"all"`` rows are always there). The generator writes the direct-link measures.
    populations : the samples (:data:`mia_helpers.codes.SAMPLES`) whose effects are computed;
        a population's rows do not depend on whether the other is computed.

    Raises
    ------
    ValueError
        For a population that is not one of :data:`mia_helpers.codes.SAMPLES`.
    """
    unknown = sorted(set(populations) - set(codes.SAMPLES))
    if unknown:
        raise ValueError(f"activation_truth: populations {unknown} are not among "
                         f"{list(codes.SAMPLES)}")
    records = []
    masks = {"resident": ~pop.newcomer, "newcomer": pop.newcomer}
    for m in measures:
        mi = codes.MEASURES.index(m)
        rows, cols = first_starts_in_spell(hist, mi)
        for population, mask in ((q, masks[q]) for q in codes.SAMPLES if q in populations):
            sel = mask[rows]
            r, c = _subsample(pop, rows[sel], cols[sel], cfg.truth.max_treated, seed, mi)
            if r.size == 0:
                continue
            for rec in _effect_rows(pop, hist, cfg, seed, window, mi, r, c, False,
                                    by_group=m in by_group):
                records.append(dict(population=population, measure=m, **rec))
    return _tidy(pd.DataFrame.from_records(records), "measure", codes.MEASURES)


def newcomer_truth(
    pop: Population, hist: History, cfg: GeneratorConfig, seed: int, window: Window
) -> pd.DataFrame:
    """True effects of inburgering, MO and NT2 starts on stable regular employment."""
    records = []
    for offset, (treatment, step) in enumerate(codes.NEWCOMER_TREATMENTS.items()):
        q = hist.abb[step]
        rows = np.flatnonzero(pop.newcomer & (q != NEVER))
        cols = (q[rows] - window.start).astype(np.int64)
        not_working = hist.state[rows, cols] != EMPLOYED
        rows, cols = rows[not_working], cols[not_working]
        kind = KIND_INBURGERING + offset
        rows, cols = _subsample(pop, rows, cols, cfg.truth.max_treated, seed, kind)
        if rows.size == 0:
            continue
        for rec in _effect_rows(pop, hist, cfg, seed, window, kind, rows, cols, True):
            records.append(dict(population="newcomer", treatment=treatment, **rec))
    return _tidy(
        pd.DataFrame.from_records(records), "treatment", tuple(codes.NEWCOMER_TREATMENTS)
    )


def _tidy(df: pd.DataFrame, key: str, levels: tuple[str, ...]) -> pd.DataFrame:
    if df.empty:
        return df
    df[key] = pd.Categorical(df[key], categories=list(levels))
    df["population"] = pd.Categorical(df["population"], categories=list(codes.SAMPLES))
    groups = ["all", *dict.fromkeys(codes.ORIGIN_GROUPS.values())]
    df["group"] = pd.Categorical(df["group"], categories=groups)
    df["estimand"] = pd.Categorical(df["estimand"], categories=list(codes.ESTIMANDS))
    df["quarter_since_start"] = df["quarter_since_start"].astype(np.int16)
    df["n_treated"] = df["n_treated"].astype(np.int64)
    return df.sort_values(
        ["population", key, "group", "estimand", "quarter_since_start"], ignore_index=True
    )
