"""fresh48: chapter 2's median KHB shares left a hidden group out without saying so.

Seed 4048, 8,000 residents, ``min_cell`` 20, blocks individual and parental, link cloglog:
the KHB table hid the gap of Eastern EU (second generation) for the first job ("x") and gave
Southern EU (second generation) no share (its gap's interval includes zero). The sentence
said "29 per cent of the second generation's (one group is left out: its gap's interval
includes zero ...)", so a reader took the median over five groups where it was over four.
"""

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers.khb import NO_SHARE_NOTE


def _shares():
    """A published KHB table as the chapter prints it for the first job (hand-made values)."""
    rows = [("southern_eu:second", -0.142, np.nan, NO_SHARE_NOTE),
            ("eastern_eu:second", "x", "x", "x"),
            ("maghreb:second", -0.541, 21.6, ""), ("turkish:second", -0.410, 35.5, ""),
            ("subsaharan:second", -0.700, 23.0, ""), ("other_non_eu:second", -0.364, 40.5, ""),
            ("maghreb:intermediate", -0.641, 67.1, "")]
    t = pd.DataFrame(rows, columns=["group", "gap", "share_pct", "note"], dtype=object)
    t.insert(0, "event", "job")
    t["naive_share_pct"] = t["share_pct"]
    stable = t.assign(event="stable", gap=-0.5, share_pct=50.0, naive_share_pct=50.0, note="")
    return pd.concat([t, stable], ignore_index=True)


def test_hidden_gap_is_counted_for_its_event_only():
    shares = _shares()
    assert claims.khb_hidden_groups(shares) == 1
    assert claims.khb_hidden_groups(shares, "stable") == 0


def test_median_sentence_names_the_hidden_group_beside_the_no_share_one():
    shares = _shares()
    s = claims.khb_published_rows(shares)
    second = float(s.loc[s["generation"] == "second", "share_pct"].median())
    assert second == (23.0 + 35.5) / 2  # four groups: the hidden and the no-share one left out
    text = claims.khb_share_sentence(67.1, second, 1, claims.khb_hidden_groups(shares))
    assert "one group is left out: its gap's interval includes zero" in text, text
    assert "one more group is left out as the table hides its gap" in text, text


def test_sentence_without_hidden_groups_is_unchanged_and_plural_counts():
    assert claims.khb_share_sentence(60.0, 30.0, 1) == claims.khb_share_sentence(60.0, 30.0, 1, 0)
    assert "(2 groups are left out as the table hides their gap)" in \
        claims.khb_share_sentence(60.0, 30.0, 0, 2)
