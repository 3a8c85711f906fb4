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
from collections.abc import Iterator
from contextlib import contextmanager
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
from mia_helpers.words import counted, plural

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
    from mia_helpers.synthetic import generator_fingerprint
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
            _generate_into(tmp, seed, residents, newcomers, cfg, spec, truth, progress)
    return path


def _generate_into(out: Path, seed: int, residents: int, newcomers: int, cfg: GeneratorConfig,
                   spec: PanelSpec, truth: bool = True, progress: bool = False) -> None:
    """Generate the registers (and truth) into ``out`` and build their panel by ``spec``:
    the one recipe of a synthetic data folder (:func:`ensure_data`, :func:`generated_afresh`)."""
    from mia_helpers.panel import build_panel
    from mia_helpers.synthetic import generate

    generate(out, seed, residents, newcomers, cfg, spec.window, truth=truth, progress=progress)
    build_panel(out, spec, progress=progress)


@contextmanager
def generated_afresh(seed: int = DEFAULT_SEED, residents: int = DEFAULT_RESIDENTS,
                     newcomers: int = DEFAULT_NEWCOMERS,
                     window: Window | tuple[str, str] | None = None) -> Iterator[Path]:
    """A synthetic data folder generated now into a temporary folder, as :func:`ensure_data`
    generates one into its cache (registers, ``truth/`` and the panel over ``window``), deleted
    on leaving the ``with`` block; the cache is neither read nor written.

    For checking that a seed pins its data (Appendix B's exercise): the folder's
    :func:`mia_helpers.manifest.data_fingerprints` against those of the cached folder of the same
    parameters. Takes as long as a first generation (7 s for 20,000 residents and 10,000
    newcomers on one core, fifty-first session).

    Raises
    ------
    mia_helpers.files.ParameterError
        A window the synthetic data cannot cover (:func:`check_synthetic_window`).
    ValueError
        As :func:`mia_helpers.synthetic.generate`: negative sizes, or both 0.
    """
    import tempfile

    from mia_helpers.panel import PanelSpec
    from mia_helpers.synthetic.config import GeneratorConfig

    if isinstance(window, tuple):
        window = Window.from_labels(*window)
    cfg = GeneratorConfig()
    check_synthetic_window(window or Window(), config=cfg, residents=residents > 0,
                           newcomers=newcomers > 0)
    with tempfile.TemporaryDirectory(prefix="mia-afresh-") as tmp:
        out = Path(tmp) / synthetic_dir(seed, residents, newcomers, window).name
        _generate_into(out, seed, residents, newcomers, cfg, PanelSpec(window=window or Window()))
        yield out


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
    n = int(bad["rows"].sum())
    lines = [f"warning: {counted(n, 'register row')} in the window {'falls' if n == 1 else 'fall'} "
             "in a quarter "
             "in which the person has no KSZ position; the panel has a row per KSZ "
             "person-quarter, so they are in no panel row (exclusion_log.csv: "
             "no_ksz_row_in_quarter):"]
    for r in bad.itertuples():
        lines.append(f"  {r.table}: {r.rows} of {counted(r.of_rows, 'row')} ({r.column}), "
                     f"{counted(r.persons, 'person')}: lost is {_UNPLACED_LOSS[r.table]}")
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
            f"{counted(sum(b - a + 1 for a, b in gaps), 'quarter')} inside the window, between its "
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
            parts.append(f"{table}: {counted(early, 'row')} of "
                         f"{counted(early.person_id.nunique(), 'person')} ({column}: {what})")
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


def _text_or_date_columns(table: str, pf) -> list[dict]:
    """The quarter columns of register ``table`` (its Parquet file ``pf``) stored as text or
    dates and its ``person_id`` stored as text: one row each (column, dtype, three example
    values of the first row group, the line that converts it)."""
    import pyarrow as pa

    from mia_helpers.schemas import SPECS

    rows = []
    for column, spec in SPECS[table].items():
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
    return rows


def _batch_frame(pf) -> pd.DataFrame:
    """An empty frame with the column types the validation's batches of Parquet file ``pf``
    get (:func:`mia_helpers.panel.validate_files`, ``batch.to_pandas()``): a column of
    integers or booleans the file's statistics say holds missing values arrives as floats
    or objects (unless the file's pandas metadata names a nullable type)."""
    from pandas.api import types as ptypes

    df = pf.schema_arrow.empty_table().to_pandas()
    md = pf.metadata
    nulls = {md.row_group(i).column(j).path_in_schema
             for i in range(md.num_row_groups) for j in range(md.num_columns)
             if (s := md.row_group(i).column(j).statistics) is not None
             and s.has_null_count and s.null_count > 0}
    for c in nulls & set(df.columns):
        if isinstance(df[c].dtype, pd.api.extensions.ExtensionDtype):
            continue
        if ptypes.is_bool_dtype(df[c].dtype):
            df[c] = df[c].astype(object)
        elif ptypes.is_integer_dtype(df[c].dtype):
            df[c] = df[c].astype("float64")
    return df


#: at most this many distinct wrong values of a column are named (with their rows)
SHOWN_VALUES = 10


def _sql_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _code_fix(column: str, valid: tuple[str, ...], near: dict[str, str]) -> str:
    """The line that maps the values of ``near`` (wrong value -> the valid code it differs
    from only in case or surrounding whitespace) onto their codes: ``.str.strip()`` when
    only whitespace differs, ``.str.strip().str.lower()`` when the codes are lower case, else
    a ``replace`` of those values."""
    c = repr(column)
    if all(v.strip() == code for v, code in near.items()):
        return f"df[{c}] = df[{c}].str.strip()"
    if all(code == code.lower() for code in valid):
        return f"df[{c}] = df[{c}].str.strip().str.lower()"
    return f"df[{c}] = df[{c}].replace({near!r})"


def _unknown_code_errors(table: str, path: Path, columns: list[str], con) -> list:
    """One ``unknown_code`` :class:`~mia_helpers.schemas.RegisterError` per code column of
    ``columns`` (present, of a text or categorical type) holding values outside its code
    list (:data:`mia_helpers.schemas.SPECS`, from :mod:`mia_helpers.codes`): all its rows
    counted, its distinct wrong values named (repr, rows; at most :data:`SHOWN_VALUES`), a
    value that differs from a valid code only in case or surrounding whitespace said so,
    with the line that mends them. One DuckDB query per file (grouped counts, no row
    loop)."""
    from mia_helpers.schemas import SPECS, RegisterError

    specs = {c: SPECS[table][c] for c in columns if SPECS[table][c].codes}
    if not specs:
        return []
    src = f"read_parquet({_sql_text(path.as_posix())})"
    found = con.execute(" UNION ALL ".join(
        f"SELECT {_sql_text(c)} AS col, CAST(\"{c}\" AS VARCHAR) AS value, count(*) AS n "
        f"FROM {src} WHERE \"{c}\" IS NOT NULL AND CAST(\"{c}\" AS VARCHAR) NOT IN "
        f"({', '.join(_sql_text(v) for v in s.codes)}) GROUP BY ALL"
        for c, s in specs.items())).df()
    errors = []
    for c, s in specs.items():
        bad = found[found["col"] == c].sort_values(["n", "value"], ascending=[False, True])
        if not len(bad):
            continue
        by_norm = {code.strip().casefold(): code for code in s.codes}
        near = {v: by_norm[v.strip().casefold()] for v in bad["value"]
                if v.strip().casefold() in by_norm}
        shown = bad.head(SHOWN_VALUES)
        examples = pd.DataFrame({"column": c, "value": [repr(v) for v in shown["value"]],
                                 "rows": shown["n"].astype(int).to_numpy(),
                                 "valid_code": [near.get(v, "") for v in shown["value"]]})
        values = ", ".join(f"{v!r} ({counted(int(n), 'row')})" for v, n in zip(
            shown["value"], shown["n"], strict=True))
        more = (f" and {counted(len(bad) - SHOWN_VALUES, 'more value')}"
                if len(bad) > SHOWN_VALUES else "")
        detail = (f"column {c!r}; valid codes: {', '.join(s.codes)}; found {len(bad)} "
                  f"other {plural(bad, 'value')}: {values}{more}")
        if near:
            which = "every one of them" if len(near) == len(bad) else f"{len(near)} of them"
            detail += (f"; {which} differs from a valid code only in case or surrounding "
                       f"whitespace ({', '.join(f'{v!r} -> {k!r}' for v, k in near.items())})"
                       f": mend {'them' if len(near) > 1 else 'it'} with "
                       f"{_code_fix(c, s.codes, near)}")
        errors.append(RegisterError(table, "unknown_code", int(bad["n"].sum()), examples,
                                    detail, file=path))
    return errors


#: registers whose rows repeated in every column the panel build refuses (persons and KSZ
#: positions: ``duplicate_key``; registrations: read as overlapping spells); the other
#: registers' repeats are read once and counted (vdab_measures: the exclusion
#: ``duplicate_measure``) or noted (:data:`REPEATS_READ_ONCE`, :func:`repeated_rows_note`)
REPEATS_REFUSED = {"persons": "duplicate_key", "ksz_positions": "duplicate_key",
                   "vdab_registrations": "duplicate_row"}


#: columns whose values tell two rows of a register of :data:`REPEATS_REFUSED` apart
#: (two rows with distinct values in them are no copies; none of them may be missing)
_REPEAT_KEYS = {"persons": ["person_id"], "ksz_positions": ["person_id", "quarter"],
                "vdab_registrations": ["person_id", "start_quarter"]}


def _key_unique(path: Path, key: list[str]) -> bool:
    """Whether the integer ``key`` columns of ``path`` (a person id and at most one 16-bit
    quarter) are unique over its rows, read with pyarrow and compared as one int64 per row
    (sorted files: one pass; else a sort); False when that cannot be told so (missing
    values, ids beyond 2**46), and the caller asks DuckDB."""
    import numpy as np
    import pyarrow.parquet as pq

    t = pq.read_table(path, columns=key)
    if any(c.null_count for c in t.columns):
        return False
    k = t.column(0).to_numpy().astype("int64", copy=False)
    if len(k) and (k.min() < 0 or k.max() >= 2 ** 46):
        return False
    if len(key) > 1:
        k = (k << 16) + (t.column(1).to_numpy().astype("int64") + 32768)
    return bool((np.diff(k) > 0).all() or len(np.unique(k)) == len(k))


def _repeated_rows_error(table: str, path: Path, con):
    """The :class:`~mia_helpers.schemas.RegisterError` for rows of ``table`` (one of
    :data:`REPEATS_REFUSED`) equal in every register column to another row of its file, or
    None: all rows with a copy counted (as the build's ``duplicate_key`` counts the rows of
    a repeated key), the repeats (copies beyond the first) named, up to five shown with
    their number of copies, and the line that drops them. One DuckDB query when there are
    none."""
    from mia_helpers.schemas import SPECS, RegisterError

    if _key_unique(path, _REPEAT_KEYS[table]):
        return None  # rows of distinct keys cannot be copies (no hashing of every column)
    cols = ", ".join(f'"{c}"' for c in SPECS[table])
    src = f"read_parquet({_sql_text(path.as_posix())})"
    groups = f"SELECT {cols}, count(*) AS copies FROM {src} GROUP BY ALL HAVING count(*) > 1"
    rows, repeats = con.execute(f"SELECT coalesce(sum(copies), 0), coalesce(sum(copies - 1), "
                                f"0) FROM ({groups})").fetchone()
    if not repeats:
        return None
    examples = con.execute(f"{groups} ORDER BY person_id LIMIT 5").df()
    what = ("; the register holds one row per person" if table == "persons" else
            "; the register holds one row per person-quarter" if table == "ksz_positions"
            else "; the panel would read them as overlapping spells (a copy of a spell still "
                 "running shows previous_end 32767, its stand-in for 'still running')")
    return RegisterError(
        table, REPEATS_REFUSED[table], int(rows), examples,
        f"{counted(int(repeats), 'row')} {'repeats' if int(repeats) == 1 else 'repeat'} an "
        "earlier row in every column "
        f"({', '.join(SPECS[table])}){what}; nothing is dropped silently: if they are a "
        f"doubled delivery, drop them with df = df.drop_duplicates(subset={list(SPECS[table])}) "
        "and report the removal (else ask the data owner why a row repeats)", file=path)


#: endings of files a register may have been written as instead of Parquet
_OTHER_FORMATS = (".csv", ".csv.gz", ".tsv", ".txt", ".xlsx", ".xls", ".sav", ".dta", ".sas7bdat")


def _missing_register_detail(path: Path) -> tuple[str, pd.DataFrame]:
    """What :func:`check_register_columns` says of a register file ``path`` that is not in
    its folder: the files of the folder whose name begins with the register's (in any case),
    with what to do about each, and a frame of their names as the error's examples.

    fresh50: a register saved as ``vdab_measures.csv`` or renamed
    ``vdab_measures_2024.parquet`` was told only "no file .../vdab_measures.parquet", with
    "examples: (no rows)" and the remedy of the adapter's ``empty: true``, which would have
    read the delivered register as one in which nothing happened."""
    table = path.stem
    near = sorted(f.name for f in path.parent.iterdir()
                  if f.name.casefold().startswith(table.casefold()) and f.name != path.name)
    if not near:
        return f"no file {path}", pd.DataFrame()
    other = [f for f in near if f.casefold().endswith(_OTHER_FORMATS)]
    parquet = [f for f in near if f not in other]
    said = []
    if other:
        said.append(f"{', '.join(other)} {'is' if len(other) == 1 else 'are'} not Parquet: a "
                    "register in another format goes through 'python -m mia_helpers adapt' "
                    "with a mapping (it reads CSV), or write it with "
                    f"df.to_parquet('{path.name}', index=False) in the register's types "
                    "(book/design.md section 2.5)")
    if len(parquet) == 1:
        said.append(f"rename {parquet[0]} to {path.name} if it holds this register: each "
                    "register is read only under its own name")
    elif parquet:
        said.append(f"{', '.join(parquet)}: if they are this register in parts, join them "
                    f"into one {path.name} (pd.concat of the files, then "
                    f"df.to_parquet('{path.name}', index=False)), or list them under 'file:' "
                    "in adapt's mapping")
    return (f"no file {path}; the folder holds {counted(near, 'file')} named like it: "
            + "; ".join(said), pd.DataFrame({"file_named_like_it": near}))


def check_register_columns(data_dir: str | Path) -> None:
    """Refuse, from the register files' metadata and a few grouped queries, the errors an
    analyst's own extract most often has, in ALL registers at once (pre48:
    :func:`mia_helpers.panel.validate_files` stops at the first register with errors, so the
    others' errors came one run at a time):

    - ``missing_table``: a register file absent from ``data_dir``;
    - ``missing_column``: a register column absent, with the file's columns that differ from
      it only in case or surrounding whitespace (``PERSON_ID``) named and the rename line;
    - ``wrong_dtype``: a quarter column stored as text (quarter labels such as ``2010Q1``) or
      as dates instead of quarter indices (2005Q1 = 0), and a ``person_id`` stored as text
      (pseudonyms): the validation's ``astype("int16")`` fails on ``"2010Q1"`` and turns a
      date into its nanoseconds, and ``astype("int64")`` fails on ``"A17"`` and reads
      ``"0123"`` and ``"123"`` as one person (input48), so each gets the line that converts
      it; any other column of a wrong type as the validation says it (its ``cast``);
    - ``unknown_code``: the distinct wrong values of a code column with their rows, and those
      that differ from a valid code only in case or whitespace (``'male '``, ``'Male'``) said
      so with the line that mends them (:func:`_unknown_code_errors`);
    - exact copies of rows (every register column equal) in the registers the build refuses
      them in (:data:`REPEATS_REFUSED`; persons and KSZ positions ``duplicate_key``, VDAB
      registrations ``duplicate_row``, which the build read as ``overlapping_spells``), with
      the line that drops them; the other registers' copies are read once and counted or
      noted by the build.

    Nulls, value ranges and the build's rules across rows are left to the validation and the
    build.

    Raises
    ------
    mia_helpers.schemas.RegisterError
        The first register concerned: its first broken rule (in the order above) as the
        error's rule, count and examples, its other rules and then the other registers'
        errors listed after it (``errors``: one error per rule of every register).
    DataFileError
        A register file that is a folder or no readable Parquet file (named).
    """
    import duckdb

    from mia_helpers.files import read_parquet_metadata
    from mia_helpers.schemas import SPECS, RegisterError, _with_more, validate_register

    found: list[RegisterError] = []
    con = duckdb.connect()
    try:
        for table, specs in SPECS.items():
            path = Path(data_dir) / f"{table}.parquet"
            if not path.exists():
                detail, files = _missing_register_detail(path)
                found.append(RegisterError(table, "missing_table", 1, files, detail, file=path))
                continue
            pf = read_parquet_metadata(path)
            n, names = pf.metadata.num_rows, pf.schema_arrow.names
            errors: list[RegisterError] = []
            missing = [c for c in specs if c not in names]
            if missing:
                other = {name: c for c in missing for name in names
                         if name not in specs and name.strip().casefold() == c.casefold()}
                detail = ""
                if other:
                    detail = (f"{len(other)} of them in the file under a name that differs only "
                              f"in case or surrounding whitespace: rename them, "
                              f"df = df.rename(columns={other!r})")
                errors.append(RegisterError(
                    table, "missing_column", len(missing), pd.DataFrame(
                        {"column": missing, "in_file": [next((k for k, v in other.items()
                                                              if v == c), "") for c in missing]}),
                    detail, file=path))
            text = _text_or_date_columns(table, pf)
            try:
                validate_register(table, _batch_frame(pf))
                wrong = pd.DataFrame(columns=["column"])
                generic = None
            except RegisterError as err:
                generic = next((e for e in err.errors if e.rule == "wrong_dtype"), None)
                wrong = generic.examples if generic is not None else pd.DataFrame(
                    columns=["column"])
            bad_type = set(wrong["column"])
            if text:
                rows = pd.DataFrame(text)
                rows = pd.concat([rows, wrong[~wrong["column"].isin(rows["column"])].drop(
                    columns=["expected"], errors="ignore")], ignore_index=True)
                errors.append(RegisterError(
                    table, "wrong_dtype", n, rows,
                    f"{plural(rows, 'column')} {list(rows['column'])} "
                    f"{'holds' if len(rows) == 1 else 'hold'} text or dates"
                    + (" (and other columns another wrong type)" if len(rows) > len(text) else "")
                    + ": "
                    "quarters are quarter indices (integers counted from 2005Q1 = 0) and "
                    "persons int64 ids numbered once over all registers (book/design.md "
                    "sections 2.1 and 2.5); convert each with its 'cast' below (import "
                    "mia_helpers.quarters), not with astype alone; the other rules are "
                    "checked once the columns are converted", file=path))
            elif generic is not None:
                errors.append(RegisterError(table, "wrong_dtype", n, generic.examples,
                                            generic.detail, file=path))
            codes_ok = [c for c in specs if c in names and c not in bad_type]
            errors += _unknown_code_errors(table, path, codes_ok, con)
            if table in REPEATS_REFUSED and not missing and not bad_type:
                repeated = _repeated_rows_error(table, path, con)
                if repeated is not None:
                    errors.append(repeated)
            if errors:
                found.append(_with_more(errors, []))
    finally:
        con.close()
    if not found:
        return
    first, others = found[0], found[1:]
    if not others:
        raise first
    more = (first.more + f"\n\nand {counted(others, 'more register')} with errors, to "
            "correct as "
            "well before re-running:" + "".join(f"\n\nalso in {e}" for e in others))
    raise RegisterError(
        first.table, first.rule, first.count, first.examples,
        "; ".join(d for d in (first.detail, f"and errors in {counted(others, 'more register')} "
                              f"{[e.table for e in others]}, listed below") if d),
        file=first.file, more=more,
        errors=[x for e in found for x in e.errors])


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
    one = len(lines) == 1
    return (f"note: {'a register' if one else 'registers'} without rows "
            f"{'is' if one else 'are'} read as {'a register' if one else 'registers'} in "
            "which nothing happened, not as unknown (check with the data owner that an empty "
            "file is not a failed "
            "export):\n" + "\n".join(lines))


#: event registers whose repeated rows the panel reads once without counting them (a flag
#: per person-quarter); the measures' repeats are the exclusion rule ``duplicate_measure``
REPEATS_READ_ONCE = ("abb_inburgering", "wse_permits")


def repeated_rows_note(data_dir: str | Path) -> str:
    """The printed note about rows of :data:`REPEATS_READ_ONCE` equal in every register column
    to an earlier row of their file: the panel sets its flag once per person-quarter, so a
    repeat changes nothing there, but a doubled delivery is worth asking about (input48: they
    were read without a word, while ``adapt`` counts ``repeated_rows`` and the panel's
    exclusion log a measure's ``duplicate_measure``). pre48: measure rows repeated in every
    column are noted too (the build excludes the copies in the window as
    ``duplicate_measure``; the note counts those of the whole file), and the note gives the
    line that drops the copies. Empty when there are none; one DuckDB query per register
    file."""
    import duckdb

    from mia_helpers.schemas import SPECS

    lines = []
    con = duckdb.connect()
    try:
        for t in (*REPEATS_READ_ONCE, "vdab_measures"):
            path = Path(data_dir) / f"{t}.parquet"
            if not path.is_file():
                continue
            cols = ", ".join(f'"{c}"' for c in SPECS[t])
            src = f"read_parquet({_sql_text(path.as_posix())})"
            n, distinct = con.execute(
                f"SELECT (SELECT count(*) FROM {src}), "
                f"(SELECT count(*) FROM (SELECT DISTINCT {cols} FROM {src}))").fetchone()
            if n > distinct:
                lines.append(f"  {t}: {n - distinct} of {counted(n, 'row')} of {path} "
                             f"{'repeats' if n - distinct == 1 else 'repeat'} an "
                             f"earlier row in every column ({', '.join(SPECS[t])})"
                             + ("; the panel build excludes the copies in its window "
                                "(duplicate_measure)" if t == "vdab_measures" else "")
                             + f"; to drop them: df = df.drop_duplicates(subset={list(SPECS[t])})")
    finally:
        con.close()
    if not lines:
        return ""
    return ("note: repeated rows are read once (the panel sets a flag per person-quarter, "
            "or keeps one of a measure's copies; none is counted twice):\n" + "\n".join(lines)
            + "\n  what to do: nothing for the panel; ask the data owner whether part of the "
              "delivery is doubled (if you drop the copies, report it)")


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
    return (f"note: {outside} of {counted(len(q), 'KSZ person-quarter')} ({where}) "
            f"{'lies' if outside == 1 else 'lie'} outside the "
            f"window {to_label(window.start)}..{to_label(window.end)}: the panel leaves them "
            f"out (outside_window). The KSZ quarters run {first}..{last}; if that is the "
            f"extract's period, build the panel with --window-start {first} --window-end "
            f"{last} (the chapters: -p window_start {first} -p window_end {last})")
