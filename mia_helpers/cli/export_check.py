"""Check a run folder before it leaves: no small cell, no person identifier, no data file.

The options and the run are :mod:`mia_helpers.export_check`'s own (``add_arguments``,
``run_check``); this module adds the range checks of :mod:`mia_helpers.params` to the numeric
options and refuses a missing path, so that bad input is reported with exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mia_helpers.params import Int

#: option destination -> rule checked while the arguments are parsed; ``--min-cell`` at least 2
#: (:data:`mia_helpers.export_check.MIN_CELL_FLOOR`: at 1 no count could fail the check);
#: ``--dof-threshold`` at least 1 (user36: 0 or a negative number was taken, and then no
#: estimate could fail the residual degrees-of-freedom rule, residual dof being >= 0)
_RULES = {"min_cell": Int(2).argtype("--min-cell"), "id_min_rows": Int(2).argtype("--id-min-rows"),
          "dof_threshold": Int(1).argtype("--dof-threshold")}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of the ``export-check`` subcommand to its parser ``p``."""
    from mia_helpers.export_check import add_arguments as add_options

    add_options(p)
    for action in p._actions:
        if action.dest in _RULES:
            action.type = _RULES[action.dest]


def run(args: argparse.Namespace) -> int:
    """Check a run folder before it leaves the secure environment. Returns the exit status (0 on
    success). Raises :class:`~mia_helpers.files.DataFileError` when the path does not exist or
    a ``--released`` folder is not a folder, is, holds or lies in the path checked (user51),
    or holds the files of a data folder (:func:`_data_files`)."""
    from mia_helpers.export_check import run_check
    from mia_helpers.files import DataFileError

    if not args.path.exists():
        raise DataFileError(f"{args.path}: not found (give an executed book, run folder or file)")
    for folder in getattr(args, "released", []):
        if not folder.is_dir():
            raise DataFileError(f"--released {folder}: not a folder (give the folder of an "
                                "earlier export as it left)")
        here, there = args.path.resolve(), folder.resolve()
        if here == there or there in here.parents or here in there.parents:
            # user51: `--released export` beside `export-check export` compared every run with
            # itself and passed, comparing nothing with the earlier export
            how = ("is" if here == there else "holds" if there in here.parents else "lies in")
            raise DataFileError(
                f"--released {folder}: {how} the folder being checked ({args.path}), so its "
                "runs would be compared with themselves and every cell would agree; nothing "
                "was checked: give --released the folder of an earlier export as it left, "
                "kept apart from the export being checked (e.g. --released released/first/)")
        data = _data_files(folder)
        if data:  # fresh50: a data folder given by mistake was compared with, and passed
            raise DataFileError(
                f"--released {folder}: holds {', '.join(data[:3])}"
                f"{', ...' if len(data) > 3 else ''}, files of a data folder (registers, "
                "panel, adapt's or synth's records), which no export that passed the check "
                "holds: it is not an earlier export, so nothing would be compared with it; "
                "give the folder of an earlier export as it left")
    return run_check(args)


def _data_files(folder: Path) -> list[str]:
    """The files of ``folder`` (searched through) that only a data folder holds: the register
    files, the panel and its records, ``adapt``'s log and the ``synth``/``adapt`` markers.
    An export that passed the check holds none (it refuses them by name and as data files).
    fresh50: ``--released`` naming the extract folder (``--released extract/``) was accepted
    and the check passed, comparing nothing."""
    from mia_helpers.cli._common import DATA_FOLDER_MARKERS, PANEL_FILES
    from mia_helpers.schemas import TABLES

    names = {*(f"{t}.parquet" for t in TABLES), *PANEL_FILES, *DATA_FOLDER_MARKERS}
    return sorted(str(f.relative_to(folder)) for f in folder.rglob("*")
                  if f.is_file() and f.name in names)
