"""Validate the registers of a folder and build the person-quarter panel."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from mia_helpers import codes
from mia_helpers.cli._common import add_window, check_out_not_data, check_out_suffix, window
from mia_helpers.files import (
    DataFileError,
    ParameterError,
    check_not_incomplete,
    check_writable_dir,
    registers_in_other_formats,
)
from mia_helpers.params import STABLE_QUARTERS, Choice, Float, Int


def _memory(text: str) -> str:
    if not re.fullmatch(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", text, re.I):
        raise argparse.ArgumentTypeError(
            f"parameter '--memory-limit' must be a size such as 4GB or 512MiB; got {text!r}")
    return text.strip()


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of the ``panel`` subcommand to its parser ``p``."""
    p.add_argument("--data", required=True, type=Path, help="folder of register Parquet files")
    p.add_argument("--out", type=Path,
                   help="panel file (default DATA/panel.parquet); its folder is created and "
                        "also receives exclusion_log.csv and <name>_meta.json")
    p.add_argument("--stable-quarters", type=STABLE_QUARTERS.argtype("--stable-quarters"),
                   default=4, help="qualifying employed quarters in a row that make a stable "
                                   "job")
    p.add_argument("--min-fte", type=Float(0, 1, exclusive_minimum=True).argtype("--min-fte"),
                   help="smallest FTE fraction of a qualifying quarter (in (0, 1]; default: "
                        "any)")
    p.add_argument("--min-wage-class", type=Choice(codes.WAGE_CLASSES).argtype("--min-wage-class"),
                   metavar="{" + ",".join(codes.WAGE_CLASSES) + "}",
                   help="lowest wage class of a qualifying quarter (default: any)")
    p.add_argument("--memory-limit", default="4GB", type=_memory,
                   help="DuckDB's memory limit, e.g. 8GB or 512MiB (DuckDB "
                        "spills to disk beyond it)")
    p.add_argument("--threads", type=Int(1, 256).argtype("--threads"), default=2,
                   help="DuckDB threads")
    add_window(p)


def check_data_dir(data: Path, option: str = "--data") -> Path:
    """Refuse, before any work, a missing data folder, a file, a folder that holds neither
    registers (``persons.parquet``) nor a panel, and one an interrupted ``synth`` or ``adapt``
    left incomplete (:func:`mia_helpers.files.check_not_incomplete`): each names ``option``
    and what to do (:class:`~mia_helpers.files.DataFileError`). Returns ``data``."""
    if not data.exists():
        raise DataFileError(f"{option}: folder {data} does not exist")
    if not data.is_dir():
        raise DataFileError(f"{option}: {data} is a file; give the folder of the registers")
    try:  # user52: an interrupted synth's folder was said to hold "no registers"
        check_not_incomplete(data)
    except DataFileError as err:
        raise DataFileError(f"{option}: {err}") from None
    if not (data / "persons.parquet").exists() and not (data / "panel.parquet").exists():
        raise DataFileError(
            f"{option}: folder {data} holds no registers (persons.parquet) and no panel.parquet; "
            "prepare it with `python -m mia_helpers synth --out DIR` (synthetic data) or "
            "`python -m mia_helpers adapt --mapping FILE --out DIR` (real extracts)"
            + registers_in_other_formats(data))
    return data


def run(args: argparse.Namespace) -> int:
    """Validate the registers of ``--data`` and build its person-quarter panel. Returns the exit
    status (0 on success). Raises :class:`~mia_helpers.files.ParameterError` when ``--out`` is
    a folder, :class:`~mia_helpers.files.DataFileError` from :func:`check_data_dir`, and
    :class:`~mia_helpers.schemas.RegisterError` for registers whose quarters or ids are text
    or dates (:func:`mia_helpers.data.check_register_columns`) or that the build refuses."""
    from mia_helpers.panel import PanelSpec, build_panel

    check_data_dir(args.data)
    out = args.out if args.out is not None else args.data / "panel.parquet"
    if out.is_dir():
        raise ParameterError(f"--out {out} is a folder; give the panel file, e.g. {out}/panel.parquet")
    check_out_not_data(out, args.data)  # fresh50: --out naming a register replaced it
    check_out_suffix(out, ".parquet", "the panel as a Parquet file")
    check_writable_dir(out.parent, "--out" if args.out is not None else "--data (no --out given)")
    win = window(args)
    from mia_helpers.chapters import check_extract_window

    check_extract_window(args.data, win, options=True)  # an adapted extract's own window
    from mia_helpers.data import check_register_columns

    check_register_columns(args.data)  # input48: text or dates, before the validation's astype()
    spec = PanelSpec(args.stable_quarters, args.min_fte, args.min_wage_class, win,
                     args.memory_limit, args.threads)
    res = build_panel(args.data, spec, out, progress=True)
    from mia_helpers.cli.adapt import exclusion_summary

    print(f"wrote {res.path}: {res.rows} person-quarters of {res.persons} persons")
    print(exclusion_summary(res.exclusions))  # every rule with rows, as `adapt --panel` prints
    from mia_helpers.data import unplaced_summary

    warn = unplaced_summary(res.unplaced)  # counted by the build on its clean tables
    if warn:
        print(warn)
    import pandas as pd

    from mia_helpers.data import before_window_warning, ksz_beyond_window_warning, ksz_gap_warning

    early = before_window_warning({t: pd.read_parquet(args.data / f"{t}.parquet",
                                                      columns=["person_id", "quarter"])
                                   for t in ("wse_permits", "abb_inburgering")}, win)
    if early:  # newuser30: a permit before the window start is lost, not only excluded
        print(early)
    from mia_helpers.data import empty_registers_note, repeated_rows_note

    for note in (empty_registers_note(args.data), repeated_rows_note(args.data)):
        if note:  # input48: as `adapt` says of an extract's empty files and repeated rows
            print(note)

    ksz = pd.read_parquet(args.data / "ksz_positions.parquet", columns=["quarter"])
    gap = ksz_gap_warning(ksz["quarter"], win, str(args.data / "ksz_positions.parquet"))
    if gap:  # newuser30: whole quarters without any KSZ row
        print(gap)
    beyond = ksz_beyond_window_warning(ksz["quarter"], win,
                                       str(args.data / "ksz_positions.parquet"), "panel")
    if beyond:  # user37: a window longer than the KSZ quarters
        print(beyond)
    from mia_helpers.data import ksz_outside_window_note

    outside = ksz_outside_window_note(ksz["quarter"], win, str(args.data / "ksz_positions.parquet"))
    if outside:  # input48: a window shorter than the KSZ quarters, said beside its count
        print(outside)
    return 0
