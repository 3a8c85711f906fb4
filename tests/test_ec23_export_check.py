"""ec23: what ``export-check`` missed in Markdown, refused in Appendix C, and said unclearly.

Found by a tester: a Markdown file stating "n = 4", "N: 3", "Patients: 7" or "2 of 62 persons",
or holding a DataFrame's ``to_string`` pasted without a code fence, passed; Appendix C at
``-p min_cell 30`` was refused for its support table's ``risk_sets`` (17 periods, not
persons); findings said "rows 0" beside "numbered from 1"; a refused Markdown file was told to
protect warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_counts_in_text
from mia_helpers.export_check import check_table, scan, text_tables

PROSE = """# Results

In the smallest group, n = 4.
Subgroup A (N: 3) was dropped.
Patients: 7
Of the sample, 2 of 62 persons were transplanted.
"""

#: what is not a count of persons: a year, a quarter, a percentage, a decimal estimate, the
#: public data's "treated units", a parameter assigned in code, a larger count
NOT_COUNTS = """# Notes

In 2012, quarter 3 showed 4.5 % (n = 45 %) and an estimate of n = 2.3.
Appendix A: 6 of 185 treated units get an equally good control.
Patients: 120 in all; 12 of 62 persons.

```python
residents = 3
```
"""

TO_STRING = """Table as printed:

   risk_group  n_treated  share
0           a          4   0.31
1           b         40   0.69
"""


def _md(tmp_path: Path, text: str) -> list[ec.Finding]:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / "notes.md").write_text(text)
    return scan(folder, 10).findings


def test_prose_counts_are_refused_with_line_and_phrase(tmp_path):
    found = _md(tmp_path, PROSE)
    assert [f.rule for f in found] == ["small_count"], found
    d = found[0].detail
    for phrase, line in (("'n = 4'", 3), ("'N: 3'", 4), ("'Patients: 7'", 5),
                         ("'2 of 62 persons'", 6)):
        assert f"{phrase} (line {line})" in d, d
    assert found[0].file == "notes.md"
    # years, quarters, percentages and estimates are not counts
    assert _md(tmp_path, NOT_COUNTS) == []
    assert small_counts_in_text("n = 4.5; n = 45%; min_n = 4; Patients: 2012; n = 3 quarters; "
                                "N = 1 234", 10) == []


def test_redaction_reads_the_same_phrases():
    assert redact_small_counts("n = 4 and 2 of 62 persons; Patients: 7", 10) == \
        "n = <10 and <10 of 62 persons; Patients: <10"


def test_unfenced_to_string_table_is_read(tmp_path):
    found = _md(tmp_path, TO_STRING)
    assert [(f.rule, f.where) for f in found] == [("small_count", "table 1 at line 3")], found
    assert "'n_treated'" in found[0].detail
    assert _md(tmp_path, TO_STRING.replace("     4", "    14")) == []


def test_spaced_lines_not_aligned_are_refused_and_prose_passes(tmp_path):
    skewed = "Table:\n\ngroup   persons  share\na      4   0.31\nbb        40   0.69\n"
    found = _md(tmp_path, skewed)
    assert [f.rule for f in found] == ["unreadable_table"], found
    assert "lines 3-5" in found[0].detail
    two_levels = ("          persons\n           2010  2011\ngroup\na              4   120\n")
    assert [f.rule for f in _md(tmp_path, two_levels)] == ["unreadable_table"]
    prose = "Two spaces  after a sentence.  Then 2012 and\nanother line  with 3 words.\n"
    assert _md(tmp_path, prose) == []


def test_markdown_hint_is_not_about_warnings(tmp_path):
    d = _md(tmp_path, PROSE)[0].detail
    assert "warning" not in d and "<10" in d
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "",
         "outputs": [{"output_type": "stream", "name": "stderr", "text": "(1 treated)\n"}]}]}
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "c.ipynb").write_text(json.dumps(nb))
    stream = scan(tmp_path / "nb" / "c.ipynb", 10).findings
    assert [f.rule for f in stream] == ["small_count"] and "protect_warnings" in stream[0].detail


def test_risk_sets_count_periods_but_person_columns_are_still_checked():
    support = pd.DataFrame({"risk_sets": ["17"], "n_treated": ["69"], "n_matched": ["x"],
                            "n_dropped": ["<30"]})
    assert check_table(support, 30) == []
    for name in ("persons", "n_risk_sets", "risk_set_persons", ""):
        t = support.rename(columns={"risk_sets": name})
        assert [r for r, _ in check_table(t, 30)] == ["small_count"], name


def test_printed_rows_are_numbered_from_1():
    t = text_tables("   group  persons\n0      a      120\n1      b        4\n")[0]
    (rule, detail), = check_table(t, 10)
    assert "row 2 (printed index 1)" in detail and "row 1 " not in detail, detail


def test_a_previous_record_is_not_counted_as_an_output(tmp_path, capsys):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "table.csv").write_text("group,persons\na,120\nb,40\n")
    first = scan(folder, 10)
    ec.write_results(first, folder, 10, folder / ec.RECORD_NAME)
    second = scan(folder, 10)
    assert second.ok and second.files == first.files == 1, second
    assert [r[0] for r in second.records] == [ec.RECORD_NAME]


def _checked_run(tmp_path):
    """An export folder holding one run folder with a table and its own passing record at
    min_cell 10: ``(export, run)``."""
    export = tmp_path / "export"
    run = export / "run"
    run.mkdir(parents=True)
    (run / "table.csv").write_text("group,persons\na,120\nb,40\n")
    ec.write_results(scan(run, 10), run, 10, run / ec.RECORD_NAME)
    return export, run


def test_an_earlier_record_that_does_not_describe_the_export_is_refused(tmp_path):
    export, run = _checked_run(tmp_path)
    res = scan(export, 10)  # the sub-folder's passing record at the same threshold
    assert res.ok and res.files == 1 and len(res.records) == 1, res.findings
    res = scan(export, 20)  # checked at 10: it certifies less than this check
    assert [(f.file, f.rule) for f in res.findings] == [("run/export_check_results.json",
                                                         "stale_record")]
    assert "min_cell=10" in res.findings[0].detail
    (run / "table.csv").rename(run / "renamed.csv")  # it names a file no longer there
    res = scan(export, 10)
    assert [f.rule for f in res.findings] == ["stale_record"]
    assert "table.csv" in res.findings[0].detail


def test_rows_of_a_table_printed_without_index_are_numbered_from_1():
    t = text_tables(pd.DataFrame({"group": ["a", "b"], "persons": [120, 4]})
                    .to_string(index=False))[0]
    (rule, detail), = check_table(t, 10)
    assert "(row 2)" in detail, detail


def test_the_new_record_lists_the_records_found_but_not_itself(tmp_path):
    export, run = _checked_run(tmp_path)
    for _ in range(2):  # the second time, the first record is there and replaced
        res = scan(export, 20)
        rec = json.loads(ec.write_results(res, export, 20, export / ec.RECORD_NAME).read_text())
        entries = [e for e in rec["results"].values() if e["type"] == "record"]
        assert [(e["files"], e["status"]) for e in entries] == [
            (["run/export_check_results.json"], "fail")], entries


def test_glued_markdown_prose_is_read(tmp_path):
    def nb(text: str) -> dict:
        out = {"output_type": "display_data", "metadata": {"scrapbook": {"name": "c_text"}},
               "data": {"text/markdown": text,
                        "text/plain": "<IPython.core.display.Markdown object>"}}
        return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "",
             "outputs": [out]}]}
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(nb("Of the sample, 2 of 62 persons were transplanted.")))
    found = scan(path, 10).findings
    assert [f.rule for f in found] == ["small_count"] and "'2 of 62 persons'" in found[0].detail
    # a threshold is a bound, not a count
    path.write_text(json.dumps(nb("Cells below 10 persons are suppressed, at least 5 persons.")))
    assert scan(path, 20).findings == []


def test_a_record_with_results_that_are_not_entries_is_refused_not_a_traceback(tmp_path):
    folder = tmp_path / "export"
    (folder / "run").mkdir(parents=True)
    (folder / "table.csv").write_text("group,persons\na,120\nb,40\n")
    (folder / "run" / ec.RECORD_NAME).write_text(json.dumps(
        {"tool": ec.RECORD_TOOL, "min_cell": 10, "status": "pass", "results": ["x"]}))
    found = scan(folder, 10).findings
    assert [(f.file, f.rule) for f in found] == [("run/export_check_results.json",
                                                  "stale_record")], found
