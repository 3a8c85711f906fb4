"""Generation, risk sets, matching and effects for populations that do not fit in memory.

The in-memory engine (:func:`mia_helpers.matching.match` and
:func:`mia_helpers.effects.estimate_effects`) holds every risk-set row of every clock value
with its design matrix at once: about 5.7 GiB at a million persons, some 23 GiB at the four
million persons of the Flemish working-age population. This module gives the *same* point
estimates with memory bounded by the largest risk set, in two passes:

1. **Risk-set rows by person chunks.** The Parquet panel is read a range of person ids at a time
   (a ``person_id`` range filter that the Parquet reader pushes down to the row groups); the
   rows of every risk set of the chunk are built by the package's own
   :func:`mia_helpers.matching.risk_sets`, their outcome timings ``E``, ``S``, ``A`` and the
   registration flags by :func:`mia_helpers.effects.outcome_arrays`, and written to Parquet,
   one file per chunk and risk set. A person's rows depend on that person's panel rows only, so
   chunking changes nothing; the global facts that the in-memory engine takes from all rows
   (the levels of every categorical covariate and whether a covariate varies, the codes of
   the exact-matching strata, the first and last quarter) are collected on the way.
2. **Score and match one risk set at a time.** The risk sets are independent given the
   propensity logit of their clock value: for each clock value ``u`` the rows are read back,
   the design matrix is built with the global columns, the logit is fitted
   (:func:`mia_helpers.matching.propensity_scores`), the caliper set from that risk set's
   scores and the treated matched (:func:`mia_helpers.matching.match_arrays`). Only the pairs,
   a few small integers per row (risk set, treated, ``E``, ``S``, ``A``), the design rows
   and registration flags of the *matched controls*, the design rows of the matched treated
   and, for the bias correction of the matched "now versus later" estimator (Abadie & Imbens
   2011, :func:`mia_helpers.effects._later_corrected`), the risk set's pool moments at every
   horizon (counts, means of the covariates and the outcome, the normal equations of the
   demeaned covariates: O(K p^2) numbers) are kept; the pool regression is then solved from
   their sums over risk sets, as in memory. The IPCW logit is fitted on the matched controls
   only, exactly as in memory.

The estimators are then those of :mod:`mia_helpers.effects`, on the same arrays.

Scope and differences (tested in ``tests/test_stream.py`` against the in-memory engine):

- point estimates only (no bootstrap intervals and no matched hazard model at this scale);
- every risk set must have its own propensity logit (at least ``min_treated`` treated and some
  controls); a risk set that would need the pooled logit over all risk sets raises a
  ``ValueError`` (run :func:`~mia_helpers.matching.match` instead);
- estimates, support counts and the per-risk-set balance equal the in-memory ones up to the
  order of floating-point sums (the test allows 1e-10 pp); the pooled balance row
  (``risk_set = "pooled"``) is accumulated over risk sets in float64, where the in-memory
  engine sums all rows in float32 BLAS products, so the two differ by float32 rounding.

:func:`generate_chunked` writes the synthetic registers a chunk of persons at a time. Every
random draw of the generator is keyed by (seed, stream, quarter, person id)
(:mod:`mia_helpers.synthetic.draws`), so simulating persons in chunks gives the same
registers as one run over everybody (tested), at the memory of one chunk.

References
----------
Sianesi, B. (2004). *Review of Economics and Statistics* 86(1) (dynamic matching on risk sets);
the estimators are those of :mod:`mia_helpers.effects`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mia_helpers import codes, core
from mia_helpers.effects import (
    MIN_CONTROL_PERSONS,
    _effective_control_persons,
    _extrapolation_message,
    _few_controls_message,
    _fit_ipcw_arrays,
    _ipcw_capped_share,
    _later_corrected,
    _later_matched_fast,
    _later_naive,
    _never_matched,
    _never_naive,
    _pool_moments,
    _PoolMoments,
    _positivity_message,
    outcome_arrays,
)
from mia_helpers.matching import (
    CALIPER_DDOF,
    CATEGORICAL,
    NUMERIC,
    PANEL_COLUMNS,
    PERSON_COLUMNS,
    MatchResult,
    NoMatchError,
    NoStartersError,
    PanelArrays,
    TreatmentSpec,
    match_arrays,
    pair_weights,
    panel_reads,
    propensity_scores,
    risk_sets,
    smd_table,
)
from mia_helpers.words import counted, plural

if TYPE_CHECKING:
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic.config import GeneratorConfig

__all__ = ["StreamResult", "generate_chunked", "stream_effects"]


# --------------------------------------------------------------------------------------------
# argument checks (before any file is read or written)
# --------------------------------------------------------------------------------------------


def _whole(name: str, value: object, minimum: int, advice: str) -> int:
    """``value`` as an int if it is a whole number >= ``minimum`` (an int, a NumPy integer or
    a float without fractional part such as ``2e5``); else a ``ValueError`` naming ``name``,
    the value and ``advice`` (what to pass instead)."""
    ok = not isinstance(value, (bool, np.bool_)) and isinstance(
        value, (int, np.integer, float, np.floating))
    if ok and isinstance(value, (float, np.floating)):
        ok = bool(np.isfinite(value)) and float(value).is_integer()
    if not ok or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}; {advice}")
    return int(value)


def _check_spec(spec: object, estimands: Sequence[str] = codes.ESTIMANDS) -> None:
    """The parts of a :class:`~mia_helpers.matching.TreatmentSpec` that can be checked before
    the panel is read: its type, a measure code (``TreatmentSpec.measure``), its population,
    ``max_clock``, and :func:`_check_later_start` for ``estimands`` (none for ``()``: then
    the caller checks the estimands first and calls it itself, as :func:`_check_arguments`
    does)."""
    if not isinstance(spec, TreatmentSpec):
        raise ValueError(f"spec must be a mia_helpers.matching.TreatmentSpec, got "
                         f"{type(spec).__name__}; build one with TreatmentSpec.measure(code)")
    if spec.start_col == f"start_{spec.treatment}" and spec.treatment not in codes.MEASURES:
        raise ValueError(f"spec.treatment: unknown measure code {spec.treatment!r} (the panel "
                         f"has no column {spec.start_col!r}); use one of the codes of "
                         f"mia_helpers.codes.MEASURES: {', '.join(codes.MEASURES)}")
    if spec.population is not None and spec.population not in codes.SAMPLES:
        raise ValueError(f"spec.population must be None (everybody) or one of "
                         f"{codes.SAMPLES}, got {spec.population!r}")
    _whole("spec.max_clock", spec.max_clock, 1,
           "risk sets are formed for u = 0 .. max_clock - 1 and one pooled set (default 12)")
    _check_later_start(spec, estimands)


def _check_later_start(spec: TreatmentSpec, estimands: Sequence[str]) -> None:
    """No ``spec.later_start_at_risk`` where ``estimands`` holds "now versus never" (the only
    estimand whose censoring model reads it); the one check of :func:`_check_spec` that
    needs the estimands."""
    # "now versus later" never reads the field, so it is refused only beside "now versus
    # never"; and "leave it None", the advice it gave, made the "never" estimate leave the
    # starts outside the risk set unmodelled, the bias the field removes (user43)
    if spec.later_start_at_risk is not None and "now_vs_never" in estimands:
        raise ValueError("spec.later_start_at_risk is not supported by the streamed engine "
                         f"for 'now_vs_never' (got {spec.later_start_at_risk!r}): its "
                         "censoring model takes the risk sets as the only quarters in which "
                         "a twin can start, so starts outside them would go unmodelled and the "
                         "'never' estimate would be biased (book/design.md, section 4.4); "
                         "estimate 'now_vs_never' with the in-memory "
                         "mia_helpers.matching.match and effects.estimate_effects, or stream "
                         "estimands=('now_vs_later',) alone, which does not use the field")


def _check_arguments(spec: object, k: object, caliper: object, min_treated: object,
                     estimands: object, max_quarter: object, chunk_persons: object,
                     work_dir: object, threads: object) -> tuple[int, int, int, int, int,
                                                                 tuple[str, ...]]:
    """Every argument of :func:`stream_effects` except ``data_dir`` (checked when read):
    returns ``k``, ``min_treated``, ``max_quarter``, ``chunk_persons``, ``threads`` as ints
    and the estimands as a tuple; raises ``ValueError`` naming the first bad one."""
    _check_spec(spec, ())  # its type first; later_start_at_risk once the estimands are checked
    k = _whole("k", k, 1, "the number of controls per treated (e.g. 3)")
    if isinstance(caliper, (bool, np.bool_)) or not isinstance(
            caliper, (int, float, np.integer, np.floating)) or not caliper > 0:
        raise ValueError(f"caliper must be a number > 0 (in SDs of the logit score; inf for "
                         f"no caliper), got {caliper!r}")
    min_treated = _whole("min_treated", min_treated, 1,
                         "the fewest treated a risk set needs for its own propensity logit")
    if isinstance(estimands, str):
        raise ValueError(f"estimands must be a sequence of estimand codes, got the string "
                         f"{estimands!r}; write ({estimands!r},)")
    estimands = tuple(estimands)
    if not estimands:
        raise ValueError(f"estimands must name at least one estimand, got {estimands!r}; "
                         f"choose one or more of {codes.ESTIMANDS}")
    for e in estimands:
        if e not in codes.ESTIMANDS:
            raise ValueError(f"estimands: unknown estimand {e!r}; choose from {codes.ESTIMANDS}")
    _check_later_start(spec, estimands)
    max_quarter = _whole("max_quarter", max_quarter, 1,
                         "the last horizon in quarters since the start (e.g. 12)")
    chunk_persons = _whole("chunk_persons", chunk_persons, 1,
                           "persons per chunk of pass 1 (e.g. 200_000, ~1 GiB)")
    threads = _whole("threads", threads, 1, "DuckDB threads, at most the machine's cores")
    if work_dir is not None and not Path(work_dir).is_dir():
        raise ValueError(f"work_dir {str(work_dir)!r} is not an existing folder; create it or "
                         "pass None for the system's temporary folder")
    return k, min_treated, max_quarter, chunk_persons, threads, estimands


# --------------------------------------------------------------------------------------------
# chunked generation
# --------------------------------------------------------------------------------------------


def generate_chunked(
    out: str | Path, seed: int = 2005, residents: int = 20_000, newcomers: int = 10_000,
    chunk_persons: int = 250_000, config: GeneratorConfig | None = None,
    window: Window | None = None,
) -> dict[str, float]:
    """Synthetic registers (without truth) written ``chunk_persons`` persons at a time.

    Same files, completion markers and contents as
    :func:`mia_helpers.synthetic.generate` with ``truth=False`` (rows in the same order; the
    Parquet bytes differ because the files are written in row groups). Peak memory is that of
    one chunk's simulation plus the population's static covariates.

    Parameters
    ----------
    out : data folder to write.
    seed, residents, newcomers, config, window : as :func:`mia_helpers.synthetic.generate`.
    chunk_persons : persons simulated at once (> 0).

    Returns
    -------
    dict of seconds: ``simulate`` (population and microsimulation) and ``registers``
    (building and writing the tables).

    Raises
    ------
    ValueError
        Naming the parameter, before anything is written: ``chunk_persons`` not a whole
        number >= 1, ``residents`` or ``newcomers`` not a whole number >= 0 (or both 0),
        ``seed`` not a whole number >= 0.
    """
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from mia_helpers.files import (
        COMPLETE,
        atomic_path,
        begin_incomplete,
        finish_complete,
        remove_stale_temporaries,
        write_json_atomic,
    )
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic import REGISTERS, generator_fingerprint
    from mia_helpers.synthetic.config import GeneratorConfig
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.registers import all_registers
    from mia_helpers.synthetic.simulate import simulate

    chunk_persons = _whole("chunk_persons", chunk_persons, 1,
                           "persons simulated at once (e.g. 250_000)")
    residents = _whole("residents", residents, 0, "the number of resident persons")
    newcomers = _whole("newcomers", newcomers, 0, "the number of newcomers")
    if residents + newcomers == 0:
        raise ValueError("residents and newcomers are both 0; ask for at least one person")
    seed = _whole("seed", seed, 0, "an integer seed of the generator's random streams")
    cfg = config or GeneratorConfig()
    window = window or Window()
    out = Path(out)
    begin_incomplete(out, f"generate_chunked --seed {seed} --residents {residents} "
                          f"--newcomers {newcomers} --chunk-persons {chunk_persons} --out {out}")
    remove_stale_temporaries(out, [*(f"{r}.parquet" for r in REGISTERS), "truth"])
    timings = {"simulate": 0.0, "registers": 0.0}
    t0 = time.perf_counter()
    pop = make_population(cfg, seed, residents, newcomers, window)
    timings["simulate"] += time.perf_counter() - t0
    n = len(pop)
    tmp_dir = Path(tempfile.mkdtemp(prefix=".chunks_", dir=out))
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        for lo in range(0, n, int(chunk_persons)):
            t0 = time.perf_counter()
            sub = pop.take(np.arange(lo, min(lo + int(chunk_persons), n)))
            hist = simulate(sub, cfg, seed, window)
            timings["simulate"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            for name, df in all_registers(sub, hist).items():
                table = pa.Table.from_pandas(df, preserve_index=False)
                if name not in writers:
                    writers[name] = pq.ParquetWriter(tmp_dir / f"{name}.parquet", table.schema,
                                                     compression="zstd")
                writers[name].write_table(table.cast(writers[name].schema))
            del hist, sub
            timings["registers"] += time.perf_counter() - t0
        for w in writers.values():
            w.close()
        writers.clear()
        for name in REGISTERS:
            (tmp_dir / f"{name}.parquet").replace(out / f"{name}.parquet")
    finally:
        for w in writers.values():
            w.close()
        shutil.rmtree(tmp_dir, ignore_errors=True)
    meta = {"seed": seed, "residents": residents, "newcomers": newcomers,
            "window_start": window.start, "window_end": window.end, "config": cfg.to_dict()}
    with atomic_path(out / "truth") as tdir:
        tdir.mkdir()
        (tdir / "parameters.json").write_text(json.dumps(meta, indent=2, sort_keys=True))
        files = sorted(p.name for p in tdir.iterdir())
        write_json_atomic(tdir / COMPLETE, {"truth": False, "files": files, "seed": seed})
    finish_complete(out, "synth", [*(f"{r}.parquet" for r in REGISTERS), "truth"],
                    generator=generator_fingerprint())
    return timings


# --------------------------------------------------------------------------------------------
# pass 1: risk-set rows by person chunks
# --------------------------------------------------------------------------------------------


@dataclass
class _Stats:
    """Global facts over all risk-set rows, collected chunk by chunk."""

    counts: dict[str, pd.Series] = field(default_factory=dict)  # categorical value counts
    nulls: dict[str, int] = field(default_factory=dict)
    lo: dict[str, float] = field(default_factory=dict)
    hi: dict[str, float] = field(default_factory=dict)
    strata: dict[str, set] = field(default_factory=dict)  # exact-matching components
    rows: dict[int, int] = field(default_factory=dict)
    treated: dict[int, int] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)

    def add(self, rs: pd.DataFrame, strata_cols: Sequence[str]) -> None:
        if not self.columns:
            self.columns = list(rs.columns)
        for c in (*CATEGORICAL, *NUMERIC):
            if c not in rs.columns:
                continue
            self.nulls[c] = self.nulls.get(c, 0) + int(rs[c].isna().sum())
            if c in CATEGORICAL:
                vc = rs[c].value_counts(dropna=True)
                self.counts[c] = vc if c not in self.counts else self.counts[c].add(
                    vc, fill_value=0)
            else:
                v = rs[c].to_numpy(np.float32)
                v = v[~np.isnan(v)]
                if v.size:
                    self.lo[c] = min(self.lo.get(c, np.inf), float(v.min()))
                    self.hi[c] = max(self.hi.get(c, -np.inf), float(v.max()))
        for c in strata_cols:
            self.strata.setdefault(c, set()).update(pd.unique(rs[c]).tolist())
        g = rs.groupby("risk_set")["treated"].agg(["size", "sum"])
        for r, (n, t) in g.iterrows():
            self.rows[int(r)] = self.rows.get(int(r), 0) + int(n)
            self.treated[int(r)] = self.treated.get(int(r), 0) + int(t)


def _chunk_arrays(panel: pd.DataFrame, flags: Sequence[str], q0: int, T: int) -> PanelArrays:
    """:func:`mia_helpers.matching.panel_arrays` of one chunk on the global quarter axis."""
    ids, pidx = np.unique(panel["person_id"].to_numpy(), return_inverse=True)
    col = panel["quarter"].to_numpy().astype(np.int64) - q0

    def dense(values: np.ndarray) -> np.ndarray:
        a = np.zeros((ids.size, T), bool)
        a[pidx, col] = values
        return a

    present0 = np.zeros(ids.size, bool)
    present0[pidx[col == 0]] = True
    arrays = PanelArrays(ids, q0, dense(panel["registered"].to_numpy(bool)),
                         dense(panel["employed"].to_numpy(bool)), present0)
    for f in dict.fromkeys(flags):
        arrays.flags[f] = dense(panel[f].to_numpy(bool))
    return arrays


def _strata_columns(spec: TreatmentSpec) -> list[str]:
    return [*spec.exact, *(("calendar_period",) if spec.calendar_band else ()), "clock"]


def _pass1(data_dir: Path, spec: TreatmentSpec, work: Path, chunk_persons: int, K: int,
           threads: int) -> tuple[_Stats, int, int, dict[int, list[Path]]]:
    import duckdb
    import pyarrow.parquet as pq

    from mia_helpers.panel import require_current_panel

    panel_path = require_current_panel(data_dir)
    names = pq.ParquetFile(panel_path).schema_arrow.names
    avail = set(names)
    # the columns the in-memory match reads for the spec: those its rules name and its exact
    # columns too (a rule naming a panel column, e.g. pool_exclude="in_measure", was refused
    # as "a column the panel lacks"; try45); every column for a callable at_risk
    reads = panel_reads(spec, names)
    need = list(dict.fromkeys([*PANEL_COLUMNS, "contract_signed",
                               *(c for c in (spec.start_col, spec.outcome_col, spec.clock_col,
                                             spec.spell_col) if c),
                               *(names if reads is None else reads)]))
    cols = [c for c in need if c in avail]
    for c in ("person_id", "quarter", spec.start_col, spec.clock_col, spec.outcome_col):
        if c not in avail:
            raise ValueError(f"{panel_path}: panel lacks column {c!r} needed by the spec of "
                             f"{spec.treatment!r}")
    persons = pd.read_parquet(data_dir / "persons.parquet")
    persons = persons[["person_id", *(c for c in PERSON_COLUMNS if c in persons.columns)]]
    if spec.population is not None:
        persons = persons[(persons["sample"] == spec.population).to_numpy()]
    persons = persons.sort_values("person_id", ignore_index=True)
    ids = persons["person_id"].to_numpy()
    if ids.size == 0:
        raise ValueError(f"{data_dir / 'persons.parquet'}: no person of population "
                         f"{spec.population!r}")
    # the quarter axis of the population's panel rows (the in-memory engine's dense arrays)
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    con.register("pop_ids", pd.DataFrame({"person_id": ids}))
    q0, q1 = con.execute(
        "SELECT min(quarter), max(quarter) FROM read_parquet(?) "
        "WHERE person_id IN (SELECT person_id FROM pop_ids)", [panel_path.as_posix()]
    ).fetchone()
    con.close()
    if q0 is None:
        raise ValueError(f"{panel_path}: no panel rows for population {spec.population!r}")
    q0, T = int(q0), int(q1) - int(q0) + 1
    stats = _Stats()
    scols = _strata_columns(spec)
    flags = [spec.start_col, spec.outcome_col]
    files: dict[int, list[Path]] = {}  # risk set -> its files, in chunk (person) order
    for i, lo in enumerate(range(0, ids.size, int(chunk_persons))):
        cid = ids[lo:lo + int(chunk_persons)]
        table = pq.read_table(panel_path, columns=cols,
                              filters=[("person_id", ">=", int(cid[0])),
                                       ("person_id", "<=", int(cid[-1]))])
        panel = table.to_pandas()
        del table
        bid = panel["person_id"].to_numpy()
        pos = np.searchsorted(ids, bid)
        pos_c = np.minimum(pos, ids.size - 1)
        keep = ids[pos_c] == bid
        if not keep.all():
            panel = panel[keep].reset_index(drop=True)
            pos_c = pos_c[keep]
        if panel.empty:
            continue
        for c in persons.columns[1:]:
            panel[c] = persons[c].array.take(pos_c)
        arrays = _chunk_arrays(panel, flags, q0, T)
        rs = risk_sets(panel, spec, arrays)
        del panel
        if rs.empty:
            continue
        oa = outcome_arrays(SimpleNamespace(spec=spec, arrays=arrays, rows=rs), K)
        rs = rs.drop(columns=["stratum", "person_row"])
        rs["E"], rs["S"], rs["A"] = (oa.E.astype(np.int32), oa.S.astype(np.int32),
                                     oa.A.astype(np.int32))
        reg = pd.DataFrame(oa.reg, columns=[f"reg_{j}" for j in range(1, K + 1)],
                           index=rs.index)
        rs = pd.concat([rs, reg], axis=1)
        stats.add(rs, scols)
        # one file per chunk and risk set: pass 2 reads only the files of its risk set
        for r, g in rs.groupby("risk_set", sort=True):
            f = work / f"rs{int(r):04d}_chunk{i:05d}.parquet"
            g.to_parquet(f, index=False)
            files.setdefault(int(r), []).append(f)
        del rs, arrays, oa
    return stats, q0, T, files


# --------------------------------------------------------------------------------------------
# pass 2: one risk set at a time
# --------------------------------------------------------------------------------------------


def _design_columns(stats: _Stats, covariates: Sequence[str] | None, n_rows: int
                    ) -> list[tuple[str, object]]:
    """The columns :func:`mia_helpers.matching.design_matrix` would build over all rows:
    ``(variable, level)`` for dummies, ``(variable, None)`` for numbers."""
    present = [c for c in (*CATEGORICAL, *NUMERIC) if c in stats.columns]
    if covariates is None:
        names = [c for c in present if stats.nulls.get(c, 0) < n_rows]
    else:
        names = list(covariates)
        for c in names:
            if c not in stats.columns:
                raise ValueError(f"covariate {c!r} is not a risk-set column")
    bad = {c: stats.nulls[c] for c in names if stats.nulls.get(c, 0) > 0}
    if bad:
        raise ValueError(f"risk-set design matrix: missing values in {bad} (column: rows); "
                         "impute or drop them before matching")
    out: list[tuple[str, object]] = []
    for c in names:
        if c in CATEGORICAL:
            vc = stats.counts[c]
            levels = pd.Categorical(np.asarray(vc.index, dtype=object)).categories
            for level in levels[1:]:
                if 0 < vc[level] < n_rows:  # design_matrix drops constant columns
                    out.append((c, level))
        elif stats.lo.get(c, np.nan) != stats.hi.get(c, np.nan):
            out.append((c, None))
    return out


def _design(rs: pd.DataFrame, columns: list[tuple[str, object]]) -> pd.DataFrame:
    cols = {}
    for c, level in columns:
        if level is None:
            cols[c] = rs[c].to_numpy(np.float32)
        else:
            cols[f"{c}[{level}]"] = (rs[c].to_numpy(object) == level).astype(np.float32)
    return pd.DataFrame(cols, index=rs.index)


def _stratum(rs: pd.DataFrame, spec: TreatmentSpec, stats: _Stats) -> np.ndarray:
    """The exact-matching cell codes of :func:`mia_helpers.matching.risk_sets`, with the
    levels of all rows (not only this risk set's)."""
    stratum = np.zeros(len(rs), np.int64)
    for c in _strata_columns(spec)[:-1]:
        uniq = pd.factorize(pd.Series(list(stats.strata[c]), dtype=rs[c].dtype), sort=True)[1]
        codes_ = pd.Index(uniq).get_indexer(rs[c])
        stratum = stratum * (len(uniq) + 1) + (codes_ + 1)
    pooled_u = np.maximum(np.array(sorted(stats.strata["clock"]), np.int64)
                          - spec.max_clock + 1, 0)
    uniq = np.unique(pooled_u)
    pu = np.maximum(rs["clock"].to_numpy(np.int64) - spec.max_clock + 1, 0)
    return stratum * (len(uniq) + 1) + (np.searchsorted(uniq, pu) + 1)


def _moment_sums(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(3, p): sum of w, of w x and of w x^2 (float64)."""
    wx = w.astype(np.float64)
    X64 = X.astype(np.float64)
    return np.vstack([np.full(X.shape[1], wx.sum()), wx @ X64, wx @ (X64 * X64)])


def _smd_from_sums(st: np.ndarray, sc: np.ndarray, stw: np.ndarray, scw: np.ndarray):
    def mv(s):
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.where(s[0] > 0, s[1] / s[0], np.nan)
            return m, np.maximum(np.where(s[0] > 0, s[2] / s[0], np.nan) - m * m, 0.0)

    mt, vt = mv(st)
    mc, vc = mv(sc)
    sd = np.sqrt((vt + vc) / 2)
    sd = np.where(sd > 0, sd, np.nan)
    return (mt - mc) / sd, (mv(stw)[0] - mv(scw)[0]) / sd


@dataclass
class StreamResult:
    """Output of :func:`stream_effects`.

    Attributes
    ----------
    tidy : effects table with the columns of :func:`mia_helpers.effects.estimate_effects`
        (intervals NaN: no bootstrap).
    support : per risk set, as :attr:`mia_helpers.matching.MatchResult.support`.
    balance : as :func:`mia_helpers.matching.smd_table` (per risk set and ``"pooled"``).
    pairs : ``treated``, ``control`` (positions in the stream's row order: risk set by risk
        set, persons and quarters ascending within), ``weight``, ``distance``, ``risk_set``,
        and the person ids and quarters of both rows (``treated_person``, ``treated_quarter``,
        ``control_person``, ``control_quarter``).
    n_rows : risk-set rows in all.
    ipcw_quarter_terms : (K,) quarter terms of the IPCW logit (NaN without ``now_vs_never``).
    seconds : wall-clock seconds of ``risk_sets`` (pass 1), ``match`` (pass 2) and
        ``effects``.
    """

    tidy: pd.DataFrame
    support: pd.DataFrame
    balance: pd.DataFrame
    pairs: pd.DataFrame
    n_rows: int
    seconds: dict[str, float]
    ipcw_quarter_terms: np.ndarray

    @property
    def n_treated(self) -> int:
        """Treated rows over all risk sets (the support table's ``n_treated``)."""
        return int(self.support["n_treated"].sum())


def stream_effects(
    data_dir: str | Path,
    spec: TreatmentSpec,
    k: int = 3,
    caliper: float = 0.2,
    min_treated: int = 20,
    estimands: Sequence[str] = codes.ESTIMANDS,
    max_quarter: int = 12,
    chunk_persons: int = 200_000,
    work_dir: str | Path | None = None,
    threads: int = 2,
) -> StreamResult:
    """Dynamic matching and effects of one treatment, streamed by person chunks and risk sets.

    The same estimator as ``estimate_effects(match(load_matching_panel(data_dir, [spec]),
    spec, k, caliper, min_treated=min_treated), estimands, max_quarter)`` (point estimates),
    at the memory of one chunk of persons or one risk set (module docstring). For "now versus
    never" the spec's censoring risk set must be the matching risk set
    (``later_start_at_risk`` None, as for the VDAB measures); a spec that sets it is refused
    there, while its "now versus later" (``estimands=("now_vs_later",)``), which does not
    read the field, is streamed. The newcomer steps of
    :func:`mia_helpers.newcomers.newcomer_specs` are not served: their clock comes from
    :func:`mia_helpers.newcomers.newcomer_panel`, not from ``panel.parquet``.

    Parameters
    ----------
    data_dir : data folder with ``persons.parquet`` and a current ``panel.parquet``.
    spec : treatment definition (:class:`~mia_helpers.matching.TreatmentSpec`; its
        ``population`` selects the persons, like ``load_matching_panel``).
    k, caliper, min_treated : as :func:`mia_helpers.matching.match`.
    estimands, max_quarter : as :func:`mia_helpers.effects.estimate_effects`.
    chunk_persons : persons per chunk of pass 1 (memory ~ 1 GiB per 200,000 persons).
    work_dir : folder for the risk-set rows of pass 1 (a temporary folder inside it is
        removed at the end); default the system's temporary folder. Needs roughly 60 bytes per
        risk-set row.
    threads : DuckDB threads of the quarter-range query.

    Returns
    -------
    StreamResult

    Raises
    ------
    ValueError
        Naming the parameter, before any file is read: ``spec`` not a ``TreatmentSpec``, with
        an unknown measure code (the known codes are listed), an unknown ``population`` or
        ``max_clock < 1``; ``k``, ``min_treated``, ``max_quarter``, ``chunk_persons`` or
        ``threads`` not a whole number >= 1 (a float such as ``2e5`` is accepted when whole);
        ``caliper`` not > 0; ``estimands`` empty, a bare string or with an unknown code;
        ``work_dir`` not an existing folder; ``spec.later_start_at_risk`` set with
        ``"now_vs_never"`` among the estimands. Later: when nobody starts the treatment, when a risk set has fewer than ``min_treated`` treated or
        no control (it would need the pooled logit over all risk sets: use
        :func:`mia_helpers.matching.match`), or when no treated is matched.
    mia_helpers.files.DataFileError
        When the panel is missing or stale.
    """
    k, min_treated, K, chunk_persons, threads, estimands = _check_arguments(
        spec, k, caliper, min_treated, estimands, max_quarter, chunk_persons, work_dir, threads)
    if spec.later_start_at_risk is not None:  # "now versus later" alone (checked above),
        spec = spec.with_(later_start_at_risk=None)  # which never reads the field
    data_dir = Path(data_dir)
    secs: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="mia_stream_", dir=work_dir))
    try:
        t0 = time.perf_counter()
        stats, _, _, files = _pass1(data_dir, spec, work, chunk_persons, K, threads)
        secs["risk_sets"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        out = _pass2(files, spec, stats, k, caliper, min_treated, K)
        secs["match"] = time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    t0 = time.perf_counter()
    tidy, beta_l = _effects(out, spec, estimands, K)
    secs["effects"] = time.perf_counter() - t0
    return StreamResult(tidy, out["support"], out["balance"], out["pairs"], out["n_rows"], secs,
                        beta_l)


def _pass2(files: dict[int, list[Path]], spec: TreatmentSpec, stats: _Stats, k: int, caliper: float,
           min_treated: int, K: int) -> dict:
    import pyarrow.parquet as pq

    n_rows = sum(stats.rows.values())
    if n_rows == 0 or sum(stats.treated.values()) == 0:
        raise NoStartersError(spec.treatment)
    thin = {r: (stats.treated[r], stats.rows[r]) for r in stats.rows
            if stats.treated[r] < min_treated or stats.treated[r] == stats.rows[r]}
    if thin:
        raise ValueError(
            f"{spec.treatment!r}: {plural(thin, 'risk set')} {sorted(thin)} "
            f"{'has' if len(thin) == 1 else 'have'} fewer than min_treated="
            f"{min_treated} treated or no control (treated, rows: {thin}); the streaming engine "
            "fits one propensity logit per risk set and cannot pool them: use "
            "mia_helpers.matching.match, or lower min_treated")
    columns = _design_columns(stats, spec.covariates, n_rows)
    names = [c if lv is None else f"{c}[{lv}]" for c, lv in columns]
    keep_cols = ["person_id", "quarter", "risk_set", "treated", "E", "S", "A"]
    parts: dict[str, list] = {c: [] for c in (*keep_cols, "tp", "cp", "dist")}
    ctrl_X, ctrl_reg, ctrl_pos = [], [], []
    trt_X, trt_pos = [], []
    pool_stats: dict[int, list[_PoolMoments]] = {}  # risk set -> its pool moments, k = 1..K
    support, balance = [], []
    p = len(names)
    sums = {g: np.zeros((3, p)) for g in ("t", "c", "tw", "cw")}
    offset = 0
    separation: dict[int, str] = {}
    reg_cols = [f"reg_{j}" for j in range(1, K + 1)]
    for r in sorted(stats.rows):
        rs = pd.concat([pq.read_table(f).to_pandas() for f in files[r]], ignore_index=True)
        rs["stratum"] = _stratum(rs, spec, stats)
        X = _design(rs, columns)
        report: dict = {}
        score = propensity_scores(rs, X, min_treated=min_treated, report=report)
        separation.update(report["separation"])
        sd = score.std(ddof=CALIPER_DDOF) if score.size > CALIPER_DDOF else 0.0
        cal = float(caliper * sd) if np.isfinite(caliper) else np.inf
        treated = rs["treated"].to_numpy(bool)
        rset = rs["risk_set"].to_numpy()
        tp, cp, dist = match_arrays(score, rs["stratum"].to_numpy(), rset, treated, k,
                                    {int(r): cal}, rs["person_id"].to_numpy())
        pairs_r = pd.DataFrame({"treated": tp, "control": cp, "weight": pair_weights(tp),
                                "distance": dist})
        n_t = int(treated.sum())
        n_m = int(np.unique(tp).size)
        support.append(dict(risk_set=int(r), n_treated=n_t, n_pool=len(rs) - n_t, n_matched=n_m,
                            n_dropped=n_t - n_m, caliper=cal, score_model="risk set",
                            not_identified=report["separation"].get(int(r), np.nan)))
        mini = MatchResult(spec, rs, X, pairs_r, pd.DataFrame(), pd.DataFrame(), None, k,
                           caliper)
        b = smd_table(mini)
        balance.append(b[b["risk_set"] != "pooled"])
        w = mini.control_weights()
        Xv = X.to_numpy(np.float32)
        for g, wg in (("t", treated), ("c", ~treated), ("tw", w * treated),
                      ("cw", w * ~treated)):
            sums[g] += _moment_sums(Xv, np.asarray(wg, np.float64))
        uc = np.unique(cp)
        ut = np.unique(tp)
        trt_X.append(Xv[ut])
        trt_pos.append(ut + offset)
        A_r = rs["A"].to_numpy().astype(np.int64)
        E_r = rs["E"].to_numpy().astype(np.int64)
        zero = np.zeros(len(rs), np.int64)
        # the bias correction's pool regression: this risk set's share of its normal
        # equations at every horizon (the rows of other risk sets are gone by then)
        pool_stats[int(r)] = [
            _pool_moments(Xv, zero, 1, np.flatnonzero(~treated & (A_r >= kk)),
                          (E_r <= kk).astype(np.float64)) for kk in range(1, K + 1)]
        for m in pool_stats[int(r)]:
            m.pool = m.Xt = None
        ctrl_X.append(Xv[uc])
        ctrl_reg.append(rs[reg_cols].to_numpy(bool)[uc])
        ctrl_pos.append(uc + offset)
        for c in keep_cols:
            parts[c].append(rs[c].to_numpy())
        parts["tp"].append(tp + offset)
        parts["cp"].append(cp + offset)
        parts["dist"].append(dist)
        offset += len(rs)
        del rs, X, Xv, score
    tp = np.concatenate(parts["tp"])
    if tp.size == 0:
        raise NoMatchError(spec.treatment, caliper)
    if separation:
        first = next(iter(separation.items()))
        core.warn_not_identified(
            f"{spec.treatment!r} propensity logits: {counted(separation, 'risk set')} "
            f"{'has' if len(separation) == 1 else 'have'} terms without treated or without "
            f"controls (e.g. risk set {first[0]}: "
            f"{first[1].split('; ')[0]}); the ridge keeps the scores finite; every case is "
            "listed in the not_identified column of the per-risk-set support (a match "
            "result's support, an effects result's support())")
    cp = np.concatenate(parts["cp"])
    rows = {c: np.concatenate(parts[c]) for c in keep_cols}
    before, after = _smd_from_sums(sums["t"], sums["c"], sums["tw"], sums["cw"])
    pooled = pd.DataFrame({"risk_set": "pooled", "covariate": names, "smd_before": before,
                           "smd_after": after})
    pairs = pd.DataFrame({"treated": tp, "control": cp, "weight": pair_weights(tp),
                          "distance": np.concatenate(parts["dist"]),
                          "risk_set": rows["risk_set"][tp],
                          "treated_person": rows["person_id"][tp],
                          "treated_quarter": rows["quarter"][tp],
                          "control_person": rows["person_id"][cp],
                          "control_quarter": rows["quarter"][cp]})
    return dict(rows=rows, pairs=pairs, names=names, n_rows=offset,
                ctrl_X=np.concatenate(ctrl_X), ctrl_reg=np.concatenate(ctrl_reg),
                ctrl_pos=np.concatenate(ctrl_pos), trt_X=np.concatenate(trt_X),
                trt_pos=np.concatenate(trt_pos), pool_stats=pool_stats,
                support=pd.DataFrame(support),
                balance=pd.concat([pooled, *balance], ignore_index=True))


def _stream_moments(pool_stats: dict[int, list[_PoolMoments]], levels: np.ndarray, K: int):
    """The ``moments`` function of :func:`mia_helpers.effects._later_corrected` from the
    per-risk-set pool moments of pass 2 (``pool_stats``: risk set -> K moments of its own
    rows, one risk-set code each), risk sets coded by their position in ``levels``: the
    normal equations are sums over risk sets (each demeaned by its own means, as in memory),
    the counts and means stacked. Returns a function ``(k, y) -> _PoolMoments`` (``y`` is
    not read: the outcome at k was summed in pass 2)."""
    byk = []
    for k in range(1, K + 1):
        ms = [pool_stats[int(r)][k - 1] for r in levels]
        byk.append(_PoolMoments(
            np.concatenate([m.cnt for m in ms]), np.vstack([m.xbar for m in ms]),
            np.concatenate([m.ybar for m in ms]), sum(m.G for m in ms), sum(m.b for m in ms),
            sum(m.raw for m in ms), sum(m.N for m in ms)))
    return lambda k, y: byk[k - 1]


def _effects(out: dict, spec: TreatmentSpec, estimands: tuple[str, ...], K: int
             ) -> tuple[pd.DataFrame, np.ndarray]:
    """The estimators of :func:`mia_helpers.effects.estimate_effects` on the streamed arrays."""
    rows, pairs = out["rows"], out["pairs"]
    tp = pairs["treated"].to_numpy()
    cp = pairs["control"].to_numpy()
    w = pairs["weight"].to_numpy()
    E = rows["E"].astype(np.int64)
    S = rows["S"].astype(np.int64)
    A = rows["A"].astype(np.int64)
    treated = rows["treated"].astype(bool)
    rset = rows["risk_set"].astype(np.int64)
    point = {}
    uncorrected: dict = {}
    beta_l = np.full(K, np.nan)
    for est in estimands:
        if est == "now_vs_later":
            r_code, levels = pd.factorize(rset)
            moments = _stream_moments(out["pool_stats"], levels, K)
            Xcp = out["ctrl_X"][np.searchsorted(out["ctrl_pos"], cp)]
            notes: list = []
            point[(est, "matched")] = _later_corrected(
                tp, cp, w, E, A, K, r_code, len(levels), out["trt_X"], Xcp, moments,
                out["names"], notes)
            if notes:
                warnings.warn(_extrapolation_message(spec.treatment, notes),
                              core.NotIdentifiedWarning, stacklevel=3)
            point[(est, "naive")] = _later_naive(treated, rset, E, A, K)
            # the twins' own share, before the correction: the disclosure rules' count
            uncorrected[(est, "matched")] = _later_matched_fast(tp, cp, w, E, A, K)[1]
            continue
        # IPCW logit on the matched controls, in the in-memory engine's row order (person,
        # quarter), so that its person-period subsample (above 2M rows) is the same one
        pos = out["ctrl_pos"]
        order = np.lexsort((rows["quarter"][pos], rows["person_id"][pos]))
        pos = pos[order]
        local = np.full(out["n_rows"], -1, np.int64)
        local[pos] = np.arange(pos.size)
        # column-major like the in-memory design matrix (DataFrame.to_numpy), so that the float32
        # matrix-vector products of the IPCW linear predictor round the same way
        Xc = np.asfortranarray(out["ctrl_X"][order])
        eta_c, beta_l = _fit_ipcw_arrays(Xc, out["names"], local[cp], w,
                                         E[pos], S[pos], A[pos], out["ctrl_reg"][order], K)
        eta = np.full(out["n_rows"], -np.inf)
        eta[pos] = eta_c
        reg = np.zeros((out["n_rows"], K), bool)
        reg[pos] = out["ctrl_reg"][order]
        point[(est, "matched")] = _never_matched(tp, cp, w, E, S, A, eta, beta_l, reg, K)
        point[(est, "naive")] = _never_naive(treated, rset, E, S, A, K)
        unsupported = _ipcw_capped_share(eta, beta_l, tp, cp, w, A, K)
        # the in-memory engine's rule (effects.effect_curves): too few effective twins
        n_eff = _effective_control_persons(eta, beta_l, tp, cp, w, S, A, reg,
                                           rows["person_id"], K)
        few = (n_eff < MIN_CONTROL_PERSONS) & np.isfinite(unsupported)
        del reg, eta
    recs = []
    nan = np.full(K, np.nan)
    if "now_vs_never" in estimands and (unsupported > 0).any():
        warnings.warn(_positivity_message(spec.treatment, unsupported > 0, widened=False),
                      core.NotIdentifiedWarning, stacklevel=3)
    if "now_vs_never" in estimands and few.any():
        warnings.warn(_few_controls_message(spec.treatment, few, MIN_CONTROL_PERSONS,
                                            widened=False),
                      core.NotIdentifiedWarning, stacklevel=3)
    for (est, estimator), (m1, m0, n) in point.items():
        never = (est, estimator) == ("now_vs_never", "matched")
        share, eff = (unsupported, n_eff) if never else (nan, nan)
        withheld = few if never else np.zeros(K, bool)
        att = 100 * (m1 - m0)
        m0u = uncorrected.get((est, estimator), m0)
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.where(m0 > 0, m1 / m0 - 1, np.nan)
        for j in range(K):
            recs.append(dict(
                measure=spec.treatment, estimand=est, quarter_since_start=j + 1,
                estimator=estimator, att_pp=att[j], att_rel=rel[j], ci_low=nan[j],
                ci_high=nan[j], n_treated=int(n[j]), treated_outcome=m1[j],
                control_outcome=m0[j], control_outcome_uncorrected=m0u[j], se=nan[j],
                df=nan[j],
                point_identified=not share[j] > 0 and not withheld[j] and int(n[j]) > 0,
                unsupported_share=share[j], effective_controls=eff[j],
            ))
    tidy = pd.DataFrame(recs).sort_values(["estimand", "estimator", "quarter_since_start"],
                                          ignore_index=True)
    return tidy, beta_l
