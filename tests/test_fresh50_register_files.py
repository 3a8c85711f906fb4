"""fresh50: a register of an analyst's own folder saved under another name or in another
format (``vdab_measures.csv``, ``vdab_measures_2024.parquet``, a register in yearly parts)
was refused with "no file .../vdab_measures.parquet", examples "(no rows)" and only the
remedy of the adapter's ``empty: true`` (which reads a delivered register as one in which
nothing happened). :func:`mia_helpers.data.check_register_columns` (run by ``panel``,
``effects``, the chapters and ``ensure_data``) now names the files named like the register
and what to do with each: convert or adapt a file that is not Parquet, rename a lone Parquet
file, join a register in parts; the pasted line must give back the register."""
from __future__ import annotations

import pandas as pd
import pytest
import test_input48_extract_inputs as input48
from test_input48_extract_inputs import _panel

from mia_helpers import data
from mia_helpers.schemas import RegisterError

source, extract = input48.source, input48.extract  # input48's fixtures: a small own folder


def _refusal(folder) -> tuple[RegisterError, str]:
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(folder)
    return info.value, " ".join(str(info.value).split())


def test_a_register_saved_as_csv_is_named_with_what_to_do(extract, capsys):
    meas = pd.read_parquet(extract / "vdab_measures.parquet")
    meas.to_csv(extract / "vdab_measures.csv", index=False)
    (extract / "vdab_measures.parquet").unlink()
    err, msg = _refusal(extract)
    assert (err.table, err.rule) == ("vdab_measures", "missing_table")
    assert "vdab_measures.csv is not Parquet" in msg, msg
    assert "python -m mia_helpers adapt" in msg and "to_parquet('vdab_measures.parquet'" in msg
    assert list(err.examples["file_named_like_it"]) == ["vdab_measures.csv"]
    assert "(no rows)" not in msg
    rc, out = _panel(extract, capsys)
    assert rc == 2 and "vdab_measures.csv is not Parquet" in out, out


def test_a_renamed_register_is_named_with_the_rename(extract, capsys):
    (extract / "wse_permits.parquet").rename(extract / "wse_permits_2024.parquet")
    err, msg = _refusal(extract)
    assert (err.table, err.rule) == ("wse_permits", "missing_table")
    assert "rename wse_permits_2024.parquet to wse_permits.parquet" in msg, msg
    (extract / "wse_permits_2024.parquet").rename(extract / "wse_permits.parquet")
    data.check_register_columns(extract)  # the remedy mends it


def test_a_register_in_parts_is_told_to_join_them(extract):
    meas = pd.read_parquet(extract / "vdab_measures.parquet")
    half = len(meas) // 2
    meas.iloc[:half].to_parquet(extract / "vdab_measures_2010.parquet", index=False)
    meas.iloc[half:].to_parquet(extract / "vdab_measures_2011.parquet", index=False)
    (extract / "vdab_measures.parquet").unlink()
    err, msg = _refusal(extract)
    assert "2 files named like it" in msg and "join them into one vdab_measures.parquet" in msg
    assert list(err.examples["file_named_like_it"]) == [
        "vdab_measures_2010.parquet", "vdab_measures_2011.parquet"]
    parts = [pd.read_parquet(extract / f) for f in err.examples["file_named_like_it"]]
    pd.concat(parts).to_parquet(extract / "vdab_measures.parquet", index=False)
    pd.testing.assert_frame_equal(pd.read_parquet(extract / "vdab_measures.parquet"), meas)


def test_a_register_absent_without_a_namesake_is_said_as_before(extract):
    (extract / "abb_inburgering.parquet").unlink()
    err, msg = _refusal(extract)
    assert (err.table, err.rule) == ("abb_inburgering", "missing_table")
    assert "named like it" not in msg and f"no file {extract / 'abb_inburgering.parquet'}" in msg
