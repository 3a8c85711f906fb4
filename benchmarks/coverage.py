"""Benchmark: coverage of the bootstrap intervals of the matched effects, by Monte Carlo.

R synthetic data sets are drawn (:func:`mia_helpers.montecarlo.run_montecarlo`, the same
``base_seed`` for both methods, so both are judged on the *same* R data sets); on each, the
effect of a measure (default IBO, ``workplace_learning_ibo``) is estimated by dynamic matching
and a person-clustered percentile bootstrap interval is computed twice:

- ``fixed``: propensity scores, caliper widths and IPCW coefficients held at their full-sample
  values (the method before issue 14);
- ``refit``: all three re-estimated on every bootstrap resample
  (:func:`mia_helpers.effects.estimate_effects`, ``bootstrap_method="refit"``).

For each method, estimand and quarter since the start (default 4-8) the script prints the
coverage (share of the R intervals holding that replication's true effect, from the generator's
counterfactual re-simulation) with its binomial Monte Carlo standard error
``sqrt(c (1 - c) / R)``, the bias with its Monte Carlo SE, the SD of the estimates across
replications and the mean bootstrap SE (a calibrated bootstrap has a ratio near 1), and the
mean interval width. Coverage at different quarters comes from the same replications and is
positively correlated; the binomial SE is per quarter.

Usage::

    python benchmarks/coverage.py                            # R = 40, B = 49, 1,500 residents
    python benchmarks/coverage.py --replications 200 --bootstrap 99 --jobs 2 --out cov.parquet
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

METHODS = ("fixed", "refit")


def coverage_table(results: pd.DataFrame, quarters: range, level: float) -> pd.DataFrame:
    """Per method, estimand and quarter: coverage with binomial MC SE, bias, SD vs SE ratio."""
    d = results[(results["estimator"] == "matched")
                & results["quarter_since_start"].isin(list(quarters))]
    d = d.dropna(subset=["att_pp", "true_att_pp", "ci_low", "ci_high"]).copy()
    d["covered"] = (d["ci_low"] <= d["true_att_pp"]) & (d["true_att_pp"] <= d["ci_high"])
    d["err"] = d["att_pp"] - d["true_att_pp"]
    d["width"] = d["ci_high"] - d["ci_low"]
    g = d.groupby(["method", "estimand", "quarter_since_start"], observed=True)
    R = g.size()
    cov = g["covered"].mean()
    out = pd.DataFrame({
        "R": R,
        "coverage": cov,
        "mc_se_coverage": np.sqrt(cov * (1 - cov) / R),
        "nominal": level,
        "bias_pp": g["err"].mean(),
        "mc_se_bias_pp": g["err"].std(ddof=1) / np.sqrt(R),
        "sd_estimates_pp": g["att_pp"].std(ddof=1),
        "mean_boot_se_pp": g["se"].mean(),
        "mean_width_pp": g["width"].mean(),
    })
    out["se_over_sd"] = out["mean_boot_se_pp"] / out["sd_estimates_pp"]
    return out.reset_index()


def main(argv: list[str] | None = None) -> pd.DataFrame:
    from mia_helpers.montecarlo import run_montecarlo
    from mia_helpers.montecarlo_confirmation import ISSUE14_QUARTERS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replications", type=int, default=40, help="Monte Carlo data sets R")
    ap.add_argument("--bootstrap", type=int, default=49, help="bootstrap replications B")
    ap.add_argument("--residents", type=int, default=1500)
    ap.add_argument("--measure", default="workplace_learning_ibo")
    ap.add_argument("--base-seed", type=int, default=2005)
    ap.add_argument("--quarters", type=int, nargs=2, default=ISSUE14_QUARTERS,
                    metavar=("FIRST", "LAST"),
                    help="first and last quarter since the start read (default: issue 14's "
                         "judged quarters, montecarlo_confirmation.ISSUE14_QUARTERS: "
                         "%(default)s)")
    ap.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache-dir", type=Path, default=None,
                    help="Monte Carlo cache folder (default: the package's)")
    ap.add_argument("--out", type=Path, default=None, help="write the raw replications here")
    a = ap.parse_args(argv)
    parts = []
    for method in a.methods:
        t0 = time.perf_counter()
        r = run_montecarlo(replications=a.replications, residents=a.residents, newcomers=0,
                           measure=a.measure, bootstrap=a.bootstrap, base_seed=a.base_seed,
                           n_jobs=a.jobs, progress=True, cache_dir=a.cache_dir,
                           bootstrap_method=method)
        print(f"{method}: {a.replications} replications in {time.perf_counter() - t0:.0f} s")
        parts.append(r.assign(method=method))
    res = pd.concat(parts, ignore_index=True)
    if a.out is not None:
        tmp = a.out.with_name(f".{a.out.name}.tmp")
        res.to_parquet(tmp, index=False)
        tmp.replace(a.out)
    # montecarlo.replication asks estimate_effects for its default interval level
    import inspect

    from mia_helpers.effects import estimate_effects

    level = inspect.signature(estimate_effects).parameters["ci_level"].default
    tab = coverage_table(res, range(a.quarters[0], a.quarters[1] + 1), level)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(f"\n{a.measure}: R = {a.replications} data sets of {a.residents} residents, "
              f"B = {a.bootstrap} bootstrap replications, nominal {level:.0%} percentile "
              "intervals")
        print(tab.round(3).to_string(index=False))
    return tab


if __name__ == "__main__":
    main()
