"""export-check on a note's tables (late23): columns of periods ("Periods", "Months", "Risk
sets" written with a space) were refused as counts of persons, and a column read as a count
only because its values are whole numbers was refused without saying so or how to declare
another unit."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.disclosure_vocabulary import is_non_count_name
from mia_helpers.export_check import check_table


@pytest.mark.parametrize("label", ["Periods", "Months", "Weeks since start", "Days",
                                   "Risk sets", "risk_sets", "Steps"])
def test_units_of_time_and_declared_columns_are_not_persons(label):
    assert is_non_count_name(label)
    t = pd.DataFrame({"Outcome": ["Stable job", "Any job"], label: [3, 4]})
    assert [r for r, _ in check_table(t, 10)] == [], label


@pytest.mark.parametrize("label", ["Persons", "n_periods", "persons_per_period"])
def test_counts_of_persons_stay_counts(label):
    assert not is_non_count_name(label)


def test_inferred_count_column_says_why_and_what_to_do():
    t = pd.DataFrame({"Outcome": ["Stable job", "Any job"], "Measures": [3, 4],
                      "Persons": [4, 120]})
    details = dict((d.split("'")[1], d) for r, d in check_table(t, 10) if r == "small_count")
    assert "whole numbers" in details["Measures"] and "(quarters)" in details["Measures"]
    assert "whole numbers" not in details["Persons"], details["Persons"]
