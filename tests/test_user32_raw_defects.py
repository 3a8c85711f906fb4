"""user32: raw register extracts with the defects a register office delivers, one at a time
(first-of-month dates read with day and month swapped; a register covering another period
than the KSZ positions)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest


def _first_of_month(raw: Path) -> None:
    """The measures' dates delivered as the first of their month (``2011-04-01``)."""
    p = raw / "vdab_acties.csv"
    df = pd.read_csv(p, sep=";", dtype=str, keep_default_na=False)
    for col in ("STARTDATUM", "EINDDATUM"):
        df[col] = df[col].map(lambda s: s[:8] + "01" if s else s)
    df.to_csv(p, sep=";", index=False)


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    from mia_helpers.adapters.fixture import make_fixture

    mapping, _ = make_fixture(tmp_path_factory.mktemp("u32") / "raw_extract", residents=120,
                              newcomers=60, seed=3232)
    return mapping.parent


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("out*"))
    return dst / "mapping.yaml"


def test_first_of_month_dates_read_day_for_month_are_refused(rehearsal, tmp_path):
    """First-of-month dates read with ``%Y-%d-%m`` all parse (2011-04-01 as January 4th), so
    every measure moved to the first quarter of its year and ``adapt`` wrote the registers
    (rc 0, nothing said). Now the column is refused as ``day_month_swapped``, with the
    format to use instead."""
    from mia_helpers.adapters import adapt, load_mapping
    from mia_helpers.adapters.core import ExtractProblemsError, MappingError

    mapping = _copy(rehearsal, tmp_path / "x")
    _first_of_month(mapping.parent / "raw")
    text = mapping.read_text()
    old = 'start_quarter: "%Y-%m-%d"\n      end_quarter: "%Y-%m-%d"'
    assert old in text
    mapping.write_text(text.replace(old, old.replace("%m-%d", "%d-%m")))
    with pytest.raises((MappingError, ExtractProblemsError)) as err:
        adapt(load_mapping(mapping), tmp_path / "out")
    msg = str(err.value)
    assert "day_month_swapped" in msg and "vdab_measures.start_quarter" in msg, msg[:2000]
    assert "vdab_acties.csv" in msg and "'STARTDATUM'" in msg
    assert "`dates: {start_quarter: '%Y-%m-%d'}` instead of '%Y-%d-%m'" in msg
    assert not (tmp_path / "out" / "vdab_measures.parquet").exists()


def test_first_of_month_dates_read_right_are_not_refused(rehearsal, tmp_path):
    """The same first-of-month dates with the right format: no false alarm (every date on
    day 1: one day, so no swap is suspected), and the quarters are those of the months."""
    from mia_helpers.adapters import adapt, load_mapping

    mapping = _copy(rehearsal, tmp_path / "x")
    _first_of_month(mapping.parent / "raw")
    res = adapt(load_mapping(mapping), tmp_path / "out")
    raw = pd.read_csv(mapping.parent / "raw" / "vdab_acties.csv", sep=";", dtype=str)
    months = pd.to_datetime(raw.STARTDATUM, format="%Y-%m-%d")
    want = ((months.dt.year - 2005) * 4 + (months.dt.month - 1) // 3).sort_values()
    got = res.registers["vdab_measures"].start_quarter.astype(int).sort_values()
    assert got.to_list() == want.to_list()


def test_swapped_day_month_needs_enough_dates_days_and_one_month():
    from mia_helpers.adapters.core import MIN_SWAP_DATES, swapped_day_month

    jan = pd.Series(pd.to_datetime([f"2011-01-{d:02d}" for d in range(1, 13)] * 2))
    assert len(jan) >= MIN_SWAP_DATES
    assert swapped_day_month(jan, "%m/%d/%Y")
    assert not swapped_day_month(jan.head(MIN_SWAP_DATES - 1), "%m/%d/%Y")  # too few
    assert not swapped_day_month(jan, "%Y%m")  # no day in the format
    one_day = pd.Series(pd.to_datetime(["2011-01-01"] * 30))
    assert not swapped_day_month(one_day, "%d/%m/%Y")  # a yearly date, nothing swapped
    late = pd.Series(pd.to_datetime([f"2011-01-{d:02d}" for d in range(1, 25)]))
    assert not swapped_day_month(late, "%d/%m/%Y")  # days past the 12th: read right
    spread = pd.Series(pd.to_datetime([f"2011-{m:02d}-05" for m in range(1, 13)] * 2))
    assert not swapped_day_month(spread, "%d/%m/%Y")
