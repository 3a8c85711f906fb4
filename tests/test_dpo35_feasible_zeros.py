"""dpo35: the public audit :func:`mia_helpers.disclosure.feasible_intervals` knows the zeros
``suppress(zeros=)`` hid (``Protected.zeros``), or those the caller names (``zeros=``): a
hidden zero that a known group total gives back by subtraction is reported unprotected."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import disclosure
from mia_helpers.disclosure import Protected, feasible_intervals, suppress

MIN_CELL = 10
GROUPS = {"n_started": ["origin"]}


@pytest.fixture(autouse=True)
def _fresh_record():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def _table() -> pd.DataFrame:
    return pd.DataFrame({"origin": ["o"] * 3, "cell": ["1", "2", "3"],
                         "n_started": [0, 20, 15]})


def _zero_only(t: pd.DataFrame) -> Protected:
    """Only the zero hidden: 35 - 20 - 15 gives it back."""
    reason = pd.DataFrame({"origin": [""] * 3, "cell": [""] * 3,
                           "n_started": ["complement", "", ""]})
    data = t.copy()
    data["n_started"] = pd.array([pd.NA, 20, 15], dtype="Int64")
    return Protected(data, reason, ["n_started"], MIN_CELL, "zero only")


def _row0(iv: pd.DataFrame) -> pd.Series:
    return iv[(iv["kind"] == "cell") & (iv["row"] == 0)].iloc[0]


def test_a_zero_recovered_by_subtraction_is_reported():
    t = _table()
    z = {"n_started": np.array([True, False, False])}
    row0 = _row0(feasible_intervals(_zero_only(t), groups=GROUPS, table=t, zeros=z))
    assert row0["low"] == pytest.approx(0) and row0["high"] == pytest.approx(0)
    assert not row0["protected"]


def test_without_the_zeros_the_audit_cannot_tell():
    """The control: the same hidden zero, not declared, reads as a non-sensitive cell."""
    t = _table()
    assert _row0(feasible_intervals(_zero_only(t), groups=GROUPS, table=t))["protected"]


def test_suppress_passes_its_zeros_to_the_public_audit():
    t = _table()
    z = {"n_started": np.array([True, False, False])}
    p = suppress(t, count_cols=["n_started"], min_cell=MIN_CELL, zeros=z, groups=GROUPS,
                 name="z")
    assert p.zeros == frozenset({("n_started", 0)})
    iv = feasible_intervals(p, groups=GROUPS, table=t)
    assert iv["protected"].all()
    assert p.drop(["n_started"]).zeros == frozenset()
