"""Scale of the public risk-set matching API (:mod:`mia_helpers.dynamic`) on a random long panel.

A panel of ``--persons`` persons observed for ``--periods`` periods each (entry spread over
four calendar periods) with a float, a string and a categorical covariate; treatment starts and
outcome events at random, with the start probability depending on the covariates. Runs
:func:`~mia_helpers.dynamic.dynamic_match` (pooled logit with risk-set dummies, k = 3, caliper
0.2 SD, exact on the string column) and :func:`~mia_helpers.dynamic.dynamic_effects` (both
estimands, ``--horizons`` horizons, ``--bootstrap`` replications). Prints seconds per stage and
the peak resident memory of the process.

Run: ``python benchmarks/dynamic_scale.py --persons 200000 --periods 12 [--bootstrap 0]``
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from mia_helpers.dynamic import dynamic_effects, dynamic_match


def peak_gib() -> float:
    """Peak resident set size of this process so far, GiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def random_panel(persons: int, periods: int, seed: int = 0) -> pd.DataFrame:
    """Random long panel: person, time, u (clock), x, region (str), grade (category),
    start, event."""
    rng = np.random.default_rng(seed)
    pid = np.repeat(np.arange(persons), periods)
    u = np.tile(np.arange(periods), persons)
    x = rng.normal(size=persons)[pid]
    region = rng.choice(np.array(["north", "south", "east", "west"]), persons)[pid]
    grade = pd.Categorical(rng.choice(["a", "b", "c"], persons)[pid])
    p_start = 1 / (1 + np.exp(3.0 - 0.5 * x - 0.3 * (region == "north")))
    return pd.DataFrame({
        "person": pid, "time": rng.integers(0, 4, persons)[pid] + u, "u": u, "x": x,
        "region": pd.array(region, dtype="str"), "grade": grade,
        "start": rng.random(pid.size) < p_start, "event": rng.random(pid.size) < 0.08,
    })


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=200_000)
    ap.add_argument("--periods", type=int, default=12)
    ap.add_argument("--horizons", type=int, default=8)
    ap.add_argument("--bootstrap", type=int, default=0)
    a = ap.parse_args()
    t0 = time.perf_counter()
    panel = random_panel(a.persons, a.periods)
    t1 = time.perf_counter()
    m = dynamic_match(panel, id="person", time="time", clock="u", treatment_start="start",
                      covariates=["x", "region", "grade"], exact=["region"], k=3, caliper=0.2)
    t2 = time.perf_counter()
    eff = dynamic_effects(m, outcome="event", horizons=range(1, a.horizons + 1),
                          bootstrap=a.bootstrap)
    t3 = time.perf_counter()
    print(f"panel rows {len(panel):,}; risk-set rows {len(m.rows):,}; treated {m.n_treated:,}; "
          f"pairs {len(m.pairs):,}; effect rows {len(eff)}")
    print(f"build {t1 - t0:.1f} s, dynamic_match {t2 - t1:.1f} s, dynamic_effects "
          f"{t3 - t2:.1f} s (bootstrap {a.bootstrap}); peak memory {peak_gib():.2f} GiB")


if __name__ == "__main__":
    main()
