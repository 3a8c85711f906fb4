"""user28b: a register delivered in several files (``file: [a.csv, b.csv]``, user28).

- a value problem named the files joined (``acties_2008.csv + acties_2009.csv``), so which
  file (and line) held the value was to be searched for: each listed value now names the
  file(s) holding it and the first line of each.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_user28_extract import _yearly

from mia_helpers.adapters import MappingError, adapt
from mia_helpers.adapters.core import problems_table

FILES = ["acties_2008.csv", "acties_2009.csv"]


def test_a_value_problem_names_the_file_and_line_that_hold_it(tmp_path):
    m = _yearly(tmp_path)
    raw = tmp_path / "raw"
    path = raw / "acties_2009.csv"
    path.write_text(path.read_text(encoding="latin-1").replace("IBO", "IBX"),
                    encoding="latin-1")
    path = raw / "acties_2008.csv"  # an empty line before the value: counted in its line
    lines = path.read_text(encoding="latin-1").splitlines()
    path.write_text("\n".join(lines[:1] + [""] + lines[1:]) + "\n", encoding="latin-1")
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(MappingError) as err:
        adapt(m)
    p = err.value.problems
    row = p[p.value == "IBX"].iloc[0]
    assert row["where"] == "acties_2009.csv line 2"
    assert "acties_2009.csv line 2" in str(err.value)
    assert "raw file acties_2009.csv, source column 'ACTIE'" in str(err.value)
    listed = problems_table(err.value).values[0]
    assert "'IBX' (1; acties_2009.csv line 2)" in listed


def test_a_value_in_two_files_names_both(tmp_path):
    m = _yearly(tmp_path)
    raw = tmp_path / "raw"
    for f in FILES:
        a = pd.read_csv(raw / f, sep=";", dtype=str, keep_default_na=False,
                        encoding="latin-1")
        a["ACTIE"] = "XYZ"
        a.to_csv(raw / f, sep=";", index=False, encoding="latin-1")
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(MappingError) as err:
        adapt(m)
    row = err.value.problems.iloc[0]
    assert row["file"] == "acties_2008.csv + acties_2009.csv"
    assert row["where"].startswith("acties_2008.csv line 2") and "acties_2009.csv line 2" \
        in row["where"]
