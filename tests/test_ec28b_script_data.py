"""ec28b: a hand-written HTML page whose <script> draws a chart (Plotly, Vega, Chart.js, Bokeh)
carries the chart's data, which export-check read only as prose: a Plotly bar of 3 and 40
persons passed. Scripts that carry data arrays are refused (``script_data``), naming the file,
the script's line and the remedy (a PNG through the chapter runner, or a CSV); the runner's own
scripts (MathJax's configuration, its module script) and a page without data pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mia_helpers import export_check as ec


def _page(body: str) -> str:
    return f"<html><head><title>Entries</title></head><body>\n<p>Entries by region.</p>\n{body}\n</body></html>\n"


PLOTLY = ('<div id="fig"></div>\n<script type="text/javascript">\nPlotly.newPlot("fig", '
          '[{"type": "bar", "x": ["Antwerp", "Ghent"], "y": [3, 40]}], {"title": "Entrants"});'
          '\n</script>')
PLOTLY_BDATA = ('<script>Plotly.newPlot("fig", [{"type": "bar", "x": ["Antwerp", "Ghent"], '
                '"y": {"dtype": "i1", "bdata": "AygA"}}]);</script>')
VEGA = ('<script type="application/json" id="spec">{"data": {"values": [{"region": "Antwerp",'
        ' "n": 3}, {"region": "Ghent", "n": 40}]}, "mark": "bar"}</script>')
BOKEH = ('<script type="application/json" id="p1">{"data": {"top": {"__ndarray__": "AwAAACgA'
         'AAA=", "dtype": "int32", "shape": [2]}}}</script>')
CHARTJS = ("<canvas id='c'></canvas><script>new Chart(document.getElementById('c'), {type: "
           "'bar', data: {labels: ['Antwerp', 'Ghent'], datasets: [{data: ['3', '40.0']}]}});"
           "</script>")
LEAKS = {"plotly": PLOTLY, "plotly bdata": PLOTLY_BDATA, "vega": VEGA, "bokeh": BOKEH,
         "chart.js with quoted numbers": CHARTJS}


def _scan(tmp_path: Path, files: dict[str, str]) -> ec.ScanResult:
    root = tmp_path / "export"
    root.mkdir()
    for rel, content in files.items():
        (root / rel).write_text(content, encoding="utf-8")
    return ec.scan(root, 12)


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_page_whose_script_carries_chart_data_is_refused(tmp_path, case):
    res = _scan(tmp_path, {"chart.html": _page(LEAKS[case])})
    assert [(f.file, f.rule) for f in res.findings] == [("chart.html", "script_data")], \
        res.findings
    f = res.findings[0]
    assert f.where.startswith("script at line ") and "PNG" in f.detail \
        and "python -m mia_helpers chapter" in f.detail


def test_the_finding_names_the_scripts_line(tmp_path):
    res = _scan(tmp_path, {"chart.html": _page(PLOTLY)})
    assert res.findings[0].where == "script at line 4"  # the <script> tag, after the <div>


def test_a_script_in_a_markdown_page_is_refused(tmp_path):
    res = _scan(tmp_path, {"chart.md": "# Entries\n\n" + PLOTLY + "\n"})
    assert [f.rule for f in res.findings] == ["script_data"], res.findings


def test_a_script_in_a_notebooks_html_output_is_refused(tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": 1,
         "source": "fig.show()", "outputs": [
             {"output_type": "display_data", "metadata": {},
              "data": {"text/html": PLOTLY, "text/plain": "Figure"}}]}]}
    res = _scan(tmp_path, {"c.ipynb": json.dumps(nb)})
    assert [(f.rule, f.where) for f in res.findings] == [
        ("script_data", "cell 1 [In 1], output 1, script at line 2")], res.findings


RUNNER_MATHJAX = """<script type="text/x-mathjax-config">
    init_mathjax = function() {
        if (window.MathJax) {
            MathJax.Hub.Config({
                TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
                tex2jax: {
                    inlineMath: [ ['$','$'], ["\\\\(","\\\\)"] ],
                    displayMath: [ ['$$','$$'], ["\\\\[","\\\\]"] ],
                    processEscapes: true,
                },
            });
            MathJax.Hub.Queue(["Typeset", MathJax.Hub]);
        }
    }
    init_mathjax();
</script>"""
CLEAN = {
    "the runner's MathJax configuration": RUNNER_MATHJAX,
    "a script without data": "<script>document.title = 'Entries 2010';</script>",
    "a script loaded from a file": '<script src="mathjax/MathJax.js?config=TeX-AMS_CHTML">'
                                   '</script>',
    "a chart's data outside a script (a table is read as one)": (
        "<table><tr><th>region</th><th>n_persons</th></tr><tr><td>Antwerp</td><td>40</td>"
        "</tr></table>"),
}


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_clean_controls_pass(tmp_path, case):
    res = _scan(tmp_path, {"page.html": _page(CLEAN[case])})
    assert res.ok, res.findings


def test_a_script_in_a_notebooks_markdown_cell_is_refused(tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# Entries\n" + PLOTLY}]}
    res = _scan(tmp_path, {"c.ipynb": json.dumps(nb)})
    assert [(f.rule, f.where) for f in res.findings] == [
        ("script_data", "cell 1 (markdown), script at line 3")], res.findings
