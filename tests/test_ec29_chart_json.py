"""ec29: JSON chart data was read only as generic JSON: a Vega-Lite spec's records whose count
was a float ("starters": 3.0) or a field named by its axis title, a Plotly trace whose counts
were floats under an axis titled "Persons", a Plotly typed array ({"dtype": "i1", "bdata":
...}, what Plotly 6 writes for numpy data), a chart that counts the records it carries in the
renderer (Vega-Lite "aggregate": "count", a Plotly histogram) all passed. Chart records are now
read as a table whose fields named as persons or counts (n, count, persons, starters,
personen...) or shown on an axis so titled are counts; typed arrays are decoded (refused when
they cannot be); renderer-side counting of records is refused (``chart_data``)."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest
from export_files import scan_files

from mia_helpers import export_check as ec


def _scan(tmp_path: Path, files: dict) -> ec.ScanResult:
    return scan_files(tmp_path, files, 10)


def _vl(values: list[dict], encoding: dict | None = None, **more) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {"values": values}, "mark": "bar",
            "encoding": encoding or {"x": {"field": "region", "type": "nominal"},
                                     "y": {"field": "starters", "type": "quantitative"}},
            **more}


def _typed(values, dtype="i1") -> dict:
    arr = np.asarray(values, dtype="<" + dtype)
    return {"dtype": dtype, "bdata": base64.b64encode(arr.tobytes()).decode()}


def _plotly(y, title="Persons", kind="bar", **trace) -> dict:
    return {"data": [{"type": kind, "x": ["Antwerp", "Ghent"], "y": y, **trace}],
            "layout": {"yaxis": {"title": {"text": title}}}}


LEAKS = {
    "vega-lite float count": {"c.vl.json": _vl([{"region": "Antwerp", "starters": 3.0},
                                                {"region": "Ghent", "starters": 40.0}])},
    "vega-lite dutch field": {"c.vl.json": _vl([{"gemeente": "Gent", "personen": 3.0},
                                                {"gemeente": "Brugge", "personen": 40.0}])},
    "vega-lite axis title": {"c.json": _vl(
        [{"region": "Antwerp", "value": 3.0}, {"region": "Ghent", "value": 40.0}],
        {"x": {"field": "region", "type": "nominal"},
         "y": {"field": "value", "type": "quantitative", "title": "Number of job seekers"}})},
    "vega-lite renderer count": {"c.vl.json": _vl(
        [{"region": "Antwerp"}] * 3 + [{"region": "Ghent"}] * 40,
        {"x": {"field": "region", "type": "nominal"}, "y": {"aggregate": "count"}})},
    "vega-lite transform aggregate": {"c.vl.json": _vl(
        [{"region": "Antwerp", "age": 30}], transform=[
            {"aggregate": [{"op": "count", "as": "k"}], "groupby": ["region"]}])},
    "vega data transform": {"c.vg.json": {
        "$schema": "https://vega.github.io/schema/vega/v5.json", "marks": [],
        "data": [{"name": "t", "values": [{"region": "Antwerp"}],
                  "transform": [{"type": "aggregate", "groupby": ["region"]}]}]}},
    "plotly float y under persons": {"f.json": _plotly([3.0, 40.0])},
    "plotly hover names persons": {"f.json": _plotly([3.0, 40.0], title="",
                                                     hovertemplate="%{y} starters")},
    "plotly horizontal": {"f.json": {"data": [{"type": "bar", "orientation": "h",
                                               "y": ["Antwerp", "Ghent"], "x": [3.0, 40.0]}],
                                     "layout": {"xaxis": {"title": "persons"}}}},
    "plotly typed array": {"f.json": _plotly(_typed([3, 40]))},
    "plotly typed array float": {"f.json": _plotly(_typed([3.0, 40.0], "f8"))},
    "plotly typed array without a title": {"f.json": _plotly(_typed([3, 40], "u2"), title="")},
    "plotly typed array unreadable": {"f.json": _plotly({"dtype": "i1", "bdata": "!!not b64"})},
    "plotly typed array unknown dtype": {"f.json": _plotly({"dtype": "c16", "bdata": "AAAA"})},
    "plotly histogram": {"f.json": {"data": [{"type": "histogram", "x": [31, 45, 27, 52]}]}},
    "plotly pie values": {"f.json": {"data": [{"type": "pie", "labels": ["a", "b"],
                                               "values": [3.0, 40.0], "name": "persons"}]}},
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_chart_data_is_read_and_a_small_count_refused(tmp_path, case):
    res = _scan(tmp_path, LEAKS[case])
    rules = {f.rule for f in res.findings}
    assert rules & {"small_count", "chart_data"}, res.findings
    f = next(f for f in res.findings if f.rule in ("small_count", "chart_data"))
    assert f.file.endswith(".json") and f.detail


CLEAN = {
    "vega-lite counts": {"c.vl.json": _vl([{"region": "Antwerp", "starters": 30.0},
                                           {"region": "Ghent", "starters": 40.0}])},
    "vega-lite shares": {"c.vl.json": _vl(
        [{"region": "Antwerp", "share": 2.5}, {"region": "Ghent", "share": 40.0}],
        {"x": {"field": "region", "type": "nominal"},
         "y": {"field": "share", "type": "quantitative", "title": "Share of persons (%)"}})},
    "vega-lite pre-binned": {"c.vl.json": _vl(
        [{"bin_start": 0, "bin_end": 5, "persons": 30}],
        {"x": {"field": "bin_start", "bin": "binned"}, "y": {"field": "persons"}})},
    "plotly shares": {"f.json": _plotly([2.5, 40.0], title="Share entered (%)")},
    "plotly typed counts": {"f.json": _plotly(_typed([30, 40]))},
    "plotly typed matrix": {"f.json": {"data": [{"type": "heatmap", "z": {
        **_typed([[30, 40], [50, 60]], "i2"), "shape": "2,2"}, "name": "persons"}]}},
}


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_legal_chart_data_passes(tmp_path, case):
    res = _scan(tmp_path, CLEAN[case])
    if case == "vega-lite shares":  # dpo47: shares of groups no table counts
        assert {f.rule for f in res.findings} == {"unreadable_share"}, res.findings
        return
    assert res.findings == [], res.findings


def test_a_typed_array_is_decoded():
    assert ec._typed_array(_typed([3, 40])) == [3, 40]
    assert ec._typed_array({**_typed([1, 2, 3, 4], "f4"), "shape": [2, 2]}) == [[1, 2], [3, 4]]
    assert ec._typed_array({"dtype": "i1", "bdata": "%%"}) is None


def test_a_notebook_vega_lite_output_is_read(tmp_path):
    spec = _vl([{"region": "Antwerp", "starters": 3.0}, {"region": "Ghent", "starters": 40.0}])
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": 1, "source": "c",
         "outputs": [{"output_type": "display_data", "metadata": {}, "data": {
             "application/vnd.vegalite.v5+json": spec, "text/plain": "<VegaLite 5 object>"}}]}]}
    res = _scan(tmp_path, {"c.ipynb": nb})
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert "cell 1" in res.findings[0].where or "output 1" in res.findings[0].where
