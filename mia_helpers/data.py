"""Where the data live: the default synthetic data set, cached runs with other parameters, and
the truth files when the data are synthetic.

Chapters take ``data_dir`` (real extracts, or any prepared folder). When it is ``None`` they use
a synthetic data set generated from (seed, residents, newcomers, window) and cached under
``data/synthetic/`` so that a re-run with the same parameters does not regenerate it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mia_helpers.files import (
    COMPLETE,
    DataFileError,
    ParameterError,
    atomic_path,
    check_not_incomplete,
    file_lock,
    read_complete,
    read_parquet,
    remove_stale_temporaries,
    write_text_atomic,
)
from mia_helpers.quarters import Window

if TYPE_CHECKING:  # annotations only
    from mia_helpers.panel import PanelSpec
    from mia_helpers.synthetic.config import GeneratorConfig

#: environment variable naming a JSON file in which :func:`ensure_data` records every data
#: folder it returns (the chapter runner sets it, so that a run's manifest names the data the
#: kernel actually read: seed, sizes, window and generator overrides included)
DATA_RECORD_ENV = "MIA_DATA_RECORD"

DEFAULT_SEED = 2005
DEFAULT_RESIDENTS = 20_000
DEFAULT_NEWCOMERS = 10_000


def project_root() -> Path:
    """The repository root (the folder holding ``_toc.yml``), or the working directory."""
    here = Path(__file__).resolve().parent.parent
    if (here / "_toc.yml").exists():
        return here
    return Path.cwd()


#: the age at which the generator retires everybody: a person is absent from the quarter of the
#: calendar year in which they turn 65 on, and no job outlasts it
#: (:mod:`mia_helpers.synthetic.simulate`, ``age >= 65`` and ``retire_q``)
RETIREMENT_AGE = 65


def synthetic_last_quarter(window: Window, config: GeneratorConfig | None = None,
                           residents: bool = True, newcomers: bool = True) -> tuple[int, str]:
    """The last quarter in which synthetic data generated over ``window`` can hold anybody, and
    who that is (fresh48: a ``window_end`` of 2099Q4 was accepted and its last 38 years held no
    person at all).

    The generator (:func:`mia_helpers.synthetic.population.make_population`) places everybody
    at or before the start of the window: adults aged at least ``adult_age[0]`` at its start,
    school leavers leaving in its first ``school_leaving_span`` quarters aged at least the
    lowest ``leaving_age``, newcomers arriving in its first ``arrival_span`` quarters aged at
    least ``arrival_age[0]`` (each span capped at the window's length less one quarter); the
    simulation retires them in the calendar year they turn :data:`RETIREMENT_AGE`. The youngest
    person the generator can draw is present until the fourth quarter of the year before; every
    later quarter is empty whatever the seed and sizes. ``residents``/``newcomers``: whether
    that group is generated (a group of 0 persons does not count).

    Returns
    -------
    (quarter index, a phrase naming the youngest person and when they retire)
    """
    from mia_helpers.quarters import BASE_YEAR, to_label, year_of
    from mia_helpers.synthetic.config import GeneratorConfig

    pc = (config or GeneratorConfig()).population
    if not (residents or newcomers):  # no data at all (refused elsewhere): either group's bound
        residents = newcomers = True
    last_start = [window.start + max(min(span, window.n_quarters - 1), 1) - 1
                  for span in (pc.school_leaving_span, pc.arrival_span)]
    born = {}
    if residents:
        born["an adult aged " + str(pc.adult_age[0]) + " at the window start"] = \
            int(year_of(window.start)) - pc.adult_age[0]
        youngest = min(pc.leaving_age.values())
        born[f"a school leaver leaving aged {youngest} in {to_label(last_start[0])}"] = \
            int(year_of(last_start[0])) - youngest
    if newcomers:
        born[f"a newcomer arriving aged {pc.arrival_age[0]} in {to_label(last_start[1])}"] = \
            int(year_of(last_start[1])) - pc.arrival_age[0]
    who, year = max(born.items(), key=lambda item: item[1])
    last = (year + RETIREMENT_AGE - 1 - BASE_YEAR) * 4 + 3  # the fourth quarter of that year
    return last, (f"{who}, born in {year}, who retires at {RETIREMENT_AGE} in "
                  f"{year + RETIREMENT_AGE}")


def check_synthetic_window(window: Window, start_name: str = "window_start",
                           end_name: str = "window_end", config: GeneratorConfig | None = None,
                           residents: bool = True, newcomers: bool = True) -> None:
    """Refuse a synthetic-data window that starts before 2005Q1 (quarter index 0) or ends after
    the last quarter the generator can fill (:func:`synthetic_last_quarter`).

    The generator (:mod:`mia_helpers.synthetic`) stores "never" for a school-leaving, arrival
    or permit quarter as a negative index (-1), and the persons register reads every negative
    quarter as missing; in a window that starts earlier, school leavers and arrivals before
    2005Q1 lose their quarter and everybody receives work permits in 2004Q4 (a run of chapter 1
    with ``window_start = 1990Q1`` showed 0 % school leavers and permits for every Belgian).
    A real extract (``data_dir``) may start earlier, and end later. ``config``, ``residents``
    and ``newcomers``: as :func:`synthetic_last_quarter` reads them.

    Raises
    ------
    ParameterError
        Naming ``start_name`` or ``end_name`` (the parameter or option that set the start or
        the end), the quarter allowed and what to do.
    """
    from mia_helpers.quarters import to_label

    if window.start < 0:
        raise ParameterError(
            f"{start_name!r}: synthetic data must start at 2005Q1 or later (the generator marks "
            f"'never' with quarter -1, 2004Q4); got {to_label(window.start)}: start at 2005Q1 or "
            "later (a real extract, prepared with `adapt`, may start earlier)")
    last, who = synthetic_last_quarter(window, config, residents, newcomers)
    if window.end > last:
        raise ParameterError(
            f"{end_name!r}: synthetic data over a window from {to_label(window.start)} hold "
            f"nobody after {to_label(last)} (the youngest person the generator can draw is "
            f"{who}); got {to_label(window.end)}: set {end_name} to {to_label(last)} or earlier "
            "(a real extract, prepared with `adapt`, may end later)")


def synthetic_dir(
    seed: int = DEFAULT_SEED,
    residents: int = DEFAULT_RESIDENTS,
    newcomers: int = DEFAULT_NEWCOMERS,
    window: Window | None = None,
    tag: str = "",
) -> Path:
    """Cache folder of one synthetic data set."""
    w = window or Window()
    name = f"s{seed}_r{residents}_n{newcomers}"
    if (w.start, w.end) != (Window().start, Window().end):
        name += f"_w{w.start}-{w.end}"
    if tag:
        name += f"_{tag}"
    root = Path(os.environ.get("MIA_DATA_ROOT", project_root() / "data" / "synthetic"))
    return root / name


def ensure_data(
    data_dir: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    residents: int = DEFAULT_RESIDENTS,
    newcomers: int = DEFAULT_NEWCOMERS,
    window: Window | tuple[str, str] | None = None,
    overrides: dict | None = None,
    tag: str = "",
    progress: bool = False,
    truth: bool = True,
) -> Path:
    """Return a folder holding registers and a current ``panel.parquet``.

    With ``data_dir`` (a prepared folder) the panel is built when it is missing, incomplete or
    stale (built from other register files; :func:`mia_helpers.panel.panel_problem`), under the
    panel's lock, over ``window`` (a :class:`Window` or a pair of quarter labels; default the
    seed study's). With ``data_dir=None`` a synthetic data set is generated from (seed,
    residents, newcomers, window, overrides) into the cache (:func:`synthetic_dir`) unless a
    complete one written by the current generator code is there: it is written into a
    temporary folder and renamed into place, so parallel runs never see half a data set; a
    cached folder without its completion marker (interrupted, or written by an older version)
    or written by other generator code (:func:`mia_helpers.synthetic.generator_fingerprint`)
    is regenerated.

    ``truth=False`` (synthetic data only): without the truth tables (``truth/`` then holds
    ``parameters.json`` only, as ``synth --no-truth`` writes it), for a caller that reads the
    registers, the panel or the generator's parameters but no true effect: the counterfactual
    re-simulation behind them is most of the generation's time (1.4 s of 1.8 s for 20,000
    residents and 200 newcomers, twenty-first session). Such a data set is cached apart, its
    folder named with ``_notruth`` after the tag, so that a caller asking for the truth never
    gets a folder without it.

    Raises
    ------
    mia_helpers.files.DataFileError
        ``data_dir`` does not exist, is incomplete (an interrupted ``synth``/``adapt``) or
        holds an unreadable file (named).
    """
    path = _ensure_data(data_dir, seed, residents, newcomers, window, overrides, tag, progress,
                        truth)
    _record_read(path)
    return path


def _record_read(path: Path) -> None:
    """Add ``path`` to the record named by :data:`DATA_RECORD_ENV` (when set), atomically."""
    record = os.environ.get(DATA_RECORD_ENV)
    if not record:
        return
    rec = Path(record)
    read = json.loads(rec.read_text()) if rec.exists() else []
    if str(path.resolve()) not in read:
        write_text_atomic(rec, json.dumps([*read, str(path.resolve())]))


def _ensure_data(data_dir, seed, residents, newcomers, window, overrides, tag, progress,
                 truth=True) -> Path:
    from mia_helpers.panel import PanelSpec, build_panel

    if isinstance(window, tuple):  # labels such as ("2005Q1", "2016Q4")
        window = Window.from_labels(*window)
    if data_dir is not None:
        path = Path(data_dir)
        if not path.is_dir():
            raise DataFileError(f"data folder {path} does not exist")
        check_not_incomplete(path)
        check_register_columns(path)  # input48: labels or dates, with the conversion
        build_panel(path, with_built_resources(path, PanelSpec(window=window or Window())),
                    progress=progress, if_needed=True)
        return path
    from mia_helpers.synthetic import generate, generator_fingerprint
    from mia_helpers.synthetic.config import GeneratorConfig, apply_overrides

    if window is not None:
        check_synthetic_window(window, config=apply_overrides(GeneratorConfig(), overrides or {}),
                               residents=residents > 0, newcomers=newcomers > 0)

    if overrides and not tag:
        raise ValueError("generator overrides need a cache tag that names them")
    path = synthetic_dir(seed, residents, newcomers, window,
                         tag if truth else f"{tag}_notruth" if tag else "notruth")
    spec = PanelSpec(window=window or Window())

    def cached() -> bool:  # complete, and written by the current generator code
        marker = read_complete(path)
        return bool(marker and marker.get("generator") == generator_fingerprint()
                    and (path / "panel.parquet").exists())

    if cached():
        build_panel(path, spec, progress=progress, if_needed=True)
        return path
    cfg = apply_overrides(GeneratorConfig(), overrides or {})
    with file_lock(path):  # one process generates; the others wait and then use its result
        if cached():
            build_panel(path, spec, progress=progress, if_needed=True)
            return path
        remove_stale_temporaries(path.parent, [path.name])
        with atomic_path(path) as tmp:
            generate(tmp, seed, residents, newcomers, cfg, window or Window(), truth=truth,
                     progress=progress)
            build_panel(tmp, spec, progress=progress)
    return path


def with_built_resources(data_dir: str | Path, spec: PanelSpec) -> PanelSpec:
    """``spec`` with DuckDB's resources (``memory_limit``, ``threads``, ``chunk_persons``) of
    the panel already in ``data_dir`` (its ``panel_meta.json``), so that a panel built with
    ``panel --threads 1`` or ``--memory-limit 1GB`` is not taken for one of another
    specification and rebuilt (user45: refused in a folder the chapter may not write): the
    resources do not change the panel. ``spec`` unchanged without a readable metadata file."""
    from dataclasses import replace

    try:
        stored = json.loads((Path(data_dir) / "panel_meta.json").read_text(encoding="utf-8"))
        found = stored["spec"]
        return replace(spec, memory_limit=str(found["memory_limit"]),
                       threads=int(found["threads"]), chunk_persons=int(found["chunk_persons"]))
    except (OSError, ValueError, KeyError, TypeError):
        return spec


def _truth_marker(data_dir: str | Path) -> dict | None:
    """The completion marker of ``truth/`` (None when there is no ``truth/``); raises
    :class:`DataFileError` when ``truth/`` exists without it."""
    check_not_incomplete(data_dir)
    truth = Path(data_dir) / "truth"
    if not truth.exists():
        return None
    marker = truth / COMPLETE
    if not marker.exists():
        raise DataFileError(
            f"{truth} is incomplete (no {COMPLETE}): the run that wrote it was interrupted or "
            "an older version wrote it; regenerate the data with `python -m mia_helpers synth` "
            "(or delete the cached folder so that it is regenerated)")
    return json.loads(marker.read_text())


def has_truth(data_dir: str | Path) -> bool:
    """True when ``data_dir`` holds the generator's true effects (synthetic data); False for
    real extracts and for synthetic data written with ``--no-truth``.

    Consistent with :func:`load_truth`: when this is True, ``load_truth`` returns every truth
    table. Raises :class:`~mia_helpers.files.DataFileError` for a ``truth/`` folder without its
    completion marker (never "runs without truth" silently).
    """
    marker = _truth_marker(data_dir)
    return bool(marker and marker.get("truth"))


def load_truth(data_dir: str | Path, name: str, group: str | None = "all"
               ) -> pd.DataFrame | None:
    """A truth table (``activation_effects``, ``newcomer_effects``), or None when the data have
    no truth (real data, ``--no-truth``).

    ``group``: keep the rows of this origin group (``"all"``: everybody, the default; an
    origin group of :data:`mia_helpers.codes.ORIGIN_GROUPS`); ``None`` keeps every group.
    Raises :class:`DataFileError` for an incomplete ``truth/`` or an unknown table name.
    """
    marker = _truth_marker(data_dir)
    if not marker or not marker.get("truth"):
        return None
    file = f"{name}.parquet"
    if file not in marker.get("files", []):
        raise DataFileError(f"{Path(data_dir) / 'truth'} has no truth table {name!r}; tables: "
                            f"{[f.removesuffix('.parquet') for f in marker['files'] if f.endswith('.parquet')]}")
    df = read_parquet(Path(data_dir) / "truth" / file)
    if group is not None and "group" in df.columns:
        df = df[df["group"].astype(str) == group].reset_index(drop=True)
    return df


def load_parameters(data_dir: str | Path) -> dict | None:
    """The generator parameters (``truth/parameters.json``) or None for real data."""
    if _truth_marker(data_dir) is None:
        return None
    return json.loads((Path(data_dir) / "truth" / "parameters.json").read_text())


def window_of(data_dir: str | Path) -> Window:
    """The observation window the panel of ``data_dir`` was built over (``panel_meta.json``)."""
    meta = Path(data_dir) / "panel_meta.json"
    if not meta.exists():
        return Window()
    start, end = json.loads(meta.read_text())["spec"]["window"]
    return Window(int(start), int(end))


def events_without_ksz_row(data_dir: str | Path, window: Window) -> pd.DataFrame:
    """Rows of the event registers that the panel cannot place: kept by the panel's cleaning
    (a person of ``persons``, a quarter inside ``window``, not a dropped measure row), but no
    ``ksz_positions`` row of that person in that quarter.

    The registers are cleaned as the panel build cleans them
    (:func:`mia_helpers.panel.clean_registers`) and counted by
    :func:`mia_helpers.panel.unplaced_events`, the query behind the exclusion log's
    ``no_ksz_row_in_quarter``, with the persons concerned: for a folder whose panel is not
    at hand (the build itself records the same table in its metadata, ``unplaced``, and
    returns it as ``PanelResult.unplaced``, which the command line's warning prints:
    ``adapt --panel``, ``panel``).

    Parameters
    ----------
    data_dir : folder of the six register Parquet files.
    window : the panel's observation window.

    Returns
    -------
    pandas.DataFrame
        One row per event register (:data:`mia_helpers.panel.EVENT_QUARTERS`): ``table``,
        ``column`` (the quarter column), ``rows`` (rows without a KSZ row in their quarter),
        ``persons`` (their persons) and ``of_rows`` (the register's rows kept by the cleaning).

    Raises
    ------
    mia_helpers.schemas.RegisterError
        A register breaks an error rule of the cleaning.
    """
    import duckdb

    from mia_helpers.panel import clean_registers, unplaced_events

    con = duckdb.connect()
    try:
        try:  # the command prints its own lines
            con.execute("SET enable_progress_bar = false")
        except duckdb.Error:  # in a Jupyter kernel without ipywidgets DuckDB draws no bar
            pass  # and refuses the setting ("required package 'ipywidgets' is missing")
        clean_registers(con, Path(data_dir), window, ordered=False, exclusions=False)
        return unplaced_events(con)
    finally:
        con.close()


#: what a row without a KSZ row in its quarter loses, by register (:func:`unplaced_summary`)
_UNPLACED_LOSS = {
    "vdab_registrations": "the spell's first quarter (elapsed registration 0)",
    "vdab_measures": "the measure start (the person counts as untreated then)",
    "abb_inburgering": "the step's flag in that quarter (contract_signed, mo_start, nt2_start)",
}


def unplaced_summary(unplaced: pd.DataFrame) -> str:
    """The printed warning about :func:`events_without_ksz_row` (empty when every row is
    placed): per register the rows and persons concerned, what is lost, and what to do."""
    bad = unplaced[unplaced["rows"] > 0]
    if bad.empty:
        return ""
    lines = [f"warning: {int(bad['rows'].sum())} register row(s) in the window fall in a quarter "
             "in which the person has no KSZ position; the panel has a row per KSZ "
             "person-quarter, so they are in no panel row (exclusion_log.csv: "
             "no_ksz_row_in_quarter):"]
    for r in bad.itertuples():
        lines.append(f"  {r.table}: {r.rows} of {r.of_rows} row(s) ({r.column}), {r.persons} "
                     f"person(s): lost is {_UNPLACED_LOSS[r.table]}")
    lines.append("  what to do: ask the data owner for the missing KSZ person-quarters (a "
                 "complete extract has a position, 'unknown' at worst, for every quarter a "
                 "person is in the population), or read the estimates with this in mind")
    return "\n".join(lines)


#: what the panel makes of a register without rows (not delivered: ``empty: true`` in the
#: adapter's mapping), by register: it is read as one in which nothing happened, not as
#: unknown (``adapt``'s note, chapter 1's coverage sentence)
NOT_DELIVERED = {
    "vdab_registrations": "no VDAB registrations: nobody is ever registered as a jobseeker "
                          "(chapters 3 and 4 have no spells)",
    "vdab_measures": "no measure starts: chapters 3 and 4 have no treated persons",
    "abb_inburgering": "no inburgering steps: every newcomer counts as never having signed a "
                       "contract or started a course (chapter 5)",
    "wse_permits": "no work permits: every non-EU newcomer counts as without labour-market "
                   "access (labour_market_access false) in every quarter, which chapter 5 "
                   "uses as a covariate and for exact matching",
}


def empty_registers(data_dir: str | Path, tables: list[str] | None = None) -> list[str]:
    """Registers of ``data_dir`` (of ``tables``, default every register in the schema's order)
    whose Parquet file exists and holds no rows (a register not delivered: the adapter writes
    it empty). Read from the files' metadata (no data read)."""
    import pyarrow.parquet as pq

    from mia_helpers.schemas import SPECS

    d = Path(data_dir)
    return [t for t in (list(SPECS) if tables is None else tables)
            if (d / f"{t}.parquet").exists()
            and pq.ParquetFile(d / f"{t}.parquet").metadata.num_rows == 0]


#: registers whose earliest row sets a state that lasts (panel column it sets, what is lost)
_LASTING = {
    "wse_permits": ("labour_market_access", "read as without a work permit "
                    "(labour_market_access false) until a permit granted inside the window"),
    "abb_inburgering": ("inburgering_started, abb_registered", "read as not registered "
                        "with ABB and without an inburgering contract until a step inside "
                        "the window"),
}


def ksz_gap_runs(quarters: pd.Series, window: Window) -> list[tuple[int, int]]:
    """The runs of whole quarters inside ``window`` and between the KSZ register's first and
    last quarter there that hold no KSZ row at all, as ``(first, last)`` quarter indices
    (2005Q1 = 0), sorted (:func:`mia_helpers.labels.quarter_runs`); empty when there is none.
    ``quarters``: the register's ``quarter`` column (quarter indices; missing values are
    ignored). The one computation behind :func:`ksz_gap_warning`, which the commands print,
    and chapter 1's sentence (:func:`mia_helpers.describe.ksz_gap_sentence`; review37: each
    held its own copy)."""
    from mia_helpers.labels import quarter_runs

    q = quarters[(quarters >= window.start) & (quarters <= window.end)].dropna().astype(int)
    if not len(q):
        return []
    seen = set(q.unique().tolist())
    return quarter_runs(i for i in range(int(q.min()), int(q.max()) + 1) if i not in seen)


def ksz_gap_warning(quarters: pd.Series, window: Window, files: str = "") -> str:
    """The printed warning when whole quarters between the extract's first and last KSZ
    quarter inside ``window`` hold no KSZ row at all (``quarters``: the KSZ register's quarter
    indices; ``files``: the raw file(s) of the register, named in the message). The panel has
    one row per KSZ person-quarter, so such a quarter is one in which nobody was observed:
    employment runs break there and events in it are unplaced. The likely cause is a yearly
    file missing from the mapping's ``file:`` list or from the delivery (newuser30: leaving
    ``ksz_2010.csv`` out of the list gave only the generic unplaced-rows warning). Empty when
    no quarter is missing. The warning names the quarters after each gap, where the panel's
    employment runs restart (user37: one missing quarter of a 2,000-person extract gave 372
    stable-job starts in the quarter after it against about 55 in the others, and none in the
    three quarters before it); it lives here, not in the command line, so that ``adapt``,
    ``panel`` and ``chapter`` print one text."""
    from mia_helpers.quarters import to_label

    gaps = ksz_gap_runs(quarters, window)
    if not gaps:
        return ""
    runs = ", ".join(to_label(a) if a == b else f"{to_label(a)}..{to_label(b)}"
                     for a, b in gaps)
    after = ", ".join(to_label(b + 1) for _, b in gaps)  # gaps end before the last quarter
    return (f"warning: the KSZ register ({files or 'ksz_positions'}) has no row at all in "
            f"{sum(b - a + 1 for a, b in gaps)} quarter(s) inside the window, between its "
            f"first and last quarter: {runs}; the panel has no row there for anybody (employment runs break and "
            f"events in those quarters are unplaced; a person employed on both sides of a gap "
            f"counts a new job start, and a stable-job start, in the quarter after it ({after}), "
            "and a run the gap cut short is no stable job: the chapters read these as entries "
            "into (stable) work); what to do: check that no "
            "yearly file is missing from the mapping's `file:` list or from the delivery, and "
            "ask the data owner for those quarters")


def ksz_beyond_window_warning(quarters: pd.Series, window: Window, where: str,
                              command: str = "chapter") -> str:
    """The warning when a chapter's or panel's ``window`` starts before the KSZ register's first quarter
    or ends after its last (``quarters``: its quarter indices; ``where``: its file): those
    quarters hold no KSZ row for anybody. user37: an extract adapted with ``window: {end:
    2021Q4}`` whose KSZ quarters end in 2019Q4 (``adapt`` printed a note) ran chapter 2 with
    ``window_end 2021Q4`` unannounced: 525 more person-quarters at risk and other hazard
    ratios than over 2008Q1..2019Q4. Empty when the window lies within the KSZ quarters or
    holds none of them. ``command``: ``"chapter"`` or ``"panel"``, whose options the remedy
    names."""
    from mia_helpers.quarters import to_label

    q = quarters.dropna()
    if not len(q):
        return ""
    first, last = int(q.min()), int(q.max())
    if first > window.end or last < window.start:
        return ""  # no KSZ quarter in the window: the panel build refuses or says so itself
    out = [f"{to_label(a)}..{to_label(b)}" if a != b else to_label(a)
           for a, b in ((window.start, first - 1), (last + 1, window.end)) if a <= b]
    if not out:
        return ""
    lo, hi = to_label(max(window.start, first)), to_label(min(window.end, last))
    remedy = (f"-p window_start {lo} -p window_end {hi}" if command == "chapter" else
              f"--window-start {lo} --window-end {hi}")
    return (f"warning: the {command}'s window {to_label(window.start)}..{to_label(window.end)} "
            f"reaches beyond the KSZ register's quarters ({where}: {to_label(first)}.."
            f"{to_label(last)}): {' and '.join(out)} hold no KSZ row for anybody, and the "
            "chapters read them as quarters in which nobody was observed working, so their "
            f"risk sets, rates and models change; what to do: run it with {remedy} (and set "
            "the mapping's `window:` to the extract's period)")


def before_window_warning(registers: dict[str, pd.DataFrame], window: Window) -> str:
    """The printed warning when work permits or inburgering steps lie before the window
    start. The panel build leaves every row outside the window out (``outside_window`` in the
    exclusion log), but a permit or an ABB registration lasts: a non-EU newcomer whose
    permit came before the window start is read as having no labour-market access in the
    window (newuser30: panel over 2008Q1..2016Q4 of an extract from 2005Q1: all 161 persons
    with a permit before 2008Q1 had ``labour_market_access`` false in 2008Q1, said only as
    "wse_permits: outside_window 161"). ``registers``: register name -> a frame with
    ``person_id`` and ``quarter`` (those absent are skipped). Empty when there are none."""
    from mia_helpers.quarters import to_label

    parts = []
    for table, (column, what) in _LASTING.items():
        d = registers.get(table)
        if d is None or not len(d):
            continue
        early = d[d["quarter"] < window.start]
        if len(early):
            parts.append(f"{table}: {len(early)} row(s) of {early.person_id.nunique()} "
                         f"person(s) ({column}: {what})")
    if not parts:
        return ""
    return (f"warning: rows before the window start {to_label(window.start)} are left out of "
            "the panel (outside_window), and what they started is lost with them; "
            + "; ".join(parts) + "; what to do: start the window at the extract's first "
            "quarter (the mapping's `window:`, or panel --window-start), or read those columns "
            "with this in mind")



def persons_held(data_dir: str | Path) -> str:
    """How many persons a data folder holds, for an error message about a run on it: e.g.
    ``"folder /x holds 150 persons (100 residents, 50 newcomers; 148 of them in the panel)"``
    (user31: a chapter that failed in a cell on a tiny own ``data_dir`` named neither the
    folder nor its size, so the analyst could not tell a too-small extract from a wrong
    parameter). The counts are the analyst's own, printed in the secure environment only.

    Parameters
    ----------
    data_dir : a folder with ``persons.parquet`` (column ``sample``: ``resident`` or
        ``newcomer``) and, if built, ``panel.parquet``.

    Returns
    -------
    str
        The sentence; ``"folder ... (its persons.parquet could not be read: ...)"`` when the
        persons register cannot be read (never raises: it is said beside another error).
    """
    folder = Path(data_dir)
    try:
        persons = pd.read_parquet(folder / "persons.parquet", columns=["person_id", "sample"])
    except Exception as err:  # noqa: BLE001 - said beside another error, never raised
        return f"folder {folder} (its persons.parquet could not be read: {err})"
    by = persons["sample"].astype(str).value_counts()
    parts = [f"{int(by.get(s, 0)):,} {s}s" for s in ("resident", "newcomer")]
    text = f"folder {folder} holds {len(persons):,} persons ({', '.join(parts)}"
    panel = folder / "panel.parquet"
    if panel.exists():
        try:
            n = pd.read_parquet(panel, columns=["person_id"])["person_id"].nunique()
            text += f"; {n:,} of them in the panel"
        except Exception:  # noqa: BLE001, S110 - the panel count is extra information
            pass
    return text + ")"


#: a quarter label as :func:`mia_helpers.quarters.to_index` reads it (``2010Q1``)
_LABEL_TEXT = re.compile(r"\s*\d{4}Q[1-4]\s*")


def _quarter_cast(column: str, kind: str, nullable: bool) -> str:
    """The line that turns ``column`` of quarter labels (``kind`` "label"), dates ("date") or
    other text ("text": dates written as text, book/design.md section 2.5's
    ``quarter_index``) into quarter indices (nullable columns keep their missing values as
    pandas' ``Int16``), or text person ids ("id") into int64 ids (section 2.5's
    ``number_ids``)."""
    to = "Int16" if nullable else "int16"
    if kind == "id":
        return ("registers = number_ids(registers)  # book/design.md section 2.5, all six "
                "registers at once (astype('int64') reads '0123' and '123' as one person)")
    if kind == "text":
        return f"df[{column!r}] = quarter_index(df[{column!r}])  # book/design.md section 2.5"
    if kind == "date":
        return (f"df[{column!r}] = ((df[{column!r}].dt.year - 2005) * 4 + "
                f"df[{column!r}].dt.quarter - 1).astype({to!r})")
    return (f"df[{column!r}] = df[{column!r}].map(mia_helpers.quarters.to_index, "
            f"na_action='ignore').astype({to!r})")


def check_register_columns(data_dir: str | Path) -> None:
    """Refuse, from the register files' metadata and first rows, a quarter column stored as
    text (quarter labels such as ``2010Q1``) or as dates instead of quarter indices
    (2005Q1 = 0), and a ``person_id`` stored as text (pseudonyms): the validation's
    ``wrong_dtype`` advises ``astype("int16")`` for every quarter column, which fails on
    ``"2010Q1"`` and turns a date into its nanoseconds, and ``astype("int64")`` for ids, which
    fails on ``"A17"`` and reads ``"0123"`` and ``"123"`` as one person (input48). Every such
    column of every register file in ``data_dir`` is named, with the line that converts it;
    registers missing from the folder are left to the panel's validation.

    Raises
    ------
    mia_helpers.schemas.RegisterError
        Rule ``wrong_dtype`` of the first register concerned (its file, rows and the columns'
        types, example values and conversion), the other registers' columns listed after it.
    DataFileError
        A register file that is a folder or no readable Parquet file (named).
    """
    import pyarrow as pa

    from mia_helpers.files import read_parquet_metadata
    from mia_helpers.schemas import SPECS, RegisterError

    found = []
    for table, specs in SPECS.items():
        path = Path(data_dir) / f"{table}.parquet"
        if not path.exists():
            continue
        pf = read_parquet_metadata(path)
        rows = []
        for column, spec in specs.items():
            if spec.kind not in ("quarter", "id") or column not in pf.schema_arrow.names:
                continue
            t = pf.schema_arrow.field(column).type
            if pa.types.is_dictionary(t):
                t = t.value_type
            kind = ("date" if pa.types.is_timestamp(t) or pa.types.is_date(t) else "text"
                    if pa.types.is_string(t) or pa.types.is_large_string(t)
                    or pa.types.is_string_view(t) else None)
            if kind is None or (spec.kind == "id" and kind != "text"):
                continue
            first = (pf.read_row_group(0, columns=[column]).column(0).to_pandas()
                     if pf.num_row_groups else pd.Series([], dtype=object))
            values = pd.unique(first.dropna().astype(str))
            if spec.kind == "id":
                kind = "id"
            elif kind == "text" and all(_LABEL_TEXT.fullmatch(v) for v in values[:100]):
                kind = "label"  # else dates written as text
            shown = ", ".join(repr(v) for v in values[:3])
            rows.append({"column": column, "dtype": str(t), "examples": shown,
                         "cast": _quarter_cast(column, kind, spec.nullable)})
        if rows:
            found.append((table, path, pf.metadata.num_rows, pd.DataFrame(rows)))
    if not found:
        return
    table, path, n, examples = found[0]
    more = "".join(f"\n\nalso in register {t!r} (file {p}):\n{e.to_string(index=False)}"
                   for t, p, _, e in found[1:])
    raise RegisterError(
        table, "wrong_dtype", n, examples,
        f"column(s) {list(examples['column'])} hold text or dates: quarters are quarter "
        "indices (integers counted from 2005Q1 = 0) and persons int64 ids numbered once over "
        "all registers (book/design.md sections 2.1 and 2.5); convert each with its 'cast' "
        "below (import mia_helpers.quarters), not with astype alone; the other rules are "
        "checked once the columns are converted",
        file=path, more=more)


def empty_registers_note(data_dir: str | Path) -> str:
    """The printed note about the registers of ``data_dir`` whose file holds no rows
    (:func:`empty_registers`): the panel reads each as a register in which nothing happened,
    not as unknown (:data:`NOT_DELIVERED`), as ``adapt`` says of an extract's (input48:
    ``panel`` built a panel without a measure start from an empty ``vdab_measures.parquet``
    without a word). Empty when every register has rows."""
    empty = empty_registers(data_dir)
    if not empty:
        return ""
    lines = [f"  {t}: file {Path(data_dir) / f'{t}.parquet'} has no rows: "
             f"{NOT_DELIVERED.get(t, 'no rows')}" for t in empty]
    return ("note: register(s) without rows are read as registers in which nothing happened, "
            "not as unknown (check with the data owner that an empty file is not a failed "
            "export):\n" + "\n".join(lines))


#: event registers whose repeated rows the panel reads once without counting them (a flag
#: per person-quarter); the measures' repeats are the exclusion rule ``duplicate_measure``
REPEATS_READ_ONCE = ("abb_inburgering", "wse_permits")


def repeated_rows_note(data_dir: str | Path) -> str:
    """The printed note about rows of :data:`REPEATS_READ_ONCE` equal in every register column
    to an earlier row of their file: the panel sets its flag once per person-quarter, so a
    repeat changes nothing there, but a doubled delivery is worth asking about (input48: they
    were read without a word, while ``adapt`` counts ``repeated_rows`` and the panel's
    exclusion log a measure's ``duplicate_measure``). Empty when there are none; one DuckDB
    query per register file."""
    import duckdb

    from mia_helpers.schemas import SPECS

    lines = []
    con = duckdb.connect()
    try:
        for t in REPEATS_READ_ONCE:
            path = Path(data_dir) / f"{t}.parquet"
            if not path.is_file():
                continue
            cols = ", ".join(f'"{c}"' for c in SPECS[t])
            src = f"read_parquet('{path.as_posix()}')"
            n, distinct = con.execute(
                f"SELECT (SELECT count(*) FROM {src}), "
                f"(SELECT count(*) FROM (SELECT DISTINCT {cols} FROM {src}))").fetchone()
            if n > distinct:
                lines.append(f"  {t}: {n - distinct} of {n} row(s) of {path} repeat an "
                             f"earlier row in every column ({', '.join(SPECS[t])})")
    finally:
        con.close()
    if not lines:
        return ""
    return ("note: repeated rows are read once (the panel sets a flag per person-quarter; "
            "none is excluded or counted twice):\n" + "\n".join(lines)
            + "\n  what to do: nothing for the panel; ask the data owner whether part of the "
              "delivery is doubled")


def ksz_outside_window_note(quarters: pd.Series, window: Window, where: str) -> str:
    """The printed note when KSZ person-quarters lie outside the panel's ``window``
    (``quarters``: the KSZ register's quarter indices; ``where``: its file): the build
    excludes them (``outside_window``) and counts them, but a count alone does not tell that
    the extract runs past the window, as ``adapt``'s window note does for a mapping (input48:
    ``panel`` on registers up to 2016Q4 with ``--window-end 2014Q4`` printed only
    "ksz_positions: outside_window 17068 of 89794"). It names the extract's KSZ quarters and
    the options that use them. Empty when every KSZ quarter lies in the window."""
    from mia_helpers.quarters import to_label

    q = quarters.dropna()
    outside = int(((q < window.start) | (q > window.end)).sum())
    if not outside:
        return ""
    first, last = to_label(int(q.min())), to_label(int(q.max()))
    return (f"note: {outside} of {len(q)} KSZ person-quarter(s) ({where}) lie outside the "
            f"window {to_label(window.start)}..{to_label(window.end)}: the panel leaves them "
            f"out (outside_window). The KSZ quarters run {first}..{last}; if that is the "
            f"extract's period, build the panel with --window-start {first} --window-end "
            f"{last} (the chapters: -p window_start {first} -p window_end {last})")
