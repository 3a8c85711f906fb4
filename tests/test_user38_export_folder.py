"""user38: an export folder as a new user leaves it. ``export-check`` on a folder it cannot
write its checking record into scanned the whole folder first (minutes for a book) and
failed only then; what can be seen without writing (a folder that is not writable, a file
where a folder should be, a folder given as the record) is now refused before the scan.
A stray file (a note, a script, ``.DS_Store``) is told to move out of the folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from mia_helpers import export_check as ec


def _args(path: Path, record: Path | None = None) -> argparse.Namespace:
    return argparse.Namespace(path=path, min_cell=10, id_min_rows=20, record=record,
                              dof_threshold=10, released=[])


@pytest.fixture
def no_scan(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the scan started although the record cannot be written")

    monkeypatch.setattr(ec, "scan", fail)


def _export(tmp_path: Path) -> Path:
    out = tmp_path / "export"
    out.mkdir()
    (out / "t.csv").write_text("group,n_persons\na,120\n")
    return out


def test_a_folder_that_is_not_writable_is_refused_before_the_scan(tmp_path, monkeypatch,
                                                                   no_scan):
    out = _export(tmp_path)
    real = os.access
    # as root every folder is writable: the folder's mode is what os.access reports
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: (
        False if Path(p) == out and mode & os.W_OK else real(p, mode, **kw)))
    with pytest.raises(OSError) as err:
        ec.run_check(_args(out))
    assert err.value.filename == str(out / ec.RECORD_NAME)
    assert "not writable" in err.value.strerror and "nothing was checked" in err.value.strerror
    assert "--record" in err.value.strerror


def test_a_record_under_a_file_or_a_folder_record_is_refused_before_the_scan(tmp_path, no_scan):
    out = _export(tmp_path)
    (tmp_path / "afile").write_text("")
    with pytest.raises(OSError, match="is a file, not a folder"):
        ec.run_check(_args(out, tmp_path / "afile" / "rec.json"))
    with pytest.raises(OSError, match="is a folder"):
        ec.run_check(_args(out, tmp_path))


def test_a_writable_folder_is_checked(tmp_path, capsys):
    assert ec.run_check(_args(_export(tmp_path))) == 0
    assert "OK" in capsys.readouterr().out


def test_a_stray_file_is_named_with_what_to_do(tmp_path):
    """user38: a note, a script or ``.DS_Store`` left in the export folder was told only to
    "export tables in one of these formats", which fits none of them."""
    out = _export(tmp_path)
    for name in (".DS_Store", "notes.txt", "scratch.py"):
        (out / name).write_text("x")
    found = ec.scan(out, min_cell=10).findings
    assert sorted(f.file for f in found) == [".DS_Store", "notes.txt", "scratch.py"]
    for f in found:
        assert f.rule == "unknown_file" and "move it out of the folder" in f.detail, f


def test_the_files_of_an_extract_folder_are_refused_by_name(tmp_path):
    """user38: ``extract.adapt_problems.csv`` (pseudonymised ids and values) was refused as
    "small counts: suppress them", and an ``exclusion_log.csv`` without small counts passed,
    though README step 6 keeps ``extract/`` inside."""
    out = _export(tmp_path)
    (out / "exclusion_log.csv").write_text("table,rule,rows,of_rows\npersons,orphan_id,0,900\n")
    (out / "extract.adapt_problems.csv").write_text("register,values\npersons,'12345'\n")
    (out / "panel_meta.json").write_text('{"persons": 900, "rows": 29094}')
    (out / ".panel.parquet.lock").write_text("")
    found = ec.scan(out, min_cell=10).findings
    named = sorted(f.file for f in found if f.rule == "data_file")
    assert named == [".panel.parquet.lock", "exclusion_log.csv", "extract.adapt_problems.csv",
                     "panel_meta.json"]
    assert all("never leaves" in f.detail and "move it out" in f.detail
               for f in found if f.rule == "data_file")
    assert not any(f.rule == "unknown_file" for f in found)  # the lock is named, once


def test_a_row_of_counts_is_named_by_its_label_and_columns(tmp_path):
    """user38: a model table's row ``persons`` with a count of 3 was refused as "row 4 holds 1
    count(s) in (0, 10)", naming neither the row's label, nor the column, nor what to do."""
    out = tmp_path / "export"
    out.mkdir()
    (out / "models.csv").write_text("statistic,M0,M1\nlog-likelihood,-4.2,-10.5\n"
                                    "persons,3,120\n")
    (out / "t.md").write_text("| | Antwerp | Ghent |\n|---|---|---|\n| persons | 3 | 40 |\n")
    found = {f.file: f.detail for f in ec.scan(out, min_cell=10).findings
             if f.rule == "small_count" and "row " in f.detail.split("holds")[0]}
    assert found["models.csv"].startswith("row 3 ('persons') holds 1 count in (0, 10) "
                                          "(column 'M0')")  # a CSV's rows by file line
    assert found["t.md"].startswith("row 1 ('persons') holds 1 count in (0, 10) "
                                    "(column 'Antwerp')")  # numbered from 1
    assert all("suppress them" in d for d in found.values())
