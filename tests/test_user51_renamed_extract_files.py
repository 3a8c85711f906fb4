"""user51: adapt's list of problems (``extract.adapt_problems.csv``, pseudonymised ids and
raw values) copied into the export as ``problems.csv`` was read only as a table ("column
'number' holds 6 counts in (0, 10): suppress them"), its ids not named, and ``adapt_log.csv``
copied as ``my_log.csv`` passed when its counts were large. export-check refused both by name
only; it now knows them by their header line too (``data_file``, naming the file they are)."""
from __future__ import annotations

import pytest

from mia_helpers import cli
from mia_helpers.adapters.core import PROBLEM_COLUMNS

PROBLEMS = (",".join(PROBLEM_COLUMNS) + "\n"
            "1,persons,raw/p.csv,person_id,ID,not_an_integer,4000,rows,'X0000001' (1; p.csv "
            "line 2); 'X0000002' (1; p.csv line 3),what to do: set person_ids: text,4000 "
            "distinct values\n")
LOG = ("table,file,source_rows,register_rows,repeated_rows,reversed_in_quarter,"
       "same_start_other_end,rows_not_in_persons,persons_not_in_persons\n"
       "persons,p.csv,4000,4000,0,0,0,0,0\nvdab_measures,a.csv,9187,9187,0,0,0,0,0\n")


@pytest.mark.parametrize("name, text, what", [
    ("problems.csv", PROBLEMS, "adapt's list of problems of the raw extract, with "
     "pseudonymised ids and values (written as DIR.adapt_problems.csv; here named "
     "problems.csv)"),
    ("my_log.csv", LOG, "adapt's log of the rows read and written per register (written as "
     "adapt_log.csv; here named my_log.csv)"),
])
def test_a_renamed_extract_file_is_refused(tmp_path, capsys, name, text, what):
    (tmp_path / name).write_text(text)
    assert cli.main(["export-check", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"{name}: data_file: a file of the extract folder: {what}; it never leaves" in out, out


def test_an_own_table_is_not_taken_for_one(tmp_path, capsys):
    (tmp_path / "mine.csv").write_text("table,file,persons\nt,f,400\n")
    assert cli.main(["export-check", str(tmp_path)]) == 0
    assert "data_file" not in capsys.readouterr().out
