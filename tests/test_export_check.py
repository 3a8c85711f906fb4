"""``export-check``: fails on a planted small cell or person id (naming file and cell), passes on
clean, suppressed output. Notebooks are built here as JSON with the outputs Jupyter records for
real DataFrame displays (``_repr_html_`` and ``repr``), so the parser meets the real layouts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import cli
from mia_helpers.disclosure import safe_crosstab, suppress_small_cells
from mia_helpers.export_check import check_table, html_tables, scan, text_tables

MIN_CELL = 10


def _display(df: pd.DataFrame | pd.Series) -> dict:
    data = {"text/plain": repr(df)}
    if isinstance(df, pd.DataFrame):
        data["text/html"] = df._repr_html_()
    return {"output_type": "execute_result", "execution_count": 1, "data": data, "metadata": {}}


def _stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def _json(obj) -> dict:
    return {"output_type": "display_data", "data": {"application/json": obj}, "metadata": {}}


def _notebook(path: Path, cells: list[tuple[list[dict], list[str]]]) -> Path:
    nb = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Title"}] + [
            {"cell_type": "code", "execution_count": i + 1, "metadata": {"tags": tags},
             "source": "x", "outputs": outputs}
            for i, (outputs, tags) in enumerate(cells)
        ],
    }
    path.write_text(json.dumps(nb))
    return path


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({
        "origin": ["belgian", "maghreb", "turkish", "subsaharan"],
        "n": [1200, 4, 35, 0],
        "share_employed": [0.61, 0.5, 0.4, np.nan],
    })


@pytest.fixture
def clean_cells(table) -> list:
    safe = suppress_small_cells(table, value_cols=["share_employed"], min_cell=MIN_CELL)
    persons = pd.DataFrame({"person_id": np.arange(1, 31), "sex": ["male", "female"] * 15,
                            "origin": ["belgian"] * 30})
    cross = safe_crosstab(persons, "origin", "sex", min_cell=MIN_CELL)
    return [
        ([_display(safe)], []),
        ([_display(safe.set_index("origin"))], []),
        ([_stream(safe.to_string() + "\n")], []),
        ([_display(cross)], ["counts"]),
        ([_display(pd.Series([120, 45], index=["a", "b"], name="count"))], []),
        ([_json({"measure": "ibo", "n_treated": 250, "att_pp": 3.1})], []),
        ([_display(pd.DataFrame({"n_bootstrap": [5], "seed": [2005]}))], []),
        ([_stream("built the panel: 4,500 persons\n")], []),
    ]


def test_clean_notebook_and_csv_pass(tmp_path, clean_cells, table):
    _notebook(tmp_path / "chapter.ipynb", clean_cells)
    # the share hidden with its small count (dpo30c: a share of "<10" persons is refused)
    suppress_small_cells(table, min_cell=MIN_CELL, value_cols={"share_employed": "n"}).to_csv(
        tmp_path / "results.csv", index=False)
    res = scan(tmp_path, MIN_CELL)
    assert res.ok, "\n".join(map(str, res.findings))
    assert (res.notebooks, res.csv_files) == (1, 1) and res.tables == 8  # the one-line print is no table; the CSV is one
    assert cli.main(["export-check", str(tmp_path)]) == 0


@pytest.mark.parametrize("layout", ["html", "text", "stream"])
def test_small_cell_in_a_notebook_fails_naming_file_and_cell(tmp_path, clean_cells, table, layout):
    planted = {"html": _display(table), "text": {**_display(table), "data": {
        "text/plain": repr(table)}}, "stream": _stream(table.to_string())}[layout]
    cells = clean_cells[:3] + [([planted], [])] + clean_cells[3:]
    _notebook(tmp_path / "04_effects.ipynb", cells)
    res = scan(tmp_path, MIN_CELL)
    assert [f.rule for f in res.findings] == ["small_count"]
    f = res.findings[0]
    assert f.file == "04_effects.ipynb"
    assert f.where.startswith("cell 5 [In 4]")  # numbered from 1; cell 1 is the markdown title
    assert "'n'" in f.detail and "1 count " in f.detail


def test_person_id_column_in_a_notebook_fails(tmp_path, clean_cells, capsys):
    rows = pd.DataFrame({"person_id": [17, 23, 31], "quarter": [4, 5, 6], "employed": [1, 0, 1]})
    _notebook(tmp_path / "ch.ipynb", clean_cells + [([_display(rows)], [])])
    assert cli.main(["export-check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "ch.ipynb: cell 10 [In 9], output 1, table 1: person_id_column" in out
    assert "person_level_rows" in out  # quarter and employed of three persons
    assert "FAILED (3 problems;" in out  # and employed (0/1) is an integer column


def test_printed_person_level_rows_fail(tmp_path):
    rows = pd.DataFrame({"person_id": [17, 23], "quarter": [4, 5], "position": ["a b", "c"]})
    _notebook(tmp_path / "ch.ipynb", [([_stream(rows.to_string())], [])])
    # leak48: pandas prints "quarter position" with one space (a text column); read as one
    # column, the rows' quarter and position were no person attributes. check_table of the
    # DataFrame itself gives both rules.
    assert [f.rule for f in scan(tmp_path).findings] == ["person_id_column", "person_level_rows"]
    assert [r for r, _ in check_table(rows, 10)] == ["person_id_column", "person_level_rows"]


def test_small_cell_and_person_id_in_csv_fail(tmp_path, table):
    table.to_csv(tmp_path / "figure_data.csv", index=False)
    pd.DataFrame({"pseudo_id": [1, 2], "n": [100, 200]}).to_csv(tmp_path / "x.csv", index=False)
    res = scan(tmp_path, MIN_CELL)
    got = {(f.file, f.rule) for f in res.findings}
    assert got == {("figure_data.csv", "small_count"), ("x.csv", "person_id_column")}
    small = next(f for f in res.findings if f.rule == "small_count")
    assert "(line 3)" in small.detail  # header is line 1, maghreb's row is line 3
    assert cli.main(["export-check", str(tmp_path / "figure_data.csv")]) == 1


def test_min_cell_is_a_parameter(tmp_path):
    pd.DataFrame({"group": ["a", "b"], "n": [12, 30]}).to_csv(tmp_path / "t.csv", index=False)
    assert scan(tmp_path, min_cell=10).ok
    assert not scan(tmp_path, min_cell=20).ok
    assert cli.main(["export-check", str(tmp_path), "--min-cell", "20"]) == 1


def test_tagged_and_json_counts(tmp_path):
    cross = pd.DataFrame({"male": [120, 3], "female": [80, 40]}, index=["a", "b"])
    _notebook(tmp_path / "a.ipynb", [([_display(cross)], ["counts"])])
    _notebook(tmp_path / "b.ipynb", [([_display(cross)], [])])  # untagged: integers are counts
    _notebook(tmp_path / "c.ipynb", [([_json([{"measure": "ibo", "n_treated": 4}])], [])])
    mc = pd.DataFrame({"estimator": ["matched"], "n": [5]})  # five Monte Carlo replications
    _notebook(tmp_path / "d.ipynb", [([_display(mc)], ["not-person-counts"])])
    files = {f.file for f in scan(tmp_path).findings}
    assert files == {"a.ipynb", "b.ipynb", "c.ipynb"}


def test_id_like_values_without_an_id_name(tmp_path):
    rng = np.random.default_rng(0)
    sample = pd.DataFrame({"quarter": rng.integers(0, 48, 25), "employed": rng.integers(0, 2, 25)},
                          index=rng.choice(np.arange(1000, 50_000), 25, replace=False))
    hashed = pd.DataFrame({"key": [f"{x:032x}" for x in rng.integers(1, 2**62, 30)],
                           "quarter": np.arange(30)})
    by_quarter = pd.DataFrame({"quarter": np.arange(48), "persons": 1000 + np.arange(48)})
    assert "id_like_values" in [r for r, _ in check_table(sample)]
    assert [r for r, _ in check_table(hashed)] == ["id_like_values"]
    assert check_table(by_quarter) == []  # consecutive quarters are not ids


def test_data_files_are_refused_hidden_folders_too(tmp_path):
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "panel.parquet")
    (tmp_path / ".jupyter_cache").mkdir()
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / ".jupyter_cache" / "hidden.parquet")
    assert [(f.file, f.rule) for f in scan(tmp_path).findings] == [
        (".jupyter_cache/hidden.parquet", "data_file"), ("panel.parquet", "data_file"),
        (str(tmp_path), "nothing_checked")]


def test_parsers_read_multilevel_html_and_text():
    m = pd.DataFrame([[1, 20], [30, 40]],
                     columns=pd.MultiIndex.from_tuples([("n", "male"), ("n", "female")]),
                     index=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")], names=["o", "g"]))
    h = html_tables(m._repr_html_())[0]
    assert list(h.columns) == [("n", "male"), ("n", "female")]
    assert list(h.index) == [("a", "x"), ("a", "y")]  # rowspan expanded
    assert h.iloc[:, 0].tolist() == ["1", "30"]
    styled = html_tables(m.style.to_html())[0]
    assert styled.iloc[:, 1].tolist() == ["20", "40"]
    t = text_tables(pd.DataFrame({"origin": ["a b", "c"], "n": [1, 22222]}).to_string())[0]
    assert t["n"].tolist() == ["1", "22222"] and t["origin"].tolist() == ["a b", "c"]


def test_rows_labelled_as_non_counts_are_exempt_from_the_integer_rule():
    fit = pd.DataFrame({"M0": [27, 26339, 4123], "M1": [34, 26339, 4123]},
                       index=["terms per outcome", "quarters", "persons"])
    assert check_table(fit, 50) == []
    fit.loc["persons"] = [4, 4123]  # a count row stays a count
    assert [r for r, _ in check_table(fit, 50)] == ["small_count", "small_count"]


def test_chapter_labels_are_not_counts_but_real_counts_stay_caught():
    """Issue 16: chapter 6's ``chapter`` column ("02".."05") was read as person counts."""
    est = [1.2, 0.8, 1.5, 2.0]
    # the chapter 6 layout: a column named chapter, zero-padded codes
    ok = pd.DataFrame({"chapter": ["02", "02", "03", "05"], "estimate": est})
    assert check_table(html_tables(ok.to_html())[0]) == []
    # zero-padded codes in a column not named as a reference are labels too
    codes = pd.DataFrame({"code": ["02", "05", "12", "03"], "estimate": est})
    assert check_table(html_tables(codes.to_html())[0]) == []
    # the other direction: counts printed as plain integers are caught, whatever the name ...
    plain = pd.DataFrame({"group": ["a", "b", "c", "d"], "members": ["2", "5", "12", "30"],
                          "estimate": est})
    assert [r for r, _ in check_table(plain)] == ["small_count"]
    # ... mixed widths are not codes (5, 12, 100) ...
    widths = pd.DataFrame({"members": ["05", "12", "100", "30"], "estimate": est})
    assert [r for r, _ in check_table(widths)] == ["small_count"]
    # ... and a column named as a count stays one even when padded
    named = pd.DataFrame({"chapter": ["02", "03", "04", "05"], "n_persons": ["04", "12", "30",
                                                                            "40"]})
    found = check_table(html_tables(named.to_html())[0])
    assert [r for r, _ in found] == ["small_count"] and "n_persons" in found[0][1]


def test_an_empty_folder_or_one_without_outputs_fails(tmp_path, capsys):
    """Issue 16: export-check on an empty folder passed; nothing checked is not a pass."""
    empty = tmp_path / "empty"
    empty.mkdir()
    res = scan(empty)
    assert not res.ok and [f.rule for f in res.findings] == ["nothing_checked"]
    assert cli.main(["export-check", str(empty)]) == 1
    assert "nothing was checked" in capsys.readouterr().out
    # the checking record written by that run is not an output: still nothing checked
    assert [f.rule for f in scan(empty).findings] == ["nothing_checked"]
    # one readable output makes it a real check
    pd.DataFrame({"origin": ["a", "b"], "n": [20, 30]}).to_csv(empty / "t.csv", index=False)
    assert scan(empty).ok


@pytest.mark.parametrize("csv_text, leak", [
    ("origin,persons\nbelgian,852\nmaghreb,277\nother,x\nall,1134\n", True),  # other = 5
    ("group,n\nA,12\nB,25\nTotal,40\n", True),  # 3 persons not shown
    ("group,n\nA,12\nB,25\nC,40\n77,x\n", False),  # no total row: nothing to subtract from
    ("origin,persons\nbelgian,852\nmaghreb,<10\nother,x\nall,1145\n", False),  # hidden: 16
    ("group,n\nA,12\nB,25\nTotal,37\n", False),  # exhaustive, nothing hidden
    ("group,n\nA,12\nB,25\nTotal,60\n", False),  # 23 persons not shown: not small
])
def test_complements_across_rows_with_a_total(tmp_path, csv_text, leak):
    """Issue 16: a hidden cell or an unpublished remainder recoverable from a total row."""
    (tmp_path / "t.csv").write_text(csv_text)
    rules = [f.rule for f in scan(tmp_path).findings]
    assert (rules == ["complement"]) if leak else (rules == [])


def test_total_row_found_by_its_value_and_in_a_notebook(tmp_path):
    """A total row without a total label (equal to the sum of the others in one column) is
    the total of the other count columns too; an HTML index label works like a CSV column."""
    t = pd.DataFrame({"n": [100, 50, 150], "n_employed": [40, "x", 47]},
                     index=pd.Index(["belgian", "maghreb", "everyone"], name="origin"))
    found = check_table(html_tables(t.to_html())[0])
    assert [r for r, _ in found] == ["complement"] and "n_employed" in found[0][1]
    t2 = pd.DataFrame({"persons": [852, 277, "x"]},
                      index=pd.Index(["belgian", "maghreb", "All origins"], name="origin"))
    assert check_table(html_tables(t2.to_html())[0]) == []  # the total itself is hidden
    t3 = pd.DataFrame({"persons": [852, 277, "x", 1134]},
                      index=pd.Index(["belgian", "maghreb", "other", "All origins"]))
    _notebook(tmp_path / "ch.ipynb", [([_display(t3)], [])])
    assert {f.rule for f in scan(tmp_path).findings} == {"complement"}
