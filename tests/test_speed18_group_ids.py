"""``disclosure._group_ids`` (pd.factorize per key column) numbers the groups as pandas'
``groupby(keys, sort=False, observed=True, dropna=False).ngroup()`` does, with -1 for rows
whose key is :data:`~mia_helpers.disclosure.NO_GROUP` (the formulation it replaced)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mia_helpers.disclosure import NO_GROUP, _group_ids

VALUES = ["a", "b", NO_GROUP, None]


def _reference(table: pd.DataFrame, keys: list) -> np.ndarray:
    gid = table.groupby(keys, sort=False, observed=True, dropna=False).ngroup().to_numpy()
    none = table[keys].astype(object).eq(NO_GROUP).any(axis=1).to_numpy()
    return np.where(none, -1, gid)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(VALUES), st.sampled_from(VALUES),
                               st.sampled_from([0, 1, None])), max_size=12),
       dtypes=st.tuples(st.sampled_from(["str", "object", "category"]),
                        st.sampled_from(["str", "object", "category"])),
       which=st.sampled_from([["k1"], ["k2", "k1"], ["k1", "k2", "n"], ["n"]]))
def test_group_ids_number_groups_as_groupby_ngroup(rows, dtypes, which):
    k1, k2, n = zip(*rows, strict=True) if rows else ((), (), ())
    cats = ["z", "b", "a", NO_GROUP]  # an unobserved category, not in order of appearance
    cols = {}
    for name, vals, dtype in (("k1", k1, dtypes[0]), ("k2", k2, dtypes[1])):
        arr = np.array(vals, dtype=object)
        cols[name] = (pd.Categorical(arr, categories=cats) if dtype == "category"
                      else pd.Series(arr, dtype=dtype))
    table = pd.DataFrame({**cols, "n": pd.array(list(n), dtype="Int64")})
    np.testing.assert_array_equal(_group_ids(table, which), _reference(table, which))
