"""Activation effects of VDAB measures by dynamic matching, as one CSV file.

Writes one row per measure x estimand x quarter since start x estimator (naive, matched) with the
columns measure, estimand, quarter_since_start, estimator, att_pp, att_rel, ci_low, ci_high,
n_treated (:data:`mia_helpers.effects.TIDY_COLUMNS`), then ``se`` (the standard error of
``att_pp``: linearized, or the bootstrap standard deviation), ``interval`` (the interval
method: ``linearized`` or ``bootstrap``) and ``ci_level`` (0.95), so that the file says how
its intervals were made.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mia_helpers import codes
from mia_helpers.cli.panel import check_data_dir
from mia_helpers.files import ParameterError, atomic_path, check_writable_dir
from mia_helpers.params import BOOTSTRAP_OR_NONE, CALIPER, MAX_QUARTER, SEED, Choice, Int, K


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, type=Path,
                   help="data folder (registers; the panel is built if missing or stale)")
    p.add_argument("--out", required=True, type=Path, help="result CSV file")
    p.add_argument("--bootstrap", type=BOOTSTRAP_OR_NONE.argtype("--bootstrap"), default=0,
                   help="person-clustered bootstrap replications: 0 (default, no bootstrap) or "
                        ">= 2 (then the intervals are bootstrap percentile intervals)")
    p.add_argument("--interval", default=None,
                   type=Choice(("linearized", "bootstrap")).argtype("--interval"),
                   help="confidence intervals: linearized (default without --bootstrap; "
                        "intervals on person-clustered linearized standard errors, Student t "
                        "on the effective number of persons) or "
                        "bootstrap (default with --bootstrap B)")
    p.add_argument("--measures", nargs="+", default=list(codes.MEASURES),
                   type=Choice(codes.MEASURES).argtype("--measures"),
                   metavar="MEASURE", help="measure codes (default: all nine)")
    p.add_argument("--population", default="resident",
                   type=Choice((*codes.SAMPLES, "all")).argtype("--population"))
    p.add_argument("--k", type=K.argtype("--k"), default=3, help="nearest neighbours per treated")
    p.add_argument("--caliper", type=CALIPER.argtype("--caliper"), default=0.2,
                   help="caliper in SD of the logit propensity score (> 0)")
    p.add_argument("--pooled", action="store_true",
                   help="one pooled propensity logit with duration dummies")
    p.add_argument("--max-quarter", type=MAX_QUARTER.argtype("--max-quarter"), default=12)
    p.add_argument("--seed", type=SEED.argtype("--seed"), default=0,
                   help="seed of the bootstrap draws")
    p.add_argument("--jobs", type=Int(1, 64).argtype("--jobs"), default=2,
                   help="parallel bootstrap workers")


def run(args: argparse.Namespace) -> int:
    from mia_helpers.data import ensure_data
    from mia_helpers.effects import TIDY_COLUMNS, activation_effects, resolve_interval

    if len(set(args.measures)) < len(args.measures):
        raise ParameterError(f"--measures: repeated codes in {args.measures}")
    interval = resolve_interval(args.interval, args.bootstrap)  # the estimators' default
    if interval == "linearized" and args.bootstrap:
        raise ParameterError(f"--interval linearized uses no bootstrap; drop --bootstrap "
                             f"{args.bootstrap} or use --interval bootstrap")
    if interval == "bootstrap" and not args.bootstrap:
        raise ParameterError("--interval bootstrap needs --bootstrap B (>= 2; 199 or more for "
                             "95 % percentile intervals)")
    check_data_dir(args.data)
    if args.out.is_dir():
        raise ParameterError(f"--out {args.out} is a folder; give a CSV file name")
    check_writable_dir(args.out.parent, "--out")
    t0 = time.perf_counter()
    data = ensure_data(args.data)
    res = activation_effects(
        data, args.measures, k=args.k, caliper=args.caliper, pooled=args.pooled,
        max_quarter=args.max_quarter, bootstrap=args.bootstrap, seed=args.seed,
        n_jobs=args.jobs, progress=True, with_hazard=False, interval=interval,
        population=None if args.population == "all" else args.population,
    )
    out = res.tidy[[*TIDY_COLUMNS, "se"]].assign(interval=interval, ci_level=0.95)
    with atomic_path(args.out) as tmp:
        out.to_csv(tmp, index=False)
    dropped = int(res.support()["n_dropped"].sum())
    how = ("intervals on person-clustered linearized standard errors (Student t on the "
           "effective number of persons)"
           if interval == "linearized" else
           f"percentile intervals of {args.bootstrap} person-clustered bootstrap replications")
    print(f"wrote {args.out}: {len(res.tidy)} rows for {len(args.measures)} measures in "
          f"{time.perf_counter() - t0:.1f}s ({dropped} treated dropped for lack of support; "
          f"95 % {how})")
    return 0
