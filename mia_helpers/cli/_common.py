"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
import os
import re
import sys

from mia_helpers.files import ParameterError
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
