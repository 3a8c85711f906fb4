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

from mia_helpers.export_check import check_table, text_tables


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
    """Only a number or marker ending under a word's end splits a run of words: "Region name"
    over "Antwerp" and "Share entered (%)" over "25.0" stay one column each."""
    t = pd.DataFrame({"Region name": ["Antwerp", "Ghent"], "Persons": [40, 200],
                      "Share entered (%)": ["25.0", "12.5"]})
    assert " Persons Share entered (%)" in t.to_string()  # one space: a text column
    got = text_tables(t.to_string())
    assert list(got[0].columns) == list(t.columns), got


def test_a_line_printed_twice_is_no_table():
    """Chapter 4 prints a warning twice; its words over the same words were read as columns
    (a first version of this mend: counts '1', '6' and 'one' of 'treated' and 'controls')."""
    line = "risk set 0: term 'dutch_level[none]' has one group only where it is 1 (withheld)"
    got = text_tables(f"{line}\n{line}\n")
    assert all(len(t.columns) == 1 for t in got), got


# --- 2. a count in a row's label ---------------------------------------------------------------

@pytest.mark.parametrize("label", ["Antwerp (n = 40)", "Antwerp (N=40)", "Antwerp, n: 40"])
def test_a_share_of_the_persons_its_row_label_counts_passes(tmp_path, label):
    """50 % of 40 is 20 of 40; refused as unreadable_share before leak48 (its group counted
    nowhere)."""
    files = {"t.csv": f'Region,Share entered (%)\n"{label}",50.0\nGhent (n = 200),12.5\n'}
    assert _scan_rules(tmp_path, files) == []


def test_a_share_giving_back_one_person_of_its_row_label_count_is_refused(tmp_path):
    found = scan_files(tmp_path, {"t.csv": "Region,Share entered (%)\nAntwerp (n = 40),2.5\n"
                                           "Ghent (n = 200),12.5\n"}, 10).findings
    assert [f.rule for f in found] == ["share_count"], found
    assert "row's label" in found[0].detail and "(line 2)" in found[0].detail, found[0].detail


def test_a_row_label_count_below_min_cell_is_refused(tmp_path):
    files = {"t.csv": "Region,Share entered (%)\nAntwerp (n = 5),40.0\nGhent (n = 200),12.5\n"}
    assert _scan_rules(tmp_path, files) == ["share_count", "small_count"]
    t = {"Region": ["Antwerp (n = 5)"], "Share entered (%)": ["40.0"]}
    assert [r for r, _ in check_table(pd.DataFrame(t), 10)] == ["share_count"]


@pytest.mark.parametrize("rows,why", [
    ("Antwerp (n ≈ 40),50.0\n", "no exact count"),
    ("Antwerp (n < 50),50.0\n", "no exact count"),
    ("Antwerp (n = 40; N = 200),50.0\n", "2 different counts"),
    ("Antwerp,50.0\n", "")])
def test_an_ambiguous_or_missing_row_label_count_leaves_the_share_refused(tmp_path, rows, why):
    found = scan_files(tmp_path, {"t.csv": f"Region,Share entered (%)\n{rows}"}, 10).findings
    assert [f.rule for f in found] == ["unreadable_share"], found
    assert why in found[0].detail
    assert ("the count in its row's label is not read" in found[0].detail) == bool(why)


def test_a_row_label_count_over_several_shares_is_ambiguous(tmp_path):
    """"Share entered (%)" and "Share of entrants employed (%)" of one row: the second is of a
    part of the row's 40 persons. Not read, as a header's count over several rows is not."""
    text = ("Region,Share entered (%),Share of entrants employed (%)\n"
            "Antwerp (n = 40),50.0,30.0\n")
    found = scan_files(tmp_path, {"t.csv": text}, 10).findings
    assert [f.rule for f in found] == ["unreadable_share"] * 2, found
    assert "stands over 2 shares" in found[0].detail


def test_a_row_label_count_in_a_printed_index_is_read(tmp_path):
    t = pd.DataFrame({"Share entered (%)": [2.5, 12.5]},
                     index=pd.Index(["Antwerp (n = 40)", "Ghent (n = 200)"], name="Region"))
    assert _scan_rules(tmp_path, {"c.ipynb": _notebook(t.to_string())}) == ["share_count"]
    ok = t.assign(**{"Share entered (%)": [50.0, 12.5]})
    assert _scan_rules(tmp_path / "ok", {"c.ipynb": _notebook(ok.to_string())}) == []


# --- 3. a curve under a name that is no curve's --------------------------------------------------

STILL = {"Quarter since start": ["1", "2", "3", "4"], "At risk": ["400", "380", "360", "340"],
         "Still registered (%)": ["90.00", "89.75", "85.00", "80.00"]}


@pytest.mark.parametrize("count", ["At risk", "Persons"])
def test_a_survival_curve_named_otherwise_stepping_by_one_person_is_refused(count):
    """89.75 after 90.00 per cent, of 380 at risk, is one person's step: it passed (no curve's
    name; the persons differ between horizons, so no cohort's difference either)."""
    t = {("Persons" if k == "At risk" else k): v for k, v in STILL.items()} \
        if count == "Persons" else STILL
    found = check_table(pd.DataFrame(t), 10)
    assert [r for r, _ in found] == ["curve_steps"], found
    assert "read as a curve" in found[0][1] and "row 2" in found[0][1], found[0][1]


def test_a_cumulative_share_named_otherwise_stepping_by_one_person_is_refused():
    t = {"Quarter since start": ["1", "2", "3", "4"], "Persons": ["400", "380", "360", "340"],
         "Share entered (%)": ["10.00", "10.25", "15.00", "20.00"]}
    assert [r for r, _ in check_table(pd.DataFrame(t), 10)] == ["curve_steps"]


def test_curves_named_otherwise_with_steps_of_min_cell_events_pass():
    t = dict(STILL, **{"Still registered (%)": ["90.00", "87.00", "84.00", "80.00"]})
    assert check_table(pd.DataFrame(t), 10) == []


@pytest.mark.parametrize("change", [
    {"At risk": ["400", "400", "400", "400"]},  # one cohort: _cohort_steps' (a difference)
    {"Still registered (%)": ["90.00", "89.75", "90.50", "80.00"]},  # not one way
    {"At risk": ["400", "380", "390", "340"]},  # the count grows: no risk set
    {"Quarter since start": ["A", "B", "C", "D"]}])  # no horizon
def test_tables_that_are_no_curve_are_not_read_as_one(change):
    assert "curve_steps" not in [r for r, _ in check_table(pd.DataFrame(dict(STILL, **change)),
                                                           10)]


def test_a_share_cell_of_numbers_run_together_is_refused():
    """dpo48 exempted "40   2.5" in a share column (the text parser's columns run together);
    the parser reads them apart now, and such a cell is unread: refused."""
    t = {"Region": ["Antwerp", "Ghent"], "Persons": ["400", "200"],
         "Share entered (%)": ["40   2.5", "12.5"]}
    assert [r for r, _ in check_table(pd.DataFrame(t), 10)] == ["unreadable_share"]
