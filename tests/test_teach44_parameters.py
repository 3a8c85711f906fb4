"""Parameters a student gives in class (book/teaching.md), checked before a kernel starts (user44).

Chapter 1 compares stable-job definitions (the shortest against the longest, and what the
stricter one cuts). A single definition, ``-p stable_quarters '[4]'``, ran to the end and
printed "Moving from the 4-quarter to the 4-quarter definition" and "Belgian, ..., and Other
non-EU origins lose the largest share of their stable starts (0 per cent each)" (seed 2005,
5,000 residents, 2,500 newcomers, 2026-12-05).
"""

from __future__ import annotations

import pytest

import mia_helpers.notebook_run
from mia_helpers.cli import main


@pytest.fixture
def no_execution(monkeypatch):
    """Fail the test if any kernel would start."""
    def boom(*args, **kwargs):
        raise AssertionError("the chapter was executed although its parameters were rejected")

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", boom)


@pytest.mark.parametrize("value", ["[4]", "[8]"])
def test_chapter1_refuses_a_single_stable_job_definition(capsys, no_execution, tmp_path, value):
    out = tmp_path / "out"
    rc = main(["chapter", "panel_construction", "-p", "stable_quarters", value,
               "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert "parameter 'stable_quarters'" in err and "a list of >= 2 elements" in err, err
    assert not out.exists()
