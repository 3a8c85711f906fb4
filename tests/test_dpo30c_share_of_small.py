"""dpo30c: a share published beside a count marked small ("<12") passed export-check, though
45.5 % of fewer than 12 persons can only be 5 of 11, and 0.0 % says that none of them has
the attribute."""
from __future__ import annotations

import pandas as pd

from mia_helpers.export_check import check_table


def test_a_share_of_a_small_group_is_refused():
    for share in ("45.5", "0.0", "100.0"):
        t = pd.DataFrame({"group": ["A", "B", "C"], "n_persons": ["<12", "50", "60"],
                          "employed_pct": [share, "38.0", "40.0"]})
        found = dict(check_table(t, 12))
        assert "is marked small (row 1)" in found.get("share_count", ""), (share, found)


def test_a_hidden_share_or_a_large_hidden_group_passes():
    t = pd.DataFrame({"group": ["A", "B", "C"], "n_persons": ["<12", "x", "60"],
                      "employed_pct": ["x", "0.0", "40.0"]})
    assert "share_count" not in dict(check_table(t, 12))
