"""Benchmark: the cost of the switch to the bias-corrected matched "now versus later" estimator.

On one chapter-4 measure of a book-sized synthetic data set (20,000 residents and 10,000
newcomers, the chapters' default; trial seed 4310 unless ``--seed``), the script times, side
by side in one process:

- ``estimate_effects`` with both estimands and the linearized intervals (the chapters' call),
  whose matched "now versus later" is now bias-corrected;
- the same call with "now versus later" alone;
- the matched "now versus later" point estimate alone, uncorrected
  (``effects._later_matched_fast``, the estimator before the switch) and corrected
  (``effects._later_corrected_memory``), and its linearized variance
  (``effects._linearized_se``, "now versus later" only);
- ``bias_correction.bias_corrected_curves``, the reference module (point estimates and
  variance).

The old ``estimate_effects`` is not re-run (its code is gone from this branch); its cost is
the new one minus the corrected point estimate and variance plus the uncorrected point
estimate and the old variance, which ran the pool regression of
``effects._control_regression`` once for all horizons.

Usage::

    python benchmarks/switch55_cost.py [--seed 4310] [--measure workplace_learning_ibo]
        [--repeats 3]

It prints seconds (the fastest of ``--repeats`` runs) and the corrected minus the uncorrected
estimate at each horizon (percentage points).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np


def _best(fn, repeats: int) -> tuple[float, object]:
    """The fastest wall-clock seconds of ``repeats`` calls of ``fn`` and its last value."""
    best, out = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (arguments as in the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=4310)
    ap.add_argument("--measure", default="workplace_learning_ibo")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    from mia_helpers import bias_correction as bc
    from mia_helpers import effects as ef
    from mia_helpers.data import ensure_data
    from mia_helpers.matching import TreatmentSpec, match
    from mia_helpers.matching import pair_weights as pw
    from mia_helpers.panel import load_panel

    data = ensure_data(seed=a.seed, truth=False)
    res = match(load_panel(data), TreatmentSpec.measure(a.measure))
    K = 12
    ea, oa = ef.estimation_arrays(res, "person_id", "score"), ef.outcome_arrays(res, K)
    tp, cp = ea.treated_pos, ea.control
    w = pw(tp)
    print(f"{a.measure}, seed {a.seed}: {len(ea.treated):,} risk-set rows, "
          f"{np.unique(tp).size:,} matched starters, {ea.X.shape[1]} covariates, K = {K}")
    rows = [
        ("estimate_effects, both estimands, linearized (new)", lambda: ef.estimate_effects(
            res, max_quarter=K, progress=False, interval="linearized")),
        ("estimate_effects, now_vs_later, linearized (new)", lambda: ef.estimate_effects(
            res, ("now_vs_later",), max_quarter=K, progress=False, interval="linearized")),
        ("matched now_vs_later point, uncorrected (old)",
         lambda: ef._later_matched_fast(tp, cp, w, oa.E, oa.A, K)),
        ("matched now_vs_later point, corrected (new)",
         lambda: ef._later_corrected_memory(tp, cp, w, oa.E, oa.A, K, ea.X, ea.risk_set,
                                            ea.treated)),
        ("linearized se, now_vs_later (new)",
         lambda: ef._linearized_se(ea, oa, None, None, ("now_vs_later",))),
        ("old pool regression of the variance (_control_regression)",
         lambda: ef._control_regression(ea.X, ea.risk_set, ea.treated, oa.E, oa.A, K,
                                        np.unique(cp))),
        ("bias_correction.bias_corrected_curves (reference)",
         lambda: bc.bias_corrected_curves(res, K)),
    ]
    out = {}
    for name, fn in rows:
        secs, out[name] = _best(fn, a.repeats)
        print(f"{secs:8.2f} s  {name}")
    m1, m0u, _ = out[rows[2][0]]
    _, m0c, _ = out[rows[3][0]]
    print("correction (pp) by horizon:", np.round(100 * (m0u - m0c), 3).tolist())


if __name__ == "__main__":
    main()
