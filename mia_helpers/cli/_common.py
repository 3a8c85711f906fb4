"""Options shared by several subcommands."""

from __future__ import annotations

import argparse

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
