"""dpo31: export-check's ``share_count`` read a share only beside the one count of its table;
with persons and a second count (contracts, events) it read none, so a share gave a small
count back unrefused: "n_persons 40, n_contract <13, pct_contract 22.5" is 9 contracts, and
"n_persons 40, n_events 100, pct_entered 2.5" one person. The share is now read against the
table's one total of persons, as the ``whole_group`` rule reads it (dpo30c)."""
from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.export_check import check_table


@pytest.mark.parametrize(("second", "share"), [
    ("n_contract", 22.5), ("n_events", 2.5), ("n_events", 97.5)])
def test_a_share_against_the_one_total_gives_a_small_count_back(second, share):
    t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50],
                      second: ["<13", 30] if second == "n_contract" else [100, 120],
                      "pct_entered": [share, 60.0]})
    found = dict(check_table(t, 13))
    assert "share_count" in found, found
    assert "times the count 'n_persons'" in found["share_count"] and "row 1" in \
        found["share_count"]


def test_a_share_of_enough_persons_passes_and_two_totals_are_not_read():
    t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], "n_events": [100, 120],
                      "pct_entered": [50.0, 60.0]})
    assert "share_count" not in dict(check_table(t, 13))
    # two totals of persons: which is the denominator is not known, as before
    t2 = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], "n_total": [80, 90],
                       "pct_entered": [2.5, 60.0]})
    assert "share_count" not in dict(check_table(t2, 13))


def test_a_share_beside_inflows_and_persons_is_not_read_against_the_persons():
    """test_leaks' small extract, chapter 3's profile table: the share is of the outcome's
    inflows (20 of 192), not of the row's 19 persons (10.4 % x 19 would be 2 persons)."""
    t = pd.DataFrame({"outcome": ["a", "a"], "value": ["x", "y"], "n_inflows": [20, 172],
                      "n_persons": [19, 160], "share": [10.4, 89.6]})
    assert "share_count" not in dict(check_table(t, 10))
