"""rev45: findings of the review of session 42's change (2445f0f..fd24149)."""

from __future__ import annotations

import pandas as pd

from mia_helpers.export_check import check_table


def test_horizon_rule_reads_the_horizon_column_beside_a_horizon_index():
    """The horizon rule took the horizon column's position in the frame with the index levels
    put before it: beside an index named as a horizon ("Quarter", calendar) it read the text
    column ``cohort`` as the horizon, found no numbers, and a risk set falling 60 to 59 passed
    (``curve_steps`` had the position right; both now share ``_horizon_frame``)."""
    t = pd.DataFrame({"Quarter": [20151, 20152, 20153, 20154], "cohort": ["a"] * 4,
                      "u": [1, 2, 3, 4], "n_at_risk": [60, 59, 40, 30]}).set_index("Quarter")
    found = check_table(t, 10)
    assert [r for r, _ in found] == ["horizon_difference"], found
    assert "'n_at_risk' changes by fewer than 10 persons between successive 'u' (rows 20152)" \
        in found[0][1]
