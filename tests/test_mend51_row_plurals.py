"""mend51: export-check's findings named a single row "(rows 3)", a CSV's single line "(lines
3)" and a ragged CSV "rows [2] do not have the header's 1 fields", whatever the count. They
now read "(row 3)" / "(rows 3, 5)" and "(line 3)" / "(lines 3, 4)", through
:func:`mia_helpers.words.plural`. Tested: :func:`mia_helpers.export_check.check_table` and
:func:`mia_helpers.export_check.scan_csv`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers.export_check import check_table, scan_csv


def _small(found: list[tuple[str, str]]) -> str:
    return dict(found)["small_count"]


def test_one_row_is_a_row_and_several_are_rows():
    one = pd.DataFrame({"origin": ["a", "b", "c"], "n_persons": [40, 3, 50]}).set_index("origin")
    assert "(row b); suppress it " in _small(check_table(one, 10))
    two = pd.DataFrame({"origin": ["a", "b", "c"], "n_persons": [4, 30, 5]}).set_index("origin")
    assert "(rows a, c); suppress them " in _small(check_table(two, 10))


def test_unlabelled_rows_are_counted_in_the_same_number():
    one = pd.DataFrame({"n_persons": [40, 3, 50]})
    assert "(row 2)" in _small(check_table(one, 10))
    several = pd.DataFrame({"n_persons": [4, 30, 5]})
    assert "(rows 1, 3)" in _small(check_table(several, 10))


def test_a_csvs_lines_are_counted_in_their_number(tmp_path: Path):
    p = tmp_path / "one.csv"
    p.write_text("origin,n_persons\na,40\nb,3\n", encoding="utf-8")
    [f] = [f for f in scan_csv(p, 10) if f.rule == "small_count"]
    assert "(line 3)" in f.detail, f.detail
    p.write_text("origin,n_persons\na,4\nb,3\n", encoding="utf-8")
    [f] = [f for f in scan_csv(p, 10) if f.rule == "small_count"]
    assert "(lines 2, 3)" in f.detail, f.detail


def test_a_ragged_csvs_single_row_and_field_are_singular(tmp_path: Path):
    p = tmp_path / "ragged.csv"
    p.write_text("origin,n_persons\nbelgian,40,extra\nmaghreb,40\n", encoding="utf-8")
    [f] = scan_csv(p, 10)
    assert "row 2 does not have the header's 2 fields" in f.detail, f.detail
    p.write_text("origin\nbelgian\nmaghreb,40\n", encoding="utf-8")
    [f] = scan_csv(p, 10)
    assert "row 3 does not have the header's 1 field" in f.detail, f.detail
