"""leak48: holes of ``export-check`` found by dpo48's trial and left open.

1. A printed table (a notebook's text output, as pandas prints a DataFrame) whose share column
   is text (a hidden ``x``, an empty or missing value) is printed by pandas with one space
   before that column: the header's "n share_employed" was read as one column, the counts
   and shares ran together, and the shares were not read at all.
2. A count of persons given only in a row's label ("Antwerp (n = 40)") was not read: the
   row's share was refused as unreadable whatever it said. It is read now as dpo48 reads a
   header's count (one function, :func:`header_count`): one exact count, over one share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from export_files import scan_files

from mia_helpers.export_check import text_tables


def _notebook(text: str) -> dict:
    """A one-cell notebook printing ``text`` (a stream output)."""
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "source": "x",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}]}


def _scan_rules(tmp_path, files: dict, min_cell: int = 10) -> list[str]:
    return sorted({f.rule for f in scan_files(tmp_path, files, min_cell).findings})


# --- 1. a printed table's columns by the header's character positions -------------------------

@pytest.mark.parametrize("last", [["2.5", ""], ["2.5", None], ["2.5", "x"], [2.5, np.nan]])
def test_a_printed_table_with_a_text_share_column_is_read_by_its_columns(last):
    t = pd.DataFrame({"region": ["Antwerp", "Ghent"], "n": ["40", "200"],
                      "Share employed (%)": last})
    got = text_tables(t.to_string())
    assert len(got) == 1 and list(got[0].columns) == list(t.columns), got
    assert list(got[0]["n"]) == ["40", "200"]


def test_a_printed_share_of_one_person_with_a_missing_last_value_is_refused(tmp_path):
    """2.5 per cent of 40 is one person. pandas prints "  n share_employed" (one space: the
    column is text); read as one column "n share_employed" of "40            2.5", the share
    passed unread (before leak48)."""
    t = pd.DataFrame({"region": ["Antwerp", "Ghent"], "n": ["40", "200"],
                      "share_employed_pct": ["2.5", None]})
    text = t.to_string()
    assert " n share_employed_pct" in text  # the layout that ran the columns together
    assert _scan_rules(tmp_path, {"c.ipynb": _notebook(text)}) == ["share_count"]
    ok = t.assign(share_employed_pct=["25.0", None])
    assert _scan_rules(tmp_path / "ok", {"c.ipynb": _notebook(ok.to_string())}) == []


def test_a_small_count_in_a_row_with_an_empty_last_value_is_refused(tmp_path):
    """A row shorter than the last column's start was dropped with its count."""
    t = pd.DataFrame({"region": ["Antwerp", "Ghent"], "n": ["200", "3"],
                      "share_employed_pct": ["12.5", ""]})
    assert _scan_rules(tmp_path, {"c.ipynb": _notebook(t.to_string())}) == ["small_count"]


def test_a_name_of_several_words_over_narrow_values_stays_one_column():
    t = pd.DataFrame({"Region name": ["Antwerp", "Ghent"], "Persons": ["40", "200"],
                      "Share entered (%)": ["25.0", "12.5"]})
    got = text_tables(t.to_string())
    assert list(got[0].columns) == list(t.columns), got
