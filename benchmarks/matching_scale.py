"""Benchmark: dynamic matching + effects for one measure at growing sample sizes.

For each size N (persons; two thirds residents, one third newcomers as in the book's data) the
script generates registers without truth (``mia_helpers.synthetic.generate(..., truth=False)``),
builds the panel, and then times, in a fresh child process (so that peak memory is the
estimator's own): loading the lean panel, risk sets, propensity scores, matching, balance, and
both estimands with a person-clustered bootstrap. It prints seconds and peak resident memory.

A side-by-side compares the vectorised matching + outcome + effect code with a straightforward
pandas implementation (a Python loop over starters for the neighbour search and over matched
rows for the outcome look-up) on the same small sample, given the same propensity scores, and
reports the ratio of their times and the two estimates.

Usage::

    python benchmarks/matching_scale.py                      # 20k, 100k, 1M persons
    python benchmarks/matching_scale.py --sizes 20000 100000 --bootstrap 20
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

MEASURE = "workplace_learning_ibo"


def generate_data(root: Path, n: int, seed: int) -> tuple[Path, float]:
    from mia_helpers.panel import build_panel
    from mia_helpers.synthetic import generate

    out = root / f"n{n}_s{seed}"
    if (out / "panel.parquet").exists():
        return out, 0.0
    t0 = time.perf_counter()
    residents = int(round(n * 2 / 3))
    generate(out, seed=seed, residents=residents, newcomers=n - residents, truth=False)
    build_panel(out)
    return out, time.perf_counter() - t0


def run_one(data: Path, measure: str, bootstrap: int, k: int) -> dict:
    """The timed estimation (runs in the child process)."""
    from mia_helpers.effects import estimate_effects
    from mia_helpers.matching import TreatmentSpec, load_matching_panel, match

    spec = TreatmentSpec.measure(measure)
    t = {}
    t0 = time.perf_counter()
    panel = load_matching_panel(data, [spec])
    t["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = match(panel, spec, k=k)
    t["match"] = time.perf_counter() - t0
    del panel
    t0 = time.perf_counter()
    tidy = estimate_effects(res, bootstrap=0, progress=False)
    t["effects"] = time.perf_counter() - t0
    if bootstrap:
        t0 = time.perf_counter()
        estimate_effects(res, bootstrap=bootstrap, progress=False, n_jobs=2)
        t[f"effects+bootstrap{bootstrap}"] = time.perf_counter() - t0
    m = tidy[(tidy.estimator == "matched") & (tidy.estimand == "now_vs_later")
             & (tidy.quarter_since_start == 5)]
    return dict(
        seconds=t, risk_rows=len(res.rows), treated=res.n_treated,
        att_q5=float(m["att_pp"].iloc[0]),
        peak_gib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
    )


# ---------------------------------------------------------------------------------------------
# straightforward reference implementation (loops), for the side-by-side
# ---------------------------------------------------------------------------------------------


def loop_reference(rows: pd.DataFrame, panel: pd.DataFrame, k: int, cal_abs: dict, K: int,
                   last_quarter: int, stable_quarters: int = 4) -> np.ndarray:
    """Matched now-vs-later effect (pp) at k = 1..K, written the obvious way."""
    pairs = []
    for r, cal in cal_abs.items():
        rs = rows[rows["risk_set"] == r]
        pool = rs[~rs["treated"]]
        for i, t in rs[rs["treated"]].iterrows():
            cand = pool[pool["stratum"] == t["stratum"]]
            d = (cand["score"] - t["score"]).abs()
            d = d[d <= cal].sort_values(kind="stable").head(k)
            for j in d.index:
                pairs.append((i, j, 1.0 / len(d)))
    stable = panel.loc[panel["stable_job_start"], ["person_id", "quarter"]]
    cache = {}

    def first_after(i):
        if i not in cache:
            pid, q = rows.at[i, "person_id"], rows.at[i, "quarter"]
            s = stable["quarter"][(stable["person_id"] == pid) & (stable["quarter"] > q)]
            cache[i] = (s.min() - q) if len(s) else 10**6
        return cache[i]

    att = np.full(K, np.nan)
    pairs = pd.DataFrame(pairs, columns=["t", "c", "w"])
    for kk in range(1, K + 1):
        y1, y0 = [], []
        for ti, g in pairs.groupby("t"):
            if rows.at[ti, "quarter"] + kk + stable_quarters - 1 > last_quarter:
                continue
            ok = [(c, w) for c, w in zip(g["c"], g["w"], strict=True)
                  if rows.at[c, "quarter"] + kk + stable_quarters - 1 <= last_quarter]
            if not ok:
                continue
            W = sum(w for _, w in ok)
            y0.append(sum(w * (first_after(c) <= kk) for c, w in ok) / W)
            y1.append(first_after(ti) <= kk)
        att[kk - 1] = 100 * (np.mean(y1) - np.mean(y0))
    return att


def side_by_side(data: Path, measure: str, k: int, persons: int) -> dict:
    from mia_helpers.effects import _later_matched_fast, outcome_arrays
    from mia_helpers.matching import (
        TreatmentSpec,
        load_matching_panel,
        match,
        match_arrays,
        pair_weights,
    )

    spec = TreatmentSpec.measure(measure)
    panel = load_matching_panel(data, [spec])
    ids = np.sort(panel["person_id"].unique())[:persons]
    panel = panel[panel["person_id"].isin(ids)].reset_index(drop=True)
    res = match(panel, spec, k=k)
    # break ties between identical scores (persons with identical covariates), so that both
    # implementations must pick the same neighbours and give the same estimate
    res.rows = res.rows.assign(
        score=res.rows["score"] + np.random.default_rng(0).uniform(0, 1e-7, len(res.rows)))
    rows = res.rows
    cal = dict(zip(res.support["risk_set"].astype(int), res.support["caliper"], strict=True))
    K = 12
    t0 = time.perf_counter()
    tp, cp, _ = match_arrays(rows["score"].to_numpy(), rows["stratum"].to_numpy(),
                             rows["risk_set"].to_numpy(), rows["treated"].to_numpy(), k, cal)
    oa = outcome_arrays(res, K)
    m1, m0, _ = _later_matched_fast(tp, cp, pair_weights(tp), oa.E, oa.A, K)
    t_vec = time.perf_counter() - t0
    t0 = time.perf_counter()
    att_loop = loop_reference(rows, panel, k, cal, K, int(panel["quarter"].max()))
    t_loop = time.perf_counter() - t0
    att_vec = 100 * (m1 - m0)
    return dict(persons=len(ids), risk_rows=len(rows), treated=res.n_treated,
                seconds_vectorised=t_vec, seconds_loop=t_loop, ratio=t_loop / t_vec,
                max_abs_diff_pp=float(np.nanmax(np.abs(att_loop - att_vec))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    ap.add_argument("--measure", default=MEASURE)
    ap.add_argument("--bootstrap", type=int, default=20)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2005)
    ap.add_argument("--root", type=Path, default=Path("/tmp/mia-bench"))
    ap.add_argument("--loop-persons", type=int, default=3000,
                    help="resident persons in the side-by-side sample")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:  # child process: one timed run, JSON on stdout
        print(json.dumps(run_one(args.one, args.measure, args.bootstrap, args.k)))
        return
    args.root.mkdir(parents=True, exist_ok=True)
    print(f"dynamic matching + effects for {args.measure}, k={args.k}, "
          f"bootstrap={args.bootstrap}")
    print(f"{'persons':>10} {'gen+panel s':>12} {'risk rows':>10} {'treated':>8} "
          f"{'load':>6} {'match':>6} {'effects':>8} {'+boot':>7} {'peak GiB':>9}")
    for n in args.sizes:
        data, t_gen = generate_data(args.root, n, args.seed)
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(data), "--measure", args.measure,
             "--bootstrap", str(args.bootstrap), "--k", str(args.k)],
            capture_output=True, text=True, check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        s = r["seconds"]
        boot = s.get(f"effects+bootstrap{args.bootstrap}", float("nan"))
        print(f"{n:>10} {t_gen:>12.1f} {r['risk_rows']:>10} {r['treated']:>8} "
              f"{s['load']:>6.1f} {s['match']:>6.1f} {s['effects']:>8.1f} {boot:>7.1f} "
              f"{r['peak_gib']:>9.2f}", flush=True)
    data, _ = generate_data(args.root, args.sizes[0], args.seed)
    sb = side_by_side(data, args.measure, args.k, args.loop_persons)
    print(f"\nside-by-side on {sb['persons']} residents ({sb['risk_rows']} risk-set rows, "
          f"{sb['treated']} starters), matching + outcomes + now-vs-later effect given the "
          f"propensity scores:")
    print(f"  vectorised {sb['seconds_vectorised']:.3f} s, pandas/loop {sb['seconds_loop']:.1f} s"
          f" -> {sb['ratio']:.0f}x faster; largest difference of the two estimates "
          f"{sb['max_abs_diff_pp']:.2g} pp")


if __name__ == "__main__":
    main()
