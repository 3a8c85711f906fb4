"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
import os
import re
import sys

from mia_helpers.files import ParameterError
from mia_helpers.params import QUARTER, check_window
from mia_helpers.quarters import Window, to_index


def add_window(p: argparse.ArgumentParser) -> None:
    """``--window-start`` / ``--window-end`` (quarter labels)."""
    p.add_argument("--window-start", default="2005Q1", type=QUARTER.argtype("--window-start"),
                   help="first quarter (default 2005Q1)")
    p.add_argument("--window-end", default="2016Q4", type=QUARTER.argtype("--window-end"),
                   help="last quarter (default 2016Q4)")


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
