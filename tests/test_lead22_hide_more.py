"""disclosure.hide_more: the one step of the rules across tables (cells hidden after suppress,
with their rule in the reason and the checking record)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import disclosure
from mia_helpers.disclosure import hide_more, suppress


def _table():
    t = pd.DataFrame({"g": ["a", "b", "c"], "n": [40, 3, 50], "pct": [10.0, 20.0, 30.0]})
    return suppress(t, count_cols=["n"], min_cell=10, keys=["g"], name="t")


def test_hides_published_cells_only_and_records_them(monkeypatch):
    seen = []
    monkeypatch.setattr(disclosure, "record_hidden", lambda *a: seen.append(a))
    t = _table()
    before = t.reason.copy()
    out = hide_more(t, {"n": np.array([True, True, False]), "pct": np.array([True, False, False])},
                    "complement", "rule x", 10)
    assert out.data["n"].isna().tolist() == [True, True, False]
    assert out.reason["n"].tolist() == ["complement", before.loc[1, "n"], ""]
    assert out.reason.loc[0, "pct"] == "complement" and np.isnan(out.data.loc[0, "pct"])
    name, added, min_cell = seen[0]
    assert name == "rule x" and min_cell == 10
    assert (added != "").to_numpy().sum() == 2  # the cell already hidden is not recorded again
    assert t.data["n"].notna().sum() == 2  # the input is not modified


def test_nothing_hit_returns_the_table_and_records_nothing(monkeypatch):
    seen = []
    monkeypatch.setattr(disclosure, "record_hidden", lambda *a: seen.append(a))
    t = _table()
    assert hide_more(t, {"n": np.array([False, True, False])}, "share", "x", 10) is t
    assert not seen


def test_unknown_rule_and_column_are_refused():
    t = _table()
    with pytest.raises(ValueError, match="rule 'other' is not one of"):
        hide_more(t, {"n": np.zeros(3, bool)}, "other", "x", 10)
    with pytest.raises(KeyError):
        hide_more(t, {"nope": np.zeros(3, bool)}, "share", "x", 10)
