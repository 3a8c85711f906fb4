"""rev48: a share printed as a bound ("<1") in a column whose label gives no unit ("Share
entered") is read on the scale of the column's own numbers, as the other share rules read it
(export_check._share_columns): beside 20.0 it is per cent, and "<1" per cent of 400 persons
is fewer than 4 of them, a bound narrower than the marker <10. dpo48's _share_bounds read a
bound of at most 1 in such a column as a fraction (the whole group) and passed it."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.export_check import check_table


def _rules(table: dict, min_cell: int = 10) -> list[str]:
    return [r for r, _ in check_table(pd.DataFrame(table), min_cell)]


BASE = {"Region": ["A", "B"], "Persons": ["400", "300"]}


@pytest.mark.parametrize("cell", ["<1", "<0.5", "≤1"])
def test_a_bound_in_a_column_of_per_cents_without_a_unit_is_per_cent(cell):
    assert _rules({**BASE, "Share entered": [cell, "20.0"]}) == ["narrow_marker"]


def test_a_bound_in_a_column_of_fractions_stays_a_fraction():
    # "<0.5" of 400 as a fraction leaves 200 persons open
    assert _rules({**BASE, "Share entered": ["<0.5", "0.20"]}) == []


def test_a_column_of_bounds_alone_is_read_in_per_cent():
    assert _rules({**BASE, "Share entered": ["<1", "<1"]}) == ["narrow_marker"]


def test_a_wide_bound_passes_on_either_scale():
    assert _rules({**BASE, "Share entered": ["<2.5", "20.0"]}) == []
    assert _rules({**BASE, "Share entered": [">97.5", "20.0"]}) == []
