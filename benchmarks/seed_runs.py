"""The stopping rule and the append loop of the issue-14 seed protocols
(``benchmarks/never_k.py``, ``benchmarks/never_positivity.py``): the data sets of a base seed
are evaluated one at a time and appended to a CSV file as each finishes, so an interrupted run
resumes where it stopped, and no data set is started after the protocol's UTC time (one
definition; rev46: the loop was written in each script)."""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

import pandas as pd


def stop_time(stop_at: str) -> dt.datetime:
    """``stop_at`` (``"HH:MM"``, UTC) today, as an aware datetime. Raises ``ValueError``
    naming the parameter for text that is not ``HH:MM``."""
    try:
        hh, mm = (int(x) for x in stop_at.split(":"))
        return dt.datetime.now(dt.UTC).replace(hour=hh, minute=mm, second=0, microsecond=0)
    except ValueError as err:
        raise ValueError(f"--stop-at: give a UTC time as HH:MM (e.g. 12:05), got "
                         f"{stop_at!r}") from err


def append_seeds(seeds: Iterable[int], done: Collection[int], out: Path,
                 rows_of: Callable[[int], pd.DataFrame], stop_at: str) -> None:
    """Append ``rows_of(seed)`` to the CSV file ``out`` for each of ``seeds`` (the i-th data
    set's rows with a first column ``replication`` = i), skipping those in ``done`` (already
    in ``out``), and start none after ``stop_at`` (UTC, ``HH:MM``, today: the protocol's
    stopping rule, said on standard output when it binds). ``out``'s folder is made; the
    header is written with the first rows."""
    stop = stop_time(stop_at)
    out.parent.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(seeds):
        if seed in done:
            continue
        if dt.datetime.now(dt.UTC) >= stop:
            print(f"stopping rule: {stop_at} UTC reached before data set {i}", flush=True)
            break
        t0 = time.perf_counter()
        rows = rows_of(seed)
        rows.insert(0, "replication", i)
        rows.to_csv(out, mode="a", header=not out.exists(), index=False)
        print(f"data set {i} seed {seed}: {time.perf_counter() - t0:.1f} s", flush=True)


def study_never_rows(seed: int, quarters: pd.Series) -> pd.DataFrame:
    """The inburgering study's own matched "now versus never" rows of data set ``seed``
    (``montecarlo_newcomers.replication`` with ``INBURGERING_STUDY``'s parameters, bootstrap 0),
    indexed by ``quarter_since_start`` and taken at ``quarters``: the reference the protocols'
    ``--check`` compares their rows with (one fetch; each protocol keeps its own comparison,
    exact or to 1e-9)."""
    from mia_helpers import montecarlo_newcomers as mcn

    p = mcn.INBURGERING_STUDY
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = mcn.replication(seed, p["newcomers"], p["residents"], p["treatment"], 0, p["k"],
                              p["caliper"], p["max_quarter"], interval=p["interval"])
    ref = ref[(ref["estimand"] == "now_vs_never") & (ref["estimator"] == "matched")]
    return ref.set_index("quarter_since_start").loc[quarters]
