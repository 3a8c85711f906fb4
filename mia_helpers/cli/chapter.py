"""Re-run one chapter with other parameters (papermill) and render it to HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mia_helpers.chapters import (
    CHAPTERS,
    ChapterError,
    ChapterFailed,
    ChapterRun,
    before_window_chapter_warning,
    chapter_note,
    ksz_gap_chapter_warning,
    list_chapters,
    min_cell_default_note,
    min_cell_note,
    newcomer_gaps_chapter_warning,
    panel_replaced_chapter_warning,
    resolve_chapter,
    run_chapter,
    small_data_dir_warning,
)
from mia_helpers.cli._common import NEGATIVE_VALUE
from mia_helpers.files import ParameterError
from mia_helpers.words import counted, plural


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of the ``chapter`` subcommand to its parser ``p``."""
    p.description = ("Re-run one chapter with other parameters (papermill) and render it to "
                     "HTML under _build/runs/.")
    p.add_argument("name", nargs="?", metavar="NAME",
                   help=f"chapter: {', '.join(CHAPTERS)} (or the notebook's file stem, or its "
                        "number or letter: 6, A)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("KEY", "VALUE"),
                   help="set a parameter: -p KEY VALUE or -p KEY=VALUE (the same); VALUE is a "
                        "YAML 1.2 / JSON value, e.g. -p seed 7 -p caliper=1e-3 "
                        "-p measures '[workplace_learning_ibo]' (repeatable); every value is "
                        "checked against the parameter's type and range first")
    p.add_argument("--out", type=Path, help="output folder (default _build/runs/<chapter>-<hash>)")
    p.add_argument("--list", action="store_true", help="list chapters and their parameters")
    p.add_argument("--notebooks", type=Path, help="folder of chapter sources (default notebooks/)")
    p.add_argument("--no-solutions", action="store_true",
                   help="leave the exercises' solutions out of the executed notebook and its "
                        "HTML (as the teaching edition does), for students to open before "
                        "they answer; the manifest records it under options")


#: the spellings of the parameter option (argparse also accepts these prefixes of --parameter)
_LONG = "--parameter"


def _parameter_option(token: str) -> tuple[bool, str | None]:
    """Whether ``token`` is the parameter option, and the argument attached to it if any
    (``-pKEY=VALUE``, ``--parameter=KEY=VALUE``, ``--param=...``)."""
    if token == "-p":
        return True, None
    if token.startswith("-p") and not token.startswith("--"):
        return True, token[2:]
    name, eq, rest = token.partition("=")
    if len(name) >= 3 and _LONG.startswith(name):  # --p, --pa, ... --parameter
        return True, rest if eq else None
    return False, None


def normalize_argv(argv: list[str]) -> list[str]:
    """The chapter's arguments with every ``-p KEY=VALUE`` written as ``-p KEY VALUE``.

    One rule: the word after ``-p`` (or ``--parameter``, or attached to it) is either
    ``KEY=VALUE``, split at its first ``=``, or ``KEY``, and then the next word is the VALUE,
    taken as it is (it may hold ``=``; a negative number such as ``-1e-3`` is a value, any other
    word starting with ``-`` an option). Parameter names never hold ``=``.
    The VALUE is then parsed by the same YAML 1.2 rule either way. Words after ``--`` are
    left alone.

    Raises
    ------
    ParameterError
        For ``-p =VALUE`` (no KEY before the ``=``), a ``-p`` without KEY, or a KEY without
        VALUE (naming the KEY and both spellings).
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return out + argv[i:]
        is_p, attached = _parameter_option(token)
        if not is_p:
            out.append(token)
            i += 1
            continue
        i += 1
        if attached is None:
            if i >= len(argv) or _is_option(argv[i]):
                raise ParameterError(f"{token} needs a parameter: write -p KEY=VALUE or "
                                     "-p KEY VALUE (e.g. -p seed=7)")
            attached, i = argv[i], i + 1
        key, eq, value = attached.partition("=")
        if eq:
            if not key.strip():
                raise ParameterError(f"-p {attached!r}: no parameter name before '='; write "
                                     "-p KEY=VALUE or -p KEY VALUE (e.g. -p seed=7)")
            out += ["-p", key, value]
            continue
        if i >= len(argv) or _is_option(argv[i]):  # KEY VALUE: the next word is the value
            raise ParameterError(f"-p {key}: no value; write -p {key}=VALUE or -p {key} VALUE")
        out += ["-p", key, argv[i]]
        i += 1
    return out


def _record_results(folder: str | Path) -> dict:
    """The ``results`` of a run's ``disclosure_record.json`` (empty without a readable one)."""
    import json

    try:
        record = json.loads((Path(folder) / "disclosure_record.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    results = record.get("results") if isinstance(record, dict) else None
    return results if isinstance(results, dict) else {}


def failed_tables(folder: str | Path) -> list[str]:
    """The tables a run's ``disclosure_record.json`` marks ``fail`` (by their names; empty
    without a readable record). user25: chapter 1 on an extract whose exclusion log drops fewer
    than ``min_cell`` rows ended with "before anything leaves: ... export-check", which then
    refused the run for that table: the runner knew it and said nothing."""
    results = _record_results(folder)
    return [str(r.get("output", key)) for key, r in results.items()
            if isinstance(r, dict) and r.get("status") == "fail"]


def narrowed_tables(folder: str | Path) -> list[str]:
    """The tables (distinct names, in the record's order) whose entry in a run's
    ``disclosure_record.json`` lists ``narrowed`` hidden counts and is not marked ``fail``
    (those :func:`failed_tables` names): ``export-check`` refuses them too
    (``mia_helpers.export_check._failed_tables``), since a reader bounds such a count more
    tightly than ``[1, min_cell - 1]``. Empty without a readable record. user36: chapter 3 on
    an extract of 400 persons ended with "before anything leaves: ... export-check" and
    nothing else, and export-check then refused it for eleven narrowed entries."""
    results = _record_results(folder)
    names: list[str] = []
    for key, r in results.items():
        if not isinstance(r, dict) or r.get("status") == "fail":
            continue
        if r.get("narrowed") or "; narrowed" in str(r.get("summary", "")):
            name = str(r.get("output", key))
            if name not in names:
                names.append(name)
    return names


def replaced_note(res: ChapterRun) -> str:
    """The note printed when the run's folder held an earlier run of the chapter, which it
    replaced (``res.replaced``: that run's parameters, the changed ones named), and
    export-check's records of those outputs, removed (``res.stale_records``). user51: a
    re-used ``--out export/panel_construction`` (min_cell 10, then 5) was replaced without a
    word, and ``export-check``'s record there still said "pass" for outputs it no longer
    described."""
    folder = Path(res.notebook).parent
    earlier = res.replaced
    if earlier is not None:
        changed = [k for k in sorted(set(earlier) | set(res.parameters))
                   if k in res.parameters and earlier.get(k) != res.parameters.get(k)]
        what = ("with the same parameters" if not changed else "with other parameters: "
                + ", ".join(f"{k} {earlier.get(k)!r} there, {res.parameters[k]!r} here"
                            for k in changed))
        text = f"note: --out {folder} held an earlier run of this chapter ({what}), replaced"
    else:
        text = f"note: --out {folder} held outputs of an earlier run, replaced"
    if res.stale_records:
        text += (f"; export-check's {plural(res.stale_records, 'record')} of those outputs "
                 f"({', '.join(res.stale_records)}) no longer described the folder and "
                 f"{'was' if len(res.stale_records) == 1 else 'were'} removed")
    return text + "; check the folder again before anything leaves"


def export_check_command(folder: str | Path, min_cell: object = None) -> str:
    """The export-check command line for a run's ``folder`` (and its ``min_cell``), quoted for
    a POSIX shell so that it can be pasted as printed (``shlex.quote``). user52: a run into
    ``--out "/tmp/my runs/ch1"`` printed the folder bare, and the pasted command failed with
    "unrecognized arguments"."""
    import shlex

    words = [sys.executable, "-m", "mia_helpers", "export-check", str(folder)]
    if min_cell is not None:
        words += ["--min-cell", str(min_cell)]
    return " ".join(shlex.quote(w) for w in words)


def _is_option(word: str) -> bool:
    """An option word (``--out``), not a value: a negative number (``-1e-3``) is a value."""
    return word.startswith("-") and len(word) > 1 and not NEGATIVE_VALUE.match(word)


def run(args: argparse.Namespace) -> int:
    """Run one chapter (or list the chapters with ``--list``) with the given parameters and render
    it to HTML. Returns the exit status (0 on success)."""
    if args.list:
        only = None
        if args.name:
            try:
                only = resolve_chapter(args.name, args.notebooks)[0]
            except ChapterError as err:
                print(f"error: {err}", file=sys.stderr)
                return 2
        try:
            print(list_chapters(args.notebooks, only))
        except ChapterError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        return 0
    if not args.name:
        print("error: give a chapter NAME or --list; chapters: " + ", ".join(CHAPTERS),
              file=sys.stderr)
        return 2
    try:
        given = [tuple(kv) for kv in args.parameter]
        note = chapter_note(args.name, given, args.notebooks)  # e.g. a long Monte Carlo
        if note:
            print(f"note: {note}", file=sys.stderr, flush=True)
        floor = min_cell_note(args.name, given, args.notebooks)
        if floor:  # fresh47: said only after the run, however long
            print(f"note: {floor}", file=sys.stderr, flush=True)
        low = min_cell_default_note(args.name, given, args.notebooks)
        if low:  # user51: a threshold below the book's was not said at all
            print(f"note: {low}", file=sys.stderr, flush=True)
        early = before_window_chapter_warning(args.name, given, args.notebooks)
        if early:  # newuser30: permits before window_start are lost, not only excluded
            print(early, file=sys.stderr, flush=True)
        gap = ksz_gap_chapter_warning(args.name, given, args.notebooks)
        if gap:  # user37: a KSZ quarter without rows made spurious (stable) job starts
            print(gap, file=sys.stderr, flush=True)
        gaps = newcomer_gaps_chapter_warning(args.name, given, args.notebooks)
        if gaps:  # user45: newcomers without arrival quarter were left out, unannounced
            print(gaps, file=sys.stderr, flush=True)
        replaced = panel_replaced_chapter_warning(args.name, given, args.notebooks)
        if replaced:  # user52: the analyst's own panel was replaced without a word
            print(replaced, file=sys.stderr, flush=True)
        small = small_data_dir_warning(args.name, given, args.notebooks)
        if small:  # user31: a tiny data_dir stopped in a cell after a minute, unannounced
            print(small, file=sys.stderr, flush=True)
        res = run_chapter(args.name, given, args.out, args.notebooks, progress=True,
                          no_solutions=args.no_solutions)
    except ChapterFailed as err:
        print(f"error: {err}", file=sys.stderr)
        print(f"partial notebook: {err.notebook}", file=sys.stderr)
        if err.html is not None:
            print(f"HTML rendering:   {err.html}", file=sys.stderr)
        return 1
    if res.replaced is not None or res.stale_records:
        print(replaced_note(res), file=sys.stderr)  # user51: replaced without a word
    print(f"executed notebook: {res.notebook}")
    print(f"HTML rendering:    {res.html}")
    folder = Path(res.notebook).parent
    for what, name in (("run manifest:", "manifest.json"),
                       ("disclosure record:", "disclosure_record.json")):
        if (folder / name).is_file():  # newuser22: the run's record was not named
            print(f"{what:<18} {folder / name}")
    from mia_helpers.export_check import MIN_CELL_FLOOR

    min_cell = res.parameters.get("min_cell")
    if min_cell is not None and int(min_cell) < MIN_CELL_FLOOR:  # try22: refused there
        print(f"this run's min_cell {min_cell} hides nothing, so its outputs cannot leave: "
              f"run the chapter again with -p min_cell {MIN_CELL_FLOOR} or more")
    else:  # the interpreter that ran this command (try22: a bare `python` lacked pandas)
        print(f"before anything leaves: {export_check_command(folder, min_cell)}")
        failed = failed_tables(folder)
        if failed:
            print(f"warning: the disclosure record marks {counted(failed, 'table')} 'fail' "
                  f"({'; '.join(repr(t) for t in failed)}): a small count hidden there can be "
                  "recovered from other tables whatever it hides, so export-check refuses this "
                  "run; leave it out of the export or take its record to the output checker "
                  "(README, Running on real extracts, step 5)", file=sys.stderr)
        narrowed = narrowed_tables(folder)
        if narrowed:
            print(f"warning: the disclosure record lists narrowed hidden counts in "
                  f"{counted(narrowed, 'table')} ({'; '.join(repr(t) for t in narrowed)}): a "
                  f"reader of the run's tables bounds each more tightly than [1, "
                  f"{min_cell if min_cell is not None else 'min_cell'} - 1], so export-check "
                  "refuses this run; leave it out of the export or take its record to the "
                  "output checker (on a larger extract fewer counts are small)",
                  file=sys.stderr)
    return 0
