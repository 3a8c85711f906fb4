"""Shared fixtures: small synthetic data sets generated once per test session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import hypothesis
import pytest
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/nbrun.py

# hypothesis: deterministic (derandomize: the same examples on every run, so CI never fails on
# a newly drawn example), no example database in the repository
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", "/tmp/mia-hypothesis")
hypothesis.settings.register_profile("mia", derandomize=True, database=None)
hypothesis.settings.load_profile("mia")


@pytest.fixture(autouse=True)
def _one_blas_thread():
    """One BLAS thread per test process: the suite runs two pytest workers on two cores, and
    multithreaded BLAS then oversubscribes the cores (the GLM fits ran 10x slower)."""
    with threadpool_limits(1):
        yield


@pytest.fixture(autouse=True)
def _fresh_disclosure_record():
    """Each test is its own run: the disclosure ledger (cells hidden in earlier tables of a run
    are hidden again) must not carry cells from one test's tables into another's, as a chapter
    kernel starts with an empty one."""
    from mia_helpers.disclosure import reset_record

    reset_record()
    yield


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> Path:
    """Registers, truth and panel for 1,500 residents and 750 newcomers (seed 11)."""
    from mia_helpers.panel import build_panel
    from mia_helpers.synthetic import generate

    out = tmp_path_factory.mktemp("small") / "data"
    generate(out, seed=11, residents=1500, newcomers=750)
    build_panel(out)
    return out
