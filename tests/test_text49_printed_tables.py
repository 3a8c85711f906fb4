"""text49: printed text tables (a DataFrame's ``to_string``) that ``export-check`` misread.

1. Text columns one space apart: pandas separates a column from the next by one space in the
   header where the next column's name is as wide as its values. Where the left column is
   text ("region count share" over "Total   203  10.0"), its labels ran into the next
   column's name ("region count") and were lost: a hidden count that the total row gives
   back (203 - 200 = 3) passed.
2. A last column empty in every row: no row reaches the header's end, so the header was not
   split at all and the empty column's name ran into the one before ("n_persons share_pct"):
   a count column whose merged name names another unit (per cent) passed a count of 3.
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


def _scan_rules(tmp_path, text: str, min_cell: int = 10) -> list[str]:
    found = scan_files(tmp_path, {"c.ipynb": _notebook(text)}, min_cell).findings
    return sorted({f.rule for f in found})


def _direct_rules(t: pd.DataFrame, min_cell: int = 10) -> list[str]:
    return sorted({r for r, _ in check_table(t, min_cell)})


# --- 1. text columns one space apart ------------------------------------------------------------

TOTAL = pd.DataFrame({"region": ["Total", "Antwerp", "Ghent"], "count": ["203", "200", "x"],
                      "share": ["10.0", "12.0", "x"]})


def test_text_columns_one_space_apart_are_read_apart():
    text = TOTAL.to_string()
    assert "region count share" in text  # one space between text columns
    got = text_tables(text)
    assert len(got) == 1 and list(got[0].columns) == list(TOTAL.columns), got
    assert list(got[0]["region"]) == ["Total", "Antwerp", "Ghent"]


def test_a_hidden_count_given_back_by_a_total_row_of_text_columns_is_refused(tmp_path):
    """203 - 200 = 3 persons in Ghent: passed while "region count" ran together."""
    assert _direct_rules(TOTAL) == ["complement"]
    assert _scan_rules(tmp_path, TOTAL.to_string()) == ["complement"]
    ok = TOTAL.assign(count=["400", "200", "200"], share=["10.0", "12.0", "8.0"])
    assert _scan_rules(tmp_path / "ok", ok.to_string()) == []


def test_a_text_label_column_with_an_empty_label_is_read_apart():
    """An empty label (blank under the left column) does not hide the boundary the other
    rows show."""
    t = TOTAL.assign(region=["Total", "Antwerp", ""])
    got = text_tables(t.to_string())
    assert list(got[0].columns) == list(t.columns), got
    assert list(got[0]["region"]) == ["Total", "Antwerp", ""]


# --- 2. a last column empty in every row ------------------------------------------------------

@pytest.mark.parametrize("last", ["share_pct", "Employed (%)", "quarters", "note"])
def test_an_empty_last_column_does_not_rename_the_count_before_it(tmp_path, last):
    t = pd.DataFrame({"region": ["Antwerp", "Ghent"], "n_persons": [3, 200], last: ["", ""]})
    text = t.to_string()
    got = text_tables(text)
    assert len(got) == 1 and list(got[0].columns) == list(t.columns), got
    assert list(got[0][last]) == ["", ""]
    assert _scan_rules(tmp_path, text) == ["small_count"]


@pytest.mark.parametrize("empty", [np.nan, None])
def test_a_missing_last_column_printed_as_nan_or_none_is_read(tmp_path, empty):
    t = pd.DataFrame({"region": ["Antwerp", "Ghent"], "n_persons": [3, 200],
                      "share_pct": [empty, empty]})
    got = text_tables(t.to_string())
    assert list(got[0].columns) == list(t.columns), got
    assert _scan_rules(tmp_path, t.to_string()) == ["small_count"]


# --- 1b. an empty column one space before a column of counts ------------------------------------

def test_an_empty_column_run_into_a_count_column_is_refused(tmp_path):
    """"Employed (%)" empty in every row, one space before "count" (text: 3, 200): nothing in
    the rows tells the two names from one, "Employed (%) count", read as a percentage; the
    count of 3 passed."""
    t = pd.DataFrame({"region": ["Antwerp", "Ghent"], "Employed (%)": ["", ""],
                      "count": ["3", "200"]})
    text = t.to_string()
    assert "Employed (%) count" in text
    found = scan_files(tmp_path, {"c.ipynb": _notebook(text)}, 10).findings
    assert [f.rule for f in found] == ["unreadable_table"], found
    assert "'Employed (%)'" in found[0].detail and "'count'" in found[0].detail
    ok = t.assign(count=["300", "200"])  # the same doubt over counts of 10 or more
    assert _scan_rules(tmp_path / "ok", ok.to_string()) == ["unreadable_table"]


@pytest.mark.parametrize("name,values", [("Share entered (%)", ["25.0", "12.5"]),
                                         ("Employed (%)", ["25", "3"]),
                                         ("Number of persons", ["3", "200"])])
def test_a_name_of_several_words_over_its_values_is_no_doubt(tmp_path, name, values):
    """Where the whole name and its last words are read alike (a count, or no count), or a
    value reaches under its first words, the name is the column's."""
    t = pd.DataFrame({"region": ["Antwerp", "Ghent"], name: values})
    found = {f.rule for f in scan_files(tmp_path, {"c.ipynb": _notebook(t.to_string())},
                                        10).findings}
    assert "unreadable_table" not in found, found


# --- 3. a MultiIndex: rows of several index levels, columns of several header levels -----------

_GROUPS = [("Antwerp", "Total"), ("Antwerp", "men"), ("Antwerp", "women"), ("Ghent", "Total"),
           ("Ghent", "men"), ("Ghent", "women")]


@pytest.mark.parametrize("names", [None, ["region", "sex"]])
def test_a_printed_multiindex_of_rows_is_read_by_its_levels(tmp_path, names):
    """pandas prints an outer level's label once per group (sparsified): "Ghent" stood for
    "Ghent Total", and "men" and "women" twice, so the total row was not found and a hidden
    count its total gives back (403 - 400 = 3) passed."""
    t = pd.DataFrame({"n": ["403", "400", "x", "300", "150", "150"]},
                     index=pd.MultiIndex.from_tuples(_GROUPS, names=names))
    assert _direct_rules(t) == ["complement", "difference"]
    got = text_tables(t.to_string())
    assert list(got[0].index) == _GROUPS, got[0]
    assert _scan_rules(tmp_path, t.to_string()) == ["complement", "difference"]
    ok = t.assign(n=["403", "200", "203", "300", "150", "150"])
    assert _scan_rules(tmp_path / "ok", ok.to_string()) == []


def test_a_printed_multiindex_of_columns_is_refused(tmp_path):
    """Two header lines ("Antwerp  Ghent" over "n share  n share"): the second was read as
    a row and each group's count and share as one column of text ("1.5     3"); Ghent's 3
    passed."""
    cols = pd.MultiIndex.from_product([["Antwerp", "Ghent"], ["n", "share"]])
    t = pd.DataFrame([[300, 1.5, 3, 40.0], [50, 3.0, 60, 4.0]], columns=cols,
                     index=["2015", "2016"])
    found = scan_files(tmp_path, {"c.ipynb": _notebook(t.to_string())}, 10).findings
    assert "unreadable_table" in {f.rule for f in found}, found
    assert any("header of 2 lines" in f.detail for f in found), found
    single = pd.DataFrame({"n": [300, 50], "share": [1.5, 3.0]}, index=["2015", "2016"])
    assert _scan_rules(tmp_path / "ok", single.to_string()) == []


@pytest.mark.parametrize("index", [True, False])
def test_a_printed_multiindex_of_named_columns_is_refused(tmp_path, index):
    cols = pd.MultiIndex.from_product([["Antwerp", "Ghent"], ["n", "share"]],
                                      names=["region", "what"])
    t = pd.DataFrame([[300, 1.5, 3, 40.0], [50, 3.0, 60, 4.0]], columns=cols,
                     index=pd.Index(["2015", "2016"], name="year"))
    assert "unreadable_table" in _scan_rules(tmp_path, t.to_string(index=index))


def test_a_code_listing_is_no_header_of_two_lines():
    """Chapter 2's solution code (a first version of this mend refused it: its second line
    holds no number and is as long as a later one)."""
    code = ('k = hz.key_term("maghreb:intermediate")\n'
            'b0, b3 = fits["job"]["M0"].params[k], fits["job"][top].params[k]\n'
            "naive = (b0 - b3) / b0\n"
            'khb_share = res["job"].summary.set_index("term").loc[k, "share"]\n'
            "naive, khb_share\n")
    assert all(not t.attrs for t in text_tables(code))


@pytest.mark.parametrize("gap", [" ", "   "])
def test_empty_last_columns_leave_text_columns_before_them_read_apart(tmp_path, gap):
    """The rows end at "count"'s end; "share" and "note" after it are empty in every row
    (one space or more after it): "region count" is still read as two columns."""
    text = (f"    region count{gap}share note\n"
            "0    Total   203\n"
            "1  Antwerp   200\n"
            "2    Ghent     x\n")
    got = text_tables(text)
    assert list(got[0].columns) == ["region", "count", "share note"], got  # both empty
    assert list(got[0]["region"]) == ["Total", "Antwerp", "Ghent"]
    assert _scan_rules(tmp_path, text) == ["complement"]


# --- 4. found on the way: check_table of a DataFrame with a missing count ---------------------

@pytest.mark.parametrize("index", [False, True])
def test_a_missing_count_beside_a_total_row_does_not_crash(index):
    """pandas 3 keeps NaN as NaN in ``astype(str)``: the complement rule matched a float
    against its marker pattern and check_table raised TypeError on a DataFrame whose count
    column has a missing value beside a total row."""
    t = pd.DataFrame({"region": ["all", "men", "women"], "n": [403, 400, np.nan]})
    t = t.set_index("region") if index else t
    assert _direct_rules(t) == ["complement"]


# --- 5. a print pandas cut short ---------------------------------------------------------------

def test_a_print_cut_short_in_its_rows_is_refused_and_says_why(tmp_path):
    t = pd.DataFrame({"region": [f"r{i}" for i in range(30)], "n": [200] * 30})
    with pd.option_context("display.max_rows", 6):
        text = repr(t)
    assert "..." in text
    found = scan_files(tmp_path, {"c.ipynb": _notebook(text)}, 10).findings
    assert [f.rule for f in found] == ["unreadable_count"], found
    assert "cut short" in found[0].detail


def test_a_print_cut_short_in_its_columns_reads_the_columns_shown(tmp_path):
    """The columns pandas leaves out are not published; those shown are read (12 rows: the
    footer "[2 rows x 30 columns]" of a frame of 2 rows is read as a count of 2, a count in
    printed text)."""
    t = pd.DataFrame({f"n_{i}": [200] * 11 + [3 if i == 1 else 300] for i in range(30)})
    with pd.option_context("display.max_columns", 6, "display.width", 80):
        text = repr(t)
    assert "..." in text and "n_1 " in text
    assert _scan_rules(tmp_path, text) == ["small_count"]
    ok = pd.DataFrame({f"n_{i}": [200] * 11 + [300] for i in range(30)})
    with pd.option_context("display.max_columns", 6, "display.width", 80):
        assert _scan_rules(tmp_path / "ok", repr(ok)) == []


def test_a_printed_multiindex_not_sparsified_keeps_every_level_of_a_label(tmp_path):
    """sparsify=False prints every level on every row; "2015 Ghent   Total" (levels padded
    to one width) was read as "2015 Ghent", its last level dropped, so Ghent's total and
    parts were three rows of one label and 303 - 300 = 3 passed."""
    groups = [("2015", "Antwerp", "Total"), ("2015", "Antwerp", "men"),
              ("2015", "Antwerp", "women"), ("2015", "Ghent", "Total"), ("2015", "Ghent", "men"),
              ("2015", "Ghent", "women")]
    t = pd.DataFrame({"n": ["400", "200", "200", "303", "300", "x"]},
                     index=pd.MultiIndex.from_tuples(groups))
    text = t.to_string(sparsify=False)
    assert list(text_tables(text)[0].index) == [" ".join(g) for g in groups]
    assert _scan_rules(tmp_path, text) == ["difference"]


# --- 6. the same reading in every place a printed table is read ---------------------------------

_TWO_LEVELS = pd.DataFrame([[300, 1.5, 3, 40.0], [50, 3.0, 60, 4.0]], index=["2015", "2016"],
                           columns=pd.MultiIndex.from_product([["Antwerp", "Ghent"],
                                                               ["n", "share"]]))


@pytest.mark.parametrize("wrap", [
    lambda s: ("c.ipynb", _notebook(s)),
    lambda s: ("a.md", f"# Table\n\n```text\n{s}\n```\n"),
    lambda s: ("b.html", "<html><body><pre>" + s.replace("&", "&amp;").replace("<", "&lt;")
               + "</pre></body></html>")], ids=["notebook", "markdown_fence", "html_pre"])
@pytest.mark.parametrize("table,rule", [(TOTAL, "complement"),
                                        (_TWO_LEVELS, "unreadable_table")],
                         ids=["one_space", "two_levels"])
def test_printed_tables_are_read_alike_in_notebooks_markdown_and_html(tmp_path, wrap, table,
                                                                      rule):
    name, content = wrap(table.to_string())
    found = {f.rule for f in scan_files(tmp_path, {name: content}, 10).findings}
    assert rule in found, found
