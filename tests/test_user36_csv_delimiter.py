"""user36: export-check refused a semicolon CSV with decimal commas (a European spreadsheet's
``origin;n_persons;share`` then ``belgian;4;10,5``) as "rows [2, 3] do not have the header's 1
fields", naming neither the delimiter nor the remedy; the same file without decimal commas
was already told "wrong delimiter". Tested: :func:`mia_helpers.export_check.scan_csv`."""

from __future__ import annotations

from pathlib import Path

from mia_helpers.export_check import scan_csv


def _unreadable(path: Path) -> str:
    found = scan_csv(path, min_cell=10)
    assert [f.rule for f in found] == ["unreadable"]
    return found[0].detail


def test_semicolon_csv_with_decimal_commas_names_the_delimiter(tmp_path):
    p = tmp_path / "semi.csv"
    p.write_text("origin;n_persons;share\nbelgian;4;10,5\nmaghreb;40;20,0\n", encoding="utf-8")
    detail = _unreadable(p)
    assert "rows 2, 3 do not have the header's 1 field" in detail  # what is wrong, as before
    assert "1 fields" not in detail
    assert "delimited by ';'" in detail and "as .csv" in detail  # and what to do


def test_tsv_with_commas_in_its_header_names_the_comma(tmp_path):
    p = tmp_path / "table.tsv"
    p.write_text("origin,n_persons,note\nbelgian,40,a\tb\nmaghreb,40,c\n", encoding="utf-8")
    assert "delimited by ','" in _unreadable(p)


def test_ragged_csv_without_another_delimiter_gets_no_hint(tmp_path):
    p = tmp_path / "ragged.csv"
    p.write_text("origin,n_persons\nbelgian,40,extra\nmaghreb,40\n", encoding="utf-8")
    detail = _unreadable(p)
    assert "row 2 does not have the header's 2 fields" in detail
    assert "delimited by" not in detail
