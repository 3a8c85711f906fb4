"""``export-check`` reads every table form the book and its users publish, and refuses what it
cannot read: MyST ``{table}`` blocks glued as Markdown (the chapters' tables), GFM pipe tables
with or without outer pipes, HTML tables with optional end tags omitted (also inside
Markdown), and notebooks saved under another name. Trial 9 found each of these passing
unchecked."""

from __future__ import annotations

import hashlib
import json
import re
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


def _run_folder(folder: Path, record: dict | None, data_dir: str | None = "extract") -> Path:
    """A chapter run folder as the runner leaves it: notebook, manifest, disclosure record."""
    folder.mkdir(parents=True, exist_ok=True)
    md = table_markdown(SUPPORT, "Common support.", "tbl-effects-support").data
    nb = folder / "04_activation_effects.ipynb"
    _glued_notebook(nb, md)
    (folder / "manifest.json").write_text(json.dumps(
        {"manifest_version": 1, "parameters": {"min_cell": 10, "data_dir": data_dir},
         # the runner's hash of what it wrote (dpo47: without it, the notebook is refused)
         "outputs": {nb.name: {"sha256": hashlib.sha256(nb.read_bytes()).hexdigest()}}}))
    if record is not None:
        (folder / "disclosure_record.json").write_text(json.dumps(record))
    return folder


def _record(status: str, summary: str) -> dict:
    return {"version": "mia_helpers.disclosure 2", "results": {"output_0": {
        "output": "common support", "status": status, "summary": summary, "min_cell": 10,
        "count_cols": ["n_treated"]}}}


def test_a_record_marked_fail_says_fail_whatever_its_summary(tmp_path):
    """Finding 5: 'failed disclosure control: pass' when the status was edited to fail."""
    _run_folder(tmp_path / "ae", _record("fail", "pass"))
    found = [f for f in scan(tmp_path).findings if f.rule == "disclosure_record"]
    assert len(found) == 1 and "marks table 'common support' 'fail'" in found[0].detail
    assert "failed disclosure control: pass" not in found[0].detail
    assert "inconsistent" in found[0].detail
    assert scan(_run_folder(tmp_path / "ok", _record("pass", "pass"))).ok


def test_a_run_folder_without_its_disclosure_record_is_refused(tmp_path, capsys):
    """Finding 5: deleting disclosure_record.json let a run folder pass."""
    _run_folder(tmp_path / "ae", None)
    found = scan(tmp_path).findings
    assert [(f.file, f.rule) for f in found] == [("ae/disclosure_record.json",
                                                   "disclosure_record")]
    assert "no disclosure_record.json" in found[0].detail
    # a notebook exported without the runner's manifest is checked on its own content
    (tmp_path / "ae" / "manifest.json").unlink()
    assert scan(tmp_path).ok


def test_min_cell_below_two_and_an_unwritable_record_are_clear_errors(tmp_path, capsys):
    """Finding 5: --min-cell 1 was accepted (no count can fail at 1); --record in a folder that
    cannot be written named a temporary file."""
    pd.DataFrame({"group": ["a", "b"], "n": [12, 30]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(SystemExit) as err:
        cli.main(["export-check", str(tmp_path), "--min-cell", "1"])
    assert err.value.code == 2 and "--min-cell" in capsys.readouterr().err
    with pytest.raises(ValueError, match=">= 2"):
        scan(tmp_path, min_cell=1)
    target = tmp_path / "t.csv" / "rec.json"  # a folder that cannot exist (root too)
    assert cli.main(["export-check", str(tmp_path / "t.csv"), "--record", str(target)]) == 2
    err_text = capsys.readouterr().err
    assert f"{target}: cannot write the checking record" in err_text
    assert ".tmp" not in err_text


def test_the_effects_csv_says_it_is_not_disclosure_controlled(tmp_path):
    """Finding 5: the effects command's CSV always failed (horizon_difference) without saying
    that it is not meant to leave."""
    rows = pd.DataFrame({"measure": "ibo", "estimand": "now_vs_never",
                         "quarter_since_start": [4, 5, 8], "estimator": "matched",
                         "att_pp": [9.2, 9.2, 10.7], "att_rel": 0.2, "ci_low": 1.0,
                         "ci_high": 2.0, "n_treated": [568, 551, 549], "se": 1.0, "df": 99,
                         "point_identified": True, "interval": "linearized", "ci_level": 0.95})
    rows.to_csv(tmp_path / "effects.csv", index=False)
    rules = [f.rule for f in scan(tmp_path).findings]
    assert "uncontrolled_output" in rules and "horizon_difference" in rules


def test_the_chapters_own_tables_pass_and_real_counts_in_them_fail(tmp_path):
    """Finding 3: the real-data workflow failed on the chapters' correctly suppressed tables:
    quarters of a definition, counts of table cells, percentages and the starters of a
    27-row summary were read as person counts or ids; the same tables with a small count of
    persons must still fail."""
    rng = __import__("numpy").random.default_rng(1)
    stable = pd.DataFrame({"origin": ["belgian", "maghreb"] * 2, "stable_quarters": [4, 4, 8, 8],
                           "n_persons": [852, 355, 852, 355], "share_pct": [62, 52, 33, 22]})
    sex = pd.DataFrame({"event": ["job", "stable"], "model": ["M0", "M0"],
                        "mean": [-0.07, 0.04], "n_cells": [7, 4]})
    summary = pd.DataFrame({"measure": ["workplace_learning_ibo"] * 27,
                            "quarter": list(range(1, 28)),
                            "att_pp": rng.normal(5, 2, 27).round(1),
                            "n_treated": rng.choice(range(1000, 6500), 27, replace=False)})
    tables = {"stable": stable, "sex": sex, "summary": summary}
    for name, t in tables.items():
        (tmp_path / f"{name}.md").write_text(table_markdown(t, "Caption.", f"tbl-{name}").data)
    assert scan(tmp_path).ok, scan(tmp_path).findings
    leaks = {"stable": stable.assign(n_persons=[852, 7, 852, 355]),
             "sex": sex.assign(n_persons=[120, 6]),
             "summary": summary.assign(n_treated=[4, *summary["n_treated"][1:]])}
    for name, t in leaks.items():
        (tmp_path / f"{name}.md").write_text(table_markdown(t, "Caption.", f"tbl-{name}").data)
    found = scan(tmp_path).findings
    assert {f.file for f in found if f.rule == "small_count"} == {"stable.md", "sex.md",
                                                                   "summary.md"}, found
    assert any("'Starters'" in f.detail for f in found if f.file == "summary.md")


def test_a_cell_reading_id_in_an_html_table_is_no_identifier_column(tmp_path):
    """Finding 3: the exclusion log's rule "orphan id" (a cell of an HTML table) was reported
    as a printed table with a column 'id'; a real id column or printed id header still fails."""
    log = pd.DataFrame({"register": ["ksz", "vdab"], "rule": ["orphan id", "orphan id"],
                        "rows": [0, 0], "of_rows": [67766, 4013]})
    (tmp_path / "log.html").write_text(log.to_html(index=False))
    assert scan(tmp_path).ok, scan(tmp_path).findings
    (tmp_path / "ids.html").write_text(
        pd.DataFrame({"id": [17, 23], "quarter": [4, 5]}).to_html(index=False))
    (tmp_path / "printed.html").write_text(
        '<div class="output"><pre>   id  quarter\n0  17        4\n1  23        5</pre></div>')
    rules = {(f.file, f.rule) for f in scan(tmp_path).findings}
    assert ("ids.html", "person_id_column") in rules and ("printed.html",
                                                          "person_id_column") in rules


def test_findings_count_from_one_and_name_the_book_table(tmp_path, capsys):
    """Finding 3: messages gave 0-based 'table 8' and row indices; they count from 1 and name
    the book's table (glue name in a notebook, "Table k" and its label in the HTML)."""
    leak = SUPPORT.assign(n_treated=[792, 7])
    _glued_notebook(tmp_path / "04.ipynb", table_markdown(leak, "C.", "tbl-effects-support").data)
    body = table_markdown(leak, "C.", "tbl-effects-support").data.split("\n\n", 1)[1]
    (tmp_path / "04.html").write_text(
        '<p><a id="tbl-effects-support"></a></p><p><strong>Table 3.</strong> C.</p>'
        + "".join(t.to_html(index=False) for t in markdown_tables(body)[0]))
    found = {f.file: f for f in scan(tmp_path).findings if f.rule == "small_count"}
    nb, html = found["04.ipynb"], found["04.html"]
    assert nb.where == "cell 2 [In 1], output 1, table 1 (tbl-effects-support)"
    assert "(row 2)" in nb.detail  # Basic training, the second row
    # an HTML file's table and rows carry their lines in the file (ec24)
    assert html.where == "table 1 (book Table 3, tbl-effects-support) at line 1"
    line = int(re.search(r"\(row 2 at file line (\d+)\)", html.detail).group(1))
    row = (tmp_path / "04.html").read_text().splitlines()[line - 1:]
    assert row[0].strip() == "<tr>" and "<td>7</td>" in "".join(row[:row.index("    </tr>")])
    assert cli.main(["export-check", str(tmp_path)]) == 1
    assert "numbered from 1" in capsys.readouterr().out


def test_a_monte_carlo_summary_counts_data_sets_not_persons(tmp_path):
    """Appendix A's glued Monte Carlo tables (read since the MyST tables are read): the data
    sets flagged as not point-identified are replications, not persons; a person count named
    as one in such a table still fails."""
    mc = pd.DataFrame({"measure": ["training_basic"] * 3, "quarter_since_start": [1, 4, 8],
                       "bias": [0.1, -0.2, 0.3], "mc_se_bias": [0.05, 0.05, 0.06],
                       "not_point_identified": [0, 3, 7]})
    (tmp_path / "mc.md").write_text(table_markdown(mc, "MC.", "tbl-a-mc").data)
    assert scan(tmp_path).ok, scan(tmp_path).findings
    (tmp_path / "mc.md").write_text(
        table_markdown(mc.assign(n_persons=[500, 4, 300]), "MC.", "tbl-a-mc").data)
    assert [f.rule for f in scan(tmp_path).findings] == ["small_count"]
