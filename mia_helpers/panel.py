"""The MIA person-quarter panel, built with DuckDB SQL over the register Parquet files.

:func:`build_panel` validates every register (:mod:`mia_helpers.schemas`), applies the exclusion
rules (counted in an exclusion log, nothing dropped uncounted), and writes ``panel.parquet``: one
row per person and quarter in which the person has a KSZ position, with

==========================  ======================================================================
column                      meaning
==========================  ======================================================================
person_id, quarter          key (quarter index, 2005Q1 = 0)
position                    KSZ socio-economic position
employed                    salaried or self-employed
regular                     employed in a regular job (not social economy / subsidised)
fte_fraction, wage_class    of the job (0 / null when not employed)
run_start, run_length       first quarter and length of the qualifying employment run this
                            quarter belongs to (null when not in a run); ``run_censored``: the run
                            reaches the window end, so its length is a lower bound
stable_job_start            a run of >= ``stable_quarters`` qualifying employed quarters starts
                            here (runs already running at the window start are not entries)
stable_regular_job_start    the same for runs of regular employment
job_start                   any employment run starts here (not at the window start)
experience                  employed quarters observed before this quarter (inside the window)
registered                  inside a VDAB registration spell
registration_start          first quarter of that spell; ``elapsed_registration`` = quarter minus
                            it (u = 0 in the spell's first quarter)
start_<measure>             the measure starts this quarter (nine columns)
in_measure                  any measure spell covers this quarter
prior_measure_starts        measure starts before this quarter (inside the window)
contract_signed, mo_start,  inburgering steps taken this quarter
nt2_start
inburgering_started         the contract was signed in this or an earlier quarter
abb_registered              registered with the ABB (the inburgering agency) in this or an earlier
                            quarter (a contract can only follow it)
labour_market_access        false only for non-EU newcomers before their first work permit
==========================  ======================================================================

Qualifying employment for the stable-job definition: employed, and optionally at least
``min_fte`` FTE and at least ``min_wage_class``.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from mia_helpers import codes
from mia_helpers.files import (
    DataFileError,
    atomic_path,
    check_not_incomplete,
    file_lock,
    fingerprint_mismatch,
    fingerprints,
    read_parquet,
    read_parquet_metadata,
    remove_stale_temporaries,
    write_json_atomic,
)
from mia_helpers.quarters import Window
from mia_helpers.schemas import SPECS, IgnoredColumnsWarning, RegisterError, validate_register

BATCH_ROWS = 1_000_000


@dataclass(frozen=True)
class PanelSpec:
    """Parameters of the panel: stable-job definition, window and DuckDB resources."""

    stable_quarters: int = 4
    min_fte: float | None = None
    min_wage_class: str | None = None
    window: Window = field(default_factory=Window)
    memory_limit: str = "4GB"
    threads: int = 2
    #: persons per SQL chunk: bounds the memory of the joins and window functions
    chunk_persons: int = 100_000

    def __post_init__(self) -> None:
        if self.stable_quarters < 1:
            raise ValueError("stable_quarters must be >= 1")
        if self.min_wage_class is not None and self.min_wage_class not in codes.WAGE_CLASSES:
            raise ValueError(f"min_wage_class must be one of {codes.WAGE_CLASSES}")


@dataclass
class PanelResult:
    """Where the panel went and what the build excluded."""

    path: Path
    rows: int
    persons: int
    exclusions: pd.DataFrame
    timings: dict[str, float]
    #: the event rows the panel cannot place, with their persons (:func:`unplaced_events`,
    #: computed by the build on its clean tables and kept in the metadata): what the command
    #: line's warning prints (:func:`mia_helpers.data.unplaced_summary`)
    unplaced: pd.DataFrame | None = None


_MEMORY_DB: dict[int, duckdb.DuckDBPyConnection] = {}
_MEMORY_LOCK = threading.Lock()
#: the memory limit and threads last set on the process's shared database (:func:`connect`)
_MEMORY_SETTINGS: dict[int, tuple[str, int]] = {}


def connect(spec: PanelSpec, shared: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with explicit memory limit and threads (works out of core).

    ``shared``: a cursor (its own connection, temporary tables and registered frames) on one
    in-memory database per process instead of a new database: opening a database costs about
    15 ms of CPU, a cursor well under 1 ms (many small panels, e.g. Monte Carlo replications).
    """
    settings = (spec.memory_limit, int(spec.threads))
    if shared:
        db = _MEMORY_DB.get(os.getpid())  # keyed by process: a forked child opens its own
        if db is None:
            db = _MEMORY_DB[os.getpid()] = duckdb.connect()
        con = db.cursor()
        # memory limit and threads hold for the whole database: set only when they change
        # (setting the memory limit of a database holding data costs about 4 ms of CPU)
        same = _MEMORY_SETTINGS.get(os.getpid()) == settings
    else:
        con = duckdb.connect()
        same = False
    if not same:
        con.execute(f"SET memory_limit = '{spec.memory_limit}'")
        con.execute(f"SET threads = {int(spec.threads)}")
        if shared:
            _MEMORY_SETTINGS[os.getpid()] = settings
    con.execute("SET preserve_insertion_order = false")
    return con


def validate_files(data_dir: Path, progress: bool = False,
                   window: Window | None = None) -> dict[str, list[str]]:
    """Run the pandera schema and the plausible ranges of every register over its Parquet
    file, batch by batch, for registers of the observation ``window`` (default the book's
    2005Q1-2016Q4; :func:`mia_helpers.schemas.plausible_ranges`).

    Columns the schema does not know are not read by the panel: each file holding some gets
    an :class:`~mia_helpers.schemas.IgnoredColumnsWarning` naming it and them.

    Returns
    -------
    dict
        File name -> its ignored columns (files without any are left out).

    Raises
    ------
    RegisterError
        The first broken rule, naming the file, its column and rows (a file read in several
        batches: the batch's rows), what to do and examples.
    DataFileError
        An unreadable or truncated file (named).
    """
    tables = list(SPECS)
    it = tables
    if progress:
        from tqdm.auto import tqdm

        it = tqdm(tables, desc="validating registers", unit="table")
    ignored: dict[str, list[str]] = {}
    for table in it:
        path = data_dir / f"{table}.parquet"
        if not path.exists():
            raise RegisterError(table, "missing_table", 1, pd.DataFrame(), f"no file {path}")
        pf = read_parquet_metadata(path)
        extra = [c for c in pf.schema_arrow.names if c not in SPECS[table]]
        if extra:
            ignored[path.name] = extra
            # fix46: pandas' saved index had no remedy of its own
            index = [c for c in extra if c.startswith("__index_level_")]
            index_remedy = (
                f"; {index} is a pandas index saved with the frame: write the file with "
                "DataFrame.to_parquet(path, index=False), or drop the column" if index else "")
            warnings.warn(
                f"register {table!r} (file {path}): column(s) {extra} are not in the register "
                f"schema (book/design.md section 2.2) and are ignored by the panel build; "
                f"what to do: nothing if they are meant to be left out; if one holds a "
                f"register column under another name, rename it (or map it in the adapter's "
                f"mapping){index_remedy}", IgnoredColumnsWarning, stacklevel=2)
        offset = 0
        batches = ([pf.read()] if pf.metadata.num_rows == 0
                   else pf.iter_batches(batch_size=BATCH_ROWS))
        for batch in batches:
            df = batch.to_pandas()
            try:
                validate_register(table, df, window)
            except RegisterError as err:  # the same error, with its file and rows named
                rows = (f"rows {offset}..{offset + len(df) - 1} of the file"
                        if offset else "")
                raise RegisterError(
                    table, err.rule, err.count, err.examples,
                    "; ".join(d for d in (err.detail, rows) if d), file=path,
                    more=err.more, errors=err.errors,
                ) from None
            offset += len(df)
    return ignored


def _fail_if(con, table: str, rule: str, sql: str, detail: str = "",
             file: Path | None = None) -> None:
    """Raise :class:`RegisterError` when ``sql`` returns rows: the count is of all of them
    (the examples are the first five), so an error names how many rows break the rule, and
    the register's ``file`` when it was read from one (fix46)."""
    # one row fetched first: a clean register costs no data frame conversion
    if con.execute(f"{sql} LIMIT 1").fetchone() is None:
        return
    bad = con.execute(f"{sql} LIMIT 5").df()
    n = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    raise RegisterError(table, rule, int(n), bad, detail, file=file)


def _require_frames(registers: Mapping[str, pd.DataFrame]) -> None:
    """Refuse a mapping of register frames that lacks a register (naming it)."""
    missing = [t for t in SPECS if t not in registers]
    if missing:
        raise RegisterError(missing[0], "missing_table", 0, pd.DataFrame(),
                            f"no frame for the register(s) {missing} among {sorted(registers)}")


def _sources(
    con: duckdb.DuckDBPyConnection, registers: Path | Mapping[str, pd.DataFrame]
) -> dict[str, str]:
    """SQL table expression of every register: ``read_parquet(...)`` of the files of a data
    folder, or the in-memory frames registered in ``con`` (zero-copy views, no file written)."""
    if not isinstance(registers, Mapping):
        return {t: f"read_parquet('{(Path(registers) / f'{t}.parquet').as_posix()}')"
                for t in SPECS}
    _require_frames(registers)
    for t in SPECS:
        con.register(f"source_{t}", registers[t])
    return {t: f"source_{t}" for t in SPECS}


#: register -> (its clean table, the quarter column of the window rule, whether spells running
#: past the window end are censored there), in the order of the exclusion log
_EXCLUSIONS = {
    "ksz_positions": ("ksz", "quarter", False),
    "vdab_registrations": ("reg", "start_quarter", True),
    "vdab_measures": ("meas", "start_quarter", True),
    "abb_inburgering": ("abb", "quarter", False),
    "wse_permits": ("wse", "quarter", False),
}
#: the error rules of :func:`clean_registers` in the order they are reported (register, rule,
#: query of every offending row, detail; :func:`_fail_if` counts them all and shows five);
#: ``{register}`` stands for its source (before the exclusions), the short names for the
#: clean tables
_ERROR_RULES = (
    ("persons", "duplicate_key",
     "SELECT * FROM persons WHERE person_id IN "
     "(SELECT person_id FROM persons GROUP BY person_id HAVING count(*) > 1) "
     "ORDER BY person_id",
     "person_id must be unique"),
    ("ksz_positions", "duplicate_key",
     "SELECT k.* FROM ksz k JOIN (SELECT person_id, quarter FROM ksz GROUP BY ALL "
     "HAVING count(*) > 1) d USING (person_id, quarter) ORDER BY person_id, quarter",
     "one position per person-quarter"),
    ("vdab_registrations", "end_before_start",
     "SELECT * FROM {vdab_registrations} WHERE end_quarter < start_quarter", ""),
    ("vdab_measures", "end_before_start",
     "SELECT * FROM {vdab_measures} WHERE end_quarter < start_quarter", ""),
    ("vdab_registrations", "overlapping_spells",
     "SELECT * FROM (SELECT *, lag(coalesce(end_quarter, 32767)) OVER "
     "(PARTITION BY person_id ORDER BY start_quarter, end_quarter) AS previous_end FROM reg) "
     "WHERE start_quarter <= previous_end ORDER BY person_id, start_quarter",
     "a person cannot be in two registration spells at once"),
)


def _rule_test(table: str, rule: str, sql: str, window: Window) -> str:
    """The query whose rows tell that an error rule of :data:`_ERROR_RULES` is broken (its
    own query, except where a cheaper one tells the same): duplicate person-quarters of the
    clean KSZ table (its quarters lie in the window) exist exactly when a person has more
    rows than distinct quarters, counted as the bits of a mask of the person's quarters (a
    grouping by person instead of by person and quarter; windows of up to
    :data:`MASK_QUARTERS` quarters)."""
    n = window.n_quarters
    if (table, rule) == ("ksz_positions", "duplicate_key") and n <= MASK_QUARTERS:
        one = "1::BIGINT" if n <= 62 else "1::HUGEINT"
        return ("SELECT person_id FROM ksz GROUP BY person_id HAVING count(*) > "
                f"bit_count(bit_or({one} << (quarter - {window.start})))")
    return sql


#: event registers whose rows the panel places in a person-quarter, with the quarter column
#: that places them (:func:`unplaced_events`, the exclusion rule ``no_ksz_row_in_quarter``)
EVENT_QUARTERS = {
    "vdab_registrations": "start_quarter",
    "vdab_measures": "start_quarter",
    "abb_inburgering": "quarter",
}


def _unplaced_where(table: str, column: str) -> str:
    """``FROM ... WHERE`` of the rows of clean table ``table`` whose quarter ``column`` has no
    row of their person in the clean KSZ table ``ksz``."""
    return (f"FROM {table} e WHERE NOT EXISTS (SELECT 1 FROM ksz k WHERE "
            f"k.person_id = e.person_id AND k.quarter = e.{column})")


def _unplaced_count(table: str, column: str) -> str:
    return f"(SELECT count(*) {_unplaced_where(table, column)})"


#: columns of :func:`unplaced_events` (and of the metadata's ``unplaced`` read back)
UNPLACED_COLUMNS = ("table", "column", "rows", "persons", "of_rows")


def unplaced_events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows of the clean event registers (after :func:`clean_registers` in ``con``) that the
    panel cannot place: no ``ksz`` row of their person in their quarter.

    The panel has one row per KSZ person-quarter and joins the other registers' facts to
    those rows (:func:`panel_sql`), so such a row is in no panel row: a measure start is lost
    (the person counts as untreated in that quarter), a registration loses its first quarter,
    an inburgering step its quarter's flag. The exclusion log counts them under
    ``no_ksz_row_in_quarter``; this function adds the persons concerned (:func:`build_panel`
    keeps its table in the metadata for the command line's warning,
    :func:`mia_helpers.data.unplaced_summary`).

    Returns
    -------
    pandas.DataFrame
        One row per register of :data:`EVENT_QUARTERS`: ``table``, ``column`` (the quarter
        column), ``rows`` (rows without a KSZ row in their quarter), ``persons`` (their
        distinct persons) and ``of_rows`` (the rows of the clean table), all ``int``.
    """
    clean = {t: _EXCLUSIONS[t][0] for t in EVENT_QUARTERS}
    found = con.execute(" UNION ALL ".join(
        f"SELECT '{t}', count(*), count(DISTINCT person_id), (SELECT count(*) FROM {clean[t]}) "
        f"{_unplaced_where(clean[t], c)}" for t, c in EVENT_QUARTERS.items())).fetchall()
    by = {r[0]: r[1:] for r in found}
    return pd.DataFrame([dict(table=t, column=c, rows=int(by[t][0]), persons=int(by[t][1]),
                              of_rows=int(by[t][2])) for t, c in EVENT_QUARTERS.items()],
                        columns=list(UNPLACED_COLUMNS))


def clean_registers(
    con: duckdb.DuckDBPyConnection, data_dir: Path | Mapping[str, pd.DataFrame],
    window: Window, ordered: bool = True, exclusions: bool = True,
) -> pd.DataFrame | None:
    """Create clean tables ``persons``, ``ksz``, ``reg``, ``meas``, ``abb``, ``wse`` in ``con``.

    ``data_dir`` is the folder of the register Parquet files or a mapping of register name
    (file stem, :data:`mia_helpers.schemas.SPECS`) to its frame. Raises :class:`RegisterError`
    for error rules; returns the exclusion log (table, rule, rows) of the exclusion rules, with
    zero rows listed too. ``ordered``: store the clean tables sorted by person, so that the
    panel queries of person chunks (:func:`build_panel`) read few row groups; a single query
    over all persons does not need it (the panel is sorted by its own ``ORDER BY``).
    ``exclusions=False``: the exclusion counts are not queried and None is returned (a
    caller that discards the log, such as a Monte Carlo replication; the error rules are
    checked all the same).

    Four calls to DuckDB whatever the data: the persons table, the five clean tables (one
    script), the exclusion counts of all registers (one query; none with
    ``exclusions=False``), and one test of every error rule (a DuckDB call costs about a
    millisecond, a large part of the cleaning of a small Monte Carlo data set). Only when a rule is broken are the rules run one by one, in the
    order of :data:`_ERROR_RULES`, so that the first broken one is reported with its examples.
    """
    ws, we = window.start, window.end
    src = _sources(con, data_dir)
    order = " ORDER BY person_id" if ordered else ""
    in_persons = "person_id IN (SELECT person_id FROM persons)"
    # spells running past the window end are censored there: end_quarter set to null
    censor = (f" REPLACE (CASE WHEN end_quarter > {we} THEN NULL ELSE end_quarter END "
              "AS end_quarter)")
    #: register -> (clean table, quarter column, censored at the window end)
    kept = {t: f"SELECT *{censor if c else ''} FROM {src[t]} WHERE {in_persons} "
               f"AND {q} BETWEEN {ws} AND {we}"
            for t, (_, q, c) in _EXCLUSIONS.items()}
    con.execute(f"CREATE OR REPLACE TEMP TABLE persons AS SELECT * FROM {src['persons']}")
    # a later spell of a measure that starts before an earlier one of the same measure ended
    # is dropped (overlapping_measure: the spells kept minus the rows of meas); "earlier" is
    # every earlier row, dropped ones included (prev_end: the last end of all of them), so
    # overlapping spells form one episode whose first spell is kept (schemas.py); of spells of
    # one start the longest comes first and is kept (a spell still running at the window end,
    # end null, is the longest): without that tie-break the row kept depended on the order in
    # which DuckDB's threads delivered the rows (analyst19: three kept sets in six builds)
    meas = (
        "SELECT person_id, measure, start_quarter, end_quarter FROM (SELECT *, "
        "max(coalesce(end_quarter, 32767)) OVER (PARTITION BY person_id, measure ORDER BY "
        "start_quarter, coalesce(end_quarter, 32767) DESC ROWS BETWEEN UNBOUNDED PRECEDING "
        f"AND 1 PRECEDING) AS prev_end FROM ({kept['vdab_measures']})) "
        "WHERE prev_end IS NULL OR start_quarter > prev_end"
    )
    con.execute(";\n".join(
        f"CREATE OR REPLACE TEMP TABLE {name} AS "
        f"{meas if t == 'vdab_measures' else kept[t]}{order}"
        for t, (name, _, _) in _EXCLUSIONS.items()))
    # a spell starting before the window and running into it (left-truncated: its start is
    # not observed) is excluded whole like a row outside the window, but counted on its own
    left = {t: f"{q} < {ws} AND coalesce(end_quarter, 32767) >= {ws}" if c else "FALSE"
            for t, (_, q, c) in _EXCLUSIONS.items()}
    counts = [] if not exclusions else con.execute(" UNION ALL ".join(
        f"SELECT '{t}', count(*), count(*) FILTER (WHERE p.person_id IS NULL), "
        f"count(*) FILTER (WHERE p.person_id IS NOT NULL AND ({q} < {ws} OR {q} > {we}) "
        f"AND NOT ({left[t]})), "
        f"count(*) FILTER (WHERE p.person_id IS NOT NULL AND {left[t]}), "
        # censored at the window end: a recorded end after it, or none (the spell still runs),
        # counted in the clean table (rows dropped as overlapping are not kept)
        + (f"(SELECT count(*) FROM {name} WHERE end_quarter IS NULL), " if c else "0, ")
        + f"count(*) FILTER (WHERE p.person_id IS NOT NULL AND {q} BETWEEN {ws} AND {we}) "
        + ("- (SELECT count(*) FROM meas) " if t == "vdab_measures" else "")
        # repeated deliveries: the rows in the window less their distinct (person, measure,
        # start, end), in this same scan (a missing end equals a missing end, as in DISTINCT)
        + (f", count(*) FILTER (WHERE p.person_id IS NOT NULL AND {q} BETWEEN {ws} AND {we}) "
           "- count(DISTINCT (person_id, measure, start_quarter, end_quarter)) FILTER (WHERE "
           f"p.person_id IS NOT NULL AND {q} BETWEEN {ws} AND {we}) "
           if t == "vdab_measures" else ", 0 ")
        + f", {_unplaced_count(name, EVENT_QUARTERS[t]) if t in EVENT_QUARTERS else '0'} "
        # registration spells without any KSZ quarter of their person: in no panel row
        + (f", (SELECT count(*) FROM reg e WHERE NOT EXISTS (SELECT 1 FROM ksz k WHERE "
           "k.person_id = e.person_id AND k.quarter BETWEEN e.start_quarter AND "
           f"coalesce(e.end_quarter, {we}))) " if t == "vdab_registrations" else ", 0 ")
        + f"FROM {src[t]} t LEFT JOIN (SELECT person_id FROM persons) p USING (person_id)"
        for t, (name, q, c) in _EXCLUSIONS.items())
        # persons of the register without a KSZ quarter in the window: the panel has a row for
        # each person-quarter of ksz, so they are in no analysis
        + " UNION ALL SELECT 'persons', (SELECT count(*) FROM persons), 0, 0, 0, 0, "
        "(SELECT count(*) FROM persons WHERE person_id NOT IN (SELECT person_id FROM ksz)), "
        "0, 0, 0"
    ).fetchall()
    rules = [(t, r, sql.format(**src), d) for t, r, sql, d in _ERROR_RULES]
    broken = con.execute("SELECT " + ", ".join(
        f"EXISTS ({_rule_test(t, r, sql, window)})" for t, r, sql, _ in rules)).fetchone()
    if any(broken):
        for rule in rules:
            _fail_if(con, *rule, file=None if isinstance(data_dir, Mapping)
                     else Path(data_dir) / f"{rule[0]}.parquet")
    if not exclusions:
        return None
    log: list[dict] = []
    by_table = {row[0]: row for row in counts}
    no_ksz = by_table.pop("persons")
    log.append(dict(table="persons", rule="no_ksz_quarter_in_window", rows=int(no_ksz[6]),
                    of_rows=int(no_ksz[1])))
    for (table, total, orphan, outside, truncated, censored, overlap, repeated, unplaced,
         spell_lost) in sorted(
            by_table.values(), key=lambda row: list(_EXCLUSIONS).index(row[0])):
        log.append(dict(table=table, rule="orphan_id", rows=int(orphan), of_rows=int(total)))
        log.append(dict(table=table, rule="outside_window", rows=int(outside), of_rows=int(total)))
        if _EXCLUSIONS[table][2]:
            log.append(dict(table=table, rule="left_truncated_spell", rows=int(truncated),
                            of_rows=int(total)))
            log.append(dict(table=table, rule="censored_at_window_end (kept)",
                            rows=int(censored), of_rows=None))
        if table == "vdab_measures":
            # a row equal to an earlier one (person, measure, start, end) is a repeated
            # delivery, not a second spell: counted on its own, the rest of the later spells
            # dropped as overlapping
            log.append(dict(table=table, rule="duplicate_measure", rows=int(repeated),
                            of_rows=None))
            log.append(dict(table=table, rule="overlapping_measure",
                            rows=int(overlap - repeated), of_rows=None))
        if table in EVENT_QUARTERS:
            # kept in the clean table, but the panel (a row per KSZ person-quarter) has no
            # row to place it in (:func:`unplaced_events`)
            log.append(dict(table=table, rule="no_ksz_row_in_quarter", rows=int(unplaced),
                            of_rows=None))
        if table == "vdab_registrations":
            # a spell none of whose quarters has a KSZ row of its person is in no panel row
            # (one whose start quarter alone has none stays, from its next KSZ quarter)
            log.append(dict(table=table, rule="no_ksz_quarter_in_spell", rows=int(spell_lost),
                            of_rows=None))
    out = pd.DataFrame(log)
    out["of_rows"] = out["of_rows"].astype("Int64")
    return out


def _measure_columns() -> str:
    return ",\n        ".join(
        f"coalesce(bool_or(measure = '{m}'), false) AS start_{m}" for m in codes.MEASURES
    )


#: the columns of the panel (:func:`panel_sql`), in order (the module docstring says what
#: they mean)
OUTPUT_COLUMNS = (
    "person_id", "quarter", "position", "employed", "regular", "fte_fraction", "wage_class",
    "run_start", "run_length", "run_censored", "stable_job_start", "stable_regular_job_start",
    "job_start", "experience", "registered", "registration_start", "elapsed_registration",
    *(f"start_{m}" for m in codes.MEASURES), "in_measure", "prior_measure_starts",
    "contract_signed", "mo_start", "nt2_start", "inburgering_started", "abb_registered",
    "labour_market_access",
)

#: the widest window (quarters) for which :func:`panel_sql` finds the runs of a person's
#: quarters in a bit mask of them (a 128-bit integer: one bit per quarter, one sentinel bit
#: above the window, the sign bit unused); wider windows use window functions (running counts)
MASK_QUARTERS = 126


def panel_sql(spec: PanelSpec, persons_from: int | None = None, persons_to: int | None = None,
              order: bool = True) -> str:
    """The SQL that turns the clean register views into the person-quarter panel (optionally
    for the persons with ``persons_from <= person_id <= persons_to`` only).

    ``order``: sort the rows by person and quarter (``ORDER BY``); without it the rows come
    in the order the engine produces (:func:`panel_from_registers` checks it and sorts only
    when needed).

    Two formulations of the quarter-by-quarter history (the same panel, tests/test_panel.py):
    for windows of at most :data:`MASK_QUARTERS` quarters, each person's qualifying, regular,
    employed and observed quarters are bit masks (one aggregate per person, joined to the rows
    with the other person-level facts), and the runs and counts of a row are bit operations
    on them: a run's end is the first zero bit above the row's quarter, its start the first
    zero below it (a mask of the reversed quarters), the experience and the earlier measure
    starts are counts of bits below it. This replaces a window function (a sort of all rows)
    and the grouping and joining back of three kinds of run, about 30 % of the query's time
    on a Monte Carlo replication. Wider windows use those window functions.
    """
    ws, we = spec.window.start, spec.window.end
    qual = "employed"
    if spec.min_fte is not None:
        qual += f" AND fte_fraction >= {float(spec.min_fte)}"
    if spec.min_wage_class is not None:
        allowed = codes.WAGE_CLASSES[codes.WAGE_CLASSES.index(spec.min_wage_class):]
        qual += " AND wage_class IN (" + ", ".join(f"'{w}'" for w in allowed) + ")"
    sq = int(spec.stable_quarters)
    flt = (
        "TRUE" if persons_from is None
        else f"person_id BETWEEN {int(persons_from)} AND {int(persons_to)}"
    )
    non_eu = ", ".join(f"'{o}'" for o in codes.NON_EU_ORIGINS)
    common = f"""
    WITH k AS (
        SELECT person_id, quarter::SMALLINT AS quarter, position, fte_fraction, wage_class,
               position IN ('salaried', 'self_employed') AS employed,
               coalesce(regular, false) AS regular_flag
        FROM ksz WHERE {flt}
    ),
    reg_q AS (
        SELECT person_id, unnest(range(start_quarter, coalesce(end_quarter, {we}) + 1))::SMALLINT
               AS quarter, start_quarter::SMALLINT AS registration_start
        FROM reg WHERE {flt}
    ),
    meas_starts AS (
        SELECT person_id, start_quarter::SMALLINT AS quarter, count(*) AS n_starts,
        {_measure_columns()}
        FROM (SELECT person_id, start_quarter, measure::VARCHAR AS measure FROM meas WHERE {flt})
        GROUP BY person_id, start_quarter
    ),
    meas_q AS (
        SELECT DISTINCT person_id,
               unnest(range(start_quarter, coalesce(end_quarter, {we}) + 1))::SMALLINT AS quarter
        FROM meas WHERE {flt}
    ),
    abb_q AS (
        SELECT person_id, quarter::SMALLINT AS quarter,
               bool_or(step::VARCHAR = 'contract_signed') AS contract_signed,
               bool_or(step::VARCHAR = 'mo_start') AS mo_start,
               bool_or(step::VARCHAR = 'nt2_start') AS nt2_start
        FROM abb WHERE {flt} GROUP BY person_id, quarter
    ),
    contract AS (
        SELECT person_id, min(quarter) AS contract_quarter FROM abb
        WHERE {flt} AND step::VARCHAR = 'contract_signed' GROUP BY person_id
    ),
    abb_reg AS (
        SELECT person_id, min(quarter) AS abb_quarter FROM abb
        WHERE {flt} AND step::VARCHAR = 'registration' GROUP BY person_id
    ),
    permit AS (
        SELECT person_id, min(quarter) AS first_permit FROM wse WHERE {flt} GROUP BY person_id
    ),"""
    # the per-quarter facts of the other registers, joined to the KSZ rows
    facts = """
               g.registration_start, ms.* EXCLUDE (person_id, quarter, n_starts),
               mq.person_id IS NOT NULL AS in_measure,
               a.contract_signed AS a_contract, a.mo_start AS a_mo, a.nt2_start AS a_nt2,"""
    fact_joins = """
        LEFT JOIN reg_q g USING (person_id, quarter)
        LEFT JOIN meas_starts ms USING (person_id, quarter)
        LEFT JOIN meas_q mq USING (person_id, quarter)
        LEFT JOIN abb_q a USING (person_id, quarter)
        LEFT JOIN p pp USING (person_id)"""
    person_facts = f"""
        SELECT pp.person_id, pp.sample::VARCHAR = 'newcomer' AND pp.origin::VARCHAR IN ({non_eu})
               AS needs_permit, co.contract_quarter, ar.abb_quarter, pm.first_permit"""
    person_joins = """
        FROM persons pp
        LEFT JOIN contract co USING (person_id)
        LEFT JOIN abb_reg ar USING (person_id)
        LEFT JOIN permit pm USING (person_id)"""
    if spec.window.n_quarters <= MASK_QUARTERS:
        body = _mask_body(spec, qual, flt, facts, fact_joins, person_facts, person_joins)
    else:
        body = _window_body(spec, qual, flt, facts, fact_joins, person_facts, person_joins)
    return f"""{common}{body}
    SELECT
        r.person_id, r.quarter, r.position::VARCHAR AS position, r.employed,
        r.employed AND r.regular_flag AS regular,
        r.fte_fraction, r.wage_class::VARCHAR AS wage_class,
        r.rs::SMALLINT AS run_start,
        (r.re - r.rs + 1)::SMALLINT AS run_length,
        r.re >= {we} AS run_censored,
        coalesce(r.quarter = r.rs AND r.re - r.rs + 1 >= {sq} AND r.rs > {ws}, false)
            AS stable_job_start,
        coalesce(r.quarter = r.rrs AND r.rrl >= {sq} AND r.rrs > {ws}, false)
            AS stable_regular_job_start,
        coalesce(r.quarter = r.ers AND r.ers > {ws}, false) AS job_start,
        r.experience::SMALLINT AS experience,
        r.registration_start IS NOT NULL AS registered,
        r.registration_start,
        (r.quarter - r.registration_start)::SMALLINT AS elapsed_registration,
        {", ".join(f"coalesce(r.start_{m}, false) AS start_{m}" for m in codes.MEASURES)},
        r.in_measure,
        coalesce(r.prior_starts, 0)::SMALLINT AS prior_measure_starts,
        coalesce(r.a_contract, false) AS contract_signed,
        coalesce(r.a_mo, false) AS mo_start,
        coalesce(r.a_nt2, false) AS nt2_start,
        coalesce(r.contract_quarter <= r.quarter, false) AS inburgering_started,
        coalesce(r.abb_quarter <= r.quarter, false) AS abb_registered,
        NOT coalesce(r.needs_permit, false) OR coalesce(r.first_permit <= r.quarter, false)
            AS labour_market_access
    FROM rows r{" ORDER BY r.person_id, r.quarter" if order else ""}
    """


#: bits of a person-quarter's number of measure starts in :func:`_mask_body` (at most one
#: start per measure and quarter is kept, so at most len(codes.MEASURES) = 9 < 2**4)
_START_COUNT_BITS = 4


def _mask_body(spec: PanelSpec, qual: str, flt: str, facts: str, fact_joins: str,
               person_facts: str, person_joins: str) -> str:
    """The CTEs after the common ones of :func:`panel_sql`, ending in ``rows`` (one row per
    KSZ row with the columns its final SELECT reads), by bit masks of each person's quarters.

    Bit ``i`` of a mask is quarter ``ws + i``; ``qm``/``qrm`` hold the qualifying quarters
    (``qrm`` reversed: bit ``i`` is quarter ``we - i``), ``rm`` the qualifying regular ones,
    ``em`` the employed ones, ``km`` the quarters with a KSZ row, ``s<b>`` the quarters whose
    number of measure starts has bit ``b`` set. With ``zeros(m)`` the window's quarters not in
    ``m`` plus a sentinel bit just above the window, and ``ctz`` the count of trailing zero
    bits, a row of quarter index ``i``: its qualifying run ends at ``quarter + ctz(zeros(qm)
    >> (i + 1))`` and starts at ``quarter - ctz(zeros(qrm) >> (n - i))``; it starts a regular
    (employed) run when bit ``i - 1`` of ``rm`` (``em``) is 0 or ``i = 0``; its experience is
    the number of bits of ``em`` below ``i``, its earlier measure starts the sum over ``b`` of
    ``2**b`` times the number of bits of ``s<b> & km`` below ``i`` (starts in quarters with a
    KSZ row, as the running count of the window formulation).
    """
    ws, we = spec.window.start, spec.window.end
    n = we - ws + 1
    t = "BIGINT" if n <= 62 else "HUGEINT"  # 64 bits suffice for up to 62 quarters
    one = f"1::{t}"
    bit = f"({one} << (quarter - {ws}))"

    def zeros(m: str) -> str:
        return f"(((({one} << {n}) - 1) & ~{m}) | ({one} << {n}))"

    def ctz(y: str) -> str:  # trailing zero bits of y > 0
        return f"bit_count(~({y}) & (({y}) - 1))"

    cnt = [f"coalesce(bit_or({bit}) FILTER (WHERE (n_starts >> {b}) & 1 = 1), 0) AS s{b}"
           for b in range(_START_COUNT_BITS)]
    prior = " + ".join(f"{1 << b} * bit_count(r.s{b} & r.km & r.below)"
                       for b in range(_START_COUNT_BITS))
    return f"""
    kq AS (
        SELECT k.*, ({qual}) AS qualifying, ({qual}) AND k.regular_flag AS qualifying_regular
        FROM k
    ),
    masks AS (
        SELECT person_id,
               coalesce(bit_or({bit}) FILTER (WHERE qualifying), 0) AS qm,
               coalesce(bit_or({one} << ({we} - quarter)) FILTER (WHERE qualifying), 0) AS qrm,
               coalesce(bit_or({bit}) FILTER (WHERE qualifying_regular), 0) AS rm,
               coalesce(bit_or({bit}) FILTER (WHERE employed), 0) AS em,
               bit_or({bit}) AS km
        FROM kq GROUP BY person_id
    ),
    start_masks AS (
        SELECT person_id, {", ".join(cnt)}
        FROM (SELECT person_id, quarter, CASE WHEN n_starts < {1 << _START_COUNT_BITS}
                     THEN n_starts ELSE error('more than {(1 << _START_COUNT_BITS) - 1} '
                     || 'measure starts of one person in one quarter') END AS n_starts
              FROM meas_starts)
        GROUP BY person_id
    ),
    p AS ({person_facts},
               m.* EXCLUDE (person_id), sm.* EXCLUDE (person_id){person_joins}
        LEFT JOIN masks m USING (person_id)
        LEFT JOIN start_masks sm USING (person_id)
        WHERE {flt}
    ),
    joined AS (
        SELECT c.*,{facts}
               pp.* EXCLUDE (person_id), c.quarter - {ws} AS i,
               ({one} << (c.quarter - {ws})) - 1 AS below
        FROM kq c{fact_joins}
    ),
    rows AS (
        SELECT r.*,
            CASE WHEN qualifying THEN quarter + {ctz(f"{zeros('qm')} >> (i + 1)")} END AS re,
            CASE WHEN qualifying THEN quarter - {ctz(f"{zeros('qrm')} >> ({n} - i)")} END
                AS rs,
            CASE WHEN qualifying_regular AND (i = 0 OR (rm >> greatest(i - 1, 0)) & 1 = 0)
                 THEN quarter END AS rrs,
            1 + {ctz(f"{zeros('rm')} >> (i + 1)")} AS rrl,
            CASE WHEN employed AND (i = 0 OR (em >> greatest(i - 1, 0)) & 1 = 0)
                 THEN quarter END AS ers,
            CASE WHEN employed IS NOT NULL THEN bit_count(em & below) ELSE 0 END
                AS experience,
            {prior} AS prior_starts
        FROM joined r
    )"""


def _window_body(spec: PanelSpec, qual: str, flt: str, facts: str, fact_joins: str,
                 person_facts: str, person_joins: str) -> str:
    """The CTEs after the common ones of :func:`panel_sql`, ending in ``rows``, by window
    functions (running counts per person), for any window.

    One window pass: running counts per person. Within a run of consecutive qualifying
    quarters, quarter minus the running count of qualifying quarters is constant, and it
    changes across any gap (a non-qualifying or a missing quarter): an island id. The four
    running counts (qualifying, qualifying regular and employed quarters, measure starts) are
    one window sum of a 128-bit integer holding each in 32 bits (a window aggregate costs
    about as much as the sort; whole numbers, so the sums are exact). The KSZ columns ride
    along, so the rows need not be joined back to k. The experience, the employed quarters
    before this one, is the employed count minus this quarter.
    """
    return f"""
    p AS ({person_facts}{person_joins}
        WHERE {flt}
    ),
    cum AS (
        SELECT kc.* EXCLUDE (c),
            quarter - (c & 4294967295)::BIGINT AS g,
            quarter - ((c >> 32) & 4294967295)::BIGINT AS gr,
            quarter - ((c >> 64) & 4294967295)::BIGINT AS ge,
            (c >> 96)::BIGINT - n_starts0 AS prior_starts
        FROM (
            SELECT kq.*,
                sum(coalesce(qualifying, false)::HUGEINT
                    + (coalesce(qualifying_regular, false)::HUGEINT << 32)
                    + (coalesce(employed, false)::HUGEINT << 64)
                    + (n_starts0::HUGEINT << 96)) OVER w AS c
            FROM (
                SELECT k.*, ({qual}) AS qualifying,
                       ({qual}) AND k.regular_flag AS qualifying_regular,
                       coalesce(ms.n_starts, 0) AS n_starts0
                FROM k LEFT JOIN (SELECT person_id, quarter, n_starts FROM meas_starts) ms
                    USING (person_id, quarter)
            ) kq
            WINDOW w AS (PARTITION BY person_id ORDER BY quarter ROWS UNBOUNDED PRECEDING)
        ) kc
    ),
    joined AS (
        SELECT c.* EXCLUDE (n_starts0),{facts}
               pp.contract_quarter, pp.abb_quarter, pp.first_permit, pp.needs_permit
        FROM cum c{fact_joins}
    ),
    runs AS (
        SELECT person_id, g, min(quarter) AS rs, count(*) AS rl, max(quarter) AS re
        FROM cum WHERE qualifying GROUP BY person_id, g
    ),
    runs_regular AS (
        SELECT person_id, gr, min(quarter) AS rrs, count(*) AS rrl
        FROM cum WHERE qualifying_regular GROUP BY person_id, gr
    ),
    runs_employed AS (
        SELECT person_id, ge, min(quarter) AS ers FROM cum WHERE employed GROUP BY person_id, ge
    ),
    rows AS (
        SELECT r.*, q.rs, q.re, qr.rrs, qr.rrl, e.ers,
               coalesce(r.quarter - r.ge - r.employed::INT, 0) AS experience
        FROM joined r
        LEFT JOIN runs q ON r.qualifying AND q.person_id = r.person_id AND q.g = r.g
        LEFT JOIN runs_regular qr
            ON r.qualifying_regular AND qr.person_id = r.person_id AND qr.gr = r.gr
        LEFT JOIN runs_employed e ON r.employed AND e.person_id = r.person_id AND e.ge = r.ge
    )"""


def _write_panel(
    con: duckdb.DuckDBPyConnection, spec: PanelSpec, out: Path, progress: bool
) -> tuple[int, int]:
    """Run the panel SQL in chunks of persons (each chunk's joins and window functions fit in
    memory), write each chunk to a part file, then concatenate the parts in order into one
    Parquet file sorted by person and quarter."""
    ids = con.execute("SELECT person_id FROM persons ORDER BY person_id").fetchnumpy()["person_id"]
    starts = list(range(0, len(ids), spec.chunk_persons)) or [0]
    it = starts
    if progress:
        from tqdm.auto import tqdm

        it = tqdm(starts, desc="building panel", unit="chunk")
    parts = out.with_name(f"{out.name}-parts")  # out is the temporary name: parts are temporary too
    parts.mkdir(parents=True, exist_ok=True)
    try:
        files = []
        for n, i in enumerate(it):
            if len(ids):
                lo, hi = ids[i], ids[min(i + spec.chunk_persons, len(ids)) - 1]
            else:
                lo, hi = 0, -1
            part = parts / f"part-{n:05d}.parquet"
            con.execute(f"COPY ({panel_sql(spec, lo, hi)}) TO '{part.as_posix()}' (FORMAT parquet)")
            files.append(f"'{part.as_posix()}'")
        # concatenation keeps the file order and each file's row order
        con.execute("SET preserve_insertion_order = true")
        con.execute(
            f"COPY (SELECT * FROM read_parquet([{', '.join(files)}])) "
            f"TO '{out.as_posix()}' (FORMAT parquet, COMPRESSION zstd)"
        )
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    rows, persons = con.execute(
        f"SELECT count(*), count(DISTINCT person_id) FROM read_parquet('{out.as_posix()}')"
    ).fetchone()
    return int(rows), int(persons)


def _with_persons(panel: pd.DataFrame, persons: pd.DataFrame,
                  unique: bool = False) -> pd.DataFrame:
    """The panel joined with the static person covariates (one person row per panel row).

    ``unique``: the caller guarantees that ``person_id`` is unique in ``persons`` (the same
    frame passed the error rule persons/duplicate_key of :func:`clean_registers`), so the
    merge does not check it again (a few milliseconds of a Monte Carlo replication);
    otherwise pandas raises :class:`pandas.errors.MergeError` for a duplicated person.
    """
    return panel.merge(persons, on="person_id", how="left",
                       validate=None if unique else "many_to_one")


def _sorted_panel(con: duckdb.DuckDBPyConnection, panel: pa.Table) -> pa.Table:
    """``panel`` (rows of :func:`panel_sql` without ``ORDER BY``) sorted by person and
    quarter: as it is when its rows already are (checked, about a millisecond; the usual case
    of registers sorted by person and quarter, since one DuckDB thread keeps the order of the
    KSZ rows through the query's joins), else sorted by DuckDB. The key is unique, so the
    result is the same rows in the same order either way, as with the ``ORDER BY`` (a sort
    of every column, about a sixth of the query on a Monte Carlo replication)."""
    pid = panel.column("person_id").to_numpy()
    quarter = panel.column("quarter").to_numpy()
    later = (pid[1:] > pid[:-1]) | ((pid[1:] == pid[:-1]) & (quarter[1:] > quarter[:-1]))
    if bool(later.all()):
        return panel
    con.register("unsorted_panel", panel)
    try:
        return con.sql("SELECT * FROM unsorted_panel ORDER BY person_id, quarter"
                       ).to_arrow_table()
    finally:
        con.unregister("unsorted_panel")


def panel_from_registers(
    registers: Mapping[str, pd.DataFrame],
    spec: PanelSpec | None = None,
    validate: bool = True,
    with_persons: bool = True,
    exclusions: bool = True,
    columns: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The person-quarter panel of in-memory registers, by the same DuckDB SQL as
    :func:`build_panel` (:func:`clean_registers`, :func:`panel_sql`) in one query, without
    Parquet files: for small data such as a Monte Carlo replication.

    Parameters
    ----------
    registers : register name (:data:`mia_helpers.schemas.SPECS`, e.g. ``"ksz_positions"``)
        -> frame, as written by :func:`mia_helpers.synthetic.registers.all_registers`.
    spec : panel parameters (``chunk_persons`` is not used: one query over all persons, so the
        data must fit in memory; use :func:`build_panel` at scale).
    validate : run the pandera schema of every register first.
    with_persons : join the static person covariates, as :func:`load_panel` does.
    exclusions : return the exclusion log; False: None instead, and its counting query is
        not run (the error rules are checked all the same).
    columns : only these panel columns (:data:`OUTPUT_COLUMNS`; ``person_id`` and
        ``quarter`` always), in the panel's order, by the same query: DuckDB leaves out the
        work of the others (a Monte Carlo replication reads about a third of them:
        :func:`mia_helpers.montecarlo.replication_columns`). None: every column. The person
        covariates are joined all the same (``with_persons``).

    Returns
    -------
    (panel, exclusions) : the panel, equal (values, dtypes, row order) to
        :func:`load_panel` after :func:`build_panel` over the same registers written as
        Parquet (tests/test_panel.py; with ``columns``, to its columns of that name), and the
        exclusion log of :func:`clean_registers` (None with ``exclusions=False``).

    Raises
    ------
    RegisterError
        A register is missing from ``registers`` or breaks an error rule.
    ValueError
        ``columns`` names a column that the panel does not have.
    """
    spec = spec or PanelSpec()
    _require_frames(registers)
    sql = panel_sql(spec, order=False)
    if columns is not None:
        unknown = sorted(set(columns) - set(OUTPUT_COLUMNS))
        if unknown:
            raise ValueError(f"panel_from_registers: columns {unknown} are not panel columns; "
                             f"choose from {list(OUTPUT_COLUMNS)}")
        keep = {"person_id", "quarter", *columns}
        sql = f"SELECT {', '.join(c for c in OUTPUT_COLUMNS if c in keep)} FROM ({sql})"
    if validate:
        for table in SPECS:
            validate_register(table, registers[table], spec.window)
    # settings such as preserve_insertion_order hold for the whole shared database: one
    # in-memory panel at a time per process
    with _MEMORY_LOCK:
        con = connect(spec, shared=True)
        try:
            log = clean_registers(con, registers, spec.window, ordered=False,
                                  exclusions=exclusions)
            con.execute("SET preserve_insertion_order = true")
            panel = _sorted_panel(con, con.sql(sql).to_arrow_table())
            panel = panel.to_pandas()
        finally:
            con.close()
    if with_persons:
        # clean_registers has enforced persons/duplicate_key on this very frame
        panel = _with_persons(panel, registers["persons"], unique=True)
    return panel, log


def meta_path(panel: str | Path) -> Path:
    """``<stem>_meta.json`` next to a panel file (``panel_meta.json`` for ``panel.parquet``):
    the panel's completion marker, written last, with the spec and the input fingerprints."""
    panel = Path(panel)
    return panel.with_name(f"{panel.stem}_meta.json")


def register_files(data_dir: str | Path) -> list[Path]:
    """The six register files of ``data_dir`` (the inputs of the panel)."""
    return [Path(data_dir) / f"{t}.parquet" for t in SPECS]


def builder_fingerprint() -> str:
    """SHA-256 over the source of the panel builder (this module and the schemas, quarter and
    code definitions it uses): a panel written by other builder code lacks or defines columns
    differently and is stale (:func:`panel_problem`)."""
    import hashlib

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("panel.py", "schemas.py", "quarters.py", "codes.py"):
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    return h.hexdigest()


def _spec_record(spec: PanelSpec) -> dict:
    """The spec as stored in the panel metadata (JSON types, so a stored one compares equal)."""
    return json.loads(json.dumps({**asdict(spec), "window": [spec.window.start,
                                                              spec.window.end]}))


#: fields of :class:`PanelSpec` that set DuckDB's resources and do not change the panel
#: (:func:`mia_helpers.data.with_built_resources`)
RESOURCE_FIELDS = ("memory_limit", "threads", "chunk_persons")


def _same_panel_spec(stored: object, spec: PanelSpec) -> bool:
    """Whether a stored spec record asks for the panel ``spec`` asks for: the records
    compared without :data:`RESOURCE_FIELDS` (fix46: a panel built with ``--threads 1`` was
    stale for a caller that did not pass the same resources)."""
    if not isinstance(stored, dict):
        return False
    strip = {k: v for k, v in stored.items() if k not in RESOURCE_FIELDS}
    want = {k: v for k, v in _spec_record(spec).items() if k not in RESOURCE_FIELDS}
    return strip == want


def panel_problem(data_dir: str | Path, panel: str | Path | None = None,
                  spec: PanelSpec | None = None) -> str | None:
    """Why the panel of ``data_dir`` cannot be used, or None when it is current.

    The panel is current when it exists, its metadata (:func:`meta_path`, written last) exists,
    the fingerprints stored there match the register files now in ``data_dir`` (a panel
    built from another seed's or an older extract's registers is stale), it was written by the
    current builder code (:func:`builder_fingerprint`) and, when ``spec`` is given, with that
    spec (window, stable-job definition).
    """
    data_dir = Path(data_dir)
    panel = Path(panel) if panel is not None else data_dir / "panel.parquet"
    meta = meta_path(panel)
    if not panel.exists():
        return f"no panel {panel}"
    if not meta.exists():
        return (f"{panel} has no {meta.name} (built by an older version or interrupted), so "
                "its inputs are unknown")
    try:
        read_parquet_metadata(panel)
    except DataFileError as err:  # truncated or overwritten after it was built
        return str(err).split(". The file is")[0]
    try:
        stored = json.loads(meta.read_text())["inputs"]["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return f"{meta} is unreadable or has no input fingerprints"
    changed = fingerprint_mismatch(data_dir, stored)
    if changed:
        return (f"{panel} was built from other register files than those now in {data_dir} "
                f"(changed: {', '.join(changed)})")
    meta_all = json.loads(meta.read_text())
    if meta_all.get("builder") != builder_fingerprint():
        return f"{panel} was built by another version of the panel builder (mia_helpers.panel)"
    if spec is not None and not _same_panel_spec(meta_all.get("spec"), spec):
        return (f"{panel} was built with another specification ({meta_all.get('spec')}) than "
                f"the one asked for ({_spec_record(spec)})")
    return None


def build_panel(
    data_dir: str | Path,
    spec: PanelSpec | None = None,
    out: str | Path | None = None,
    validate: bool = True,
    progress: bool = False,
    if_needed: bool = False,
) -> PanelResult:
    """Validate the registers in ``data_dir`` and write the person-quarter panel.

    Writes ``panel.parquet`` (or ``out``; its folder is created), ``exclusion_log.csv`` and the
    metadata :func:`meta_path` next to it. ``data_dir`` is only read (it may be read-only when
    ``out`` is elsewhere). Every file is written under a temporary name and renamed into place;
    the metadata, holding the spec, the SHA-256, size and time of each register file and the
    register columns the build ignored (``ignored_columns``: file -> columns not in the
    schema, present only when there are some; :func:`validate_files`) and the event rows
    the panel cannot place with their persons (``unplaced``: :func:`unplaced_events`, also
    ``PanelResult.unplaced``), is written last, so a
    panel without it is never trusted (:func:`panel_problem`). An exclusive lock
    (``.<name>.lock`` next to ``out``) is held during the build: a second build of the same
    file waits, and temporary files left by a killed build are removed first.

    Raises :class:`~mia_helpers.schemas.RegisterError` on bad input and
    :class:`~mia_helpers.files.DataFileError` for a missing, unreadable or incomplete data
    folder (naming the file). With ``if_needed`` the build is skipped (after taking the lock)
    when the panel is current; the result then comes from its metadata.
    """
    spec = spec or PanelSpec()
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataFileError(f"data folder {data_dir} does not exist")
    check_not_incomplete(data_dir)
    out = Path(out) if out else data_dir / "panel.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    meta_file = meta_path(out)
    log_file = out.parent / "exclusion_log.csv"
    with file_lock(out):
        remove_stale_temporaries(out.parent, [out.name, meta_file.name, log_file.name])
        if if_needed and panel_problem(data_dir, out, spec) is None:
            meta = json.loads(meta_file.read_text())
            log = pd.read_csv(log_file) if log_file.exists() else pd.DataFrame()
            unplaced = (pd.DataFrame(meta["unplaced"], columns=list(UNPLACED_COLUMNS))
                        if "unplaced" in meta else None)
            return PanelResult(out, meta["rows"], meta["persons"], log, meta["timings"],
                               unplaced)
        inputs = fingerprints(register_files(data_dir)) if all(
            p.exists() for p in register_files(data_dir)) else None
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        ignored: dict[str, list[str]] = {}
        if validate:
            ignored = validate_files(data_dir, progress=progress, window=spec.window)
        else:
            for p in register_files(data_dir):
                read_parquet_metadata(p)
        if inputs is None:
            inputs = fingerprints(register_files(data_dir))
        timings["validate"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        meta_file.unlink(missing_ok=True)  # the old panel is no longer vouched for
        con = connect(spec)
        try:
            log = clean_registers(con, data_dir, spec.window)
            # the persons behind the log's no_ksz_row_in_quarter rows, for the command line's
            # warning (one query on the clean tables: the registers are not cleaned again)
            unplaced = unplaced_events(con)
            with atomic_path(out) as tmp:
                rows, persons = _write_panel(con, spec, tmp, progress)
        finally:
            con.close()
        timings["panel"] = time.perf_counter() - t0
        with atomic_path(log_file) as tmp:
            log.to_csv(tmp, index=False)
        changed = fingerprint_mismatch(data_dir, inputs)
        if changed:
            raise DataFileError(f"register files {changed} in {data_dir} changed while the panel "
                                "was built; run the build again")
        meta = {
            "spec": _spec_record(spec),
            "builder": builder_fingerprint(),
            "rows": int(rows),
            "persons": int(persons),
            "timings": timings,
            "inputs": {"data_dir": str(data_dir.resolve()), "files": inputs},
            "unplaced": unplaced.to_dict(orient="records"),
        }
        if ignored:  # register columns not in the schema (validate_files warned)
            meta["ignored_columns"] = ignored
        write_json_atomic(meta_file, meta)
    return PanelResult(out, int(rows), int(persons), log, timings, unplaced)


def require_current_panel(data_dir: str | Path) -> Path:
    """The path of the panel of ``data_dir``; raises :class:`~mia_helpers.files.DataFileError`
    when it is missing, incomplete or stale (:func:`panel_problem`). Every reader of
    ``panel.parquet`` calls it first, so that a stale panel is never used. A ``data_dir`` that
    is a file (such as the panel itself) or does not exist is refused as such, not with the
    advice to rebuild into it (newuser21)."""
    path = Path(data_dir)
    if path.is_file():
        raise DataFileError(f"{path} is a file; give the folder that holds the registers and "
                            f"panel.parquet (here, probably {path.parent})")
    if not path.exists():
        raise DataFileError(f"data folder {path} does not exist; prepare it with `python -m "
                            "mia_helpers synth --out DIR` (synthetic data) or `python -m "
                            "mia_helpers adapt --mapping FILE --out DIR` (a real extract)")
    problem = panel_problem(data_dir)
    if problem is not None:
        raise DataFileError(f"{problem}; rebuild it with `python -m mia_helpers panel --data "
                            f"{data_dir}` (or call mia_helpers.data.ensure_data)")
    return Path(data_dir) / "panel.parquet"


def load_panel(data_dir: str | Path, with_persons: bool = True) -> pd.DataFrame:
    """The panel of ``data_dir``, joined with the static person covariates by default.

    Raises :class:`~mia_helpers.files.DataFileError` when the panel is missing, incomplete or
    stale (built from other register files, :func:`panel_problem`): a stale panel is never used.
    """
    data_dir = Path(data_dir)
    require_current_panel(data_dir)
    panel = read_parquet(data_dir / "panel.parquet")
    if not with_persons:
        return panel
    # the schema's columns only: others are ignored (validate_files warned)
    return _with_persons(panel, read_parquet(data_dir / "persons.parquet",
                                             columns=list(SPECS["persons"])))
