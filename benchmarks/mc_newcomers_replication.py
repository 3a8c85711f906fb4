"""Benchmark: one replication of the inburgering Monte Carlo (Appendix A), end to end, one core.

:func:`mia_helpers.montecarlo_newcomers.replication` generates ``--newcomers`` synthetic
newcomers, computes their truth, builds the panel and estimates the inburgering effect with
chapter 5's estimator and ``--bootstrap`` bootstrap replications. This script runs it for
``--repeats`` seeds and prints wall-clock and CPU seconds of each (CPU time is less disturbed
by other processes on a loaded machine), and the expected time of the shipped study
(``INBURGERING_STUDY``: replications x median CPU seconds / ``--cores``).

Usage::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python benchmarks/mc_newcomers_replication.py
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings


def main() -> None:
    from mia_helpers.montecarlo import replication_seeds
    from mia_helpers.montecarlo_newcomers import INBURGERING_STUDY, replication

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--newcomers", type=int, default=INBURGERING_STUDY["newcomers"])
    ap.add_argument("--bootstrap", type=int, default=INBURGERING_STUDY["bootstrap"])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cores", type=int, default=2)
    a = ap.parse_args()
    cpu = []
    for seed in replication_seeds(2005, a.repeats):  # base 2029 is reserved (rule R4)
        w, c = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            replication(seed, newcomers=a.newcomers, bootstrap=a.bootstrap)
        wall, c = time.perf_counter() - w, time.process_time() - c
        cpu.append(c)
        print(f"seed {seed}: wall {wall:.1f} s, CPU {c:.1f} s")
    med = statistics.median(cpu)
    R = INBURGERING_STUDY["replications"]
    print(f"median CPU {med:.1f} s per replication; {R} replications on {a.cores} idle cores: "
          f"about {R * med / a.cores / 60:.0f} min")


if __name__ == "__main__":
    main()
