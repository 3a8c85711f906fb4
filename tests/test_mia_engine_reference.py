"""The chapter 4-5 engine gives the estimates it gave before the issue-19 refactor.

``tests/reference/mia_engine_reference.parquet`` was written by
``tests/reference/make_mia_engine_reference.py`` with the engine as it was before the refactor
(see that commit). The refactor changes no arithmetic on the numbers, so the tolerance is
1e-10 (floating-point noise only), absolute on percentage points, shares and log odds ratios.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REF = Path(__file__).resolve().parent / "reference"
TOL = 1e-10


def _script():
    spec = importlib.util.spec_from_file_location("make_mia_engine_reference",
                                                  REF / "make_mia_engine_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def engine_now(small_data):
    """The engine's results on the ``small_data`` fixture (the reference's seed and size)."""
    mod = _script()
    out, h = mod.compute(small_data)
    return mod, out, h


def test_reference_input_is_the_same_data(engine_now):
    _, _, h = engine_now
    ref = pd.read_parquet(REF / "mia_engine_reference.parquet")
    assert ref["panel_hash"].iloc[0] == h, (
        "the generator's data changed since the reference was written; the comparison below "
        "would test the generator, not the engine: regenerate the reference with the engine "
        "of a commit known to be right")


def test_chapter_4_5_estimates_unchanged(engine_now):
    mod, now, _ = engine_now
    ref = pd.read_parquet(REF / "mia_engine_reference.parquet").drop(columns="panel_hash")
    assert len(now) == len(ref)
    pd.testing.assert_frame_equal(now[mod.KEYS], ref[mod.KEYS])
    for c in mod.VALUES:
        a, b = now[c].to_numpy(np.float64), ref[c].to_numpy(np.float64)
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=c)
        np.testing.assert_allclose(a, b, rtol=0, atol=TOL, equal_nan=True, err_msg=c)
