"""user36: ``adapt`` of a monthly KSZ file delivered with a header and no rows (a failed
export) was a traceback, "TypeError: Cannot perform reduction 'all' with string dtype", from
:func:`mia_helpers.adapters.core.ambiguous_dates` (pandas keeps the string dtype when mapping
an empty column). Now the run reports the register as empty, as for ``persons``."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import cli
from mia_helpers.adapters.core import ambiguous_dates
from mia_helpers.adapters.fixture import make_fixture


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_ambiguous_dates_of_an_empty_column_is_empty(dtype):
    values = pd.Series([], dtype=dtype)
    got = ambiguous_dates(values, pd.to_datetime(values, format="%Y%m"), "%Y%m")
    assert got.dtype == bool and got.shape == (0,)


def test_a_monthly_ksz_file_without_rows_is_named_not_a_traceback(tmp_path, capsys):
    mapping, _ = make_fixture(tmp_path / "raw_extract", residents=60, newcomers=20)
    raw = mapping.parent / "raw"
    ksz = pd.read_parquet(raw / "ksz_posities_maand.parquet")
    ksz.iloc[:0].to_csv(raw / "ksz_posities_maand.csv", index=False)  # header, no rows
    (raw / "ksz_posities_maand.parquet").unlink()
    text = mapping.read_text(encoding="utf-8")
    mapping.write_text(text.replace("ksz_posities_maand.parquet", "ksz_posities_maand.csv"),
                       encoding="utf-8")
    status = cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "ex")])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "register 'ksz_positions'" in err and "ksz_posities_maand.csv" in err
    assert "empty_table" in err
