"""An analyst's own panel in the public API (user45, book/api.md): an empty panel is refused
by name (it stopped in an IndexError deep in the matching), and a covariate of text whose every
value is a number (a CSV read with ``dtype=str``) is not turned into one dummy per value
without a word."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers.dynamic import dynamic_match


def _panel(n: int = 300, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        age, started = float(rng.uniform(20, 60)), False
        for m in range(12):
            start = (not started) and bool(rng.random() < 0.05)
            started = started or start
            rows.append({"person": i, "month": m, "start": start, "age": age,
                         "region": ["north", "south"][i % 2]})
    return pd.DataFrame(rows)


def test_an_empty_panel_is_refused_by_name():
    empty = _panel().iloc[:0]
    with pytest.raises(ValueError, match="no rows") as err:
        dynamic_match(empty, id="person", time="month", treatment_start="start",
                      covariates=["age"])
    assert "data" in str(err.value)


def test_numbers_stored_as_text_are_named():
    panel = _panel()
    panel["age"] = panel["age"].round(1).astype(str)
    with pytest.warns(UserWarning, match="'age'") as rec:
        dynamic_match(panel, id="person", time="month", treatment_start="start",
                      covariates=["age"], caliper=None)
    msg = next(str(w.message) for w in rec if "'age'" in str(w.message))
    assert "to_numeric" in msg and "category" in msg and "levels" in msg


def test_codes_declared_as_categories_or_words_are_not_warned():
    panel = _panel()
    panel["region_code"] = np.where(panel["region"] == "north", "01", "02")
    panel["region_code"] = panel["region_code"].astype("category")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        dynamic_match(panel, id="person", time="month", treatment_start="start",
                      covariates=["age", "region", "region_code"], caliper=None)
    assert not [w for w in rec if "to_numeric" in str(w.message)]
