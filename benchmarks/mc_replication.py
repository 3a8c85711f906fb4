"""Benchmark: one Monte Carlo replication of Appendix A, stage by stage, on one core.

A replication (:func:`mia_helpers.montecarlo.replication`) generates ``--residents`` synthetic
residents (and ``--newcomers`` newcomers), builds the panel, forms the risk sets, fits the
propensity scores, matches, estimates both estimands ("now versus later", "now versus never")
and their intervals (``--interval``: ``linearized``, the book's and the default, or
``bootstrap`` with ``--bootstrap`` replications). This script times its stages one at a time (the data stages are
:func:`~mia_helpers.montecarlo.replication_data` and
:func:`~mia_helpers.montecarlo.replication_panel`, which :func:`replication` calls; the
matching stages call the public functions of :mod:`mia_helpers.matching` that
:func:`~mia_helpers.matching.match` calls) and prints, per stage, wall-clock and CPU seconds
(CPU time is less disturbed by other processes on a loaded machine), then times
:func:`replication` end to end.

Side by side (``--peer DIR``): the same script is run, alternating with this tree, in a child
process whose ``PYTHONPATH`` is ``DIR`` (e.g. an export of the previous implementation:
``git archive <commit> mia_helpers benchmarks | tar -x -C /tmp/peer``; the peer is timed by its
own copy of this script, ``DIR/benchmarks/mc_replication.py``, when it has one, so each
version's stages are its own functions), so both figures come from the same run and the same
machine load; the ratio is the figure to read.

Usage::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python benchmarks/mc_replication.py
    python benchmarks/mc_replication.py --repeats 3 --peer /tmp/peer
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

#: issue 20, target 2: one replication in at most this many CPU seconds on one core
TARGET_CPU_S = 0.5
STAGES = ("generate", "panel", "risk sets", "propensity", "match", "effects", "intervals")


class _Clock:
    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def stage(self, name: str):
        clock = self

        class _Ctx:
            def __enter__(self):
                self.w, self.c = time.perf_counter(), time.process_time()

            def __exit__(self, *exc):
                clock.wall[name] = clock.wall.get(name, 0.0) + time.perf_counter() - self.w
                clock.cpu[name] = clock.cpu.get(name, 0.0) + time.process_time() - self.c

        return _Ctx()


def staged_replication(seed: int, residents: int, newcomers: int, measure: str,
                       bootstrap: int, interval: str = "linearized") -> dict:
    """Time the stages of one replication with the package's public functions."""
    import numpy as np
    import pandas as pd

    from mia_helpers.effects import estimate_effects
    from mia_helpers.matching import (
        CALIPER_DDOF,
        MatchResult,
        TreatmentSpec,
        design_matrix,
        match_arrays,
        pair_weights,
        panel_arrays,
        propensity_scores,
        risk_sets,
    )
    from mia_helpers.montecarlo import replication_data, replication_panel

    try:  # as replication(): only the panel columns a replication reads
        from mia_helpers.montecarlo import replication_columns

        columns = replication_columns(measure)
    except ImportError:  # an older tree builds every column
        columns = None
    clk = _Clock()
    with clk.stage("generate"):
        data = replication_data(seed, residents, newcomers, measure)
    with clk.stage("panel"):
        panel = (replication_panel(data) if columns is None
                 else replication_panel(data, columns))
    spec = TreatmentSpec.measure(measure)
    with clk.stage("risk sets"):
        arrays = panel_arrays(panel, [spec.start_col, spec.outcome_col])
        rows = risk_sets(panel, spec, arrays).reset_index(drop=True)
    with clk.stage("propensity"):
        X = design_matrix(rows, spec.covariates)
        report: dict = {}
        score = propensity_scores(rows, X, report=report)
    with clk.stage("match"):
        rows = rows.assign(score=score)
        treated = rows["treated"].to_numpy(bool)
        rset = rows["risk_set"].to_numpy()
        cal_abs = {int(r): float(0.2 * score[rset == r].std(ddof=CALIPER_DDOF))
                   for r in np.unique(rset)}
        person = pd.factorize(rows["person_id"])[0]
        tp, cp, dist = match_arrays(score, rows["stratum"].to_numpy(), rset, treated, 3,
                                    cal_abs, person)
        pairs = pd.DataFrame({"treated": tp, "control": cp, "weight": pair_weights(tp),
                              "distance": dist})
        sup = pd.DataFrame({"risk_set": list(cal_abs), "caliper": list(cal_abs.values())})
        # as match(): the balance table (smd_table) is computed only when read, and a
        # replication does not read it
        res = MatchResult(spec, rows, X, pairs, sup, None, arrays, 3, 0.2)
    with clk.stage("effects"):  # point estimates only (the bootstrap method without draws)
        estimate_effects(res, bootstrap=0, seed=seed, n_jobs=1, progress=False,
                         interval="bootstrap")
    with clk.stage("intervals"):
        estimate_effects(res, bootstrap=bootstrap if interval == "bootstrap" else 0, seed=seed,
                         n_jobs=1, progress=False, interval=interval)
    # the interval stage is the intervals only: subtract the point estimate's cost
    clk.wall["intervals"] -= clk.wall["effects"]
    clk.cpu["intervals"] -= clk.cpu["effects"]
    return {"wall": clk.wall, "cpu": clk.cpu, "n_rows": len(rows), "n_pairs": int(tp.size)}


def end_to_end(seed: int, residents: int, newcomers: int, measure: str, bootstrap: int,
               interval: str = "linearized") -> dict:
    from mia_helpers.montecarlo import replication

    w, c = time.perf_counter(), time.process_time()
    replication(seed, residents=residents, newcomers=newcomers, measure=measure,
                bootstrap=bootstrap if interval == "bootstrap" else 0, interval=interval)
    return {"wall": time.perf_counter() - w, "cpu": time.process_time() - c}


def run_here(args: argparse.Namespace) -> list[dict]:
    warnings.simplefilter("ignore")
    # warm-up (imports, first-call costs) on a different seed
    end_to_end(args.seed + 999, args.residents, args.newcomers, args.measure, 2, args.interval)
    out = []
    for i in range(args.repeats):
        s = args.seed + i
        st = staged_replication(s, args.residents, args.newcomers, args.measure, args.bootstrap,
                                args.interval)
        st["end_to_end"] = end_to_end(s, args.residents, args.newcomers, args.measure,
                                      args.bootstrap, args.interval)
        out.append(st)
    return out


def _child(args: argparse.Namespace, pythonpath: str) -> list[dict]:
    """Run the benchmark in a child process over the package at ``pythonpath``, with that
    tree's own copy of this script when it has one (its stages are its own functions)."""
    env = dict(os.environ, PYTHONPATH=pythonpath, OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    own = Path(pythonpath) / "benchmarks" / Path(__file__).name
    script = own if own.is_file() else Path(__file__)
    cmd = [sys.executable, str(script), "--json", "--repeats", "1", "--residents",
           str(args.residents), "--newcomers", str(args.newcomers), "--measure", args.measure,
           "--bootstrap", str(args.bootstrap)]
    if "--interval" in script.read_text():  # an older copy knows only bootstrap intervals
        cmd += ["--interval", args.interval]
    runs = []
    for i in range(args.repeats):
        p = subprocess.run([*cmd, "--seed", str(args.seed + i)], env=env, check=True,
                           capture_output=True, text=True)
        runs.extend(json.loads(p.stdout.strip().splitlines()[-1]))
    return runs


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def _table(label: str, runs: list[dict]) -> dict[str, tuple[float, float]]:
    med = {s: (_median([r["wall"].get(s, 0.0) for r in runs]),
               _median([r["cpu"].get(s, 0.0) for r in runs])) for s in STAGES}
    med["sum of stages"] = (sum(v[0] for v in med.values()), sum(v[1] for v in med.values()))
    med["replication()"] = (_median([r["end_to_end"]["wall"] for r in runs]),
                            _median([r["end_to_end"]["cpu"] for r in runs]))
    return med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--residents", type=int, default=3000)
    ap.add_argument("--newcomers", type=int, default=300)
    ap.add_argument("--measure", default="workplace_learning_ibo")
    ap.add_argument("--bootstrap", type=int, default=49,
                    help="bootstrap replications (with --interval bootstrap, and for a peer "
                         "whose estimator has only bootstrap intervals)")
    ap.add_argument("--interval", choices=("linearized", "bootstrap"), default="linearized")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--peer", default=None, help="PYTHONPATH of the implementation to compare")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.json:
        print(json.dumps(run_here(args)))
        return
    here = str(Path(__file__).resolve().parents[1])
    # alternate this tree and the peer, one replication per child, so load affects both alike
    mine, peer = [], []
    for i in range(args.repeats):
        one = argparse.Namespace(**{**vars(args), "repeats": 1, "seed": args.seed + i})
        mine += _child(one, here)
        if args.peer:
            peer += _child(one, args.peer)
    a = _table("this tree", mine)
    b = _table("peer", peer) if peer else None
    print(f"One replication: {args.residents} residents, {args.newcomers} newcomers, "
          f"{args.measure}, intervals {args.interval}"
          f"{f' ({args.bootstrap} replications)' if args.interval == 'bootstrap' else ''}"
          f" (a peer without linearized intervals: bootstrap {args.bootstrap}), one core; "
          f"median of {args.repeats} "
          f"(seeds {args.seed}..{args.seed + args.repeats - 1}); load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"risk-set rows {mine[0]['n_rows']}, pairs {mine[0]['n_pairs']}")
    head = f"{'stage':<16}{'wall s':>9}{'cpu s':>9}"
    if b:
        head += f"{'peer wall':>11}{'peer cpu':>10}{'cpu ratio':>11}"
    print(head)
    for s, (w, c) in a.items():
        line = f"{s:<16}{w:9.3f}{c:9.3f}"
        if b:
            pw, pc = b[s]
            line += f"{pw:11.3f}{pc:10.3f}{(pc / c if c > 0 else float('nan')):10.1f}x"
        print(line)
    cpu = a["replication()"][1]
    print(f"issue 20 target: replication() <= {TARGET_CPU_S} s CPU on one core: "
          f"{'met' if cpu <= TARGET_CPU_S else 'not met'} ({cpu:.2f} s)")


if __name__ == "__main__":
    main()
