"""Chapter 1's exclusion log: the rows a register's rules drop add up to a known total
(DPO review 17).

The log hid a rule's count below ``min_cell`` on its own. But the register's rows are published
(``of_rows``, and the registers table) and so are the rows kept (chapter 3's spells are the
registrations kept): with one rule dropping 3 registrations the log read ``<10`` of 2,442, the
registers table 2,442 and chapter 3 2,439 spells, so the 3 came back. The dropping rules of a
register are now one group of disclosure.suppress.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import describe
from mia_helpers.disclosure import checking_record, reset_record

MIN_CELL = 10


def _log(tmp_path, orphan: int, outside: int, truncated: int):
    rows = [
        ("vdab_registrations", "orphan_id", orphan, 2442),
        ("vdab_registrations", "outside_window", outside, 2442),
        ("vdab_registrations", "left_truncated_spell", truncated, 2442),
        ("vdab_registrations", "censored_at_window_end (kept)", 4, None),
        ("ksz_positions", "orphan_id", 0, 43293),
        ("ksz_positions", "outside_window", 0, 43293),
    ]
    pd.DataFrame(rows, columns=["table", "rule", "rows", "of_rows"]).to_csv(
        tmp_path / "exclusion_log.csv", index=False)
    return tmp_path


def _reader_bounds(prot, total: int) -> list[tuple[float, float]]:
    """What a reader who knows the register's dropped total learns of each hidden small rule."""
    d, r = prot.data, prot.reason
    reg = (d["table"] == "vdab_registrations") & d["of_rows"].notna()
    shown = pd.to_numeric(d.loc[reg & (r["rows"] == ""), "rows"]).sum()
    hidden = r.loc[reg, "rows"]
    rest = total - shown
    lo = {i: (1 if v == "primary" else MIN_CELL) for i, v in hidden.items() if v}
    hi = {i: (MIN_CELL - 1 if v == "primary" else float("inf")) for i, v in hidden.items()
          if v}
    return [(max(1, rest - (sum(hi.values()) - hi[i])), min(MIN_CELL - 1,
                                                            rest - (sum(lo.values()) - lo[i])))
            for i, v in hidden.items() if v == "primary"]


def test_a_small_rule_beside_larger_ones_is_not_recoverable(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, 3, 25, 40), min_cell=MIN_CELL)
    bounds = _reader_bounds(prot, 3 + 25 + 40)
    assert bounds  # the small rule is hidden
    for lo, hi in bounds:
        assert lo <= 1 and hi >= MIN_CELL - 1, bounds
    assert "_group" not in prot.data.columns
    # the kept rows are in no group: a small kept count stays hidden on its own
    kept = prot.data["rule"].str.contains("kept")
    assert prot.reason.loc[kept, "rows"].eq("primary").all()


def test_a_register_dropping_few_rows_in_all_hides_its_rows(tmp_path):
    """log30: the register's delivered rows are hidden instead of failing the record (the
    persons register, whose total other tables publish, still fails:
    tests/test_log30_small_drops.py)."""
    reset_record()
    prot = describe.exclusion_log(_log(tmp_path, 3, 0, 0), min_cell=MIN_CELL)
    rec = checking_record()
    status = rec.loc[rec["output"].astype(str).str.startswith("exclusion log"), "status"].astype(str)
    assert not status.str.startswith("fail").any(), rec
    reg = prot.data["table"] == "vdab_registrations"
    assert prot.data.loc[reg, "of_rows"].isna().all()


def test_no_dropped_rows_pass(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, 0, 0, 0), min_cell=MIN_CELL)
    reg = prot.data["of_rows"].notna()
    assert not prot.mask.loc[reg, "rows"].any()
