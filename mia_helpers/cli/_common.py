"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from mia_helpers.files import COMPLETE, INCOMPLETE, ParameterError
from mia_helpers.params import QUARTER, check_window
from mia_helpers.quarters import Window, to_index


class DefaultsHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Every subcommand's help formatter: the description as written, and after each option's
    help its default, read from the option's own ``default=`` (so it is written once).

    cox48: ``effects --help`` did not show the defaults of ``--k`` (3) and ``--caliper`` (0.2),
    which the README gives, and other options typed their default a second time in the help
    text. argparse's ``ArgumentDefaultsHelpFormatter`` would also print "(default: None)",
    "(default: False)" for a flag and "(default: [])" for a repeatable option; this one adds
    " (default: VALUE)" only where a value is used when the option is not given: not for a
    required option, a positional argument, a flag, an empty list or a default of None (whose
    help says in words what happens without the option). A list default is shown as its items
    separated by commas.
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        help_text = action.help
        shown = default_text(action)
        if help_text is None or help_text == argparse.SUPPRESS or shown is None:
            return help_text
        return f"{help_text} (default: {shown.replace('%', '%%')})"


def default_text(action: argparse.Action) -> str | None:
    """The default of ``action`` as ``--help`` shows it (:class:`DefaultsHelpFormatter`), or
    None where it shows none (required, positional, a flag, None, an empty list)."""
    d = action.default
    if (action.required or not action.option_strings or d is None or d is argparse.SUPPRESS
            or isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction))
            or (isinstance(d, (list, tuple)) and not d)):
        return None
    return ", ".join(map(str, d)) if isinstance(d, (list, tuple)) else str(d)


def add_window(p: argparse.ArgumentParser) -> None:
    """``--window-start`` / ``--window-end`` (quarter labels); the defaults are those of
    :class:`mia_helpers.quarters.Window` (the seed study's 2005Q1..2016Q4)."""
    start, end = Window().labels()
    p.add_argument("--window-start", default=start, type=QUARTER.argtype("--window-start"),
                   help="first quarter")
    p.add_argument("--window-end", default=end, type=QUARTER.argtype("--window-end"),
                   help="last quarter")


def window(args: argparse.Namespace) -> Window:
    """The window of the options; refuses an end before the start."""
    try:
        check_window(args.window_start, args.window_end, ("--window-start", "--window-end"))
    except ParameterError as err:
        raise ParameterError(str(err).replace("parameters", "options")) from None
    return Window(to_index(args.window_start), to_index(args.window_end))


#: a command-line word starting with '-' that is a (negative) number, not an option
NEGATIVE_VALUE = re.compile(r"^-(?:\d|\.\d|\.(?:inf|Inf|INF)$)")


def accept_negative_values(p: argparse.ArgumentParser) -> None:
    """Read ``-1e-3``, ``-.5`` or ``-.inf`` after an option (``--caliper -1e-3``, ``-p caliper
    -1e-3``) as its value, so that the range check names the option; argparse's own test for
    negative numbers misses exponents and infinities. No subcommand has an option like ``-1``."""
    p._negative_number_matcher = NEGATIVE_VALUE


def silence_stdout() -> None:
    """Point standard output at ``os.devnull`` after a :class:`BrokenPipeError` (the reader of
    a pipe, such as ``head``, has gone): what is still printed, and Python's flush at exit, go
    nowhere instead of raising again (the recipe of the Python documentation's note on
    SIGPIPE, in the ``signal`` module)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


#: files only a data folder holds besides its register files: ``adapt``'s log and the
#: completion markers of ``synth`` and ``adapt``; an export that passed the check holds none
DATA_FOLDER_MARKERS = ("adapt_log.csv", COMPLETE, INCOMPLETE)

#: files of a data folder that ``synth``, ``adapt`` and the registers' writer put there, which
#: no command's ``--out`` may replace (besides the six register files and ``truth/``)
DATA_FOLDER_FILES = ("manifest.json", *DATA_FOLDER_MARKERS)

#: the panel a data folder's ``panel`` build writes beside the registers, and its records
PANEL_FILES = ("panel.parquet", "panel_meta.json", "exclusion_log.csv")


def refuse_empty_paths(p: argparse.ArgumentParser) -> None:
    """Have every option and argument of ``p`` read as a path (``type=Path``) refuse an empty
    value (:data:`mia_helpers.params.EMPTY_PATH`), which ``Path`` reads as the current folder.
    user52: ``chapter 1 --out ""`` ran the chapter into the current folder, ``synth --out ""``
    wrote its registers there and ``export-check ""`` checked it."""
    from mia_helpers.params import EMPTY_PATH

    def typed(option: str):  # noqa: ANN202
        def path(text: str) -> Path:
            if not text.strip():
                raise argparse.ArgumentTypeError(f"parameter {option!r}: {EMPTY_PATH}")
            return Path(text)
        return path

    for action in p._actions:
        if action.type is Path:
            action.type = typed(action.option_strings[-1] if action.option_strings
                                else action.dest)


def check_out_suffix(out: os.PathLike, suffix: str, what: str) -> None:
    """Refuse an ``--out`` file whose name does not end in ``suffix`` (any case): the command
    writes ``what`` in that format whatever the name says. user52: ``panel --out p.csv``
    wrote a Parquet file named ``p.csv``, and ``effects --out e.parquet`` would write CSV.

    Raises
    ------
    ParameterError
        Naming ``--out``, the format written and a name that fits.
    """
    path = Path(out)
    if path.suffix.lower() != suffix:
        raise ParameterError(
            f"--out {path}: the command writes {what}, whatever the file name says; give a "
            f"name ending in {suffix} (e.g. {path.with_suffix(suffix)})")


def check_out_not_data(out: os.PathLike, data: os.PathLike, also: tuple[str, ...] = ()) -> None:
    """Refuse an ``--out`` file that is one of the data folder's own files: a register
    (``persons.parquet``...), a file under ``truth/``, a completion marker, ``adapt``'s log or
    manifest, or one of ``also`` (``effects``: the panel and its records).

    fresh50: ``panel --data own --out own/ksz_positions.parquet`` wrote the panel over the KSZ
    register and then said "register files ['ksz_positions.parquet'] ... changed while the
    panel was built; run the build again", and ``effects --data own --out own/persons.parquet``
    wrote its CSV over the persons register, exit status 0: the registers were lost.

    Raises
    ------
    ParameterError
        Naming ``--out``, the file and what to do.
    """
    from pathlib import Path

    from mia_helpers.schemas import TABLES

    folder = Path(data).resolve()
    target = Path(out).resolve()
    kept = {folder / f"{t}.parquet" for t in TABLES} | {folder / n for n in (*DATA_FOLDER_FILES,
                                                                          *also)}
    if target in kept or (folder / "truth") in target.parents:
        what = (f"lies in truth/ of the data folder --data {data} (the generator's truth)"
                if target not in kept else
                f"is {target.name} of the data folder --data {data}")
        raise ParameterError(
            f"--out {out} {what}: writing there would replace or mix with the data; what to "
            "do: give another file name, or a file in another folder")


def check_registers_written_by(out: os.PathLike, command: str) -> None:
    """Refuse an ``--out`` folder of ``synth`` or ``adapt`` (``command``) that holds register
    files the command did not write there: no completion or in-progress marker of
    ``command`` (an analyst's own registers, written with pandas as book/design.md section 2.5
    says, or another command's). A folder of an earlier run of ``command``, finished or
    interrupted, is written again. fresh50: ``synth --out`` and ``adapt --out`` naming such a
    folder replaced its six registers without a word.

    Raises
    ------
    DataFileError
        Naming the folder, the register files and what to do.
    """
    import json
    from pathlib import Path

    from mia_helpers.files import DataFileError
    from mia_helpers.schemas import SPECS

    folder = Path(out)
    registers = [f"{t}.parquet" for t in SPECS if (folder / f"{t}.parquet").exists()]
    if not registers:
        return
    for marker in (COMPLETE, INCOMPLETE):
        try:
            written = str(json.loads((folder / marker).read_text()).get("command", ""))
        except (OSError, ValueError, AttributeError):
            continue
        if written.split(" ")[0] == command:
            return
    raise DataFileError(
        f"--out {out} holds {', '.join(registers)} without the marker {command} writes "
        f"({COMPLETE} of `{command}`): registers written otherwise (an own extract) would be "
        f"replaced; what to do: give {command} a new folder (or, if they are registers you "
        "mean to replace, delete them first)")


#: files that mark a folder as an export: a chapter run's disclosure record (the runner's
#: notebook, HTML and manifest sit beside it) and export-check's checking record
RUN_RECORDS = ("disclosure_record.json", "export_check_results.json")


def check_not_a_run(out: os.PathLike, command: str) -> None:
    """Refuse an ``--out`` folder of ``synth`` or ``adapt`` (``command``) that holds a chapter
    run or an export: a run's ``disclosure_record.json`` or executed notebook (``.ipynb``), or
    export-check's record, in the folder or in a folder directly inside it (an export such as
    ``export/``, whose runs are ``export/<chapter>/``).

    user51: ``adapt --out export/panel_construction`` (a slip for ``--out extract``) wrote the
    six registers, person-level data, into the run folder and replaced the run's
    ``manifest.json`` (its parameters, input hashes and the SHA-256 of its outputs) with
    adapt's, exit status 0 and no word; the run could then no longer be checked or exported.

    Raises
    ------
    DataFileError
        Naming the folder, the run's files and what to do; before anything is written.
    """
    from pathlib import Path

    from mia_helpers.files import DataFileError

    folder = Path(out)
    if not folder.is_dir():
        return
    found: list[str] = []
    for sub in (folder, *sorted(p for p in folder.iterdir() if p.is_dir())):
        try:
            names = sorted(p.name for p in sub.iterdir() if p.is_file())
        except OSError:
            continue
        hits = [n for n in names if n in RUN_RECORDS or n.endswith(".ipynb")
                or (n.startswith("export_check_results.") and n.endswith(".json"))]
        found += [str((sub / n).relative_to(folder)) for n in hits]
    if found:
        raise DataFileError(
            f"--out {out} holds the outputs of a chapter run or an export "
            f"({', '.join(found[:4])}{', ...' if len(found) > 4 else ''}): {command} would "
            "write person-level registers beside them and replace a run's manifest.json, "
            "which records its parameters and the SHA-256 of its outputs; nothing was written; "
            f"what to do: give {command} a folder of its own for the data (e.g. --out "
            "extract/), apart from the export")
