"""Benchmark: synthetic generation and panel construction at 100k and 1M persons.

Prints seconds and peak resident memory of each stage, each run in a fresh process so that the
peaks do not mix, and the same panel step (stable-job detection) done with straightforward
pandas for comparison. Not a test: run it by hand,

    .venv/bin/python benchmarks/panel_scale.py [--sizes 100000 1000000] [--no-truth]

Targets (issue 2) at 1M persons x 48 quarters on 2 cores: generation < 3 min, panel < 2 min,
peak < 6 GiB.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import shutil
import tempfile
import time
from pathlib import Path


def _peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _generate(out: str, n: int, truth: bool, q: mp.Queue) -> None:
    from mia_helpers.synthetic import generate

    t0 = time.perf_counter()
    generate(out, seed=1, residents=n * 2 // 3, newcomers=n - n * 2 // 3, truth=truth)
    q.put((time.perf_counter() - t0, _peak_gib()))


def _panel(out: str, q: mp.Queue) -> None:
    from mia_helpers.panel import PanelSpec, build_panel

    t0 = time.perf_counter()
    build_panel(out, PanelSpec(memory_limit="4GB", threads=2))
    q.put((time.perf_counter() - t0, _peak_gib()))


def _pandas_stable_starts(out: str, q: mp.Queue) -> None:
    """The stable-job step in plain pandas: sort, flag employed, label runs, measure them."""
    import pandas as pd

    t0 = time.perf_counter()
    k = pd.read_parquet(Path(out) / "ksz_positions.parquet",
                        columns=["person_id", "quarter", "position"])
    k = k.sort_values(["person_id", "quarter"], ignore_index=True)
    emp = k["position"].isin(["salaried", "self_employed"])
    new_run = emp & ~(
        emp.shift(fill_value=False)
        & (k["person_id"] == k["person_id"].shift())
        & (k["quarter"] == k["quarter"].shift() + 1)
    )
    run_id = new_run.cumsum().where(emp)
    length = run_id.map(run_id.value_counts())
    stable = new_run & (length >= 4) & (k["quarter"] > 0)
    n = int(stable.sum())
    q.put((time.perf_counter() - t0, _peak_gib(), n))


def _duckdb_stable_starts(out: str, q: mp.Queue) -> None:
    """The same step in DuckDB SQL (gaps-and-islands with window functions)."""
    import duckdb

    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET memory_limit = '4GB'; SET threads = 2")
    src = (Path(out) / "ksz_positions.parquet").as_posix()
    n = con.execute(f"""
        WITH k AS (SELECT person_id, quarter,
                          position IN ('salaried', 'self_employed') AS emp
                   FROM read_parquet('{src}')),
        g AS (SELECT *, quarter - row_number() OVER (PARTITION BY person_id, emp
                                                     ORDER BY quarter) AS grp FROM k),
        r AS (SELECT person_id, grp, min(quarter) AS s, count(*) AS len FROM g WHERE emp
              GROUP BY person_id, grp)
        SELECT count(*) FROM r WHERE len >= 4 AND s > 0""").fetchone()[0]
    q.put((time.perf_counter() - t0, _peak_gib(), int(n)))


def _run(target, *args):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    res = q.get()
    p.join()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--no-truth", action="store_true", help="skip the counterfactual truth")
    args = ap.parse_args()
    print(f"{'persons':>10} {'stage':<28} {'seconds':>9} {'peak GiB':>9}")
    for n in args.sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"mia_bench_{n}_"))
        try:
            s, m = _run(_generate, str(tmp), n, not args.no_truth)
            label = "generate (registers+truth)" if not args.no_truth else "generate (registers)"
            print(f"{n:>10} {label:<28} {s:>9.1f} {m:>9.2f}", flush=True)
            s, m = _run(_panel, str(tmp))
            print(f"{n:>10} {'panel (validate + DuckDB)':<28} {s:>9.1f} {m:>9.2f}", flush=True)
            s, m, k = _run(_duckdb_stable_starts, str(tmp))
            print(f"{n:>10} {'DuckDB stable-job step only':<28} {s:>9.1f} {m:>9.2f}", flush=True)
            s2, m2, k2 = _run(_pandas_stable_starts, str(tmp))
            print(f"{n:>10} {'pandas stable-job step only':<28} {s2:>9.1f} {m2:>9.2f}", flush=True)
            if k != k2:
                raise SystemExit(f"stable-job counts differ: DuckDB {k}, pandas {k2}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
