"""``schemas.validate_register``'s count and examples of a broken rule (user27's trial on the
adapter side found both wrong in the schema's own check, which the ``panel`` command uses)."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.schemas import RegisterError, validate_register


def _persons(small_data) -> pd.DataFrame:
    return pd.read_parquet(small_data / "persons.parquet").head(40)


def test_nulls_in_two_columns_are_counted_per_column(small_data):
    p = _persons(small_data)
    p["sex"] = p["sex"].astype(object)
    p["education"] = p["education"].astype(object)
    p.loc[[3, 7], "sex"] = None
    p.loc[[7, 11], "education"] = None  # row 7 shares both
    with pytest.raises(RegisterError) as err:
        validate_register("persons", p)
    e = err.value
    assert e.rule == "null_value" and "column 'sex'" in e.detail
    assert e.count == 2  # before: 3, the union of both columns' rows under sex's name
    assert sorted(e.examples.index) == [3, 7]


def test_examples_of_a_filtered_frame_are_its_offending_rows(small_data):
    p = _persons(small_data).iloc[10:].copy()  # index labels 10..39, positions 0..29
    p["sex"] = p["sex"].astype(object)
    p.loc[[25, 35], "sex"] = None
    with pytest.raises(RegisterError) as err:
        validate_register("persons", p)
    ex = err.value.examples
    assert sorted(ex.index) == [25, 35] and ex["sex"].isna().all()
