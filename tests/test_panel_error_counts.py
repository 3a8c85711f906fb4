"""An error rule of the panel counts every row that breaks it, not only the five it shows
(until the seventeenth session the count query wrapped the examples' ``LIMIT 5`` and said
"5 row(s)" for any number above five)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from mia_helpers.panel import build_panel
from mia_helpers.schemas import RegisterError


@pytest.fixture()
def bad(tmp_path, small_data):
    dst = tmp_path / "bad"
    shutil.copytree(small_data, dst, ignore=shutil.ignore_patterns("panel*", "truth"))
    return dst


def _damage(folder, table, fn) -> RegisterError:
    df = pd.read_parquet(folder / f"{table}.parquet")
    fn(df).to_parquet(folder / f"{table}.parquet", index=False)
    with pytest.raises(RegisterError) as info:
        build_panel(folder)
    return info.value


def _flip(d: pd.DataFrame, n: int) -> pd.DataFrame:
    d = d.copy()
    rows = d.index[d.end_quarter.notna() & (d.end_quarter > d.start_quarter)][:n]
    assert len(rows) == n
    d.loc[rows, "end_quarter"] = d.loc[rows, "start_quarter"] - 1
    return d


@pytest.mark.parametrize("table", ["vdab_registrations", "vdab_measures"])
def test_end_before_start_counts_all_rows(bad, table):
    err = _damage(bad, table, lambda d: _flip(d, 9))
    assert (err.table, err.rule, err.count) == (table, "end_before_start", 9)
    assert len(err.examples) == 5 and "9 row" in str(err)


def test_duplicate_keys_count_all_rows(bad):
    # seven KSZ rows repeated: 14 rows share a person-quarter with another
    err = _damage(bad, "ksz_positions",
                  lambda d: pd.concat([d, d.iloc[[3, 10, 20, 30, 40, 50, 60]]],
                                      ignore_index=True))
    assert (err.table, err.rule, err.count) == ("ksz_positions", "duplicate_key", 14)
    assert len(err.examples) == 5


def test_duplicate_persons_count_all_rows(bad):
    err = _damage(bad, "persons",
                  lambda d: pd.concat([d, d.iloc[[0, 1, 2, 3]]], ignore_index=True))
    assert (err.table, err.rule, err.count) == ("persons", "duplicate_key", 8)
