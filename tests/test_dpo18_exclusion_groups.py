"""Chapter 1's exclusion log: the measures' ``duplicate_measure`` and ``overlapping_measure``
drop rows and belong to the register's group of dropping rules (DPO review 18).

The panel logs them without an ``of_rows`` (like the kept rule ``censored_at_window_end
(kept)``), so the log put them in no group. But the register's rows minus the rows kept
count them too: with the rows kept known, ``overlapping_measure`` hidden as ``<10`` beside
``duplicate_measure`` 30 and ``orphan_id`` 20 is 54 - 50 = 4. And the group without them
failed the checking record for a lone orphan 3 that 25 overlapping rows protect.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import describe
from mia_helpers.disclosure import checking_record, reset_record

MIN_CELL = 10
TOTAL = 2792  # the register's rows (of_rows)


def _log(tmp_path, orphan: int, duplicate: int, overlapping: int):
    rows = [
        ("persons", "no_ksz_quarter_in_window", 0, 1200),
        ("vdab_measures", "orphan_id", orphan, TOTAL),
        ("vdab_measures", "outside_window", 0, TOTAL),
        ("vdab_measures", "left_truncated_spell", 0, TOTAL),
        ("vdab_measures", "censored_at_window_end (kept)", 45, None),
        ("vdab_measures", "duplicate_measure", duplicate, None),
        ("vdab_measures", "overlapping_measure", overlapping, None),
    ]
    pd.DataFrame(rows, columns=["table", "rule", "rows", "of_rows"]).to_csv(
        tmp_path / "exclusion_log.csv", index=False)
    return tmp_path


def _recovered(prot, dropped: int) -> list[int]:
    """The reader who knows the register's rows and the rows kept: the dropped rows of
    vdab_measures less every dropping rule shown; a lone hidden rule comes back."""
    d, r = prot.data, prot.reason
    rules = (d["table"] == "vdab_measures") & ~d["rule"].str.endswith("(kept)")
    hidden = r.loc[rules, "rows"].ne("")
    shown = int(pd.to_numeric(d.loc[rules & ~r["rows"].ne(""), "rows"]).sum())
    return [dropped - shown] if hidden.sum() == 1 else []


def test_a_small_overlap_is_not_recovered(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, 20, 30, 4), min_cell=MIN_CELL)
    assert _recovered(prot, 20 + 30 + 4) == []
    overlap = prot.data["rule"] == "overlapping_measure"
    assert prot.reason.loc[overlap, "rows"].item() == "primary"
    kept = prot.data["rule"].str.endswith("(kept)")
    assert prot.reason.loc[kept, "rows"].eq("").all()  # 45 kept rows: shown, in no group


def test_overlaps_protect_a_small_orphan_count(tmp_path):
    reset_record()
    prot = describe.exclusion_log(_log(tmp_path, 3, 0, 25), min_cell=MIN_CELL)
    assert _recovered(prot, 28) == []
    rec = checking_record()
    status = rec.loc[rec["output"].astype(str).str.startswith("exclusion log"), "status"]
    assert len(status) and not status.astype(str).str.startswith("fail").any(), rec
