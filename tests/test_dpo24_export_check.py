"""dpo24: what ``export-check`` let through unread in an executed notebook.

Found in this session by planting "3 persons" (min_cell 13) in a copy of chapter 1's executed
notebook (seed 3737): each of these passed as OK before, although the check is an allowlist
that must refuse what it cannot read: an output of another mimetype (``text/csv``,
``text/x-rst``), the text of an SVG figure, the prose and caption of an HTML output (in the
notebook and in its HTML rendering), a raw cell, a cell's attachments and the notebook's
widget state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mia_helpers import export_check as ec

SMALL = "Eastern EU: 3 persons"


def _nb(cells: list[dict], metadata: dict | None = None) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {}, "cells": cells}


def _output(data: dict) -> dict:
    return {"cell_type": "code", "execution_count": 1, "id": "c", "metadata": {}, "source": "x",
            "outputs": [{"output_type": "display_data", "data": data, "metadata": {}}]}


def _rules(tmp_path: Path, nb: dict) -> list[tuple[str, str]]:
    path = tmp_path / "chapter.ipynb"
    path.write_text(json.dumps(nb))
    return [(f.rule, f.where) for f in ec.scan(path, 13).findings]


@pytest.mark.parametrize("data", [
    {"text/csv": "origin,persons\nEastern EU,3\n"},
    {"text/x-rst": SMALL},
    {"application/vnd.jupyter.widget-view+json": {"model_id": "abc"}},
])
def test_an_output_of_an_unread_mimetype_is_refused(tmp_path, data):
    assert _rules(tmp_path, _nb([_output(data)])) == [("unreadable", "cell 1, output 1")]


@pytest.mark.parametrize("data", [
    {"text/html": f"<p>{SMALL}</p>", "text/plain": "<IPython.core.display.HTML object>"},
    {"text/html": f"<table><caption>{SMALL}</caption><tr><th>Persons</th></tr>"
                  "<tr><td>40</td></tr></table>", "text/plain": "   Persons\n0       40"},
    {"image/svg+xml": f"<svg><text x='0' y='9'>{SMALL}</text></svg>",
     "text/plain": "<Figure size 640x480 with 1 Axes>"},
])
def test_text_of_html_and_svg_outputs_is_read(tmp_path, data):
    assert _rules(tmp_path, _nb([_output(data)])) == [("small_count", "cell 1 [In 1], output 1")]


def test_raw_cells_attachments_and_widget_state_are_not_passed_unread(tmp_path):
    raw = {"cell_type": "raw", "id": "r", "metadata": {}, "source": SMALL}
    att = {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "![a](attachment:a.png)",
           "attachments": {"a.png": {"image/png": "iVBORw0KGgo="}}}
    widgets = {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}
    assert sorted(_rules(tmp_path, _nb([raw, att], widgets))) == [
        ("small_count", "cell 1 (raw)"), ("unreadable", "cell 2"),
        ("unreadable", "notebook metadata")]


def test_the_books_outputs_still_pass(tmp_path):
    """A glued Markdown table, a PNG figure, a DataFrame's HTML and a printed warning, as the
    chapters make them, pass (the allowlist is not widened to refuse what the book shows)."""
    cells = [
        _output({"application/papermill.record/text/markdown":
                 "| Origin | Persons |\n|:---|---:|\n| Belgian | 2,204 |\n",
                 "application/papermill.record/text/plain": "<Markdown>"}),
        _output({"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480>"}),
        _output({"text/html": "<table><tr><th></th><th>Persons</th></tr><tr><th>0</th>"
                              "<td>40</td></tr></table>",
                 "text/plain": "   Persons\n0       40"}),
        {"cell_type": "code", "execution_count": 2, "id": "s", "metadata": {}, "source": "y",
         "outputs": [{"output_type": "stream", "name": "stderr",
                      "text": "NotIdentifiedWarning: term 'x' dropped: collinear.\n"}]},
    ]
    assert _rules(tmp_path, _nb(cells)) == []


def test_the_html_rendering_reads_an_html_outputs_prose(tmp_path):
    html = ('<html><body><div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-output" '
            f'data-mime-type="text/html"><p>{SMALL}</p></div></div></body></html>')
    path = tmp_path / "chapter.html"
    path.write_text(html)
    assert [(f.rule, f.where) for f in ec.scan(path, 13).findings] == [("small_count", "prose")]
