"""Check a run folder before it leaves: no small cell, no person identifier, no data file."""

from __future__ import annotations

import argparse
from pathlib import Path

from mia_helpers.params import MIN_CELL, Int


def add_arguments(p: argparse.ArgumentParser) -> None:
    from mia_helpers.disclosure import DEFAULT_MIN_CELL
    from mia_helpers.export_check import ID_MIN_ROWS

    p.add_argument("path", type=Path, help="executed book, run folder or one file")
    p.add_argument("--min-cell", type=MIN_CELL.argtype("--min-cell"), default=DEFAULT_MIN_CELL,
                   help=f"minimum persons behind a published count (default {DEFAULT_MIN_CELL})")
    p.add_argument("--id-min-rows", type=Int(2).argtype("--id-min-rows"), default=ID_MIN_ROWS,
                   help="distinct values from which a column can look like ids (default 20)")


def run(args: argparse.Namespace) -> int:
    from mia_helpers.export_check import scan
    from mia_helpers.files import DataFileError

    if not args.path.exists():
        raise DataFileError(f"{args.path}: not found (give an executed book, run folder or file)")
    res = scan(args.path, args.min_cell, args.id_min_rows)
    for f in res.findings:
        print(f)
    summary = (f"export-check {args.path}: {res.notebooks} notebook(s) ({res.tables} table(s)), "
               f"{res.csv_files} CSV file(s), min_cell={args.min_cell}: ")
    print(summary + ("OK" if res.ok else f"FAILED ({len(res.findings)} problem(s))"))
    return 0 if res.ok else 1
