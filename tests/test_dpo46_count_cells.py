"""dpo46: count cells that export-check did not read.

A column of persons read only cells that are plain numbers or markers, so a small count
written otherwise passed: "3 (2.5%)" (a count with its share, as a "Table 1" prints them),
"n=3", "(3)", "~3", "≈3", and a marker narrower than the threshold, "<5" or "≤3" at
``min_cell`` 10, which tells the reader more than ``<10`` (prose refused such bounds since
ec25, table cells did not). A cell of a count column that is neither a number nor a marker is
now read by its leading number where it has one, and refused as unreadable where it has none
(``small_count``, ``unreadable_count``); a marker ``<B`` below ``min_cell`` (``≤B`` below
``min_cell - 1``) is refused (``narrow_marker``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.export_check import check_table


def _rules(cells, col="Persons"):
    return [r for r, _ in check_table(pd.DataFrame({"Group": ["A", "B"], col: cells}), 10)]


@pytest.mark.parametrize("cell", ["3 (2.5%)", "n=3", "(3)", "~3", "≈3", "3*"])
def test_a_small_count_written_with_more_than_its_number_is_refused(cell):
    assert _rules([cell, "120"]) == ["small_count"]


@pytest.mark.parametrize("cell", ["<5", "≤3", "<=3", "< 2"])
def test_a_marker_narrower_than_the_threshold_is_refused(cell):
    assert _rules([cell, "120"]) == ["narrow_marker"]


@pytest.mark.parametrize("cell", ["<10", "<12", "≤9", "x", "", "-", "120 (97.5%)"])
def test_markers_and_large_counts_pass(cell):
    assert _rules([cell, "120"]) == []


def test_an_unreadable_count_cell_is_refused():
    assert _rules(["a few", "120"]) == ["unreadable_count"]


def test_a_share_column_marker_is_no_count():
    assert _rules(["<5", "20.0"], col="Share employed (%)") == []
