"""``make help`` prints the Makefile's whole usage header, and the header names every target.

New-user trial: ``make help`` printed lines 2-9 of the header only (``sed -n 2,9p``), so four
documented targets (``data``, ``montecarlo``, ``lint``, ``clean``) were missing, and the header
itself did not name ``venv``, ``test-nightly`` or ``chromium``. The help target runs nothing
but ``awk`` (``make -n help`` shows it), so the test runs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = ROOT / "Makefile"


def header_lines() -> list[str]:
    """The comment block at the top of the Makefile, ``#`` and one space removed."""
    out = []
    for line in MAKEFILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        out.append(re.sub(r"^# ?", "", line))
    return out


def phony_targets() -> list[str]:
    text = MAKEFILE.read_text(encoding="utf-8").replace("\\\n", " ")  # continued lines
    m = re.search(r"^\.PHONY:(.*)$", text, re.M)
    assert m, "the Makefile has no .PHONY line"
    return m.group(1).split()


@pytest.fixture(scope="module")
def make_help() -> str:
    if shutil.which("make") is None:
        pytest.fail("GNU make is missing (the project's build needs it)", pytrace=False)
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(ROOT), "help"], capture_output=True,
                         text=True, check=True).stdout
    assert "venv" not in dry and "pip" not in dry, f"make help would build something:\n{dry}"
    return subprocess.run(["make", "--no-print-directory", "-s", "-C", str(ROOT), "help"], capture_output=True,
                          text=True, check=True).stdout


def test_make_help_prints_the_whole_header(make_help):
    assert make_help.splitlines() == header_lines()
    assert len(header_lines()) > 9  # the old help stopped at line 9


def test_the_header_names_every_target(make_help):
    listed = set(re.findall(r"^\s+make ([\w-]+)", make_help, re.M))
    assert set(phony_targets()) <= listed, sorted(set(phony_targets()) - listed)
    # and nothing that is not a target
    assert listed <= set(phony_targets()), sorted(listed - set(phony_targets()))


def test_readme_states_no_count_of_tests():
    """The README's count of tests went stale with every new test (new-user trial: it said
    1,027); the number is printed by ``make test`` and is not typed into the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    counts = re.findall(r"\b\d[\d,]*\s+(?:\w+\s+)?tests?\b", text)
    assert counts == [], counts
