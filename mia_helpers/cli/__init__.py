"""Command line: ``python -m mia_helpers SUBCOMMAND ...``, one module per subcommand.

========================  ===============================================================
subcommand                module
========================  ===============================================================
``synth``                 :mod:`mia_helpers.cli.synth` - synthetic registers and truth (book/design.md section 2)
``panel``                 :mod:`mia_helpers.cli.panel` - validate registers, build the panel
``effects``               :mod:`mia_helpers.cli.effects` - activation effects (CSV)
``chapter``               :mod:`mia_helpers.cli.chapter` - one chapter through papermill
``adapt``                 :mod:`mia_helpers.cli.adapt` - raw extracts to the registers
``export-check``          :mod:`mia_helpers.cli.export_check` - disclosure check of a run
``execute``               :mod:`mia_helpers.cli.execute` - the book's chapters into its execution cache, in parallel
========================  ===============================================================

Each module has ``add_arguments(parser)`` and ``run(args) -> exit status``, and may have
``normalize_argv(words) -> words``, applied to the words after the subcommand before they are
parsed (``chapter`` turns ``-p KEY=VALUE`` into ``-p KEY VALUE``). Library modules
never import this package. Option values are parsed and range-checked by the rules of
:mod:`mia_helpers.params` while the arguments are parsed, so a bad value stops with exit
status 2 and a message naming the option before any work starts.

Exit status: 0 success; 1 a check failed (``export-check``) or a chapter cell raised; 2 bad
input: an option, parameter, file or register that is wrong (:class:`~mia_helpers.files.InputError`,
:class:`~mia_helpers.schemas.RegisterError`, the adapters' mapping errors, an unreadable or
unwritable path), printed as one line ``error: ...``. Any other exception is a programming
error and is shown with its traceback (exit status 1), never hidden behind a one-line message.
When the reader of standard output goes away (``export-check DIR | head``) the command stops
quietly with exit status 141 (128 + SIGPIPE, as a shell reports a command killed by SIGPIPE),
without a traceback or an ``error: Broken pipe`` line; ``export-check`` still writes its
checking record and exits with its own status. When the reader of standard error has gone
while the one-line error of bad input is printed (``... 2>&1 | head``), the status stays 2
(user36: it was 1).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import warnings

#: subcommand -> module (under mia_helpers.cli) that implements it
SUBCOMMANDS: dict[str, str] = {
    "synth": "synth",
    "panel": "panel",
    "effects": "effects",
    "chapter": "chapter",
    "adapt": "adapt",
    "export-check": "export_check",
    "execute": "execute",
}


def _input_errors() -> tuple[type[BaseException], ...]:
    """Exception classes that mean bad input (one-line message, exit 2)."""
    from mia_helpers.adapters.core import MappingError
    from mia_helpers.adapters.mapping import MappingFileError
    from mia_helpers.files import InputError
    from mia_helpers.schemas import RegisterError

    return InputError, RegisterError, MappingError, MappingFileError, OSError


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends the command like Ctrl-C: ``finally`` blocks remove temporary files. The
    kernels of the command's chapter runs are killed first
    (:func:`mia_helpers.notebook_run.kill_kernels`; api53: a kernel whose runner ended under
    it printed a traceback of pyzmq on the terminal)."""
    run = sys.modules.get("mia_helpers.notebook_run")  # imported only by a command that runs one
    if run is not None:
        run.kill_kernels()
    raise SystemExit(128 + signum)


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C (SIGINT) ends the command as Python's own handler does, with
    :exc:`KeyboardInterrupt`, after killing the kernels of the command's chapter runs, as
    :func:`_terminate` does for SIGTERM (fresh53: the terminal's Ctrl-C reaches the runner's
    process group, not the kernel's session, and the kernel, its runner gone, printed api53's
    pyzmq traceback below the one line that says the run was interrupted)."""
    run = sys.modules.get("mia_helpers.notebook_run")
    if run is not None:
        run.kill_kernels()
    raise KeyboardInterrupt


def _quiet_after_interrupt() -> None:
    """Silence asyncio's log once the command is interrupted: the cell papermill's event loop
    was waiting for is a task left pending, which, when it ends (its kernel killed,
    :func:`_terminate`) or is collected at exit, asyncio reports as "Task exception was never
    retrieved ... DeadKernelError: Kernel died" with a traceback (api53), below the one line
    that says the run was interrupted.

    Only those records are dropped, by a filter on asyncio's logger (:class:`_DeadKernelFilter`,
    added once): the logger was disabled before, which silenced every later asyncio message of
    a Python session that called :func:`main` in-process (api53)."""
    log = logging.getLogger("asyncio")
    if not any(isinstance(f, _DeadKernelFilter) for f in log.filters):
        log.addFilter(_DeadKernelFilter())


class _DeadKernelFilter:
    """A :mod:`logging` filter dropping asyncio's "Task exception was never retrieved" records
    of a kernel killed by an interrupt (asyncio's default exception handler logs the task's
    exception as the record's ``exc_info``: a class named ``DeadKernelError`` or a text saying
    "Kernel died"); every other record passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        dead = exc is not None and (type(exc).__name__ == "DeadKernelError"
                                    or "Kernel died" in str(exc))
        return not (dead and str(record.msg).startswith("Task exception was never retrieved"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    # allow_abbrev=False: an option is named in full (``--dat`` for ``--data`` was accepted,
    # and a later option sharing the prefix would silently change what an old command means)
    from mia_helpers.cli._common import (
        DefaultsHelpFormatter,
        accept_negative_values,
        refuse_empty_paths,
    )

    parser = argparse.ArgumentParser(prog="python -m mia_helpers",
                                     description=__doc__.split("\n")[0], allow_abbrev=False,
                                     formatter_class=DefaultsHelpFormatter)

    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in SUBCOMMANDS.items():
        mod = importlib.import_module(f"mia_helpers.cli.{module}")
        first = (mod.__doc__ or "").split("\n")[0]
        p = sub.add_parser(name, help=first, description=first, allow_abbrev=False,
                           formatter_class=DefaultsHelpFormatter)  # cox48: defaults shown
        mod.add_arguments(p)
        accept_negative_values(p)
        refuse_empty_paths(p)
        p.set_defaults(_run=mod.run)
    return parser


def normalize_argv(argv: list[str]) -> list[str]:
    """``argv`` with the words after the subcommand passed through the subcommand module's
    ``normalize_argv`` when it has one (the first word that names a subcommand is the
    subcommand: the top-level parser has no option that takes a value)."""
    for i, word in enumerate(argv):
        if word in SUBCOMMANDS:
            mod = importlib.import_module(f"mia_helpers.cli.{SUBCOMMANDS[word]}")
            hook = getattr(mod, "normalize_argv", None)
            return argv[:i + 1] + hook(argv[i + 1:]) if hook else argv
        if not word.startswith("-"):
            break
    return argv


def _unknown_command(argv: list[str]) -> str:
    """An error naming a first word that is no subcommand, with the closest subcommand names
    (``difflib``) and the list of all; "" when the first word is a subcommand or an option
    (``--help``: argparse answers)."""
    import difflib

    if not argv or argv[0].startswith("-") or argv[0] in SUBCOMMANDS:
        return ""
    close = difflib.get_close_matches(argv[0], list(SUBCOMMANDS), n=2, cutoff=0.6)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return (f"error: {argv[0]!r} is not a command{hint}; commands: {', '.join(SUBCOMMANDS)} "
            "(python -m mia_helpers --help)")


def _unrecognized(parser: argparse.ArgumentParser, command: str, extra: list[str]) -> str:
    """An error naming the subcommand, the words its parser did not recognize and, for each
    mistyped option, the closest option of that subcommand (``synth --residnts 100`` was
    answered "python -m mia_helpers: error: unrecognized arguments: --residnts 100", naming
    neither the subcommand nor ``--residents``; newuser22)."""
    import difflib

    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    options = [o for a in sub.choices[command]._actions for o in a.option_strings]
    hints = []
    for word in extra:
        close = difflib.get_close_matches(word.split("=")[0], options, n=1, cutoff=0.6)
        if word.startswith("-") and close:
            hints.append(f"{word!r}: did you mean {close[0]}?")
    hint = f" ({'; '.join(hints)})" if hints else ""
    from mia_helpers.words import plural

    return (f"error: {command}: unrecognized {plural(extra, 'argument')} {' '.join(extra)}{hint}; "
            "its options: "
            f"python -m mia_helpers {command} --help")


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    """A warning of a command as one line ``warning: ... (Category)`` on standard error:
    Python's default printed the package's source file, line number and code line
    (``.../effects.py:1732: NotIdentifiedWarning: ...`` then ``res = match(panel, ...)``),
    which tells a user of the command line nothing (newuser22). A warning of the same text
    and category is printed once per command (user38: ``chapter`` on a folder whose
    ``persons.parquet`` had a column ``gender`` printed its IgnoredColumnsWarning three times,
    once per check that read the register)."""
    key = (str(message), category)
    if key in _SHOWN:
        return
    _SHOWN.add(key)
    from mia_helpers.words import real_plurals

    print(f"warning: {real_plurals(str(message))} ({category.__name__})",
          file=file or sys.stderr)


#: the warnings :func:`_show_warning` printed in this command (emptied by :func:`main`)
_SHOWN: set[tuple[str, type]] = set()


def _refuse(message: str, status: int = 2) -> int:
    """Print ``message`` on standard error and return ``status``; when the reader of standard
    error has gone (``... 2>&1 | head`` after head exits) the message goes nowhere and the
    status stays the refusal's. user36: the BrokenPipeError raised while printing the error of
    bad input escaped ``main``, so ``adapt ... 2>&1 | head`` exited 1 (a failed check, or a
    bug) instead of 2, and Python tried to print a traceback."""
    from mia_helpers.words import real_plurals

    try:  # user51: schemas.py's "1 column(s)" (fingerprinted) in the number it states
        print(real_plurals(message), file=sys.stderr, flush=True)
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)  # what is still printed goes nowhere
        try:
            os.dup2(devnull, sys.stderr.fileno())
        finally:
            os.close(devnull)
    return status


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the subcommand; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # first: the subcommands' imports take seconds (api53: a SIGTERM then killed the command
    # without a word)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)
    ctrl_c = signal.getsignal(signal.SIGINT) is signal.default_int_handler  # not if ignored
    if ctrl_c:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        return _main(argv)
    except SystemExit as err:  # SIGTERM before the command ran, or a note-less one during it
        if err.code == 128 + signal.SIGTERM and not getattr(err, "__notes__", None):
            _quiet_after_interrupt()
            _refuse("interrupted: the command stopped before it finished (SIGTERM)")
        raise
    finally:
        if ctrl_c:  # a caller's own Ctrl-C (main called in-process) as it was
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _main(argv: list[str]) -> int:
    """:func:`main` after the SIGTERM handler is set."""
    try:
        argv = normalize_argv(argv)
    except (KeyboardInterrupt, SystemExit):  # not matched against _input_errors(), whose
        raise  # imports can fail after an import the signal cut short
    except _input_errors() as err:
        return _refuse(f"error: {err}")
    unknown = _unknown_command(argv)
    if unknown:
        return _refuse(unknown)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        return _refuse(_unrecognized(parser, args.command, extra))
    try:
        with warnings.catch_warnings():  # restores showwarning when the command ends
            _SHOWN.clear()
            warnings.showwarning = _show_warning
            status = args._run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt as err:  # user52: Ctrl-C printed a traceback of papermill's loop
        _quiet_after_interrupt()
        notes = getattr(err, "__notes__", None) or ["the command stopped before it finished"]
        return _refuse("interrupted: " + "; ".join(notes), 128 + signal.SIGINT)
    except SystemExit as err:  # SIGTERM (_terminate): say what the command left, then exit
        _quiet_after_interrupt()
        for note in getattr(err, "__notes__", None) or []:
            _refuse("interrupted: " + note)
        raise
    except BrokenPipeError:  # `... | head`: the reader has gone; stop quietly, as cat does
        from mia_helpers.cli._common import silence_stdout

        silence_stdout()
        return 128 + signal.SIGPIPE
    except _input_errors() as err:
        if isinstance(err, OSError) and err.filename is not None:
            msg = f"{err.filename}: {err.strerror or err}"
        else:
            msg = str(err)
        return _refuse(f"error: {msg}")
