"""export-check's total audit on a hidden cell that the total shows to be 0 (dpo37b).

A total of 35 beside published parts 20 and 15 and one part marked ``<10`` leaves 0 for the
hidden part: the hidden zero of a small group (which prints ``<10`` as a small count does;
dpo37) is given back. The ``complement`` audit looked only for a remainder in
``(0, min_cell)`` and passed the table."""

import pandas as pd

from mia_helpers.export_check import check_table


def _table(c_cell, total=35):
    return pd.DataFrame({"group": ["a", "b", "c", "Total"],
                         "n_persons": [20, 15, c_cell, total]})


def _complements(findings):
    return [m for rule, m in findings if rule == "complement"]


def test_a_hidden_cell_left_zero_by_the_total_is_refused():
    found = _complements(check_table(_table("<10"), 10))
    assert len(found) == 1 and "is 0" in found[0] and "row 3" in found[0], found


def test_a_cell_marked_x_left_zero_by_the_total_is_refused():
    assert _complements(check_table(_table("x"), 10))


def test_a_hidden_cell_the_total_leaves_open_passes():
    # 45 - 35 = 10 for the hidden cell(s): not small, not zero
    assert not _complements(check_table(_table("x", total=45), 10))


def test_a_blank_part_with_nothing_left_passes():
    # an empty (not applicable) part is not a hidden count: no cell is given back
    assert not _complements(check_table(_table(""), 10))


def test_the_data_variation_remedy_does_not_promise_released_covers_it(tmp_path):
    """``--released`` compares only the same cell of the same table (released_difference),
    so the remedy must not send runs on two extracts out apart as if it protected them."""
    import mia_helpers.export_check as ec

    def manifest(sha):
        return {"parameters": {"data_dir": "extract"},
                "data": {"files": {"persons.parquet": {"sha256": sha}}}}

    base = tmp_path / "export"
    runs = [(base / "panel_construction" / "manifest.json", manifest("1" * 64)),
            (base / "newcomer_integration" / "manifest.json", manifest("2" * 64))]
    (found,) = ec._data_variation(runs, base)
    assert "does not protect" in found.detail and "same cell of the same table" in found.detail
    assert "export the runs of each extract separately" not in found.detail
