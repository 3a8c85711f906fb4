"""Referee ref55: how often the switched reading (mia_helpers.montecarlo_switched, rules S2-S4)
calls a centred version of the shipped studies (base 2005, the old estimator) defective.

Each shipped study's data sets are resampled with replacement (whole data sets, so the
dependence across quarters and estimands is the real one). Before resampling, every cell's
errors (study, estimand, quarter) are centred (bias 0) and the intervals' half-widths are
rescaled so that a share ``target`` of the data sets' centred intervals holds the truth (the
population's coverage); ``target=None`` keeps the shipped half-widths (the old intervals'
own coverage, about 0.94-0.98). The reading is reimplemented in arrays for speed and checked
against the module on the shipped studies. Prints figures only; no data set is generated.
Seed of the resampling: 55 (referee's). Bounds (not point-identified estimates) are left out.
"""

from __future__ import annotations

import sys
import warnings
from functools import cache

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from mia_helpers import montecarlo_switched as sw
from mia_helpers.labels import not_point_identified
from mia_helpers.montecarlo import coverage_tolerance

QS = range(4, 9)
ESTS = ("now_vs_later", "now_vs_never")


def arrays(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Errors (pp) and half-widths (pp), data sets x cells (estimand, quarter 4-8); NaN where
    the cell has no point estimate."""
    d = df[(df.estimator == "matched") & df.quarter_since_start.isin(QS)]
    d = d[~not_point_identified(d)].dropna(subset=["att_pp", "true_att_pp"])
    d = d.assign(err=d.att_pp - d.true_att_pp, hw=(d.ci_high - d.ci_low) / 2,
                 cell=d.estimand + "_" + d.quarter_since_start.astype(str))
    cells = [f"{e}_{q}" for e in ESTS for q in QS]
    seeds = np.sort(df.seed.unique())
    err = d.pivot(index="seed", columns="cell", values="err").reindex(index=seeds, columns=cells)
    hw = d.pivot(index="seed", columns="cell", values="hw").reindex(index=seeds, columns=cells)
    return err.to_numpy(), hw.to_numpy()


def prepare(err: np.ndarray, hw: np.ndarray, target: float | None, shift: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Centred errors (plus ``shift`` per cell) and covered flags at population coverage
    ``target``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # cells without point estimates
        e = err - np.nanmean(err, axis=0)
        r = np.abs(e) / hw
        scale = (np.nanquantile(r, target, axis=0, method="inverted_cdf")
                 if target is not None else 1.0)
    r = r / scale
    cov = np.where(np.isnan(e), np.nan, (r <= 1.0).astype(float))
    if shift is not None:
        e = e + shift
    return e, cov


@cache
def p_cov(k: int, n: int, null: str) -> float:
    if null == "0.95":
        return float(stats.binomtest(k, n, 0.95).pvalue)
    lo = stats.binom.cdf(k, n, 0.90)
    hi = stats.binom.sf(k - 1, n, 0.98)
    return float(min(1.0, 2 * min(lo, hi)))


def read(studies: list[tuple[np.ndarray, np.ndarray]], null: str = "0.95",
         level: float = 0.05) -> tuple[bool, bool, int]:
    """(S2 defect, S3 defect, literal failures) of the arrays' reading."""
    ps, fails, pp = [], [], []
    for e, c in studies:
        n = np.sum(~np.isnan(e), axis=0)
        for j in range(e.shape[1]):
            if n[j] < 2:
                continue
            x = e[~np.isnan(e[:, j]), j]
            b, se = x.mean(), x.std(ddof=1) / np.sqrt(n[j])
            ps.append(2 * stats.t.sf(abs(b) / se, n[j] - 1) if se > 0 else 1.0)
            fails.append(abs(b) > 2 * se)
            k = int(np.nansum(c[:, j]))
            lo, hi = (float(v) for v in coverage_tolerance(n[j]))
            ps.append(p_cov(k, int(n[j]), null))
            fails.append(not lo <= k / n[j] <= hi)
        for est in range(2):
            w = e[:, est * 5:(est + 1) * 5]
            full = ~np.isnan(w).any(axis=1)
            if full.sum() >= sw.MIN_POOLED:
                m = w[full].mean(axis=1)
                pp.append(2 * stats.t.sf(abs(m.mean()) / (m.std(ddof=1) / np.sqrt(m.size)),
                                         m.size - 1))
    rej = multipletests(ps, alpha=level, method="holm")[0]
    s2 = bool(np.any(rej & np.array(fails)))
    s3 = bool(multipletests(pp, alpha=level, method="holm")[0].any())
    return s2, s3, int(np.sum(fails))


def main(reps: int = 400, only: tuple[int, ...] = ()) -> None:
    nc = pd.read_parquet("results/montecarlo_newcomers.parquet")
    ap = pd.read_parquet("results/montecarlo_appendix_a.parquet")
    res = {"inburgering": nc, **{m: ap[ap.study == m] for m in
                                  ("ibo", "basic_training", "zero_effect")}}
    raw = {k: arrays(v) for k, v in res.items()}
    # check against the module on the shipped studies (point-estimate checks only)
    mod = sw.check_table(res)
    mod = mod[mod.criterion != "bound_coverage"]
    print("module (shipped, uncentred): S2 defects",
          list(mod.loc[mod.defect, ["study", "estimand", "criterion", "quarter_since_start"]]
               .itertuples(index=False, name=None)),
          "| S3 defects", int(sw.pooled_table(res).defect.sum()))
    rng = np.random.default_rng(55)
    pooled_se = {}
    for k, (e, _h) in raw.items():
        for est in range(2):
            w = e[:, est * 5:(est + 1) * 5]
            m = w[~np.isnan(w).any(axis=1)].mean(axis=1)
            if m.size >= 2:
                pooled_se[(k, ESTS[est])] = m.std(ddof=1) / np.sqrt(m.size)
    print("pooled MC SE (pp):", {f"{a} {b}": round(v, 3) for (a, b), v in pooled_se.items()})
    scen = [("coverage 0.95, null 0.95", 0.95, "0.95"), ("coverage 0.95, band null", 0.95, "band"),
            ("shipped half-widths, null 0.95", None, "0.95"),
            ("shipped half-widths, band null", None, "band"),
            ("coverage 0.97, null 0.95", 0.97, "0.95"), ("coverage 0.93, null 0.95", 0.93, "0.95"),
            ("coverage 0.88, null 0.95", 0.88, "0.95"), ("coverage 0.88, band null", 0.88, "band")]
    if only:
        scen = [scen[i] for i in only]
    for label, target, null in scen:
        prep = {k: prepare(e, h, target) for k, (e, h) in raw.items()}
        out = []
        for _ in range(reps):
            studies = []
            for e, c in prep.values():
                i = rng.integers(0, e.shape[0], e.shape[0])
                studies.append((e[i], c[i]))
            out.append(read(studies, null))
        o = np.array(out)
        print(f"{label:34s}: S2 {o[:, 0].mean():.3f}  S3 {o[:, 1].mean():.3f}  "
              f"either {(o[:, 0] | o[:, 1]).mean():.3f}  >=1 literal failure "
              f"{(o[:, 2] > 0).mean():.3f}  mean failures {o[:, 2].mean():.2f}  ({reps} resamples)")
        sys.stdout.flush()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400,
         tuple(int(a) for a in sys.argv[2:]))
