"""dpo22: chapter 1's stable starts beside the persons with one.

A group's stable starts less its persons with a stable start are the repeated starts: between
one and that many persons started more than one stable job (the rule of chapter 3's spells and
persons, ``tests/test_dpo22_repeats.py``)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import describe


def test_stable_starts_hidden_where_few_are_repeated(small_data):
    raw = describe.stable_definition_comparison(small_data, (4,), min_cell=1).data
    repeated = (raw["stable_starts"].astype(float)
                - raw["persons_with_stable_start"].astype(float)).set_axis(raw["origin"])
    d = repeated[repeated > 0].min()
    min_cell = int(d) + 1  # the smallest positive repetition becomes a small count
    t = describe.stable_definition_comparison(small_data, (4,), min_cell=min_cell).data
    for _, row in t.iterrows():
        starts, persons = row["stable_starts"], row["persons_with_stable_start"]
        if pd.notna(starts) and pd.notna(persons):
            assert not 0 < float(starts) - float(persons) < min_cell, row["origin"]
    row = t.set_index("origin").loc[repeated[repeated == d].index[0]]
    assert pd.isna(row["stable_starts"]) and pd.isna(row["stable_share_of_job_starts_pct"])
