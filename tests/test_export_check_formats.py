"""``export-check`` reads every table form the book and its users publish, and refuses what it
cannot read: MyST ``{table}`` blocks glued as Markdown (the chapters' tables), GFM pipe tables
with or without outer pipes, HTML tables with optional end tags omitted (also inside
Markdown), and notebooks saved under another name. Trial 9 found each of these passing
unchecked."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import cli
from mia_helpers.export_check import html_tables, markdown_tables, scan
from mia_helpers.labels import table_markdown

MIN_CELL = 10
SUPPORT = pd.DataFrame({"measure": ["workplace_learning_ibo", "training_basic"],
                        "n_treated": [792, 665], "n_pool": [51644, 50871],
                        "n_matched": [728, 547], "share_dropped_pct": [8.1, 17.7]})


def _glued_notebook(path: Path, markdown: str, name: str = "tbl-effects-support") -> Path:
    """A notebook with one table glued as myst-nb does (``glue(name, Markdown, display=False)``)."""
    out = {"output_type": "display_data", "metadata": {"scrapbook": {
        "mime_prefix": "application/papermill.record/", "name": name}},
        "data": {"application/papermill.record/text/markdown": markdown,
                 "application/papermill.record/text/plain": "<IPython.core.display.Markdown>"}}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": f"```{{glue:md}} {name}\n"
                                                            ":format: myst\n```\n"},
        {"cell_type": "code", "execution_count": 1, "metadata": {"tags": []}, "source": "glue()",
         "outputs": [out]}]}
    path.write_text(json.dumps(nb))
    return path


def test_glued_myst_table_is_read_as_columns(tmp_path):
    """Finding 1: a chapter table (MyST ``{table}`` glued as Markdown) was one text column."""
    md = table_markdown(SUPPORT, "Common support.", "tbl-effects-support").data
    tables, problems = markdown_tables(md)
    assert problems == [] and len(tables) == 1
    assert list(tables[0].columns)[:2] == ["Measure", "Starters"]
    assert tables[0]["Starters"].tolist() == ["792", "665"]
    _glued_notebook(tmp_path / "04.ipynb", md)
    assert scan(tmp_path, MIN_CELL).ok
    leak = SUPPORT.assign(n_treated=[7, 665], n_matched=[5, 547])
    _glued_notebook(tmp_path / "04.ipynb", table_markdown(leak, "Common support.", "t").data)
    found = scan(tmp_path, MIN_CELL).findings
    assert any(f.rule == "small_count" and "'Starters'" in f.detail for f in found), found
    assert all(f.file == "04.ipynb" for f in found)


@pytest.mark.parametrize("text", [
    "origin | n_persons\n--- | ---\nbelgian | 120\nturkish | 7\n",  # no outer pipes
    "| origin | n_persons |\n|:--|--:|\n| belgian | 120 |\n| turkish | 7 |\n",
    "Text before.\n| origin | n_persons |\n|---|---|\n| belgian | 120 |\n| turkish | 7 |\n:::\n",
    "<p>x</p>\n\n<table><tr><th>origin</th><th>n_persons</th></tr>"
    "<tr><td>turkish</td><td>7</td></tr></table>\n",  # raw HTML in Markdown
])
def test_markdown_tables_of_every_form_are_checked(tmp_path, text):
    """Finding 2: GFM tables without outer pipes and HTML tables in a .md passed unchecked."""
    (tmp_path / "res.md").write_text(text)
    found = scan(tmp_path, MIN_CELL).findings
    assert [f.rule for f in found] == ["small_count"], found
    assert "'n_persons'" in found[0].detail


@pytest.mark.parametrize("text", [
    "| origin | n_persons |\n| belgian | 120 |\n| turkish | 7 |\n",  # no delimiter row
    "| origin | n |\n|---|---|\n| belgian | 120 | 7 |\n",  # a row wider than the header
    "```{list-table}\n* - origin\n  - n\n* - turkish\n  - 7\n```\n",
    ":::{table} Caption\n:name: t\n\norigin  n\nturkish 7\n:::\n",  # {table} without a table
])
def test_table_like_markdown_that_cannot_be_read_is_refused(tmp_path, text):
    (tmp_path / "res.md").write_text(text)
    found = scan(tmp_path, MIN_CELL).findings
    assert "unreadable_table" in [f.rule for f in found], found
    assert cli.main(["export-check", str(tmp_path)]) == 1


@pytest.mark.parametrize("html", [
    # optional end tags omitted (HTML5 allows it), no </table>
    "<table><tr><th>origin</th><th>n_persons</th></tr><tr><td>belgian</td><td>120</td></tr>"
    "<tr><td>turkish</td><td>7</td></tr>",
    "<html><body><table><tr><th>origin</th><th>n_persons</th></tr><tr><td>belgian</td>"
    "<td>120</td><tr><td>turkish</td><td>7</td></table></body></html>",
    "<table><tr><th>origin<th>n_persons<tr><td>belgian<td>120<tr><td>turkish<td>7</table>",
    "<TABLE><TR><TH>origin</TH><TH>n_persons</TH></TR><TR><TD>turkish</TD><TD>7</TD></TR>"
    "</TABLE>",
])
def test_html_with_optional_end_tags_omitted_is_read(tmp_path, html):
    """Finding 2: '0 table(s) OK' on HTML without </tr>, </td> or </table>."""
    (tmp_path / "res.html").write_text(html)
    res = scan(tmp_path, MIN_CELL)
    assert res.tables == 1 and [f.rule for f in res.findings] == ["small_count"], res.findings
    t = html_tables(html)[0]
    assert t["n_persons"].tolist()[-1] == "7"


def test_html_with_a_table_tag_the_parser_does_not_see_is_refused(tmp_path):
    # a <table inside a comment-like construct the parser skips; count mismatch -> refuse
    (tmp_path / "res.html").write_text("<table><tr><td>a</td></tr></table>"
                                       "<![CDATA[<table><tr><td>7</td></tr></table>]]>")
    rules = [f.rule for f in scan(tmp_path, MIN_CELL).findings]
    assert "unreadable_table" in rules


def test_renamed_notebook_is_read_as_a_notebook_not_a_traceback(tmp_path, capsys):
    """Finding 4: an .ipynb renamed to .json crashed in _text_column (a cell's source is a
    list); it is read as the notebook it is."""
    md = table_markdown(SUPPORT.assign(n_treated=[7, 665]), "Common support.", "t").data
    nb = _glued_notebook(tmp_path / "nb.ipynb", md)
    cells = json.loads(nb.read_text())
    cells["cells"] += [{"cell_type": "markdown", "metadata": {}, "source": ["a\n", "b"]}] * 3
    nb.write_text(json.dumps(cells))
    nb.rename(tmp_path / "nb.json")
    found = scan(tmp_path, MIN_CELL).findings
    assert any(f.rule == "small_count" and f.file == "nb.json" and "'Starters'" in f.detail
               for f in found), found
    assert cli.main(["export-check", str(tmp_path)]) == 1


def test_json_records_holding_lists_are_checked_not_a_traceback(tmp_path):
    (tmp_path / "odd.json").write_text(json.dumps(
        [{"source": ["a", "b"], "n": 500}, {"source": ["c"], "n": 300},
         {"source": [], "n": 4}]))
    found = scan(tmp_path, MIN_CELL).findings
    assert any(f.rule == "small_count" for f in found), found
