"""dpo32: chapter 3's multinomial logit warned "term 'origin_generation[southern_eu:first]'
is not identified for outcome 'workplace_learning_ibo': none of its rows have that outcome"
(seed 8080, 1,500 residents, 500 newcomers, min_cell 15; seven origin groups and the
durations u[5] to u[8+]). The zero is a cell of a group that the tables hide when it is
below min_cell (its complement, the group, is small: the share rule), and it says of each of
those few persons that they never entered the measure. The outcome and the zero are now
withheld, and export-check refuses printed text that still states them."""
from __future__ import annotations

import json
from pathlib import Path

from mia_helpers import disclosure
from mia_helpers import export_check as ec

RAW = ("Warning (not identified): inflow model (duration + origin): term "
       "'origin_generation[southern_eu:first]' is not identified for outcome "
       "'workplace_learning_ibo': none of its rows have that outcome (quasi-complete "
       "separation). Its estimate is reported as NaN (identified=False).\n")
BASE = ("Warning (not identified): inflow model: term 'u[8+]' is not identified: none of its "
        "rows have the base outcome 'none' (quasi-complete separation).\n")


def _notebook(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {},
         "source": "fits = fit()", "outputs": [
             {"output_type": "stream", "name": "stderr", "text": text}]}]}
    (folder / "ch.ipynb").write_text(json.dumps(nb))
    return folder


def test_the_outcome_none_of_a_terms_rows_have_is_withheld():
    out = disclosure.withhold_separation_counts(RAW)
    assert "workplace_learning_ibo" not in out and "none of its rows" not in out
    assert "term 'origin_generation[southern_eu:first]' is not identified for one outcome " \
           "(which and why withheld; quasi-complete separation)" in out
    base = disclosure.withhold_separation_counts(BASE)
    assert "none of its rows" not in base and "'none'" not in base
    reason = disclosure.withhold_separation_counts("no rows of 'training_basic' where it is 1")
    assert reason == "one outcome missing where it is 1 (which withheld)"


def test_a_raw_warning_is_refused_and_a_withheld_one_passes(tmp_path):
    raw = ec.scan(_notebook(tmp_path / "raw", RAW + BASE), 15)
    assert [f.rule for f in raw.findings] == ["small_count"], raw.findings
    assert "none of its rows have that outcome" in raw.findings[0].detail
    kept = disclosure.withhold_separation_counts(RAW + BASE)
    assert ec.scan(_notebook(tmp_path / "kept", kept), 15).ok


def test_other_warnings_are_kept():
    text = "Warning: term 'u[5]' dropped: collinear with the constant.\n"
    assert disclosure.withhold_separation_counts(text) == text
