"""Check that a change leaves Monte Carlo replications unchanged: run them here and in a peer tree.

Runs :func:`mia_helpers.montecarlo.replication` (as ``benchmarks/mc_replication.py`` calls it:
3,000 residents, 300 newcomers, IBO, linearized intervals, no comparison bootstrap) for seeds
11-15, plus a few other study settings (the comparison bootstrap of the shipped studies, the
sensitivity overrides, no caliper, and the inburgering study's
:func:`mia_helpers.montecarlo_newcomers.replication`, which builds its panel through Parquet
files), and the in-memory panels of :data:`PANEL_SEEDS`, once over this tree and once over ``--peer DIR`` (e.g.
``git archive main mia_helpers benchmarks | tar -x -C /tmp/peer_main``), each in a child
process whose ``PYTHONPATH`` is that tree, and compares every output frame: same columns,
dtypes and row order, and the largest absolute difference of the numeric columns (0 when
identical; NaN in the same places).

Usage::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python benchmarks/mc_identical.py --peer /tmp/peer_main
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

#: (label, module, keyword arguments of its ``replication``)
CASES: list[tuple[str, str, dict]] = [
    *[(f"ibo seed {s}", "mia_helpers.montecarlo",
       dict(seed=s, residents=3000, newcomers=300, measure="workplace_learning_ibo",
            bootstrap=0, interval="linearized")) for s in range(11, 16)],
    ("ibo seed 11, comparison bootstrap 49", "mia_helpers.montecarlo",
     dict(seed=11, residents=3000, newcomers=300, measure="workplace_learning_ibo",
          bootstrap=49)),
    ("basic training seed 12, bootstrap intervals 19", "mia_helpers.montecarlo",
     dict(seed=12, measure="training_basic", bootstrap=19, interval="bootstrap")),
    ("ibo seed 13, unobserved trait", "mia_helpers.montecarlo",
     dict(seed=13, bootstrap=0, overrides={"sensitivity.unobserved_selection": 1.0,
                                           "sensitivity.unobserved_job": 0.5})),
    ("zero effect seed 14, no caliper", "mia_helpers.montecarlo",
     dict(seed=14, measure="vacancy_referral_automatic", bootstrap=0,
          caliper=float("inf"))),
    ("inburgering seed 11, 3,000 newcomers", "mia_helpers.montecarlo_newcomers",
     dict(seed=11, newcomers=3000, bootstrap=0)),
    ("inburgering seed 12, 3,000 newcomers, bootstrap 9", "mia_helpers.montecarlo_newcomers",
     dict(seed=12, newcomers=3000, bootstrap=9)),
]


#: seeds whose in-memory panels (:func:`mia_helpers.montecarlo.replication_panel`, persons
#: joined) are compared as well, column by column
PANEL_SEEDS = (11, 12, 13)


def _run(out: Path) -> None:
    import importlib

    from mia_helpers.montecarlo import replication_data, replication_panel

    warnings.simplefilter("ignore")
    res = {}
    for label, module, kw in CASES:
        res[label] = importlib.import_module(module).replication(**kw)
    for s in PANEL_SEEDS:
        res[f"panel seed {s}"] = replication_panel(replication_data(s))
    out.write_bytes(pickle.dumps(res))


def _compare(a, b) -> tuple[str, float]:
    import numpy as np

    if list(a.columns) != list(b.columns):
        return f"columns differ: {list(a.columns)} vs {list(b.columns)}", np.inf
    if len(a) != len(b):
        return f"rows differ: {len(a)} vs {len(b)}", np.inf
    if list(a.dtypes.astype(str)) != list(b.dtypes.astype(str)):
        return "dtypes differ", np.inf
    worst = 0.0
    for c in a.columns:
        x, y = a[c].to_numpy(), b[c].to_numpy()
        if a[c].dtype.kind in "fiub":
            x, y = x.astype(float), y.astype(float)
            if not np.array_equal(np.isnan(x), np.isnan(y)):
                return f"NaN pattern differs in {c}", np.inf
            ok = ~np.isnan(x)
            if ok.any():
                worst = max(worst, float(np.max(np.abs(x[ok] - y[ok]))))
        elif not a[c].reset_index(drop=True).equals(b[c].reset_index(drop=True)):
            return f"values differ in {c}", np.inf
    return "same", worst


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peer", required=True, help="PYTHONPATH of the tree to compare with")
    ap.add_argument("--_out", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._out:
        _run(Path(args._out))
        return 0
    here = str(Path(__file__).resolve().parents[1])
    frames = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, tree in enumerate((here, args.peer)):
            out = Path(tmp) / f"{i}.pkl"
            env = dict(os.environ, PYTHONPATH=tree, OPENBLAS_NUM_THREADS="1",
                       OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
            subprocess.run([sys.executable, __file__, "--peer", tree, "--_out", str(out)],
                           env=env, check=True)
            frames.append(pickle.loads(out.read_bytes()))
    worst_all = 0.0
    for label in [c[0] for c in CASES] + [f"panel seed {s}" for s in PANEL_SEEDS]:
        what, worst = _compare(frames[0][label], frames[1][label])
        worst_all = max(worst_all, worst)
        print(f"{label:<52} {len(frames[0][label]):4d} rows  {what:<12} max |diff| {worst:.3g}")
    print(f"largest absolute difference over all cases: {worst_all:.3g}")
    return 0 if worst_all == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
