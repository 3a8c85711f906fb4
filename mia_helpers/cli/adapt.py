"""Raw extracts in their own layout -> the six validated registers (and the panel).

Writes ``DIR/<register>.parquet`` (the six registers, validated), ``DIR/adapt_log.csv`` (rows
read and written per register, and rows repeating an earlier row exactly) and ``DIR/manifest.json`` (mapping file hash, raw-file and
register fingerprints, package versions, git revision, timings). With ``--panel`` it then builds
``DIR/panel.parquet`` over the mapping's observation window, so that chapters can be run with
``data_dir=DIR``. Exit status 2 on a mapping or schema error, whose message lists every
unmapped code.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mia_helpers.cli._common import DefaultsHelpFormatter
from mia_helpers.words import counted, plural

if TYPE_CHECKING:
    import pandas as pd

    from mia_helpers.adapters.mapping import Mapping
    from mia_helpers.quarters import Window


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of the ``adapt`` subcommand to its parser ``p``."""
    p.add_argument("--mapping", required=True, type=Path, help="YAML mapping file")
    p.add_argument("--out", required=True, type=Path, help="folder for the register Parquet files")
    p.add_argument("--source", type=Path,
                   help="folder of the raw files (default: the mapping's source_dir)")
    p.add_argument("--panel", action="store_true",
                   help="also build panel.parquet over the mapping's window")
    p.add_argument("--no-validate", action="store_true", help=argparse.SUPPRESS)
    # user26: the help named neither the mapping's format nor a mapping to start from (the
    # epilog as written; cox48: and the options' defaults shown, as in every subcommand)
    p.formatter_class = DefaultsHelpFormatter
    p.epilog = EPILOG


#: the end of ``adapt --help``: where the mapping is described, and what a failed run prints
EPILOG = """\
the mapping:
  start from mia_helpers/adapters/example_mapping.yaml (it reads the raw layout written by
  mia_helpers.adapters.fixture.make_fixture); its format and rules are documented in
  mia_helpers/adapters/__init__.py (python -m pydoc mia_helpers.adapters), the register
  columns and codes in book/design.md section 2 (mia_helpers.schemas.SPECS).
a failed run:
  exit status 2 and no register written; one run lists every problem it finds (files it
  cannot read, mapped columns missing from any file, unmapped codes and unparseable values of
  every column, the rules the registers break, counted over every row that could be read),
  each naming the raw file, register, column and what to do, and writes them one per row to
  DIR.adapt_problems.csv beside DIR (it holds pseudonymised values: never export it);
  correct them all and run again.
"""


def exclusion_summary(log: pd.DataFrame) -> str:
    """The panel build's exclusions as printed lines: the number of register rows excluded
    and every rule with rows (table, rule, rows of rows), so that nothing is dropped without
    the user seeing it (``log``: the exclusion log of :func:`mia_helpers.panel.build_panel`,
    columns table, rule, rows, of_rows; rules marked ``(kept)`` count rows kept)."""
    import pandas as pd

    dropped = ~log.rule.str.contains("kept", regex=False)
    total = int(log.loc[dropped, "rows"].sum())
    lines = [f"{counted(total, 'register row')} excluded from the panel (exclusion_log.csv; "
             "chapter 1 "
             "shows it)" + (":" if (log.rows > 0).any() else "")]
    for r in log[log.rows > 0].itertuples():
        of = "" if pd.isna(r.of_rows) else f" of {r.of_rows}"
        lines.append(f"  {r.table}: {r.rule} {r.rows}{of}")
    # user31: persons without any KSZ quarter in the window were counted and nothing said
    lost = log[(log.table == "persons") & (log.rule == "no_ksz_quarter_in_window")
               & (log.rows > 0)]
    if len(lost):
        lines.append(f"  what to do: the {counted(int(lost.rows.iloc[0]), 'person')} of persons "
                     "without "
                     "any KSZ quarter in the window are in no analysis (chapter 1's sample "
                     "table counts the panel's persons); check the window, else ask the data "
                     "owner for their KSZ rows (a person of the population has a position, "
                     "'unknown' at worst, in every quarter)")
    return "\n".join(lines)


def not_delivered_summary(mapping: Mapping, registers: dict[str, pd.DataFrame]) -> str:
    """The printed note about registers the mapping declares ``empty: true``: the panel reads
    an empty register as "nothing happened", not as "not known", so each is named with what
    that means for the panel (:data:`mia_helpers.data.NOT_DELIVERED`; for ``wse_permits``
    with the number of non-EU newcomers concerned). Empty when every register was
    delivered."""
    from mia_helpers import codes
    from mia_helpers.data import NOT_DELIVERED

    lines = []
    for table, rm in mapping.registers.items():
        # user28: a file delivered with a header and no rows means the same, without a word
        zero = not rm.empty and table in registers and len(registers[table]) == 0
        if not rm.empty and not zero:
            continue
        what = NOT_DELIVERED.get(table, "no rows")
        if table == "wse_permits":
            p = registers["persons"]
            n = int(((p["sample"].astype(str) == "newcomer")
                     & p["origin"].astype(str).isin(codes.NON_EU_ORIGINS)).sum())
            what += f" ({counted(n, 'non-EU newcomer')} in persons)"
        if zero:
            what = f"raw file {rm.file} has no rows: {what}"
        lines.append(f"  {table}: {what}")
    if not lines:
        return ""
    one = len(lines) == 1
    return (f"note: {plural(lines, 'register')} not delivered (`empty: true` in the mapping) "
            f"or delivered without rows {'is' if one else 'are'} read as "
            f"{'a register' if one else 'registers'} in which nothing happened, not as unknown "
            "(check with the data owner that an empty file is not a failed export):\n"
            + "\n".join(lines))


def window_note(mapping: Mapping, registers: dict[str, pd.DataFrame]) -> str:
    """The printed note when the KSZ quarters and the mapping's window do not agree: person-
    quarters outside the window (the panel leaves them out, counted as ``outside_window``),
    or a window reaching beyond the first or last KSZ quarter (its quarters without any KSZ
    row would be read as quarters in which no one was observed); it names the quarters the
    extract covers and says when the window is the default because the mapping has no
    ``window:``. user26: an extract running to 2024 adapted without ``window:`` lost every
    quarter after 2016Q4 with only an exclusion count to show for it. Empty when they agree."""
    from mia_helpers.quarters import to_label

    q = registers["ksz_positions"]["quarter"]
    w = mapping.window
    if not len(q):
        return ""
    first, last = int(q.min()), int(q.max())
    outside = int(((q < w.start) | (q > w.end)).sum())
    parts = []
    if outside:
        parts.append(f"{outside} of {counted(len(q), 'KSZ person-quarter')} "
                     f"{'lies' if outside == 1 else 'lie'} outside the window "
                     f"{to_label(w.start)}..{to_label(w.end)}; the panel leaves them out "
                     "(outside_window)")
    if first > w.start or last < w.end:
        parts.append(f"the window {to_label(w.start)}..{to_label(w.end)} reaches beyond the "
                     "extract's KSZ quarters: its quarters without any KSZ row would be read "
                     "as quarters in which no one was observed")
    if not parts:
        return ""
    given = ("the mapping's `window:`" if mapping.window_given else
             "the seed study's window, taken because the mapping has no `window:`")
    return (f"note: {'; '.join(parts)} (window: {given}). The extract's KSZ quarters run "
            f"{to_label(first)}..{to_label(last)}; if that is the extract's period, set "
            f"`window: {{start: {to_label(first)}, end: {to_label(last)}}}` in the mapping")


def ksz_gap_warning(quarters: pd.Series, window: Window, files: str = "") -> str:
    """The printed warning about whole quarters without any KSZ row: the one text of
    :func:`mia_helpers.data.ksz_gap_warning` (its home since user37, so that ``chapter``
    prints it too), kept here under its old name."""
    from mia_helpers.data import ksz_gap_warning as warning

    return warning(quarters, window, files)


#: event registers and the column that dates their rows, for :func:`register_period_warning`
PERIOD_COLUMNS = {"vdab_registrations": "start_quarter", "vdab_measures": "start_quarter",
                  "abb_inburgering": "quarter", "wse_permits": "quarter"}
#: registers whose rows come at any time of a person's stay (not once after arrival, as
#: inburgering steps and work permits do): a run without rows at the start or the end of the
#: KSZ quarters is told for them on its own (:func:`register_period_warning`)
STEADY_REGISTERS = ("vdab_registrations", "vdab_measures")
#: a run of L quarters without rows is told when the L quarters next to it hold at least this
#: many: were the rate the same on both sides, all m rows of the 2L quarters would fall on one
#: side with probability 2**-m, below 1 in 1,000 from m = 10 (2**-10 = 0.00098)
PERIOD_GAP_ROWS = 10
#: a run of L quarters without rows *between* a steady register's first and last quarter is
#: told when the L quarters before it and the L after it hold at least this many rows
#: together: at the same rate in all 3L quarters, every one of m rows would miss the middle L
#: with probability (2/3)**m, below 1 in 1,000 from m = 18 ((2/3)**18 = 0.00068; user37)
PERIOD_INTERIOR_ROWS = 18


def _interior_gaps(seen: set[int], q: pd.Series, first: int, last: int) -> list[str]:
    """The runs of whole quarters strictly between ``first`` and ``last`` (quarter indices)
    holding none of the rows ``q`` (whose distinct quarters are ``seen``), each told when the
    as many quarters before and after it hold :data:`PERIOD_INTERIOR_ROWS` rows or more
    together, as the phrases of :func:`register_period_warning`. user37: measures delivered
    without 2014 (a yearly file missing in the middle) adapted with no word, and the panel
    read every 2014 start as none."""
    from mia_helpers.labels import quarter_runs
    from mia_helpers.quarters import to_label

    out = []
    for a, b in quarter_runs(i for i in range(first + 1, last) if i not in seen):
        n = b - a + 1
        m = int((((q >= a - n) & (q < a)) | ((q > b) & (q <= b + n))).sum())
        if m >= PERIOD_INTERIOR_ROWS:
            out.append(f"no row in {to_label(a)}..{to_label(b)} ({counted(n, 'quarter')}) "
                       f"between its first and last quarter, {m} in the "
                       f"{counted(n, 'quarter')} on either side")
    return out


def register_period_warning(registers: dict[str, pd.DataFrame], window: Window,
                            files: dict[str, str] | None = None) -> str:
    """The printed warning when an event register covers another period than the KSZ
    positions. user32: work permits delivered for 2013..2024 beside KSZ positions for
    2005..2016 adapted with only ``wse_permits: outside_window 95 of 127`` to show, and
    measures ending in 2013 with nothing at all: the quarters a register does not cover are
    read as quarters in which nothing of it happened (no permit, no measure).

    A register is told when none of its rows lies in the KSZ quarters of the window, or when
    a run of L quarters at the start or the end of those quarters holds none of its rows
    while the L quarters next to it hold at least :data:`PERIOD_GAP_ROWS`: for the
    :data:`STEADY_REGISTERS` on that alone; for inburgering steps and work permits (which
    come after a newcomer's arrival, so an early run without them may only mean that
    newcomers arrived later) only when the register also has rows beyond every KSZ quarter at
    the other end (a register shifted in time).

    Parameters
    ----------
    registers : register name -> frame; ``ksz_positions`` with ``quarter`` and the registers
        of :data:`PERIOD_COLUMNS` with their column (quarter indices, 2005Q1 = 0; missing
        or empty registers are skipped: an empty one is told by :func:`not_delivered_summary`).
    window : the mapping's observation window.
    files : register name -> its raw file(s), named in the message.

    Returns
    -------
    str
        A header, one line per register concerned and what to do; empty when none is.
    """
    from mia_helpers.quarters import to_label

    every = registers["ksz_positions"]["quarter"].dropna().astype(int)
    ksz = every[(every >= window.start) & (every <= window.end)]
    if not len(ksz):
        return ""
    kf, kl = int(ksz.min()), int(ksz.max())
    lo, hi = int(every.min()), int(every.max())  # beyond these: no KSZ row at all
    lines = []
    for table, col in PERIOD_COLUMNS.items():
        d = registers.get(table)
        if d is None or not len(d):
            continue
        q = d[col].dropna().astype(int)
        if not len(q):
            continue
        where = (f"  {table} ({(files or {}).get(table) or table}): its rows run "
                 f"{to_label(int(q.min()))}..{to_label(int(q.max()))}")
        inside = q[(q >= kf) & (q <= kl)]
        if not len(inside):
            lines.append(f"{where}; none of its {counted(len(q), 'row')} lies in the KSZ "
                         "quarters of the window")
            continue
        first, last = int(inside.min()), int(inside.max())
        gaps = []
        for a, b, beyond, side in (
                (kf, first - 1, int((q > hi).sum()), f"after the KSZ register's last quarter "
                                                    f"{to_label(hi)}"),
                (last + 1, kl, int((q < lo).sum()), f"before the KSZ register's first quarter "
                                                   f"{to_label(lo)}")):
            n = b - a + 1
            if n <= 0 or not (table in STEADY_REGISTERS or beyond):
                continue
            nxt = (first, first + n - 1) if a == kf else (last - n + 1, last)
            m = int(((inside >= nxt[0]) & (inside <= nxt[1])).sum())
            if m >= PERIOD_GAP_ROWS:
                gaps.append(f"no row in {to_label(a)}..{to_label(b)} ({counted(n, 'quarter')}), "
                            f"{m} in the {counted(n, 'quarter')} next to them"
                            + (f", {counted(beyond, 'row')} {side}" if beyond else ""))
        if table in STEADY_REGISTERS:  # user37: a yearly file missing in the middle
            gaps += _interior_gaps(set(inside.tolist()), inside, first, last)
        if gaps:
            lines.append(f"{where}; " + "; ".join(gaps))
    if not lines:
        return ""
    return (f"warning: {plural(lines, 'register')} covering another period than the KSZ "
            "positions "
            f"({to_label(kf)}..{to_label(kl)} in the window); the panel reads their quarters "
            "without rows as quarters in which nothing of them happened (no permit, no "
            "measure, no registration, no inburgering step), and leaves out their rows "
            "outside the window (outside_window):\n" + "\n".join(lines)
            + "\n  what to do: ask the data owner whether the file covers the same period as "
              "the others (a yearly file missing from `file:`, an extract of another year), "
              "or narrow the mapping's `window:` to the period every register covers")


def run(args: argparse.Namespace) -> int:
    """Adapt the raw extracts named by ``--mapping`` into the six validated registers (and the
    panel with ``--panel``); print what was excluded and what was not delivered. Returns the
    exit status (0 on success). Raises :class:`~mia_helpers.files.DataFileError` when the
    ``--mapping`` file or the source folder does not exist, and
    :class:`~mia_helpers.adapters.mapping.MappingFileError` (naming ``--mapping``) when the
    mapping is wrong; :func:`mia_helpers.adapters.adapt` raises the errors of the data."""
    from mia_helpers.adapters import adapt, load_mapping
    from mia_helpers.files import DataFileError, check_writable_dir, sha256_file
    from mia_helpers.manifest import write_manifest

    started = datetime.now(UTC)
    t0 = time.perf_counter()
    if not args.mapping.is_file():
        raise DataFileError(f"--mapping {args.mapping}: file not found")
    from mia_helpers.adapters.mapping import MappingFileError

    try:
        mapping = load_mapping(args.mapping, args.source)
    except MappingFileError as err:  # every message names the mapping file
        if str(args.mapping) in str(err):
            raise
        raise MappingFileError(f"--mapping {args.mapping}: {err}") from None
    if not mapping.source_dir.is_dir():
        given = ("--source" if args.source is not None else
                 f"the mapping's source_dir, read relative to the mapping file's folder "
                 f"{args.mapping.resolve().parent}")
        raise DataFileError(f"source folder {mapping.source_dir} ({given}) does not exist; what "
                            "to do: set source_dir in the mapping to the folder of the raw files "
                            "(relative to the mapping file, or absolute), or pass --source DIR")
    existed = args.out.exists()
    from mia_helpers.cli._common import check_not_a_run, check_registers_written_by

    check_not_a_run(args.out, "adapt")  # user51: the run's manifest was replaced
    if not (args.out / "truth").exists():  # a synth folder: adapt() names its truth/
        check_registers_written_by(args.out, "adapt")  # fresh50: an own folder was replaced
    check_writable_dir(args.out, "--out")
    try:
        res = adapt(mapping, args.out, validate=not args.no_validate)
    except BaseException:
        # newuser30: "nothing was written", yet an empty --out folder was left behind
        if not existed and args.out.is_dir() and not any(args.out.iterdir()):
            args.out.rmdir()
        raise
    print(res.log.to_string(index=False))
    flipped = res.log[res.log.reversed_in_quarter > 0]
    if len(flipped):
        print("note: spells whose end date precedes their start date inside one quarter were "
              "adapted as one-quarter spells (adapt_log.csv, reversed_in_quarter): "
              + ", ".join(f"{r.table} {r.reversed_in_quarter} of {r.source_rows} (file "
                          f"{r.file})" for r in flipped.itertuples())
              + "; check those dates with the data owner")
    ties = int(res.log.same_start_other_end.sum())
    if ties:
        print(f"note: {counted(ties, 'measure row')} {'shares' if ties == 1 else 'share'} "
              "person, measure and start quarter with a "
              "row of another end quarter (adapt_log.csv, same_start_other_end; a spell "
              "delivered again with a corrected end?): the panel keeps the longest of each "
              "group (one still running counts as longest) and drops the others as "
              "overlapping_measure; if another row is the right one, keep only it in the "
              "raw file (file "
              f"{mapping.registers['vdab_measures'].file})")
    repeated = res.log[res.log.repeated_rows > 0]
    if len(repeated):  # user26: README promised a note for each kind; this one had none
        print("note: rows equal in every column to an earlier row of the same register were "
              "kept (adapt_log.csv, repeated_rows): "
              + ", ".join(f"{r.table} {r.repeated_rows} of {r.register_rows} (file {r.file})"
                          for r in repeated.itertuples())
              + "; the panel build drops a repeated measure as duplicate_measure; ask the data "
                "owner whether they are deliveries twice or real repeated events")
    for line in res.notes:  # ids27: ids written '0123' and '123' read as one person
        print(line)
    if res.not_in_persons_note:  # user27: without --panel these were not reported
        print(res.not_in_persons_note)
    note = window_note(mapping, res.registers)
    if note:
        print(note)
    gap = ksz_gap_warning(res.registers["ksz_positions"]["quarter"], mapping.window,
                          str(mapping.registers["ksz_positions"].file or ""))
    if gap:
        print(gap)
    period = register_period_warning(  # user32: a register of another period
        res.registers, mapping.window,
        {k: str(rm.file or "") for k, rm in mapping.registers.items()})
    if period:
        print(period)
    timings = dict(res.timings)
    if args.panel:
        from mia_helpers.panel import PanelSpec, build_panel

        pres = build_panel(args.out, PanelSpec(window=mapping.window))
        timings["panel"] = sum(pres.timings.values())
        print(f"wrote {pres.path}: {pres.rows} person-quarters of {pres.persons} persons")
        print(exclusion_summary(pres.exclusions))
        from mia_helpers.data import unplaced_summary

        warn = unplaced_summary(pres.unplaced)  # counted by the build on its clean tables
        if warn:
            print(warn)
        from mia_helpers.data import before_window_warning

        warn = before_window_warning(res.registers, mapping.window)
        if warn:  # newuser30: a permit before the window start is lost, not only excluded
            print(warn)
    note = not_delivered_summary(mapping, res.registers)
    if note:
        print(note)
    raw_files = [f for rm in mapping.registers.values() for f in rm.paths(mapping.source_dir)]
    params = {
        "command": "adapt",
        "mapping": str(args.mapping),
        "mapping_sha256": sha256_file(args.mapping),
        "source_dir": str(mapping.source_dir),
        "window_start": mapping.window.start,
        "window_end": mapping.window.end,
        "panel": bool(args.panel),
    }
    timings["total"] = time.perf_counter() - t0
    write_manifest(args.out, params, args.out, started, datetime.now(UTC),
                   inputs=raw_files, timings=timings)
    print(f"wrote {len(res.registers)} registers to {args.out} (no truth/: estimates only)")
    return 0
