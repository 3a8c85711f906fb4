"""user38: register tables written by hand as CSV (``persons.csv``, ... with the registers'
columns) in a ``data_dir`` were refused only as holding "no registers (persons.parquet)",
which does not say why the CSV files beside it were not read. ``chapter`` and ``panel`` now
name the files and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers.chapters import ChapterError, check_parameters, read_parameters, resolve_chapter
from mia_helpers.cli.panel import check_data_dir
from mia_helpers.files import REGISTER_NAMES, DataFileError, registers_in_other_formats
from mia_helpers.schemas import TABLES


def _csv_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "persons.csv").write_text("person_id,sex\n1,male\n")
    (folder / "ksz_positions.xlsx").write_bytes(b"")
    (folder / "notes.csv").write_text("a\n")  # not a register's name: not listed
    return folder


def test_the_chapter_names_register_tables_in_another_format(tmp_path):
    folder = _csv_folder(tmp_path)
    _, path = resolve_chapter("panel_construction")
    with pytest.raises(ChapterError) as err:
        check_parameters("panel_construction", read_parameters(path),
                         [("data_dir", str(folder))])
    text = str(err.value)
    assert "it holds ksz_positions.xlsx, persons.csv:" in text and "notes.csv" not in text
    assert "Parquet files only" in text and "adapt --mapping FILE --out DIR" in text


def test_the_panel_command_names_them_too(tmp_path):
    with pytest.raises(DataFileError, match=r"it holds ksz_positions\.xlsx, persons\.csv"):
        check_data_dir(_csv_folder(tmp_path))


def test_an_empty_folder_gets_no_such_sentence(tmp_path):
    assert registers_in_other_formats(tmp_path) == ""
    assert registers_in_other_formats(tmp_path / "missing") == ""


def test_the_register_names_are_the_schemas():
    assert sorted(REGISTER_NAMES) == sorted(TABLES)
