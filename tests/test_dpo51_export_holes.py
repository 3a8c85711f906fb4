"""dpo51: three holes of export-check that an earlier review found and did not mend.

(a) A total in one output minus its parts in another output of the same export: a table in
    one file gives Limburg's 57 persons, a table in another file of the same run gives them by
    sex, 30 and 24, so 3 persons are derivable. ``linked_difference`` compared the same cell of
    two tables only; it now also sets a group's count in one table against the sum of its
    parts in another (rows whose labels are the group's and one label more), and a total row
    against another table's rows of the same column.
(b) An extreme of a group stated in prose ("the oldest of the 4 IBO starters in Limburg was
    58"), plainly or glued, and a minimum or maximum in a table column whose label names it
    in the middle ("Age of oldest") or in a row of a transposed table ("Oldest age" as a row
    label): ``extreme_value`` read column labels that begin or end with the extreme word only,
    and no text.
(c) A transposed table (groups as columns, a row of persons) was not matched to its
    untransposed twin by ``linked_difference``: "Origin | Persons" with Maghreb 120 beside
    ",Maghreb,Turkish / Persons,117,300" passed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers.export_check import scan


def _rules(folder: Path) -> list[str]:
    return [f.rule for f in scan(folder, min_cell=10).findings]


def _write(folder: Path, files: dict[str, pd.DataFrame | str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, pd.DataFrame):
            content.to_csv(folder / name, index=False)
        else:
            (folder / name).write_text(content)
    return folder


def _by_sex(limburg: list) -> pd.DataFrame:
    return pd.DataFrame({"Province": ["Limburg", "Limburg", "Antwerp", "Antwerp"],
                         "Sex": ["Men", "Women", "Men", "Women"],
                         "Persons": [*limburg, 150, 150]})


# --- (a) a total in one output, its parts in another ----------------------------------------


def test_a_groups_total_minus_its_parts_in_another_file_is_refused(tmp_path):
    """Passed before dpo51: each table on its own, and no cell the same in both."""
    folder = _write(tmp_path, {
        "totals.csv": pd.DataFrame({"Province": ["Limburg", "Antwerp"], "Persons": [57, 300]}),
        "by_sex.csv": _by_sex([30, 24])})
    found = scan(folder, min_cell=10).findings
    assert [f.rule for f in found] == ["linked_difference"], found
    said = found[0].file + found[0].where + found[0].detail
    assert "totals.csv" in said and "by_sex.csv" in said, said
    assert "57" in said and "'Limburg'" in said and "3" in said, said


def test_a_total_row_minus_another_files_rows_is_refused(tmp_path):
    """Passed before dpo51: "Total 57" in one file, Maghreb 30 and Turkish 24 in another."""
    folder = _write(tmp_path, {
        "total.csv": pd.DataFrame({"Origin": ["Total"], "Persons": [57]}),
        "origins.csv": pd.DataFrame({"Origin": ["Maghreb", "Turkish"], "Persons": [30, 24]})})
    found = scan(folder, min_cell=10).findings
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "57" in found[0].detail and "54" in found[0].detail, found


def test_a_hidden_part_given_back_by_another_files_total_is_refused(tmp_path):
    """Women hidden as <10 in one file, Limburg's total in another: 57 - 50 gives them back."""
    folder = _write(tmp_path, {
        "totals.csv": pd.DataFrame({"Province": ["Limburg", "Antwerp"], "Persons": [57, 300]}),
        "by_sex.csv": _by_sex([50, "<10"])})
    assert _rules(folder) == ["linked_difference"]


@pytest.mark.parametrize("total, parts", [(54, [30, 24]), (70, [30, 24]), (57, [30, 27])])
def test_totals_equal_to_their_parts_or_far_from_them_pass(tmp_path, total, parts):
    folder = _write(tmp_path, {
        "totals.csv": pd.DataFrame({"Province": ["Limburg", "Antwerp"],
                                    "Persons": [total, 300]}),
        "by_sex.csv": _by_sex(parts)})
    assert _rules(folder) == []


def test_parts_counted_in_another_column_are_not_compared(tmp_path):
    folder = _write(tmp_path, {
        "totals.csv": pd.DataFrame({"Province": ["Limburg", "Antwerp"], "Persons": [57, 300]}),
        "by_sex.csv": _by_sex([30, 24]).rename(columns={"Persons": "Starters"})})
    assert _rules(folder) == []


# --- (b) extremes in prose and in tables ----------------------------------------------------


@pytest.mark.parametrize("prose", [
    "The oldest of the 4 IBO starters in Limburg was 58.",
    "The oldest of the 40 IBO starters in Limburg was 58 years old.",
    "In Limburg, the youngest IBO starter was aged 19 at the start.",
    "Limburg's eldest newcomer: 71.",
    "The earliest arrival among the Limburg starters came in 2009.",
    "The latest starter in Limburg started in 2016.",
    "The maximum age of the Limburg starters is 64.",
])
def test_an_extreme_stated_in_text_is_refused(tmp_path, prose):
    """Each passed before dpo51: an extreme is one person's value, whatever the group's size
    (as a table's column of them, ``extreme_value``)."""
    folder = _write(tmp_path, {"notes.md": f"# Notes\n\n{prose}\n"})
    found = scan(folder, min_cell=10).findings
    assert "extreme_value" in {f.rule for f in found}, found
    assert "line 3" in next(f.detail for f in found if f.rule == "extreme_value")


@pytest.mark.parametrize("prose", [
    "The runs are listed oldest first.",
    "The window's latest quarter is 2016Q4, its earliest 2005Q1.",
    "It is the quarter of the 10th-latest school leaver, so that no single record sets it.",
    "The latest data hold 40 starters in Limburg.",
    "Chapter 3 gives the earliest estimates, 12 quarters after the start.",
])
def test_text_without_a_persons_extreme_passes(tmp_path, prose):
    assert _rules(_write(tmp_path, {"notes.md": f"# Notes\n\n{prose}\n"})) == []


def _glue(name: str, plain: str) -> dict:
    prefix = "application/papermill.record/"
    return {"output_type": "display_data", "data": {prefix + "text/plain": plain},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": prefix}}}


def test_a_glued_extreme_in_a_notebooks_prose_is_refused(tmp_path):
    """The glued values are read in place (dpo50); the extreme they state passed."""
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "glue(...)",
         "outputs": [_glue("lim_n", "40"), _glue("lim_oldest", "58")]},
        {"cell_type": "markdown", "metadata": {}, "source":
         "The oldest of the {glue}`lim_n` IBO starters in Limburg was {glue}`lim_oldest`."}]}
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "chapter.ipynb").write_text(json.dumps(nb))
    found = scan(tmp_path / "chapter.ipynb", min_cell=10).findings
    assert [f.rule for f in found] == ["extreme_value"], found
    assert "cell 2" in found[0].where and "58" in found[0].detail, found


@pytest.mark.parametrize("table", [
    pd.DataFrame({"Group": ["A", "B"], "Persons": [4, 150], "Age of oldest": [58, 61]}),
    pd.DataFrame({"Group": ["A", "B"], "Persons": [40, 150],
                  "Age of the youngest (years)": [18, 19]}),
    pd.DataFrame({"Statistic": ["Persons", "Oldest age"], "Limburg": [40, 58],
                  "Antwerp": [150, 61]}),
    pd.DataFrame({"Statistic": ["Persons", "max"], "Limburg": [40, 58], "Antwerp": [150, 61]}),
], ids=["word inside", "youngest inside", "transposed", "transposed max"])
def test_an_extreme_named_inside_a_label_or_as_a_row_is_refused(tmp_path, table):
    """Passed before dpo51 (the extreme word neither first nor last of a column label)."""
    assert "extreme_value" in _rules(_write(tmp_path, {"t.csv": table}))


@pytest.mark.parametrize("table", [
    pd.DataFrame({"Statistic": ["Persons", "Largest |SMD| after"], "A": [40, 0.05],
                  "B": [150, 0.08]}),
    pd.DataFrame({"Group": ["A", "B"], "Persons": [40, 150],
                  "Quarters since job (max 12)": [3, 4]}),
], ids=["diagnostic row", "cap"])
def test_diagnostics_and_caps_still_pass(tmp_path, table):
    assert _rules(_write(tmp_path, {"t.csv": table})) == []


# --- (c) a transposed twin ------------------------------------------------------------------


def test_a_transposed_twin_a_few_persons_apart_is_refused(tmp_path):
    """Passed before dpo51: the wide table's groups are its columns."""
    folder = _write(tmp_path, {
        "origins.csv": pd.DataFrame({"Origin": ["Maghreb", "Turkish"], "Persons": [120, 300]}),
        "wide.csv": "Origin,Maghreb,Turkish\nPersons,117,300\n"})
    found = scan(folder, min_cell=10).findings
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "'Maghreb'" in found[0].detail and "120" in found[0].detail \
        and "117" in found[0].detail, found


def test_a_transposed_twin_with_the_same_counts_passes(tmp_path):
    folder = _write(tmp_path, {
        "origins.csv": pd.DataFrame({"Origin": ["Maghreb", "Turkish"], "Persons": [120, 300]}),
        "wide.csv": "Origin,Maghreb,Turkish\nPersons,120,300\n"})
    assert _rules(folder) == []
