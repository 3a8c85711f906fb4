"""``python -m mia_helpers effects``: activation effects of VDAB measures by dynamic matching.

Writes one row per measure x estimand x quarter since start x estimator (naive, matched) with the
columns of book/design.md section 4: measure, estimand, quarter_since_start, estimator, att_pp, att_rel,
ci_low, ci_high, n_treated.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mia_helpers import codes
from mia_helpers.cli import COMMANDS


def _effects_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, type=Path,
                   help="data folder (registers; the panel is built if missing)")
    p.add_argument("--out", required=True, type=Path, help="result CSV file")
    p.add_argument("--bootstrap", type=int, default=0,
                   help="person-clustered bootstrap replications (default 0: no intervals)")
    p.add_argument("--measures", nargs="+", default=list(codes.MEASURES), choices=codes.MEASURES,
                   metavar="MEASURE", help="measure codes (default: all nine)")
    p.add_argument("--population", default="resident", choices=[*codes.SAMPLES, "all"])
    p.add_argument("--k", type=int, default=3, help="nearest neighbours per treated")
    p.add_argument("--caliper", type=float, default=0.2,
                   help="caliper in SD of the logit propensity score")
    p.add_argument("--pooled", action="store_true",
                   help="one pooled propensity logit with duration dummies")
    p.add_argument("--max-quarter", type=int, default=12)
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap draws")
    p.add_argument("--jobs", type=int, default=2, help="parallel bootstrap workers")


def _effects(args: argparse.Namespace) -> int:
    from mia_helpers.data import ensure_data
    from mia_helpers.effects import TIDY_COLUMNS, activation_effects

    t0 = time.perf_counter()
    data = ensure_data(args.data)
    res = activation_effects(
        data, args.measures, k=args.k, caliper=args.caliper, pooled=args.pooled,
        max_quarter=args.max_quarter, bootstrap=args.bootstrap, seed=args.seed,
        n_jobs=args.jobs, progress=True, with_hazard=False,
        population=None if args.population == "all" else args.population,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    res.tidy[TIDY_COLUMNS].to_csv(args.out, index=False)
    dropped = int(res.support()["n_dropped"].sum())
    print(f"wrote {args.out}: {len(res.tidy)} rows for {len(args.measures)} measures in "
          f"{time.perf_counter() - t0:.1f}s ({dropped} treated dropped for lack of support)")
    return 0


COMMANDS["effects"] = (_effects_args, _effects)
