"""Exploratory diagnosis (post hoc, no verdict) of the small bias of the matched "now versus
later" inburgering estimator at quarter 1 (issue 14; helper diag53, fiftieth session).

Background. Pooled over the shipped studies, the matched "now versus later" estimate of the
inburgering contract lies above the generator's truth at quarter 1 by about +0.05 pp at the
book's design (1,600 data sets of 10,000 newcomers) and +0.04 pp at the targeted design (200
data sets of 40,000); the figures were read after the studies ran, so everything here is
exploratory. This script looks for the cause where it is cheapest to see: quarter 1.

Method (a variance reduction, no new Monte Carlo of the estimator's error). At quarter 1 the
outcome is a stable regular job starting in quarter t + 1, which the generator draws in step 4
(``simulate._Run.search``) with probability ``p = p_job * regular_p * (1 - e)^3`` given the
person's state after quarter t (the job-entry logit, the probability that a job is regular,
the probability that it lasts at least four quarters). :func:`install_recorder` wraps the
generator's ``search`` step in-process (no file is edited) to record that probability for every
non-employed person-quarter; :func:`recorder_check` verifies it against the generator's own
draws (every job entry equals ``U < p_job``). The estimator's expected error at quarter 1,
given the data set's states, is then::

    rb_bias = mean over the estimate's starters i of [ p0_i - sum_j v_ij p_j ]

``p0_i``: the starter's probability under the truth's own "now versus later" counterfactual
(the contract blocked in quarter t only, common random numbers, as
``synthetic.truth._effect_rows``), ``p_j``: the twin row's probability, ``v_ij``: the
estimator's pair weights at quarter 1 (``effects._pair_weights_at``). Its expectation over data
sets is the estimator's bias at quarter 1 (the starter's own realised outcome cancels between
estimate and truth; what remains are Bernoulli draws with these probabilities), but its spread
between data sets is far smaller than the realised error's (about 0.02 against 0.32 pp at
10,000 newcomers), so a few dozen data sets locate a bias of 0.05 pp.

Variants on the same data set (paired; the same starters and pool rows; only the choice of
twins differs):

- ``package``: the book's match (:func:`mia_helpers.newcomers.newcomer_specs`, k = 3,
  caliper 0.2 SD);
- ``stratum_mean``: every pool row of the starter's risk set and exact cell, equally weighted
  (no score), over the package's matched starters; ``stratum_all_starters``: the same over
  every starter (what exchangeability alone gives: zero if no confounding within the cells);
- ``crossfit``: the same match on a two-fold cross-fitted propensity score (folds by person;
  each row's score from the logit fitted on the other fold's persons): the in-sample
  overfitting of the per-quarter logits removed, everything else as the package;
- ``no_caliper``: the package's score without a caliper;
- ``bias_corrected`` (horizon part): the package's pairs, each twin's outcome shifted by
  mu0(x_starter) - mu0(x_twin), mu0 a linear-probability fit per horizon on the design
  covariates and risk-set dummies among the pool rows (Abadie & Imbens 2011).

Parts (each optional, all printed as mean and Monte Carlo SE = SD / sqrt(data sets)):

1. ``--shipped``: the pooled table of the shipped result files (read only; post hoc): bias
   against the truth over all starters and over the matched starters, the truths, the scope
   gap (truth all minus matched) and the matched share, per design and quarter.
2. ``--book A B`` / ``--targeted A B`` (quarter 1, exact): ``rb_bias_<variant>`` (pp),
   ``rb_truth``, the package's realised error ``real_bias`` (against the truth over the same
   starters), the consistency checks ``y0_minus_p0`` and ``ctrl_y_minus_p`` (realised minus
   expected, zero in expectation), the package's error by clock band, and on the first data
   set the deterministic checks (rows whose panel outcome differs from the generator's,
   risk-set rows that are no contract candidates in the generator, job draws that disagree
   with the recorded probability; each must print 0).
3. ``--horizons A B N`` (every quarter 1-12): the same error from ``--replicas``
   re-simulations of each risk-set row with fresh draws after its quarter
   (:func:`expected_outcomes`; unbiased but noisier than part 2), for every variant, and the
   pool rows' realised minus expected outcome (``check_pool``, zero in expectation).
4. ``--correction A B N``: the term bias-corrected matching would subtract from the
   package's estimate (:func:`bc_correction`; realised outcomes, no replicas).

Seeds: only 7100-7399 (the brief's range; never 2027-2030 nor the shipped studies' seeds).
Runs of the fiftieth session (about 25 minutes of one core in all): ``--book 7120 7180
--targeted 7300 7316``, ``--book 7180 7200``, ``--horizons 7200 7230 10000 --replicas 8``,
``--correction 7250 7340 10000``, ``--correction 7340 7356 40000``; figures in the
session's notes (``/work/notes/diag53.md``, not a committed file).

Usage: ``python benchmarks/nvl_bias_diagnosis.py [--shipped] [--book A B] [--targeted A B]
[--horizons A B N] [--replicas R] [--correction A B N] [--out DIR]`` (PYTHONPATH at the
project, one BLAS thread). Cost on one core: part 2 about 4 s a data set at 10,000 newcomers
and 15 s at 40,000; part 3 about 8 s at 10,000 with 8 replicas; part 4 about 3.5 s at 10,000.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import matching
from mia_helpers import newcomers as nc
from mia_helpers.effects import _later_matched_fast, _pair_weights_at, outcome_arrays
from mia_helpers.matched_truth import starts_of
from mia_helpers.panel import PanelSpec, build_panel, load_panel
from mia_helpers.quarters import BASE_YEAR, Window
from mia_helpers.synthetic import draws, write_parquet
from mia_helpers.synthetic.config import GeneratorConfig
from mia_helpers.synthetic.population import make_population
from mia_helpers.synthetic.registers import all_registers
from mia_helpers.synthetic.truth import stable_outcomes

SIM = importlib.import_module("mia_helpers.synthetic.simulate")
SEED_RANGE = range(7100, 7400)
K = 12
_ORIG = {"init": SIM._Run.__init__, "search": SIM._Run.search, "finish": SIM._Run.finish,
         "u": SIM._Run.u, "us": SIM._Run.us, "scores": matching.propensity_scores}
#: state of the in-process patches: ``record`` (store p1/pjob), ``fresh`` ((cut, alt_ids) or None)
PATCH: dict = {"record": True, "fresh": None}


# --- the generator's quarter-1 probabilities, recorded in-process ------------------------------
def _init(self, pop, cfg, seed, window, interventions, full):
    _ORIG["init"](self, pop, cfg, seed, window, interventions, full)
    self.diag_record = PATCH["record"]
    self.fresh = PATCH["fresh"]
    if self.diag_record:
        self.p1 = np.full((self.n, window.n_quarters), np.nan)
        self.pjob = np.full((self.n, window.n_quarters), np.nan)


def _ids(self, t, rows):
    ids = self.ids if rows is None else self.ids[rows]
    if self.fresh is None:
        return ids
    cut, alt = self.fresh
    if rows is not None:
        cut, alt = cut[rows], alt[rows]
    return np.where(t > cut, alt, ids)


def _u(self, stream, t, rows=None):
    """``_Run.u`` with fresh draws (other ids) after each row's cut quarter."""
    return draws.uniform(self.seed, stream, t - self.window.start, _ids(self, t, rows))


def _us(self, streams, t, rows):
    """``_Run.us`` with fresh draws after each row's cut quarter."""
    return draws.uniforms(self.seed, streams, t - self.window.start, _ids(self, t, rows))


def _search(self, t, cont, prev, new, age):
    """Record p_job and P(stable regular job start) of the searchers, then run the step.
    The linear predictor is the one of ``simulate._Run.search`` (checked by
    :func:`recorder_check` against the realised draws)."""
    i = np.flatnonzero(cont & ((prev == SIM.INACTIVE) | (prev == SIM.JOBSEEKER)))
    if i.size and self.diag_record:
        S, jc, ncf = self.S, self.cfg.job, self.cfg.newcomer
        eta = (S.job[i] + jc.jobseeker * (prev[i] == SIM.JOBSEEKER)
               + jc.experience * np.minimum(self.exper[i], 20) / 4.0
               + jc.duration * np.minimum(self.nonemp[i], 12) + jc.age_50_plus * (age[i] >= 50))
        j = t - self.last_start[i].astype(np.int32)
        running = self.meas_until[i] >= t
        lock = (j >= 1) & (j <= S.m_D - 1) & running
        gain = (j >= S.m_D) & (j <= S.m_D + S.m_G - 1)
        eta = eta + (lock * S.m_lock).sum(axis=1) + (gain * S.m_gain).sum(axis=1)
        jc_ = t - self.contract_q[i].astype(np.int32)
        eta = eta + ncf.inburgering_lockin * (jc_ == 1)
        eta = eta + ncf.inburgering_gain * ((jc_ >= 2) & (jc_ <= 1 + ncf.gain_quarters))
        jm = t - self.mo_q[i].astype(np.int32)
        eta = eta + ncf.mo_gain * ((jm >= 2) & (jm <= 1 + ncf.gain_quarters))
        jn = t - self.nt2_q[i].astype(np.int32)
        dn = ncf.nt2_duration_quarters
        eta = eta + ncf.nt2_lockin * ((jn >= 1) & (jn <= dn - 1))
        eta = eta + ncf.nt2_gain * ((jn >= dn) & (jn <= dn + ncf.gain_quarters - 1))
        p_job = SIM._logistic(eta) * (t >= self.pop.access_quarter[i])
        e = SIM._logistic(S.job_end[i] + jc.end_young * (age[i] < 25))
        retire_q = (self.pop.birth_year[i].astype(np.int64) + 65 - BASE_YEAR) * 4
        col = t - self.window.start
        self.pjob[i, col] = p_job
        self.p1[i, col] = p_job * S.regular_p[i] * (1 - e) ** 3 * (retire_q - t >= 4)
    return _ORIG["search"](self, t, cont, prev, new, age)


def _finish(self):
    h = _ORIG["finish"](self)
    if self.diag_record:
        h.p1, h.pjob = self.p1, self.pjob
    return h


def install_recorder() -> None:
    """Wrap ``simulate._Run`` so that every History carries ``p1`` and ``pjob`` ((n, T)
    float, NaN where the person does not search for a job that quarter)."""
    SIM._Run.__init__, SIM._Run.search, SIM._Run.finish = _init, _search, _finish
    SIM._Run.u, SIM._Run.us = _u, _us


def expected_outcomes(d: dict, r: np.ndarray, c: np.ndarray, blocked: np.ndarray,
                      replicas: int) -> np.ndarray:
    """(n, K) mean over ``replicas`` re-simulations of the outcome by horizon k of the rows
    (person row ``r``, column ``c``): the draws of quarters <= c are the data set's (history
    and quarter c unchanged), those after c fresh (other ids), so each replica is an
    independent draw of the future given the state after quarter c. ``blocked``: rows whose
    contract is switched off in quarter c (the truth's "now versus later" counterfactual)."""
    pop, cfg, seed, window = d["pop"], d["cfg"], d["seed"], d["window"]
    q = (c + window.start).astype(np.int16)
    kind = np.where(blocked, SIM.KIND_INBURGERING, -1).astype(np.int8)
    iv = SIM.Interventions(kind, q, q)
    clones = pop.take(r)
    acc = np.zeros((r.size, K))
    PATCH["record"] = False
    try:
        for rep in range(1, replicas + 1):
            PATCH["fresh"] = (q, clones.person_id.astype(np.int64) + rep * 10**9)
            h = SIM.simulate(clones, cfg, seed, window, interventions=iv, full=False)
            acc += stable_outcomes(h.job_len, h.job_regular, c, 4, K, True)[0]
    finally:
        PATCH["record"], PATCH["fresh"] = True, None
    return acc / replicas


def recorder_check(pop, hist, seed: int) -> int:
    """Number of searching person-quarters whose job entry differs from ``U < p_job`` (0)."""
    bad = 0
    for col in range(hist.state.shape[1]):
        i = np.flatnonzero(~np.isnan(hist.pjob[:, col]))
        u = draws.uniform(seed, SIM.ST_JOB, col, pop.person_id[i])
        got = (hist.state[i, col] == SIM.EMPLOYED) & (hist.job_len[i, col] > 0)
        bad += int(((u < hist.pjob[i, col]) != got).sum())
    return bad


# --- a cross-fitted propensity score -----------------------------------------------------------
def _fit_predict(xtr, ytr, xte, ridge):
    _, beta, (mu, sd) = matching.fit_logit(xtr, ytr, ridge=ridge, warn=False)
    return beta[0] + ((xte - mu) / sd) @ beta[1:]


def crossfit_scores(rs, X, pooled=False, C=1e4, min_treated=20, report=None):
    """``matching.propensity_scores`` with two folds by person: each row scored by the logit
    fitted on the other fold (same per-risk-set / pooled rule, same ridge)."""
    rep = report if report is not None else {}
    rep.setdefault("pooled", [])
    rep.setdefault("separation", {})
    y = rs["treated"].to_numpy(bool).astype(float)
    rset = rs["risk_set"].to_numpy()
    fold = (rs["person_id"].to_numpy().astype(np.int64) * 2654435761 % 2**32) % 2
    xv = X.to_numpy(np.float64)
    levels = np.unique(rset)
    score = np.full(len(y), np.nan)

    def cross(mask, xm):
        out, ym, fm = np.full(int(mask.sum()), np.nan), y[mask], fold[mask]
        for f in (0, 1):
            tr = fm != f
            if ym[tr].min() == ym[tr].max():
                return None
            out[fm == f] = _fit_predict(xm[tr], ym[tr], xm[fm == f], 1.0 / C)
        return out

    for r in levels:
        m = rset == r
        n1 = int(y[m].sum())
        s = None if (pooled or n1 < min_treated or n1 == m.sum()) else cross(m, xv[m])
        if s is None:
            rep["pooled"].append(int(r))
        else:
            score[m] = s
    need = np.isnan(score)
    if need.any():
        d = (rset[:, None] == levels[None, 1:]).astype(float)
        score = np.where(need, cross(np.ones(len(y), bool), np.hstack([xv, d])), score)
    return score


# --- one data set ------------------------------------------------------------------------------
def dataset(seed: int, newcomers: int) -> dict:
    """The replication's data set (as ``montecarlo_newcomers.replication_match``), recorded;
    only seeds of this diagnosis' range (:data:`SEED_RANGE`, else ValueError)."""
    if seed not in SEED_RANGE:
        raise ValueError(f"seed {seed} is outside this diagnosis' range 7100-7399")
    return draw_dataset(seed, newcomers)


def draw_dataset(seed: int, newcomers: int) -> dict:
    """The body of :func:`dataset` without its seed guard, for a runner with its own seeds
    (``benchmarks/bias_corrected_study.py``): population (no residents) and history of
    ``seed`` under the default generator, drawn with whatever patches are installed (the
    recorder of :func:`install_recorder`, if any), and the newcomer panel built from their
    registers (one DuckDB thread). Returns a dict with ``pop``, ``hist``, ``cfg``, ``window``,
    ``panel`` and ``seed``."""
    cfg, window = GeneratorConfig(), Window()
    pop = make_population(cfg, seed, 0, int(newcomers), window)
    hist = SIM.simulate(pop, cfg, seed, window)
    tmp = Path(tempfile.mkdtemp(prefix="nvl_diag_"))
    try:
        for name, df in all_registers(pop, hist).items():
            write_parquet(df, tmp / f"{name}.parquet")
        build_panel(tmp, PanelSpec(window=window, threads=1), validate=False)
        panel = nc.newcomer_panel(load_panel(tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dict(pop=pop, hist=hist, cfg=cfg, window=window, panel=panel, seed=seed)


def _match(d: dict, variant: str):
    spec = nc.newcomer_specs(["inburgering"])["inburgering"]
    caliper = np.inf if variant == "no_caliper" else 0.2
    if variant == "crossfit":
        matching.propensity_scores = crossfit_scores
    try:
        return matching.match(d["panel"], spec, k=3, caliper=caliper)
    finally:
        matching.propensity_scores = _ORIG["scores"]


def _rb(res, d, p_fact_of, p0_of):
    """rb_bias (pp) and its parts for the match ``res``."""
    oa = outcome_arrays(res, K)
    tp, cp = res.pairs["treated"].to_numpy(), res.pairs["control"].to_numpy()
    w = matching.pair_weights(tp)
    tu, tinv = np.unique(tp, return_inverse=True)
    v, ok = _pair_weights_at(1, tp, cp, w, tinv, tu.size, oa.A)
    rows = res.rows
    key = list(zip(rows["person_id"].to_numpy(), rows["quarter"].to_numpy(), strict=True))
    p = np.array([p_fact_of[x] for x in key])
    p0 = np.array([p0_of.get(key[i], np.nan) for i in tu])
    ctrl = np.bincount(tinv, v * p[cp], tu.size)
    return dict(oa=oa, tp=tp, cp=cp, w=w, tu=tu, tinv=tinv, v=v, ok=ok, p=p, p0=p0, ctrl=ctrl)


def one(seed: int, newcomers: int, checks: bool = False) -> dict:
    """Every figure of one data set (see the module docstring)."""
    t0 = time.time()
    d = dataset(seed, newcomers)
    pop, hist, cfg, window = d["pop"], d["hist"], d["cfg"], d["window"]
    T = hist.state.shape[1]
    base = _match(d, "package")
    rows = base.rows
    r, c = starts_of(pop, rows["person_id"].to_numpy(), rows["quarter"].to_numpy(), window)
    p_fact = np.where(c + 1 < T, hist.p1[r, np.minimum(c + 1, T - 1)], np.nan)
    keys = list(zip(rows["person_id"].to_numpy(), rows["quarter"].to_numpy(), strict=True))
    p_fact_of = dict(zip(keys, p_fact, strict=True))
    # the truth's "now versus later" counterfactual of every starter, recorded
    tr = np.flatnonzero(rows["treated"].to_numpy(bool))
    rt, ct = r[tr], c[tr]
    q = (ct + window.start).astype(np.int16)
    iv = SIM.Interventions(np.full(rt.size, SIM.KIND_INBURGERING, np.int8), q, q)
    cf = SIM.simulate(pop.take(rt), cfg, seed, window, interventions=iv, full=False)
    at = np.minimum(ct + 1, T - 1)
    p0 = np.where(ct + 1 < T, cf.p1[np.arange(rt.size), at], np.nan)
    y0 = ((cf.job_len >= 4) & cf.job_regular)[np.arange(rt.size), at]
    p0_of = {keys[i]: p0[n] for n, i in enumerate(tr)}
    y0_of = {keys[i]: y0[n] for n, i in enumerate(tr)}
    out: dict = dict(seed=seed, newcomers=newcomers)
    # package: realised error and its expected part
    b = _rb(base, d, p_fact_of, p0_of)
    oa, ok, tu = b["oa"], b["ok"], b["tu"]
    m1, m0, _ = _later_matched_fast(b["tp"], b["cp"], b["w"], oa.E, oa.A, K)
    y1 = oa.E[tu] <= 1
    y0m = np.array([y0_of[keys[i]] for i in tu])
    ctrl_y = np.bincount(b["tinv"], b["v"] * (oa.E[b["cp"]] <= 1), tu.size)
    pt = b["p"][tu]
    out.update(
        n_starters=int(tr.size), n_est=int(ok.sum()),
        real_bias=100 * ((m1[0] - m0[0]) - (y1[ok].mean() - y0m[ok].mean())),
        rb_truth=100 * np.mean(pt[ok] - b["p0"][ok]),
        y0_minus_p0=100 * np.mean(y0m[ok] - b["p0"][ok]),
        ctrl_y_minus_p=100 * np.mean(ctrl_y[ok] - b["ctrl"][ok]),
        rb_bias_package=100 * np.mean(b["p0"][ok] - b["ctrl"][ok]))
    clock = rows["risk_set"].to_numpy()[tu]
    for name, lo, hi in (("u0_3", 0, 3), ("u4_11", 4, 11), ("u12p", 12, 10**6)):
        sel = ok & (clock >= lo) & (clock <= hi)
        out[f"rb_package_{name}"] = 100 * np.sum(b["p0"][sel] - b["ctrl"][sel]) / ok.sum()
    # stratum mean: every pool row of the starter's risk set and exact cell
    cell = rows["risk_set"].to_numpy().astype(np.int64) * 10**7 + rows["stratum"].to_numpy()
    pool = ~rows["treated"].to_numpy(bool) & ~np.isnan(b["p"])
    kk, inv = np.unique(cell, return_inverse=True)
    s = np.bincount(inv[pool], b["p"][pool], kk.size)
    cnt = np.bincount(inv[pool], minlength=kk.size)
    strat = np.where(cnt > 0, s / np.maximum(cnt, 1), np.nan)[inv[tu]]
    out["rb_bias_stratum_mean"] = 100 * np.nanmean(b["p0"][ok] - strat[ok])
    # the same over every starter observed at quarter 1 (exchangeability within the cell)
    allt = tr[(oa.A[tr] >= 1) & (cnt[inv[tr]] > 0)]
    p0_all = np.array([p0_of[keys[i]] for i in allt])
    pool_mean = (s / np.maximum(cnt, 1))[inv[allt]]
    out["rb_bias_stratum_all_starters"] = 100 * np.nanmean(p0_all - pool_mean)
    for variant in ("crossfit", "no_caliper"):
        bv = _rb(_match(d, variant), d, p_fact_of, p0_of)
        out[f"rb_bias_{variant}"] = 100 * np.mean(bv["p0"][bv["ok"]] - bv["ctrl"][bv["ok"]])
        out[f"n_est_{variant}"] = int(bv["ok"].sum())
    if checks:
        y, obs = stable_outcomes(hist.job_len[r], hist.job_regular[r], c, 4, K, True)
        ks = np.arange(1, K + 1)[None, :]
        out["check_outcome_rows_differing"] = int(
            ((obs != (oa.A[:, None] >= ks)) | (((oa.E[:, None] <= ks) != y) & obs)).sum())
        ab, co = hist.abb["registration"][r], hist.abb["contract_signed"][r]
        t = c + window.start
        out["check_non_candidates"] = int((~((ab != SIM.NEVER) & (ab < t))).sum()
                                          + ((co != SIM.NEVER) & (co < t)).sum()
                                          + (hist.state[r, c] == SIM.EMPLOYED).sum())
        out["check_recorder"] = recorder_check(pop, hist, seed)
    out["seconds"] = time.time() - t0
    return out


def one_horizons(seed: int, newcomers: int, replicas: int) -> dict:
    """Expected error at every horizon k (``hz_<variant>_q<k>``, pp) from
    :func:`expected_outcomes` of every risk-set row (starters under the truth's counterfactual,
    pool rows as they are), with the pair weights of each variant at k; ``hz_stratum_all_q<k>``:
    every starter observed at k against the equally weighted pool rows of its risk set and
    exact cell observed at k; ``hz_check_pool_q<k>``: pool rows' realised minus expected
    outcome (zero in expectation)."""
    t0 = time.time()
    d = dataset(seed, newcomers)
    base = _match(d, "package")
    rows = base.rows
    r, c = starts_of(d["pop"], rows["person_id"].to_numpy(), rows["quarter"].to_numpy(),
                     d["window"])
    tr = rows["treated"].to_numpy(bool)
    mu = expected_outcomes(d, r, c, tr, replicas)
    oa = outcome_arrays(base, K)
    ks = np.arange(1, K + 1)
    obs = oa.A[:, None] >= ks[None, :]
    out: dict = dict(seed=seed, newcomers=newcomers)
    yreal = oa.E[:, None] <= ks[None, :]
    for k in ks:
        o = obs[:, k - 1] & ~tr
        out[f"hz_check_pool_q{k}"] = 100 * np.mean(yreal[o, k - 1] - mu[o, k - 1])
    cell = rows["risk_set"].to_numpy().astype(np.int64) * 10**7 + rows["stratum"].to_numpy()
    kk, inv = np.unique(cell, return_inverse=True)
    for k in ks:
        pool = ~tr & obs[:, k - 1]
        s = np.bincount(inv[pool], mu[pool, k - 1], kk.size)
        cnt = np.bincount(inv[pool], minlength=kk.size)
        t = np.flatnonzero(tr & obs[:, k - 1] & (cnt[inv] > 0))
        out[f"hz_stratum_all_q{k}"] = 100 * np.mean(mu[t, k - 1] - (s / np.maximum(cnt, 1))[inv[t]])
    # bias-corrected matching (Abadie & Imbens 2011): each pair's twin outcome shifted by
    # mu0(x_starter) - mu0(x_twin), mu0 a linear-probability fit per horizon of the realised
    # outcome on the design covariates and risk-set dummies among the pool rows observed at k
    rs_codes = pd.factorize(rows["risk_set"].to_numpy())[0]
    design = np.column_stack([np.ones(len(rows)), base.X.to_numpy(np.float64),
                              (rs_codes[:, None] == np.arange(1, rs_codes.max() + 1)[None, :])])
    mu0 = np.zeros((len(rows), K))
    for k in ks:
        o = obs[:, k - 1] & ~tr
        beta = np.linalg.lstsq(design[o], yreal[o, k - 1].astype(float), rcond=None)[0]
        mu0[:, k - 1] = design @ beta
    for variant in ("package", "crossfit", "no_caliper", "bias_corrected"):
        res = base if variant in ("package", "bias_corrected") else _match(d, variant)
        # the variants' rows are the same risk-set rows in the same order
        if not np.array_equal(res.rows["person_id"].to_numpy(), rows["person_id"].to_numpy()):
            raise RuntimeError("risk-set rows differ between variants")
        tp, cp = res.pairs["treated"].to_numpy(), res.pairs["control"].to_numpy()
        w = matching.pair_weights(tp)
        tu, tinv = np.unique(tp, return_inverse=True)
        for k in ks:
            v, ok = _pair_weights_at(k, tp, cp, w, tinv, tu.size, oa.A)
            ctrl = np.bincount(tinv, v * mu[cp, k - 1], tu.size)
            if variant == "bias_corrected":
                ctrl = ctrl + mu0[tu, k - 1] - np.bincount(tinv, v * mu0[cp, k - 1], tu.size)
            out[f"hz_{variant}_q{k}"] = 100 * np.mean(mu[tu[ok], k - 1] - ctrl[ok])
    out["seconds"] = time.time() - t0
    return out


#: the shipped result files of the inburgering studies (read only) and their design
SHIPPED = {"montecarlo_newcomers": "book", "montecarlo_replication": "book",
           "montecarlo_confirmation": "book", "montecarlo_targeted": "targeted"}


def shipped_table(root: Path) -> pd.DataFrame:
    """Bias of the matched "now versus later" inburgering estimate per design and quarter,
    pooled over the shipped files (post hoc): against the truth over all starters
    (``bias_all``) and over the matched starters (``bias_matched``), Monte Carlo SEs
    (SD / sqrt(data sets)), the truths and the scope gap (truth all minus matched), pp."""
    parts = []
    for name, design in SHIPPED.items():
        f = pd.read_parquet(root / "results" / f"{name}.parquet")
        f = f[(f["estimand"] == "now_vs_later") & (f["estimator"] == "matched")
              & f["study"].astype(str).str.startswith("inburgering")]
        parts.append(f.assign(design=design))
    d = pd.concat(parts, ignore_index=True)
    d["e_all"] = d["att_pp"] - d["true_att_pp"]
    d["e_m"] = d["att_pp"] - d["true_att_matched_pp"]
    g = d.groupby(["design", "quarter_since_start"])
    n = g["e_all"].count()
    return pd.DataFrame({
        "n": n, "bias_all": g["e_all"].mean(), "se_all": g["e_all"].std() / np.sqrt(n),
        "bias_matched": g["e_m"].mean(), "se_matched": g["e_m"].std() / np.sqrt(n),
        "truth_all": g["true_att_pp"].mean(), "truth_matched": g["true_att_matched_pp"].mean(),
        "scope_gap": g["true_att_pp"].mean() - g["true_att_matched_pp"].mean(),
        "matched_share": g["n_matched"].mean() / g["n_starters"].mean()})


def bc_correction(seed: int, newcomers: int) -> dict:
    """What bias-corrected matching would subtract from the package's estimate at every
    horizon (``corr_q<k>``, pp): mean over the estimate's starters of mu0(x_starter) minus the
    pair-weighted mu0(x_twin), mu0 as in :func:`one_horizons` (realised outcomes; no
    replicas). A positive value: the twins' covariates predict less job entry than the
    starters'. Paired with the package's error, ``error - corr`` is the corrected error."""
    t0 = time.time()
    PATCH["record"] = False
    try:
        d = dataset(seed, newcomers)
    finally:
        PATCH["record"] = True
    res = _match(d, "package")
    rows = res.rows
    oa = outcome_arrays(res, K)
    ks = np.arange(1, K + 1)
    obs = oa.A[:, None] >= ks[None, :]
    yreal = oa.E[:, None] <= ks[None, :]
    tr = rows["treated"].to_numpy(bool)
    rs_codes = pd.factorize(rows["risk_set"].to_numpy())[0]
    design = np.column_stack([np.ones(len(rows)), res.X.to_numpy(np.float64),
                              (rs_codes[:, None] == np.arange(1, rs_codes.max() + 1)[None, :])])
    tp, cp = res.pairs["treated"].to_numpy(), res.pairs["control"].to_numpy()
    w = matching.pair_weights(tp)
    tu, tinv = np.unique(tp, return_inverse=True)
    out: dict = dict(seed=seed, newcomers=newcomers)
    for k in ks:
        o = obs[:, k - 1] & ~tr
        beta = np.linalg.lstsq(design[o], yreal[o, k - 1].astype(float), rcond=None)[0]
        mu0 = design @ beta
        v, ok = _pair_weights_at(k, tp, cp, w, tinv, tu.size, oa.A)
        corr = mu0[tu] - np.bincount(tinv, v * mu0[cp], tu.size)
        out[f"corr_q{k}"] = 100 * float(corr[ok].mean())
    out["seconds"] = time.time() - t0
    return out


def summary(df: pd.DataFrame) -> pd.DataFrame:
    """Mean and Monte Carlo SE (SD / sqrt(data sets)) of every numeric column."""
    num = df.drop(columns=["seed", "newcomers"]).astype(float)
    return pd.DataFrame({"mean": num.mean(), "mc_se": num.std(ddof=1) / np.sqrt(len(num))})


def main(argv: list[str] | None = None) -> int:
    """Run the designs given on the command line and print their summaries."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--book", nargs=2, type=int, default=[0, 0],
                    help="part 2 at 10,000 newcomers on seeds A..B-1")
    ap.add_argument("--targeted", nargs=2, type=int, default=[0, 0],
                    help="part 2 at 40,000 newcomers on seeds A..B-1")
    ap.add_argument("--horizons", nargs=3, type=int, default=None,
                    metavar=("FIRST", "STOP", "NEWCOMERS"),
                    help="the horizon part: seeds FIRST..STOP-1 at NEWCOMERS newcomers")
    ap.add_argument("--replicas", type=int, default=16)
    ap.add_argument("--correction", nargs=3, type=int, default=None,
                    metavar=("FIRST", "STOP", "NEWCOMERS"),
                    help="the bias-correction term on seeds FIRST..STOP-1")
    ap.add_argument("--out", default=None, help="folder for the per-data-set CSV files")
    ap.add_argument("--shipped", action="store_true",
                    help="first print the pooled table of the shipped result files")
    a = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    if a.shipped:
        pd.set_option("display.width", 160)
        tab = shipped_table(Path(__file__).resolve().parents[1])
        print("shipped files, matched 'now versus later', pp (post hoc)")
        print(tab.round(4).to_string())
        for design, x in tab.groupby(level="design"):
            q = x.xs(design).loc[4:8]
            print(f"{design}: quarters 4-8 mean bias_all {q.bias_all.mean():+.4f}, "
                  f"bias_matched {q.bias_matched.mean():+.4f}, scope_gap "
                  f"{q.scope_gap.mean():+.4f} (per-quarter SEs above)")
    install_recorder()
    pd.set_option("display.width", 160)
    for label, n, (lo, hi) in (("book", 10_000, a.book), ("targeted", 40_000, a.targeted)):
        if hi <= lo:
            continue
        recs = [one(s, n, checks=(s == lo)) for s in range(lo, hi)]
        df = pd.DataFrame.from_records(recs)
        if a.out:
            Path(a.out).mkdir(parents=True, exist_ok=True)
            df.to_csv(Path(a.out) / f"nvl_{label}_{lo}_{hi}.csv", index=False)
        print(f"\n{label} design: {n:,} newcomers, seeds {lo}-{hi - 1} ({len(df)} data sets)")
        print(summary(df).round(4).to_string())
    if a.horizons:
        lo, hi, n = a.horizons
        recs = []
        for s in range(lo, hi):
            recs.append(one_horizons(s, n, a.replicas))
            print(f"seed {s}: package q1 {recs[-1]['hz_package_q1']:+.3f}, q6 "
                  f"{recs[-1]['hz_package_q6']:+.3f} pp ({recs[-1]['seconds']:.0f} s)",
                  flush=True)
        df = pd.DataFrame.from_records(recs)
        if a.out:
            df.to_csv(Path(a.out) / f"nvl_horizons_{n}_{lo}_{hi}.csv", index=False)
        print(f"\nhorizons: {n:,} newcomers, seeds {lo}-{hi - 1}, {a.replicas} replicas")
        sm = summary(df)
        names = ["package", "crossfit", "no_caliper", "bias_corrected", "stratum_all",
                 "check_pool"]
        tab = pd.DataFrame({nm: [f"{sm.loc[f'hz_{nm}_q{k}', 'mean']:+.3f} "
                                 f"({sm.loc[f'hz_{nm}_q{k}', 'mc_se']:.3f})"
                                 for k in range(1, K + 1)] for nm in names},
                           index=pd.Index(range(1, K + 1), name="quarter"))
        print(tab.to_string())
        for nm in names:
            x = df[[f"hz_{nm}_q{k}" for k in range(4, 9)]].mean(axis=1)
            print(f"{nm}: mean over quarters 4-8 {x.mean():+.4f} pp (MC SE "
                  f"{x.std(ddof=1) / np.sqrt(len(x)):.4f})")
    if a.correction:
        lo, hi, n = a.correction
        df = pd.DataFrame.from_records([bc_correction(s, n) for s in range(lo, hi)])
        if a.out:
            df.to_csv(Path(a.out) / f"nvl_correction_{n}_{lo}_{hi}.csv", index=False)
        sm = summary(df)
        print(f"\nbias-correction term, {n:,} newcomers, seeds {lo}-{hi - 1}, pp")
        print(sm.loc[[f"corr_q{k}" for k in range(1, K + 1)]].round(4).to_string())
        x = df[[f"corr_q{k}" for k in range(4, 9)]].mean(axis=1)
        print(f"quarters 4-8: {x.mean():+.4f} (MC SE {x.std(ddof=1) / np.sqrt(len(x)):.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
