"""dpo50: a delimited file written with another delimiter than its suffix says, read as one
column of text, passed unread.

``Protected.to_csv("effects.tsv")`` (pandas' default ``sep=","``) writes a comma-delimited
``.tsv``: export-check read it delimited by tabs, one column of text ("B,3"), and passed a
count of 3 persons; so did a ``.csv`` written with ``sep="|"``. Only a ``.csv`` of one
column holding tabs or semicolons was refused ("wrong delimiter"). Now a file of one column
whose cells hold any common delimiter other than its own is refused, naming the delimiter.
Tested: :func:`mia_helpers.export_check.scan_csv` and ``scan`` of a folder.
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.disclosure import suppress
from mia_helpers.export_check import scan, scan_csv

TABLE = pd.DataFrame({"origin": ["A", "B"], "persons": [40, 3]})


@pytest.mark.parametrize(("name", "sep", "says"), [
    ("t.tsv", ",", "','"), ("t.tsv", ";", "';'"), ("t.tsv", "|", "'|'"),
    ("t.csv", "|", "'|'"), ("t.csv", "\t", "tab"), ("t.csv", ";", "';'")])
def test_a_file_of_one_column_holding_another_delimiter_is_refused(tmp_path, name, sep, says):
    """Each of the first four passed before dpo50 (a small count of 3 persons in it)."""
    p = tmp_path / name
    TABLE.to_csv(p, sep=sep, index=False)
    found = scan_csv(p, min_cell=10)
    assert [f.rule for f in found] == ["unreadable"], found
    assert "wrong delimiter" in found[0].detail and says in found[0].detail


def test_a_protected_table_written_to_a_tsv_with_the_default_separator_is_refused(tmp_path):
    """The route an analyst takes: the book's own table, written as pandas writes by default."""
    protected = suppress(TABLE.assign(persons=[40, 30]), count_cols=["persons"], min_cell=10)
    protected.to_csv(tmp_path / "origins.tsv", index=False)
    res = scan(tmp_path, 10)
    assert not res.ok and {f.rule for f in res.findings} == {"unreadable"}, res.findings


@pytest.mark.parametrize(("name", "text"), [
    ("one.csv", "note\nall persons were counted once\nno group is small\n"),
    ("one.tsv", "note\nall persons were counted once\nno group is small\n"),
    ("two.tsv", "origin\tnote\nA\t40, 50\nB\t60\n"),
    ("quoted.csv", 'origin,note\nA,"40; 50"\nB,"a|b"\n')])
def test_text_without_another_delimiter_or_in_several_columns_passes(tmp_path, name, text):
    """A one-column file of text and a delimiter inside a cell of a file of several columns
    are read as before."""
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    assert scan_csv(p, min_cell=10) == []
