"""``python -m mia_helpers.cli`` runs the command line, as ``python -m mia_helpers`` does
(user43: it stopped with "No module named mia_helpers.cli.__main__")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_package_runs_as_a_module():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "mia_helpers.cli", "--help"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "python -m mia_helpers" in out.stdout and "chapter" in out.stdout
