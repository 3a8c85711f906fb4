"""user36: with standard error a pipe whose reader has gone (``adapt ... 2>&1 | head`` after
head exits), printing the one-line error of bad input raised BrokenPipeError out of
``mia_helpers.cli.main``: the command exited 1 (a failed check or a bug, by the README's exit
statuses) instead of 2. Tested: the exit status stays 2 and nothing else is attempted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _closed_stderr(argv: list[str]) -> int:
    """Exit status of ``python -m mia_helpers ARGV`` whose standard error's reader has gone."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "mia_helpers", *argv], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc.stderr.close()  # the reader goes before the command prints
    return proc.wait(timeout=120)


@pytest.mark.parametrize("argv", [
    ["adapt", "--mapping", "no_such_mapping.yaml", "--out", "no_such_out"],  # raised in run
    ["no-such-command"],  # refused before parsing
    ["panel", "--data", "x", "--no-such-option"],  # unrecognized argument
])
def test_bad_input_keeps_exit_status_2_when_stderr_is_gone(argv):
    assert _closed_stderr(argv) == 2
