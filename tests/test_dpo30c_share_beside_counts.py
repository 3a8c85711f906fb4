"""dpo30c: export-check's ``whole_group`` rule read a share of 100 % only beside the one
count of its table; a table that also counts contracts or events hid it. The share is now
read against the table's one total of persons."""
from __future__ import annotations

import pandas as pd

from mia_helpers.export_check import check_table


def test_a_100_percent_share_beside_persons_and_events_is_refused():
    t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], "n_contracts": [55, 60],
                      "pct_with_contract": ["100.0", "62.0"]})
    found = dict(check_table(t, 15))
    assert "whole_group" in found, found
    assert "'pct_with_contract' is a share of 100 % of the group counted in 'n_persons'" \
        in found["whole_group"] and "row 1" in found["whole_group"]
    # 62.0 % everywhere: nothing whole
    t.loc[0, "pct_with_contract"] = "62.5"
    assert "whole_group" not in dict(check_table(t, 15))

