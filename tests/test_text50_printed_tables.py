"""text50: three holes text49 found in export-check's reading of printed tables.

1. A number with a space as thousands separator ("1 234") under a column name of several
   words: the "1" ended under an inner word of the name ("New starters now"), so the name
   was split there and "1" read as a count of its own (a false finding). pandas prints the
   values of two columns at least two spaces apart when it prints the index (each value has
   a leading space), so one space inside a value is the value's; without an index it cannot
   be told from two columns, and the table is refused.
2. A columns-axis name (``df.columns.name``, printed at the start of the header, over the
   index) was read as a column: one space before the first column it ran into that column's
   name ("Share (%) n_persons" was refused as a doubt; "measure n_persons" a column of that
   name); further apart it took the index labels as its values.
3. The footer ``[2 rows x 30 columns]`` pandas prints under a frame cut short in its columns
   (and ``<p>2 rows × 30 columns</p>`` under its HTML) was read as a count of 2 rows. It is
   not read where the table above shows all its N rows (the footer then says nothing the
   table does not); under a print cut short in its rows it is still read.
"""

from __future__ import annotations

import pandas as pd
import pytest
from export_files import scan_files

from mia_helpers.export_check import text_tables


def _notebook(text: str, html: str | None = None) -> dict:
    """A one-cell notebook printing ``text`` (a stream output), or displaying ``text`` and
    ``html`` (an execute result)."""
    out = ({"output_type": "stream", "name": "stdout", "text": text} if html is None else
           {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": {"text/plain": text, "text/html": html}})
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "source": "x",
         "outputs": [out]}]}


def _findings(tmp_path, text: str, html: str | None = None, min_cell: int = 10) -> list:
    return scan_files(tmp_path, {"c.ipynb": _notebook(text, html)}, min_cell).findings


def _rules(tmp_path, text: str, html: str | None = None) -> list[str]:
    return sorted({f.rule for f in _findings(tmp_path, text, html)})


# --- 1. space thousands separators under a name of several words ------------------------------

def _starters(values: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"region": ["Antwerp", "Ghent", "Total"], "New starters now": values,
                         "Share (%)": ["50.6", "49.4", "100.0"]})


def test_a_space_thousands_separator_keeps_a_name_of_several_words_one_column(tmp_path):
    t = _starters(["1 234", "1 200", "2 434"])
    text = t.to_string()
    assert "New starters now" in text and "1 234" in text
    got = text_tables(text)
    assert len(got) == 1 and list(got[0].columns) == list(t.columns), got
    assert list(got[0]["New starters now"]) == ["1 234", "1 200", "2 434"]
    assert _rules(tmp_path, text) == []


def test_a_small_count_beside_space_thousands_is_still_found(tmp_path):
    t = _starters(["1 234", "3", "1 237"])
    assert "small_count" in _rules(tmp_path, t.to_string())


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"New starters now": ["1 234", "300"]}),  # one column
    pd.DataFrame({"New starters": ["1", ""], "now": ["234", "300"]})])  # two, the same print
def test_space_thousands_printed_without_an_index_are_refused(tmp_path, frame):
    """Without the index pandas prints no leading space: "New starters now" over "1 234"
    and "300" is one column or two ("New starters" over 1, "now" over 234 and 300), the
    same characters; the hidden 1 of the second must not pass."""
    text = frame.to_string(index=False)
    assert text == "New starters now\n           1 234\n             300"
    found = _findings(tmp_path, text)
    assert "unreadable_table" in {f.rule for f in found}, found
    assert any("thousands" in f.detail for f in found), found


def test_two_columns_one_space_apart_without_an_index_are_still_read_apart(tmp_path):
    """A row with its values two spaces apart under the same names shows two columns."""
    t = pd.DataFrame({"New starters": ["1", "30"], "now": ["234", "5"]})
    text = t.to_string(index=False)
    assert "New starters now" in text
    got = text_tables(text)
    assert list(got[0].columns) == ["New starters", "now"], got
    assert "small_count" in _rules(tmp_path, text)


# --- 2. a columns-axis name ---------------------------------------------------------------------

def _by_sex(n: list[int], columns_name: str, index: list[str] | None = None) -> pd.DataFrame:
    """Counts as text (pandas prints a text column's name one space after the columns' name;
    a column of numbers two)."""
    t = pd.DataFrame({"n_persons": [str(x) for x in n]}, index=index or ["men", "women"])
    t.columns.name = columns_name
    return t


@pytest.mark.parametrize("columns_name", ["measure", "Share (%)"])
def test_a_columns_name_one_space_before_the_first_column_is_no_part_of_its_name(
        tmp_path, columns_name):
    t = _by_sex([3, 200], columns_name)
    text = t.to_string()
    assert f"{columns_name} n_persons" in text
    got = text_tables(text)
    assert list(got[0].columns) == ["n_persons"], got
    assert list(got[0].index) == ["men", "women"]
    assert _rules(tmp_path, text) == ["small_count"]
    assert _rules(tmp_path / "ok", _by_sex([300, 200], columns_name).to_string()) == []


def test_a_columns_name_over_longer_index_labels_is_no_column(tmp_path):
    t = pd.DataFrame({"n_persons": [3, 200], "share": [1.5, 98.5]}, index=["Antwerp", "Ghent"])
    t.columns.name = "what"
    text = t.to_string()
    got = text_tables(text)
    assert list(got[0].columns) == ["n_persons", "share"], got
    assert list(got[0].index) == ["Antwerp", "Ghent"]
    assert "small_count" in _rules(tmp_path, text)
    ok = t.assign(n_persons=[300, 200], share=[60.0, 40.0])
    assert _rules(tmp_path / "ok", ok.to_string()) == []


def test_a_crosstab_with_both_axis_names_is_read_by_its_columns(tmp_path):
    """pd.crosstab names both axes: the columns' name over the index, the index's name on a
    line of its own; the years are the index's labels, not a column's counts."""
    t = pd.DataFrame([[3, 200], [50, 60]], index=pd.Index([2015, 2016], name="year"),
                     columns=pd.Index(["Antwerp", "Ghent"], name="region"))
    text = t.to_string()
    got = text_tables(text)
    assert list(got[0].columns) == ["Antwerp", "Ghent"], got
    assert list(got[0].index) == ["2015", "2016"]
    assert _rules(tmp_path, text) == ["small_count"]
    assert _rules(tmp_path / "ok", t.assign(Antwerp=[30, 50]).to_string()) == []


def test_a_first_column_as_wide_as_its_name_keeps_the_next_column_s_name(tmp_path):
    """Without the index, "region" over labels as wide as it is the first column: the rows'
    labels all end at its end, and "n persons" stays one name (a first version read
    "region n" as the columns' name and "persons" as the column)."""
    t = pd.DataFrame({"region": ["Brugge", "Lommel"], "n persons": ["3", "200"]})
    text = t.to_string(index=False)
    assert text.startswith("region n persons\n")
    got = text_tables(text)
    assert list(got[0].columns) == ["region", "n persons"], got
    assert _rules(tmp_path, text) == ["small_count"]


@pytest.mark.parametrize("text", [
    "n     share\n3       1.5\n200    98.5",  # a count column written left-aligned by hand
    pd.DataFrame({"year": ["2015", "2016"], "n_persons": [3, 200]}).to_string(index=False),
    _by_sex([3, 200], "what", index=["0", "1"]).to_string(),
    "n     share\n3\n200    98.5",  # by hand, a first row of a count alone
    "n      share\nall\n3        1.5\n200     98.5",  # and one of a word alone
    "n      share\nall\n3        1.5\n5        9.5"])
def test_a_first_column_is_not_taken_for_a_columns_name(tmp_path, text):
    """Counts at the start of each row (a first column as wide as its name, or a column
    aligned left) are read as counts, whatever the header's first word: a line with a word
    alone above them does not make them an index's labels (years of a crosstab do)."""
    assert "small_count" in _rules(tmp_path, text)
    assert any(str(c).split()[-1] in ("n", "n_persons") for t in text_tables(text)
               for c in t.columns)


# --- 3. pandas' footer under a print cut short ------------------------------------------------

def _cut(t: pd.DataFrame, rows: int = 60) -> tuple[str, str]:
    with pd.option_context("display.max_columns", 6, "display.width", 80,
                           "display.max_rows", rows, "display.min_rows", rows):
        return repr(t), t._repr_html_()


def test_the_footer_of_a_print_cut_short_in_its_columns_is_no_count(tmp_path):
    text, html = _cut(pd.DataFrame({f"n_{i}": [200, 300] for i in range(30)}))
    assert text.endswith("[2 rows x 30 columns]") and "2 rows × 30 columns" in html
    assert _rules(tmp_path, text) == []
    assert _rules(tmp_path / "html", text, html) == []


def test_a_small_count_above_the_footer_is_still_found(tmp_path):
    text, html = _cut(pd.DataFrame({f"n_{i}": [200, 3 if i == 1 else 300] for i in range(30)}))
    assert _rules(tmp_path, text) == ["small_count"]
    assert "small_count" in _rules(tmp_path / "html", text, html)


def test_the_footer_of_a_print_cut_short_in_its_rows_is_read(tmp_path):
    """Rows left out: the footer's count is the frame's, not the table's shown."""
    text, html = _cut(pd.DataFrame({"n": [200] * 5, "m": [300] * 5}), rows=4)
    assert text.endswith("[5 rows x 2 columns]"), text
    found = _findings(tmp_path, text)
    assert any(f.rule == "small_count" and "5 rows" in f.detail for f in found), found
    found = _findings(tmp_path / "html", text, html)
    assert any(f.rule == "small_count" and "5 rows" in f.detail for f in found), found


@pytest.mark.parametrize("text", ["[3 rows x 30 columns]",
                                  "   n\n0  200\n1  300\n\n[3 rows x 30 columns]"])
def test_a_footer_that_no_table_above_matches_is_read(tmp_path, text):
    assert _rules(tmp_path, text) == ["small_count"]


# --- 4. the same reading in every place a printed table is read ---------------------------------

def _html_pre(s: str) -> str:
    return ("<html><body><pre>" + s.replace("&", "&amp;").replace("<", "&lt;")
            + "</pre></body></html>")


def _footer_print() -> str:
    return _cut(pd.DataFrame({f"n_{i}": [200, 300] for i in range(30)}))[0]


@pytest.mark.parametrize("wrap", [
    lambda s: ("c.ipynb", _notebook(s)),
    lambda s: ("a.md", f"# Table\n\n```text\n{s}\n```\n"),
    lambda s: ("b.html", _html_pre(s))], ids=["notebook", "markdown_fence", "html_pre"])
@pytest.mark.parametrize("text,rules", [
    (_starters(["1 234", "1 200", "2 434"]).to_string(), set()),
    (_starters(["1 234", "3", "1 237"]).to_string(), {"small_count"}),
    (pd.DataFrame({"New starters now": ["1 234", "300"]}).to_string(index=False),
     {"unreadable_table"}),
    (_by_sex([3, 200], "Share (%)").to_string(), {"small_count"}),
    (_by_sex([300, 200], "Share (%)").to_string(), set()),
    (_footer_print(), set())],
    ids=["thousands", "thousands_small", "thousands_no_index", "columns_name",
         "columns_name_ok", "footer"])
def test_printed_tables_are_read_alike_in_notebooks_markdown_and_html(tmp_path, wrap, text,
                                                                      rules):
    name, content = wrap(text)
    found = {f.rule for f in scan_files(tmp_path, {name: content}, 10).findings}
    assert rules <= found and (found <= rules or rules == {"unreadable_table"}), found
