"""fresh50: chapter 4 on an own extract (seed 4090, 2008Q1..2015Q4, two measures, ``k`` 5,
``min_cell`` 20) printed two not-identified warnings of the propensity logits of equal length;
``export-check`` read the two lines as a printed table (their words ending over the same
words taken for columns) and failed the chapter's own output: a column "one" holding the
count 1. Lines that repeat half of their first line's words in place are no header over
values (:func:`mia_helpers.export_check._repeats_words`); a printed table is still read."""
from __future__ import annotations

import pandas as pd
from export_files import scan_files

from mia_helpers.export_check import text_tables

#: the two warnings as chapter 4 printed them (fresh50's run), one line each
WARNINGS = "".join(
    f"Warning (not identified): '{m}' propensity logits: {n} risk set(s) have terms without "
    f"treated or without controls (e.g. risk set {r}: term '{t}' has one group only where it "
    "is 1 (direction withheld)); the ridge keeps the scores finite; every case is listed in "
    "the not_identified column of the per-risk-set support (a match result's support, an "
    "effects result's support())\n"
    for m, n, r, t in (("training_vocational", 7, 1, "dutch_level[none]"),
                       ("mediation_guidance", 2, 8, "origin[eastern_eu]")))


def _notebook(text: str) -> dict:
    """A one-cell notebook printing ``text`` (a stream output)."""
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "source": "x",
         "outputs": [{"output_type": "stream", "name": "stderr", "text": text}]}]}


def test_the_two_lines_are_of_equal_length():
    """The premise: the rows end where the header does, as a printed table's do."""
    first, second = WARNINGS.splitlines()
    assert len(first) == len(second) and first != second


def test_two_warnings_of_one_template_are_no_table(tmp_path):
    assert all(len(t.columns) == 1 for t in text_tables(WARNINGS))
    for min_cell in (10, 20):
        found = scan_files(tmp_path / str(min_cell), {"ch.ipynb": _notebook(WARNINGS)},
                           min_cell).findings
        assert found == [], found


def test_a_printed_table_is_still_read(tmp_path):
    table = pd.DataFrame({"region": ["Antwerp", "Ghent"], "persons": [3, 240]}).to_string()
    assert list(text_tables(table)[0].columns) == ["region", "persons"]
    found = scan_files(tmp_path, {"ch.ipynb": _notebook(table + "\n")}, 10).findings
    assert [f.rule for f in found] == ["small_count"], found
