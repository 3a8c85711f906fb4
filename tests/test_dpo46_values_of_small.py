"""dpo46: a mean or an estimate of a group whose persons are marked small.

``share_count`` (dpo30c) refused a share printed beside a count marked ``<10``, but a mean,
median or model estimate of that group passed: "Group | Persons | Mean age (years)" with
``<10`` persons and a mean of 34.5 publishes a statistic of fewer than ``min_cell`` persons
(a mean of one person is that person's age), which the derived rule hides with its count.
Such a value is refused now (``derived_of_small``); beside ``x`` (hidden, not small) or a
large count it passes, and a row's labels (a year, a quarter) are no value.
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.export_check import check_table


def _rules(persons, col, value):
    t = pd.DataFrame({"Group": ["A", "B"], "Persons": [persons, "200"], col: [value, "40.1"]})
    return [r for r, _ in check_table(t, 10)]


@pytest.mark.parametrize("col,value", [("Mean age (years)", "34.5"), ("Odds ratio", "1.50"),
                                       ("Median duration (quarters)", "5"),
                                       ("Average wage", "2100.0")])
def test_a_statistic_of_a_group_marked_small_is_refused(col, value):
    assert _rules("<10", col, value) == ["derived_of_small"]


@pytest.mark.parametrize("persons", ["x", "120"])
def test_beside_a_hidden_or_large_count_it_passes(persons):
    assert _rules(persons, "Mean age (years)", "34.5") == []


def test_a_hidden_statistic_and_row_labels_pass():
    assert _rules("<10", "Mean age (years)", "x") == []
    t = pd.DataFrame({"Year": ["2015", "2016"], "Persons": ["<10", "200"]})
    assert [r for r, _ in check_table(t, 10)] == []
