"""ec29: a ``{samp}`` role inside an HTML table cell ("<td>{samp}`{3}`</td>") was taken for
a marked example (or for text), so a count of 3 in a column of persons passed. Sphinx does not
parse MyST roles in raw HTML: the cell shows the role's text, and that text is the table's. The
cell is now read as that text (``{x}`` reads ``x``): a legal value passes, a small count is
refused, in a Markdown file, a notebook's markdown cell and its rendered HTML, and in an HTML
page. A pipe-table cell that is one role of a number ("| Gent | {samp}`{3}` |") holds that
number; a role inside a pipe table's text stays a marked example (book/disclosure.md quotes
one in its table of rules)."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_files import scan_files, scan_notebook_and_html

from mia_helpers import export_check as ec


def _table(a: str, b: str) -> str:
    return ("<table>\n<tr><th>Region</th><th>persons</th><th>note</th></tr>\n"
            f"<tr><td>Antwerp</td><td>{{samp}}`{a}`</td><td>x</td></tr>\n"
            f"<tr><td>Ghent</td><td>55</td><td>{{samp}}`{b}`</td></tr>\n</table>\n")


def _scan_files(tmp_path: Path, files: dict) -> ec.ScanResult:
    return scan_files(tmp_path, files, 10)


def _scan_notebook(tmp_path: Path, source: str) -> tuple[ec.ScanResult, ec.ScanResult]:
    return scan_notebook_and_html(tmp_path, source, 10)[:2]


SMALL = [("{3}", "40 persons"), ("40", "only 3 persons entered"), ("n = {4}", "x")]


@pytest.mark.parametrize(("a", "b"), SMALL)
@pytest.mark.parametrize("where", ["page.md", "page.html"])
def test_a_small_count_in_a_samp_role_of_an_html_cell_is_refused(tmp_path, where, a, b):
    body = _table(a, b)
    res = _scan_files(tmp_path, {where: f"<html><body>{body}</body></html>\n"
                                 if where.endswith("html") else f"# Page\n\n{body}"})
    assert "small_count" in {f.rule for f in res.findings}, res.findings
    assert res.examples == []


@pytest.mark.parametrize(("a", "b"), SMALL)
def test_in_a_notebook_and_its_html_too(tmp_path, a, b):
    nb_res, html_res = _scan_notebook(tmp_path, "# C\n\n" + _table(a, b))
    for res in (nb_res, html_res):
        assert "small_count" in {f.rule for f in res.findings}, res.findings


@pytest.mark.parametrize("where", ["page.md", "page.html"])
def test_a_legal_value_in_a_samp_role_of_an_html_cell_passes(tmp_path, where):
    body = _table("{40}", "40 persons")
    res = _scan_files(tmp_path, {where: f"<html><body>{body}</body></html>\n"
                                 if where.endswith("html") else f"# Page\n\n{body}"})
    assert res.findings == [] and res.examples == [], res.findings
    nb_res, html_res = _scan_notebook(tmp_path, "# C\n\n" + body)
    assert nb_res.findings == []
    # a runner's HTML alone is an incomplete run (no manifest): that rule only
    assert {f.rule for f in html_res.findings} == {"incomplete_run"}, html_res.findings


def test_a_pipe_cell_that_is_one_role_of_a_number_holds_it(tmp_path):
    small = "# T\n\n| region | persons |\n|---|---|\n| Antwerp | {samp}`{3}` |\n| Ghent | 55 |\n"
    res = _scan_files(tmp_path, {"t.md": small})
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert "column 'persons'" in res.findings[0].detail
    legal = small.replace("{samp}`{3}`", "{samp}`{30}`")
    assert _scan_files(tmp_path / "b", {"t.md": legal}).findings == []


def test_a_role_in_a_pipe_tables_text_stays_an_example(tmp_path):
    res = _scan_files(tmp_path, {"t.md": "# T\n\n| rule | example |\n|---|---|\n"
                                         "| bar | the date of {samp}`4 persons'` records |\n"})
    assert res.findings == [], res.findings
    assert [p for _, _, p in res.examples] == ["4 persons'"]
