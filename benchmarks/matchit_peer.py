"""Benchmark: our single-risk-set matching next to R's MatchIt on identical data and spec.

For each size N the script draws one risk set from a logit data-generating process (four normal
covariates, one binary, one three-level factor; about 10 per cent treated; outcome with a true ATT of
``mia_helpers.matchit_compat.PEER_TRUE_ATT``), writes it to CSV, and times on the same rows

- MatchIt through ``Rscript``: ``matchit(treat ~ x1 + x2 + x3 + x4 + b + g, data, distance =
  "glm", method = "nearest", replace = TRUE, caliper = 0.2)`` (timed inside R around the
  ``matchit`` call only, reading the CSV excluded), and
- ours: :func:`mia_helpers.matchit_compat.matchit_nearest` with the same specification (design
  matrix, maximum-likelihood logit, nearest neighbour with replacement within 0.2 SD, weights),

and prints seconds, peak memory, the ratio and both ATT estimates. MatchIt's nearest-neighbour
search costs O(n_treated x n) (it re-scans the available controls after every match), so a size
whose time, extrapolated from the previous sizes (growth exponent of the last two sizes, 2 until
two are measured), exceeds ``--r-limit`` seconds
(default 180) is skipped with a message; MatchIt is skipped altogether when ``Rscript`` or the
package is missing.

Note: MatchIt 4.5.1-4.5.3 (Debian bookworm ships 4.5.1) ignore the caliper on this path and match
each treated unit to the nearest control *below* its score (see
``mia_helpers/matchit_compat.py``), so the two ATTs differ slightly; the timing compares the same
call and the same amount of work per unit.

Usage::

    python benchmarks/matchit_peer.py                       # 20k, 100k, 1M units
    python benchmarks/matchit_peer.py --sizes 20000 100000
    python benchmarks/matchit_peer.py --out results/matchit_peer.json   # the book's figures

``--out`` writes the summary as JSON (``rows`` and the run's ``date``, ``machine``,
``matchit_version``, ``r_version``, ``load_average``, ``command``), the file Appendix A's prose
and the README's table read
(:func:`mia_helpers.matchit_compat.peer_benchmark_claims`; the README's table is
:func:`mia_helpers.matchit_compat.peer_benchmark_markdown`, checked by
``tests/test_ref32_readme_peer.py``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit

COVARIATES = ["x1", "x2", "x3", "x4", "b", "g"]

R_CODE = r"""
suppressPackageStartupMessages(library(MatchIt))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1])
t0 <- proc.time()[["elapsed"]]
m <- matchit(treat ~ x1 + x2 + x3 + x4 + b + g, data = d, distance = "glm",
             method = "nearest", replace = TRUE, caliper = 0.2)
el <- proc.time()[["elapsed"]] - t0
w <- m$weights
att <- weighted.mean(d$y[d$treat == 1], w[d$treat == 1]) -
  weighted.mean(d$y[d$treat == 0], w[d$treat == 0])
cat(sprintf("RESULT %.6f %.10g %d %s %s.%s\n", el, att, sum(w[d$treat == 1] > 0),
            as.character(packageVersion("MatchIt")), R.version$major, R.version$minor))
"""


def risk_set(n: int, seed: int = 1) -> pd.DataFrame:
    """One risk set from a logit DGP (about 10 per cent treated, true ATT =
    :data:`mia_helpers.matchit_compat.PEER_TRUE_ATT`)."""
    from mia_helpers.matchit_compat import PEER_TRUE_ATT

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    b = (rng.uniform(size=n) < 0.4).astype(int)
    g = rng.choice(np.array(["a", "b", "c"]), size=n, p=[0.5, 0.3, 0.2])
    eta = -2.6 + x @ np.array([0.5, -0.4, 0.3, 0.2]) + 0.4 * b + np.where(g == "c", 0.5, 0.0)
    treat = (rng.uniform(size=n) < expit(eta)).astype(int)
    y = PEER_TRUE_ATT * treat + x @ np.array([1.0, 0.5, -0.5, 0.2]) + 0.5 * b + rng.normal(size=n)
    return pd.DataFrame({"treat": treat, "x1": x[:, 0], "x2": x[:, 1], "x3": x[:, 2],
                         "x4": x[:, 3], "b": b, "g": g, "y": y})


def time_ours(data: pd.DataFrame) -> tuple[float, float, float, int]:
    """Seconds, peak traced MB, ATT and matched treated of our engine."""
    from mia_helpers.matchit_compat import matchit_nearest

    t0 = time.perf_counter()
    res = matchit_nearest(data, "treat", COVARIATES, caliper=0.2)
    sec = time.perf_counter() - t0
    # peak memory in a second, traced run (tracing slows allocation, so it is not timed)
    tracemalloc.start()
    matchit_nearest(data, "treat", COVARIATES, caliper=0.2)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    t = data["treat"].to_numpy().astype(bool)
    return sec, peak, res.att(data["y"].to_numpy(), t), int((res.weights[t] > 0).sum())


def time_matchit(csv: Path, rscript: str, script: Path, timeout: float):
    """Seconds (inside R), peak RSS MB of the R process, ATT, matched treated, MatchIt's and
    R's versions."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([rscript, str(script), str(csv)], capture_output=True, text=True,
                         timeout=timeout, check=True)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT"))
    _, sec, att, nm, version, r_version = line.split()
    peak = max(rss, before) / 1024
    return float(sec), peak, float(att), int(nm), version, r_version


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    ap.add_argument("--r-limit", type=float, default=180.0,
                    help="skip MatchIt at sizes extrapolated to take longer (seconds)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None,
                    help="write the summary as JSON (e.g. results/matchit_peer.json)")
    args = ap.parse_args()
    load_start = os.getloadavg()[0]

    from threadpoolctl import threadpool_limits

    rscript = shutil.which("Rscript")
    if rscript is not None and subprocess.run([rscript, "-e", "library(MatchIt)"],
                                              capture_output=True).returncode != 0:
        rscript = None
    if rscript is None:
        print("Rscript with MatchIt not found: timing our engine only")
    rows = []
    last: tuple[int, float] | None = None
    power = 2.0
    with tempfile.TemporaryDirectory() as tmp, threadpool_limits(1):
        script = Path(tmp) / "peer.R"
        script.write_text(R_CODE)
        for n in args.sizes:
            data = risk_set(n, args.seed)
            row = {"units": n, "treated": int(data["treat"].sum())}
            sec, peak, att, nm = time_ours(data)
            row.update(ours_s=sec, ours_peak_mb=peak, ours_att=att, ours_matched=nm)
            r_sec = None
            if rscript is not None:
                guess = None if last is None else last[1] * (n / last[0]) ** power
                if guess is not None and guess > args.r_limit:
                    print(f"MatchIt skipped at {n:,} units: about {guess:,.0f} s extrapolated "
                          f"(time ~ n^{power:.2f} from {last[0]:,} units), above --r-limit "
                          f"{args.r_limit:.0f} s")
                else:
                    csv = Path(tmp) / f"rs{n}.csv"
                    data.to_csv(csv, index=False)
                    try:
                        r_sec, r_peak, r_att, r_nm, version, r_version = time_matchit(
                            csv, rscript, script, timeout=max(3 * args.r_limit, 60))
                        row.update(matchit_s=r_sec, matchit_peak_mb=r_peak, matchit_att=r_att,
                                   matchit_matched=r_nm, matchit_version=version,
                                   r_version=r_version)
                        if last is not None and n > last[0]:
                            # growth exponent of the last two sizes, between linear and
                            # quadratic (MatchIt's search is quadratic, its glm linear)
                            power = float(np.clip(np.log(r_sec / last[1]) / np.log(n / last[0]),
                                                  1.0, 2.0))
                        last = (n, r_sec)
                    except subprocess.TimeoutExpired:
                        print(f"MatchIt timed out at {n:,} units")
            if r_sec is not None:
                row["ratio"] = r_sec / sec
            rows.append(row)
            print(pd.DataFrame([row]).to_string(index=False), flush=True)
    print("\nSummary (seconds; ratio = MatchIt / ours):")
    table = pd.DataFrame(rows)
    for c in ("matchit_matched", "ours_matched"):
        if c in table:
            table[c] = table[c].astype("Int64")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if args.out is not None:
        if "matchit_s" in table and table["matchit_s"].notna().sum() >= 2:
            write_results(args.out, table, load=(load_start, os.getloadavg()[0]))
        else:  # the book compares two sizes MatchIt ran at: keep the file as it is
            print(f"--out {args.out} not written: MatchIt was timed at fewer than two sizes")


def _machine() -> str:
    """Cores, memory, OS and Python of this machine, as one line."""
    mem = "memory unknown"
    try:
        kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                  if ln.startswith("MemTotal:"))
        mem = f"{kb / 2**20:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{os.cpu_count()} cores, {mem}, {platform.platform()}, Python "
            f"{platform.python_version()}; one BLAS thread")


def write_results(path: Path, table: pd.DataFrame,
                  load: tuple[float, float] | None = None) -> None:
    """The summary ``table`` as JSON at ``path`` with the run's date, machine, versions of
    MatchIt and R, and ``load`` (the one-minute load average at the run's start and end, other
    work sharing the cores inflates both engines' seconds)."""
    rows = [{k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v)
             for k, v in r.items()} for r in table.to_dict("records")]
    versions = sorted({r["matchit_version"] for r in rows if r.get("matchit_version")})
    r_versions = sorted({r["r_version"] for r in rows if r.get("r_version")})
    obj = {"source": "printed summary of benchmarks/matchit_peer.py",
           "command": " ".join(["python", "benchmarks/matchit_peer.py", *sys.argv[1:]]),
           "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": _machine(), "matchit_version": ", ".join(versions) or "not run",
           "r_version": ", ".join(r_versions) or "not run",
           "load_average": (None if load is None else
                            f"{load[0]:.1f} at start, {load[1]:.1f} at end (one minute)"),
           "rows": rows}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=1) + "\n")
    print(f"written: {path}")


if __name__ == "__main__":
    main()
