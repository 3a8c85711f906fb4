"""dpo50: ``--released`` and a table exported again under another file name or spelling.

``released_difference`` (dpo32) found the earlier export's table by its file's name (and
place, or caption and column labels): "origins.csv" (Belgian 166 persons) released last
month and "origins_v2.csv" (Belgian 163) exported now passed, as did the same file written
again with lower-case labels ("persons", "belgian"); each publishes with the other the 3
persons between them. A table is also looked for now by its caption and column labels in
any file, where one earlier table has them (the labels in any case and spelling, as
``linked_difference`` matches them), and its cells by their labels in any case and spelling.
"""

from __future__ import annotations

import pytest

from mia_helpers.export_check import scan

OLD = "origin,Persons\nBelgian,166\nMaghreb,51\n"


def _released(tmp_path, name: str, text: str, old: str = OLD, old_name: str = "origins.csv"):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / old_name).write_text(old)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / name).write_text(text)
    return scan(tmp_path / "new", 10, released=[tmp_path / "old"])


@pytest.mark.parametrize(("name", "text"), [
    ("origins_v2.csv", "origin,Persons\nBelgian,163\nMaghreb,51\n"),
    ("origins.csv", "origin,persons\nbelgian,163\nmaghreb,51\n"),
    ("2026-12 origins.csv", "Origin,Number of persons\nBELGIAN,163\nMaghreb,51\n")])
def test_a_table_released_before_under_another_name_or_spelling_is_compared(tmp_path, name,
                                                                            text):
    """Each passed before dpo50."""
    res = _released(tmp_path, name, text)
    assert [f.rule for f in res.findings] == ["released_difference"], res.findings
    assert "166" in res.findings[0].detail and "163" in res.findings[0].detail


@pytest.mark.parametrize(("name", "text"), [
    ("origins_v2.csv", "origin,Persons\nBelgian,166\nMaghreb,51\n"),  # the same counts
    ("origins_v2.csv", "origin,Persons\nBelgian,150\nMaghreb,51\n"),  # min_cell or more
    ("measures.csv", "measure,Persons\nBelgian,163\nMaghreb,51\n")])  # another table
def test_the_same_counts_or_another_table_pass(tmp_path, name, text):
    res = _released(tmp_path, name, text)
    assert res.ok, res.findings


def test_two_earlier_tables_with_the_labels_leave_it_unmatched(tmp_path):
    """Where two earlier tables have the caption and labels, which one it is again is not
    known (each would be compared under its own file's name)."""
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.csv").write_text(OLD)
    (tmp_path / "old" / "b.csv").write_text(OLD.replace("166", "300"))
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "c.csv").write_text(OLD.replace("166", "163"))
    assert scan(tmp_path / "new", 10, released=[tmp_path / "old"]).ok
