"""text51: three layouts of printed tables (pandas 3 ``to_string``) that text50 left.

1. A MultiIndex of rows (sparsified: an outer label on its group's first row only) over a
   column of several words holding numbers with a space as thousands separator ("1 234"
   under "New starters now"): the rows starting with blanks were not read as a printed
   index, so the "1" under "starters" was refused as a doubt (two columns one space apart?)
   and read as counts of its own besides ("New starters" holding 1, 1, 2: false findings
   on a harmless table). pandas prints a MultiIndex two spaces or more before the values.
2. A label with two spaces inside ("Non  EU", "All  origins") printed with ``index=False``:
   the first column's cells were split at their two spaces, "All" read as an index label
   and "origins" as the cell, so the total row was lost and the count it gives back
   (203 - 200 = 3) passed; "Group  2" was a count of 2 (a false finding). The index is read
   only where a blank run of two spaces or more (one before dates, which pandas prints
   with no leading space) separates it from the first column in every row.
3. A first column of dates or quarters: a Period (2008-01, 2008Q1) or a label "2008 Q1" has
   no leading space, so without the index its cells run into the next column's after one
   space ("2008-01 200"); the first column's name and the next ("quarter   n") were taken
   for the columns' name (df.columns.name) and both columns dropped: a count of 3 passed.
   A datetime column printed with the index sits one space after it ("0 2008-01-01"): the
   row number was read into the date.
"""

from __future__ import annotations

import pandas as pd
import pytest
from export_files import scan_files

from mia_helpers.export_check import text_tables


def _notebook(text: str) -> dict:
    """A one-cell notebook printing ``text`` (a stream output)."""
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "source": "x",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}]}


def _findings(tmp_path, text: str, min_cell: int = 10) -> list:
    return scan_files(tmp_path, {"c.ipynb": _notebook(text)}, min_cell).findings


def _rules(tmp_path, text: str) -> list[str]:
    return sorted({f.rule for f in _findings(tmp_path, text)})


def _csv_rules(tmp_path, t: pd.DataFrame) -> list[str]:
    """The rules the same table fails as a CSV file (the reading a printed table must match)."""
    found = scan_files(tmp_path, {"t.csv": t.to_csv(index=False)}, 10).findings
    return sorted({f.rule for f in found})


# --- 1. a MultiIndex over numbers with a space as thousands separator -------------------------

_GROUPS = [("Antwerp", "men"), ("Antwerp", "women"), ("Ghent", "men"), ("Ghent", "women")]


def _starters(values: list[str], names: list[str] | None) -> pd.DataFrame:
    return pd.DataFrame({"New starters now": values,
                         "Share (%)": ["50.6", "0.1", "40.0", "60.0"]},
                        index=pd.MultiIndex.from_tuples(_GROUPS, names=names))


@pytest.mark.parametrize("names", [["region", "sex"], None])
def test_a_multiindex_over_space_thousands_is_read(tmp_path, names):
    t = _starters(["1 234", "300", "1 200", "2 000"], names)
    text = t.to_string()
    assert "New starters now Share (%)" in text and "        women" in text
    got = text_tables(text)
    assert len(got) == 1 and list(got[0].columns) == list(t.columns), got
    assert list(got[0].index) == _GROUPS
    assert list(got[0]["New starters now"]) == ["1 234", "300", "1 200", "2 000"]
    assert _rules(tmp_path, text) == []


@pytest.mark.parametrize("names", [["region", "sex"], None])
def test_a_small_count_in_a_multiindex_over_space_thousands_is_found(tmp_path, names):
    text = _starters(["1 234", "3", "1 200", "2 000"], names).to_string()
    found = _findings(tmp_path, text)
    assert {f.rule for f in found} == {"small_count"}, found
    assert any("'New starters now'" in f.detail and "women" in f.detail for f in found), found


def test_space_thousands_beside_a_multiindex_with_an_empty_inner_label_stay_refused(tmp_path):
    """A row with no label at all before its values (an empty inner label) leaves the index
    unproven: the doubt stands, and the message says what to do."""
    t = pd.DataFrame({"New starters now": ["1 234", "300"]},
                     index=pd.MultiIndex.from_tuples([("Antwerp", "men"), ("Antwerp", "")]))
    found = _findings(tmp_path, t.to_string())
    assert "unreadable_table" in {f.rule for f in found}, found
    assert any(f.file == "c.ipynb" and "thousands" in f.detail and "print the table" in
               f.detail for f in found), found


# --- 2. two spaces inside a cell of the first column, index=False -----------------------------

def _origins(labels: list[str], n: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"origin": labels, "n_persons": n})


@pytest.mark.parametrize("index", [False, True])
@pytest.mark.parametrize("labels", [["Non  EU", "EU", "All  origins"],
                                    ["All  origins", "Non  EU", "EU"]])
def test_a_total_row_with_two_spaces_in_its_label_gives_back_a_hidden_count(
        tmp_path, labels, index):
    """203 - 200 = 3 persons hidden as x: the total row's label was split ("All" |
    "origins") and the hidden count passed."""
    t = _origins(labels, [{"Non  EU": "200", "EU": "x", "All  origins": "203"}[x]
                          for x in labels])
    text = t.to_string(index=index)
    got = text_tables(text)
    assert list(got[0]["origin"]) == labels, got
    assert _csv_rules(tmp_path / "csv", t) == ["complement"]
    assert _rules(tmp_path, text) == ["complement"]


@pytest.mark.parametrize("index", [False, True])
def test_a_number_after_two_spaces_in_a_label_is_no_count(tmp_path, index):
    """"Group  2" is a label, not a group "Group" holding a count of 2."""
    t = pd.DataFrame({"label": ["Group  2", "Group  15"], "n_persons": [200, 300]})
    text = t.to_string(index=index)
    assert list(text_tables(text)[0]["label"]) == ["Group  2", "Group  15"]
    assert _rules(tmp_path, text) == []
    small = t.assign(n_persons=[200, 3])
    assert _rules(tmp_path / "small", small.to_string(index=index)) == ["small_count"]


def test_a_printed_index_with_an_empty_label_still_keeps_its_counts(tmp_path):
    """An index label "" leaves a row blank before the gutter: the counts after it are still
    the first column's, not text run into the label."""
    t = pd.DataFrame({"n": [3, 300]}, index=["Antwerp", ""])
    text = t.to_string()
    got = text_tables(text)
    assert list(got[0]["n"]) == ["3", "300"], got
    assert _rules(tmp_path, text) == ["small_count"]


# --- 3. a first column of dates or quarters ---------------------------------------------------

def _by_month(first, n: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"quarter": first, "n": n, "count": [1500, 300, 12],
                         "region": ["Ghent", "Antwerp", "Ghent"]})


_FIRSTS = {"monthly_period": pd.period_range("2008-01", periods=3, freq="M"),
           "year_space_quarter": ["2008 Q1", "2008 Q2", "2008 Q3"]}


@pytest.mark.parametrize("first", list(_FIRSTS), ids=list(_FIRSTS))
def test_a_first_column_of_periods_run_into_the_next_is_no_columns_name(tmp_path, first):
    """"quarter   n" over "2008-01 200": pandas prints the period with no leading space, one
    space before the counts; the first column's cells all end under "quarter"."""
    t = _by_month(_FIRSTS[first], [200, 3, 45])
    text = t.to_string(index=False)
    assert "2008" in text.split("\n")[1][:7] and text.split("\n")[2][7:9] == "  "
    got = text_tables(text)
    assert list(got[0].columns) == list(t.columns), got
    assert list(got[0]["n"]) == ["200", "3", "45"]
    assert _rules(tmp_path, text) == _csv_rules(tmp_path / "csv", t) == ["small_count"]
    ok = _by_month(_FIRSTS[first], [200, 300, 45])
    assert _rules(tmp_path / "ok", ok.to_string(index=False)) == []


@pytest.mark.parametrize("dates", [["2008-01-01", "2008-04-01", "2008-07-01"],
                                   ["2008-01-01 12:30", "2008-04-01 08:00", "2008-07-01 09:15"]])
def test_a_datetime_column_one_space_after_the_index_is_read_apart_from_it(tmp_path, dates):
    t = pd.DataFrame({"start": pd.to_datetime(dates), "n_persons": [3, 200, 300]})
    text = t.to_string()
    assert "\n0 2008-01-01" in text
    got = text_tables(text)
    assert list(got[0].index) == ["0", "1", "2"], got
    assert list(got[0]["start"]) == list(t["start"].astype(str))
    assert _rules(tmp_path, text) == ["small_count"]


def test_space_thousands_beside_a_datetime_column_and_its_index_are_read(tmp_path):
    """With the index shown, the "1" of "1 234" under "starters" is no column of its own (the
    datetime column is one space after the index, not the index missing)."""
    t = pd.DataFrame({"start": pd.to_datetime(["2008-01-01", "2008-04-01"]),
                      "New starters now": ["1 234", "300"]})
    text = t.to_string()
    got = text_tables(text)
    assert list(got[0]["New starters now"]) == ["1 234", "300"], got
    assert _rules(tmp_path, text) == []
    small = t.assign(**{"New starters now": ["1 234", "3"]})
    assert _rules(tmp_path / "small", small.to_string()) == ["small_count"]


@pytest.mark.parametrize("index", [False, True])
@pytest.mark.parametrize("first", [pd.period_range("2008Q1", periods=3, freq="Q"),
                                   pd.to_datetime(["2008-01-01", "2008-04-01", "2008-07-01"]),
                                   ["2008Q1", "2008Q2", "2008Q3"]],
                         ids=["quarter_period", "datetime", "quarter_text"])
def test_a_first_column_of_dates_is_read_as_the_csv_is(tmp_path, first, index):
    """The dates are the first column's labels, never a count or the index; the small count
    beside them is found, and the harmless table passes."""
    for n, rules in (([3, 200, 300], ["small_count"]), ([300, 200, 300], [])):
        t = pd.DataFrame({"quarter": first, "n_persons": n, "region": ["A", "B", "C"]})
        got = text_tables(t.to_string(index=index))
        assert list(got[0].columns) == list(t.columns), got
        assert list(got[0]["quarter"]) == list(t["quarter"].astype(str)), got
        assert _rules(tmp_path / str(n[0]), t.to_string(index=index)) == rules


# --- 4. found on the way: a printed Series over dates, unnamed, or with named levels ----------

_QUARTERS = {"period": pd.period_range("2008Q1", periods=4, freq="Q"),
             "datetime": pd.date_range("2008-01-01", periods=4, freq="QS")}


@pytest.mark.parametrize("name", ["n_persons", None])
@pytest.mark.parametrize("kind", list(_QUARTERS))
def test_a_series_over_dates_with_a_frequency_is_read_by_its_footer(tmp_path, kind, name):
    """pandas prints "Freq: Q-DEC, Name: n_persons, dtype: int64" under a Series of a date
    or period index with a frequency (``resample``): the footer was not read, the first row
    was taken for a header ("2008Q1      3") and its count of 3 passed."""
    s = pd.Series([3, 200, 150, 400], index=_QUARTERS[kind], name=name)
    text = repr(s)
    assert text.split("\n")[-1].startswith("Freq: ") and text.startswith("2008")
    found = _findings(tmp_path, text)
    assert {f.rule for f in found} == {"small_count"}, found
    assert any("2008" in f.detail for f in found), found
    assert _rules(tmp_path / "ok", repr(s.replace(3, 300))) == []


def _sizes(small: int) -> pd.Series:
    """``groupby(...).size()``: an unnamed Series whose MultiIndex has named levels."""
    people = pd.DataFrame({"region": ["Antwerp"] * 300 + ["Ghent"] * (200 + small),
                           "sex": ["men"] * 500 + ["women"] * small})
    return people.groupby(["region", "sex"]).size()


def test_an_unnamed_series_of_group_sizes_is_read(tmp_path):
    """Its footer "dtype: int64" has no name: not read as a Series, the table was misread and
    the group of 3 women passed."""
    text = repr(_sizes(3))
    assert text.startswith("region   sex") and text.endswith("\ndtype: int64")
    got = text_tables(text)
    assert list(got[0].index) == [("Antwerp", "men"), ("Ghent", "men"), ("Ghent", "women")]
    found = _findings(tmp_path, text)
    assert {f.rule for f in found} == {"small_count"}, found
    assert any("'Ghent', 'women'" in f.detail for f in found), found
    assert _rules(tmp_path / "ok", repr(_sizes(30))) == []


@pytest.mark.parametrize("values", [[300, 200, 150, 400], [1300, 1200, 1150, 1400]])
def test_the_names_of_a_series_multiindex_are_no_row(tmp_path, values):
    """The levels' names ("region   sex") over a named Series were read as a row holding
    the count "sex": unreadable_count on a harmless table."""
    idx = pd.MultiIndex.from_tuples(_GROUPS, names=["region", "sex"])
    s = pd.Series(values, index=idx, name="n_persons")
    assert repr(s).startswith("region   sex")
    assert _rules(tmp_path, repr(s)) == []
    assert _rules(tmp_path / "small", repr(s.replace(values[1], 3))) == ["small_count"]


# --- 5. the same reading in every place a printed table is read ---------------------------------

@pytest.mark.parametrize("wrap", [
    lambda s: ("c.ipynb", _notebook(s)),
    lambda s: ("a.md", f"# Table\n\n```text\n{s}\n```\n"),
    lambda s: ("b.html", "<html><body><pre>" + s.replace("&", "&amp;").replace("<", "&lt;")
               + "</pre></body></html>")], ids=["notebook", "markdown_fence", "html_pre"])
@pytest.mark.parametrize("text,rules", [
    (_origins(["Non  EU", "EU", "All  origins"], ["200", "x", "203"]).to_string(index=False),
     {"complement"}),
    (_starters(["1 234", "3", "1 200", "2 000"], ["region", "sex"]).to_string(),
     {"small_count"}),
    (_starters(["1 234", "300", "1 200", "2 000"], ["region", "sex"]).to_string(), set()),
    (_by_month(_FIRSTS["monthly_period"], [200, 3, 45]).to_string(index=False),
     {"small_count"}),
    (repr(pd.Series([3, 200], index=_QUARTERS["period"][:2])), {"small_count"}),
    (repr(_sizes(30)), set())],
    ids=["two_spaces_total", "multiindex_thousands_small", "multiindex_thousands",
         "period_first", "series_freq", "series_sizes"])
def test_printed_tables_are_read_alike_in_notebooks_markdown_and_html(tmp_path, wrap, text,
                                                                      rules):
    name, content = wrap(text)
    found = {f.rule for f in scan_files(tmp_path, {name: content}, 10).findings}
    assert found == rules, found
