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


def test_the_readable_files_of_a_register_with_a_file_error_are_checked_in_the_same_run(
        tmp_path):
    from test_user26_adapt_problems import _rewrite

    from mia_helpers.adapters.core import ExtractProblemsError

    m = _yearly(tmp_path)
    _rewrite(m, "acties_2009.csv", lambda d: d.rename(columns={"ACTIE": "ACTIECODE"}))
    _rewrite(m, "acties_2008.csv", lambda d: d.assign(ACTIE="XX"))
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    text = str(err.value)
    assert "file acties_2009.csv has columns" in text  # the file error
    p = err.value.problems  # and the other file's value, in this run
    assert p[p.value == "XX"]["where"].iloc[0].startswith("acties_2008.csv line 2")
    assert ("note: register 'vdab_measures': its file acties_2009.csv (1 line after "
            "the header) could not be read (listed above) and none of their rows was read, so "
            "the values and rules of the register were checked on its other file "
            "acties_2008.csv (2 lines after the header) only") in text


def test_a_register_none_of_whose_files_is_readable_says_its_checks_were_skipped(tmp_path):
    m = _yearly(tmp_path)
    (tmp_path / "raw" / "acties_2008.csv").unlink()
    (tmp_path / "raw" / "acties_2009.csv").write_bytes(b"")
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(Exception) as err:
        adapt(m)
    assert "none of its files could be read (listed above), so its value checks were " \
        "skipped" in str(err.value)


def _mixed_encodings(tmp_path):
    """The yearly files, acties_2008.csv in UTF-8 and acties_2009.csv in Latin-1 (``IBÖ``)."""
    m = _yearly(tmp_path)
    raw = tmp_path / "raw"
    for f, enc in (("acties_2008.csv", "utf-8"), ("acties_2009.csv", "latin-1")):
        text = (raw / f).read_text(encoding="latin-1")
        (raw / f).write_text(text.replace("IBO", "IBÖ") if enc == "latin-1" else text,
                             encoding=enc)
    v = m["registers"]["vdab_measures"]
    v["read"] = {"sep": ";", "encoding": "utf-8"}
    v["codes"]["measure"]["IBÖ"] = "workplace_learning_ibo"
    return m


def test_one_file_in_another_encoding_is_named_and_takes_its_own_read(tmp_path):
    m = _mixed_encodings(tmp_path)
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(Exception) as err:
        adapt(m)
    text = str(err.value)
    assert "acties_2009.csv is not in encoding 'utf-8'" in text
    assert "{file: acties_2009.csv, read: {encoding: cp1252}}" in text
    # user29: never read again as latin-1 (silently or announced), and its rows counted
    assert "read as latin-1" not in text
    assert "acties_2009.csv (1 line after the header) could not be read" in text
    m["registers"]["vdab_measures"]["file"] = [
        "acties_2008.csv", {"file": "acties_2009.csv", "read": {"encoding": "latin-1"}}]
    res = adapt(m)
    assert len(res.registers["vdab_measures"]) == 3
    assert set(res.registers["vdab_measures"].measure) == {"workplace_learning_ibo"}
    assert res.log.set_index("table").loc["vdab_measures", "file"] == \
        "acties_2008.csv + acties_2009.csv"


@pytest.mark.parametrize("entry, words", [
    ({"file": "acties_2009.csv", "read": {"low_memory": False}}, "cannot be given per file"),
    ({"file": "acties_2009.csv", "encoding": "latin-1"}, "is a file name or"),
    ({"file": "acties_2009.csv", "read": {"sep": ";;"}}, "must be one character"),
])
def test_a_bad_per_file_read_is_refused(tmp_path, entry, words):
    from mia_helpers.adapters import MappingFileError, load_mapping

    m = _yearly(tmp_path)
    m["registers"]["vdab_measures"]["file"] = ["acties_2008.csv", entry]
    with pytest.raises(MappingFileError, match=words):
        load_mapping(m)


def test_the_problems_file_names_the_file_holding_the_value(tmp_path):
    m = _yearly(tmp_path)
    raw = tmp_path / "raw"
    path = raw / "acties_2009.csv"
    path.write_text(path.read_text(encoding="latin-1").replace("IBO", "IBX"),
                    encoding="latin-1")
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(MappingError):
        adapt(m, out=tmp_path / "extract")
    rows = pd.read_csv(tmp_path / "extract.adapt_problems.csv", dtype=str)
    row = rows[rows.register == "vdab_measures"].iloc[0]
    assert row.file == str(raw / "acties_2009.csv")
    assert "'IBX' (1; acties_2009.csv line 2)" in row["values"]
