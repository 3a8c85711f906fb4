"""Chapter 1 says what the exclusion log cannot show (analyst19): event rows in a quarter
without a KSZ row of their person, and registers without rows."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import data, describe


def _unplaced(reg: int, meas: int, abb: int) -> pd.DataFrame:
    return pd.DataFrame({"table": ["vdab_registrations", "vdab_measures", "abb_inburgering"],
                         "rows": [reg, meas, abb]})


def test_complete_extract_says_every_event_is_held():
    s = describe.register_coverage_sentence(_unplaced(0, 0, 0), [], 10)
    assert s.startswith("every VDAB registration start, measure start and inburgering step")
    assert "holds no rows" not in s


def test_lost_events_are_counted_small_ones_hidden():
    s = describe.register_coverage_sentence(_unplaced(0, 1407, 3), [], 10)
    assert s.startswith("1,407 measure starts and fewer than 10 inburgering steps in the window")
    assert "3" not in s.replace("1,407", "")  # the small count is not printed
    assert "exclusion log does not count them" in s


def test_empty_register_is_named_with_what_it_means():
    s = describe.register_coverage_sentence(_unplaced(0, 0, 0), ["wse_permits"], 10)
    assert "the register wse_permits holds no rows" in s
    assert "every non-EU newcomer counts as without labour-market access" in s


def test_unknown_register_is_refused():
    bad = pd.DataFrame({"table": ["ksz_positions"], "rows": [3]})
    with pytest.raises(ValueError, match="unknown registers .'ksz_positions'."):
        describe.register_coverage_sentence(bad, [], 10)


def test_empty_registers_reads_the_files_metadata(tmp_path):
    pd.DataFrame({"person_id": pd.Series([], dtype="int64")}).to_parquet(
        tmp_path / "wse_permits.parquet")
    pd.DataFrame({"person_id": [1, 2]}).to_parquet(tmp_path / "persons.parquet")
    assert data.empty_registers(tmp_path) == ["wse_permits"]
