"""dpo52: holes of export-check left open by dpo51, each mended with a test that failed before.

(1) A total minus its parts across outputs (``linked_difference``, ``_linked_parts``) was
    matched on equal row labels only: a total labelled "All origins" or "Total persons" in
    one file was no total for the origins of another; parts given by horizon, quarter or
    year (a column of whole numbers) were never summed; parts printed as columns ("Province
    | Men | Women") were not read as parts; a table of one row without labels was no total.
(2) A transposed table whose column labels are years, quarters or horizons
    ("Year,2008,2009 / Persons,117,300"), and a cross table with such headers ("Origin |
    2008 | 2009"), were not matched with their long twins.
(3) A printed categorical Series: the line of its categories under pandas' footer hid the
    footer, and a count of 3 passed.
(4) A printed table whose first column holds datetimes with their times under a name of
    several words ("Day of start"): the name was split where the date ends.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from export_files import scan_files

from mia_helpers.export_check import scan, text_tables


def _write(folder: Path, files: dict[str, pd.DataFrame | str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, pd.DataFrame):
            content.to_csv(folder / name, index=False)
        else:
            (folder / name).write_text(content)
    return folder


def _found(folder: Path) -> list:
    return scan(folder, min_cell=10).findings


def _origins(maghreb: int = 30, turkish: int = 24) -> pd.DataFrame:
    return pd.DataFrame({"Origin": ["Maghreb", "Turkish"], "Persons": [maghreb, turkish]})


# --- (1) totals and parts -------------------------------------------------------------------


@pytest.mark.parametrize("label", ["All origins", "Total persons", "Alle herkomsten",
                                   "ALL (origins)"])
def test_a_total_labelled_otherwise_minus_another_files_parts_is_refused(tmp_path, label):
    """Passed before dpo52: only "All", "Total", "Overall" alone were read as a total row."""
    found = _found(_write(tmp_path, {
        "total.csv": pd.DataFrame({"Origin": [label], "Persons": [57]}),
        "origins.csv": _origins()}))
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "57" in found[0].detail and "54" in found[0].detail, found


def test_a_remainder_row_is_a_part_not_a_total(tmp_path):
    """"All other origins" is one of the parts: with it they add up to the total."""
    parts = pd.DataFrame({"Origin": ["Maghreb", "Turkish", "All other origins"],
                          "Persons": [30, 24, 13]})
    found = _found(_write(tmp_path, {
        "total.csv": pd.DataFrame({"Origin": ["All origins"], "Persons": [67]}),
        "origins.csv": parts}))
    assert found == []


def _by_horizon(h0: list[int], h4: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"Origin": ["Maghreb", "Turkish"] * 2, "Horizon": [0, 0, 4, 4],
                         "Persons": [*h0, *h4]})


def test_parts_at_a_horizon_minus_a_total_without_one_are_refused(tmp_path):
    """Passed before dpo52: a row told apart by a horizon was never a part."""
    found = _found(_write(tmp_path, {"total.csv": pd.DataFrame({"Origin": ["Total"],
                                                                "Persons": [57]}),
                                     "horizons.csv": _by_horizon([30, 24], [200, 300])}))
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "'Maghreb / 0'" in found[0].detail and "54" in found[0].detail, found


def test_parts_at_a_horizon_minus_the_same_horizons_total_are_refused(tmp_path):
    """The total by horizon in one file, the origins by horizon in another (no label in the
    totals' table: read by its horizon)."""
    found = _found(_write(tmp_path, {
        "total.csv": pd.DataFrame({"Horizon": [0, 4], "Persons": [57, 30]}),
        "horizons.csv": _by_horizon([30, 24], [18, 12])}))
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "57 there" in found[0].detail and "30 there" not in found[0].detail, found


def test_parts_by_quarter_summed_against_a_groups_total_are_refused(tmp_path):
    """Each person enters in one quarter: Maghreb's inflows by quarter add up to 54 of 57."""
    inflows = pd.DataFrame({"Origin": ["Maghreb"] * 3, "Quarter": [2008, 2009, 2010],
                            "Persons": [20, 20, 14]})
    found = _found(_write(tmp_path, {"total.csv": _origins(57, 300), "inflows.csv": inflows}))
    assert [f.rule for f in found] == ["linked_difference"], found


def test_parts_printed_as_columns_are_refused(tmp_path):
    """Passed before dpo52: "Province | Men | Women" beside "Province | Persons"."""
    found = _found(_write(tmp_path, {
        "totals.csv": pd.DataFrame({"Province": ["Limburg", "Antwerp"], "Persons": [57, 300]}),
        "by_sex.csv": pd.DataFrame({"Province": ["Limburg", "Antwerp"], "Men": [30, 140],
                                    "Women": [24, 160]})}))
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "'Limburg / Men'" in found[0].detail, found


def test_a_one_row_table_is_a_total(tmp_path):
    """Passed before dpo52: "Persons / 57" without a label was left out."""
    found = _found(_write(tmp_path, {"total.csv": "Persons\n57\n", "origins.csv": _origins()}))
    assert [f.rule for f in found] == ["linked_difference"], found


@pytest.mark.parametrize("total, h0", [(54, [30, 24]), (120, [30, 24]), (57, [30, 27])])
def test_horizon_parts_that_add_up_or_lie_far_apart_pass(tmp_path, total, h0):
    assert _found(_write(tmp_path, {
        "total.csv": pd.DataFrame({"Origin": ["All origins"], "Persons": [total]}),
        "horizons.csv": _by_horizon(h0, [200, 300])})) == []


# --- (2) numbers as headers -----------------------------------------------------------------


def test_a_transposed_table_of_years_beside_its_twin_is_refused(tmp_path):
    """Passed before dpo52: a number as a column label named no group."""
    found = _found(_write(tmp_path, {
        "years.csv": pd.DataFrame({"Year": [2008, 2009], "Persons": [120, 300]}),
        "wide.csv": "Year,2008,2009\nPersons,117,300\n"}))
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "120" in found[0].detail and "117" in found[0].detail, found


@pytest.mark.parametrize("heads, keys", [(["2008", "2009"], [2008, 2009]),
                                         (["2008Q1", "2008Q2"], ["2008Q1", "2008Q2"])])
def test_a_cross_table_of_years_or_quarters_beside_its_long_twin_is_refused(tmp_path, heads,
                                                                            keys):
    """Passed before dpo52: the cross table's cells had no count name to match."""
    wide = f"Origin,{heads[0]},{heads[1]}\nMaghreb,117,300\nTurkish,200,250\n"
    long = pd.DataFrame({"Origin": ["Maghreb", "Maghreb", "Turkish", "Turkish"],
                         "Period": keys * 2, "Persons": [120, 300, 200, 250]})
    found = _found(_write(tmp_path, {"wide.csv": wide, "long.csv": long}))
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "120" in found[0].detail and "117" in found[0].detail, found


def test_twins_with_the_same_counts_pass(tmp_path):
    long = pd.DataFrame({"Origin": ["Maghreb", "Maghreb", "Turkish", "Turkish"],
                         "Year": [2008, 2009] * 2, "Persons": [120, 300, 200, 250]})
    assert _found(_write(tmp_path, {
        "wide.csv": "Origin,2008,2009\nMaghreb,120,300\nTurkish,200,250\n",
        "transposed.csv": "Year,2008,2009\nPersons,320,550\n",
        "long.csv": long})) == []


# --- (3) a categorical Series, (4) a datetime under a name of several words -----------------


def _notebook(text: str) -> dict:
    """A one-cell notebook printing ``text`` (a stream output)."""
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "source": "x",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}]}


def _printed_rules(tmp_path: Path, text: str) -> list[str]:
    return sorted({f.rule for f in scan_files(tmp_path, {"c.ipynb": _notebook(text)},
                                              10).findings})


@pytest.mark.parametrize("values", [[3, 150, 40], ["3", "150", "40"]], ids=["int", "text"])
@pytest.mark.parametrize("ordered", [False, True])
def test_a_categorical_series_of_counts_is_read(tmp_path, values, ordered):
    """Passed before dpo52: the "Categories (3, int64): [...]" line under pandas' footer hid
    the footer, and the block was read as a garbled table without counts."""
    s = pd.Series(pd.Categorical(values, ordered=ordered), name="Persons",
                  index=["Maghreb", "Turkish", "Other"])
    assert str(s).splitlines()[-1].startswith("Categories (")
    assert _printed_rules(tmp_path, str(s)) == ["small_count"]


def test_a_long_categorical_series_lists_its_categories(tmp_path):
    """A Series cut short ("..."): the count it leaves out stands in its categories."""
    s = pd.Series(pd.Categorical([150 + i for i in range(30)] + [3] + [180 + i for i in
                                                                       range(30)]), name="Persons")
    text = str(s)
    body, footer = text.split("Name:")
    assert not any(ln.endswith(" 3") for ln in body.splitlines()), text
    assert "..." in footer and "[3, " in footer, text
    tables = text_tables(text)
    assert any("3" in list(t.iloc[:, 0]) for t in tables), tables
    assert _printed_rules(tmp_path, text) == ["small_count"]


def test_a_categorical_series_of_labels_passes(tmp_path):
    s = pd.Series(pd.Categorical(["Maghreb", "Turkish", "Other"] * 20), name="origin")
    assert _printed_rules(tmp_path, str(s)) == []


@pytest.mark.parametrize("index", [False, True])
@pytest.mark.parametrize("name", ["Day of start", "Spell began on"])
def test_a_datetime_under_a_name_of_several_words_is_one_column(tmp_path, index, name):
    """Read as two columns before dpo52 ("Day" and "of start"): the name's space stood over
    the space between the date and its time."""
    t = pd.DataFrame({name: pd.to_datetime(["2008-01-01 10:00:00", "2008-04-01 00:00:00"]),
                      "Persons": [3, 150]})
    text = t.to_string(index=index)
    assert len(text.splitlines()[0].strip()) < len(text.splitlines()[1].strip())
    (table,) = text_tables(text)
    assert list(table.columns) == [name, "Persons"], table
    assert list(table.iloc[:, 0]) == ["2008-01-01 10:00:00", "2008-04-01 00:00:00"], table
    assert _printed_rules(tmp_path, text) == ["small_count"]


# --- (5) adapt's log: one list of columns for the writer and export-check -------------------


def test_adapts_log_is_written_and_known_by_one_list_of_columns(tmp_path):
    """export-check typed the log's first four columns apart from adapt, which writes them
    (dpo52): a column renamed or moved in adapt would have let a renamed log pass unnoticed.
    Both now read :data:`mia_helpers.adapters.core.LOG_COLUMNS`."""
    from test_analyst19_adapt import _delivery

    from mia_helpers.adapters import adapt
    from mia_helpers.adapters.core import LOG_COLUMNS, LOG_KEY_COLUMNS
    from mia_helpers.export_check import _extract_layout

    adapt(_delivery(tmp_path), tmp_path / "out")
    written = tmp_path / "out" / "adapt_log.csv"
    assert pd.read_csv(written, nrows=0).columns.tolist() == LOG_COLUMNS
    assert LOG_KEY_COLUMNS == LOG_COLUMNS[:len(LOG_KEY_COLUMNS)]
    renamed = tmp_path / "rows.csv"
    renamed.write_text(written.read_text())
    assert "adapt's log" in (_extract_layout(renamed) or "")
    renamed.write_text(",".join(reversed(LOG_COLUMNS)) + "\n" + "0," * 8 + "0\n")
    assert _extract_layout(renamed) is None


# --- attack: a count with its share or total in one text cell -------------------------------


@pytest.mark.parametrize("cells, rule", [
    (["3 (7.5%)", "150 (50%)"], "small_count"),
    (["7.5% (3)", "50% (150)"], "small_count"),
    (["3/40", "150/300"], "small_count"),
    (["37 (92.5%)", "150 (50%)"], "complement"),
    (["92.5% (37)", "50.0% (150)"], "complement"),
    (["37/40", "150/300"], "complement"),
    (["37 of 40", "150 of 300"], "complement"),
], ids=["count (share)", "share (count)", "count/total", "complement (share)",
        "complement share (count)", "complement count/total", "complement of"])
def test_a_count_with_its_share_in_one_cell_is_read(tmp_path, cells, rule):
    """Passed before dpo52: the column was text, read as labels. "37 (92.5%)" implies 40
    persons, 3 of them outside the count."""
    found = _found(_write(tmp_path, {"t.csv": pd.DataFrame({"Group": ["A", "B"],
                                                            "Entered": cells})}))
    assert rule in {f.rule for f in found}, found


@pytest.mark.parametrize("label, cells", [
    ("Entered", ["37 (50.0%)", "150 (50%)"]),
    ("Entered", ["150 (99.9%)", "<10"]),
    ("Period", ["2008 (1)", "2009 (2)"]),
    ("Date", ["1/4", "2/5"]),
])
def test_counts_with_shares_that_leave_many_out_and_dates_pass(tmp_path, label, cells):
    assert _found(_write(tmp_path, {"t.csv": pd.DataFrame({"Group": ["A", "B"],
                                                           label: cells})})) == []


@pytest.mark.parametrize("prose", [
    "37 of the 40 starters in Limburg found a job.",
    "In Limburg 37 out of 40 starters found a job.",
    "Thirty-seven of the forty IBO starters in Limburg found a job.",
])
def test_a_count_that_leaves_few_of_its_whole_out_is_refused(tmp_path, prose):
    """Passed before dpo52: only the part (37) was read; the whole minus it is 3 persons."""
    found = _found(_write(tmp_path, {"notes.md": f"# Notes\n\n{prose}\n"}))
    assert [f.rule for f in found] == ["small_count"], found
    assert "the whole minus the count" in found[0].detail, found


@pytest.mark.parametrize("prose", ["20 of the 40 starters in Limburg found a job.",
                                   "40 of the 40 starters in Limburg were women."])
def test_a_count_far_from_its_whole_or_equal_to_it_passes_this_rule(tmp_path, prose):
    found = _found(_write(tmp_path, {"notes.md": f"# Notes\n\n{prose}\n"}))
    assert "small_count" not in {f.rule for f in found}, found


# --- attack: grid and box-drawn tables ------------------------------------------------------

_BOXES = {
    "markdown grid": "+-------+---------+\n| Group | Persons |\n+=======+=========+\n"
                     "| A     |       3 |\n+-------+---------+\n| B     |     150 |\n"
                     "+-------+---------+\n",
    "fancy_grid": "╒═════════╤═══════════╕\n│ Group   │   Persons │\n╞═════════╪═══════════╡\n"
                  "│ A       │         3 │\n├─────────┼───────────┤\n│ B       │       150 │\n"
                  "╘═════════╧═══════════╛\n",
    "rounded": "╭─────────┬───────────╮\n│ Group   │   Persons │\n├─────────┼───────────┤\n"
               "│ A       │         3 │\n│ B       │       150 │\n╰─────────┴───────────╯\n",
    "rich": "┏━━━━━━━┳━━━━━━━━━┓\n┃ Group ┃ Persons ┃\n┡━━━━━━━╇━━━━━━━━━┩\n"
            "│ A     │       3 │\n│ B     │     150 │\n└───────┴─────────┘\n",
    "orgtbl": "| Group   |   Persons |\n|---------+-----------|\n| A       |         3 |\n"
              "| B       |       150 |\n",
}


@pytest.mark.parametrize("where", ["printed", "markdown"])
@pytest.mark.parametrize("box", list(_BOXES), ids=list(_BOXES))
def test_a_box_drawn_table_is_read(tmp_path, box, where):
    """Each passed before dpo52 but orgtbl (refused as unreadable printed and in Markdown):
    the rules were not read as a table's, and the rows not as a pipe table's."""
    text = _BOXES[box]
    found = (scan_files(tmp_path, {"c.ipynb": _notebook(text)}, 10).findings
             if where == "printed" else
             _found(_write(tmp_path, {"n.md": f"# Notes\n\n{text}\nAfter the table.\n"})))
    assert "small_count" in {f.rule for f in found}, found


def test_a_box_drawn_table_without_small_counts_passes_and_keeps_its_lines(tmp_path):
    """The table read as a pipe table keeps its lines: the prose's count after it is found
    on its own line."""
    text = _BOXES["fancy_grid"].replace("│         3 │", "│        30 │")
    found = _found(_write(tmp_path, {"n.md": f"# Notes\n\n{text}\nThe 3 starters left.\n"}))
    assert [f.rule for f in found] == ["small_count"] and "line 11" in found[0].detail, found


# --- attack: shares not named as shares -----------------------------------------------------


@pytest.mark.parametrize("label, share", [("Entries per 100 persons", "7.5"),
                                          ("Entered per hundred", "7.5"),
                                          ("Entered", "7.5%")])
def test_a_share_per_hundred_or_written_with_its_sign_is_read(tmp_path, label, share):
    """Passed before dpo52: 7.5 per hundred of 40 persons is 3 of them."""
    found = _found(_write(tmp_path, {"t.csv": pd.DataFrame(
        {"Group": ["A", "B"], "Persons": [40, 200], label: [share, "50%" if "%" in share
                                                            else "50"]})}))
    assert [f.rule for f in found] == ["share_count"], found


def test_a_relative_effect_with_its_sign_is_no_share_of_persons(tmp_path):
    assert _found(_write(tmp_path, {"t.csv": pd.DataFrame(
        {"Group": ["A", "B"], "Persons": [40, 200], "Relative effect": ["7.5%", "50%"]})})) == []


@pytest.mark.parametrize("label", ["Cumulative entered", "cum_entered"])
def test_a_cumulative_count_by_horizon_stepping_by_a_few_is_refused(tmp_path, label):
    """Passed before dpo52: 40 entered by horizon 0, 43 by horizon 1: 3 entered between."""
    found = _found(_write(tmp_path, {"t.csv": pd.DataFrame(
        {"Horizon": [0, 1, 2], label: [40, 43, 60]})}))
    assert [f.rule for f in found] == ["horizon_difference"], found


def test_a_cumulative_count_stepping_by_many_passes(tmp_path):
    assert _found(_write(tmp_path, {"t.csv": pd.DataFrame(
        {"Horizon": [0, 1, 2], "Cumulative entered": [40, 53, 70]})})) == []
