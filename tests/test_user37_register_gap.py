"""user37: measures delivered without the year 2014 (a yearly file missing from the middle of
the delivery) adapted with no word: ``register_period_warning`` looked only at runs without
rows at the start and the end of the KSZ quarters, and the panel read every 2014 start as
none. A run without rows between a steady register's first and last quarter is now told when
the quarters on either side hold PERIOD_INTERIOR_ROWS rows or more."""

from __future__ import annotations

import pandas as pd

from mia_helpers.cli.adapt import PERIOD_INTERIOR_ROWS, register_period_warning
from mia_helpers.quarters import Window, to_index


def _frame(column: str, quarters: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"person_id": range(1, len(quarters) + 1), column: quarters})


KSZ = _frame("quarter", list(range(48)) * 2)


def test_a_year_without_measures_in_the_middle_is_told():
    y = range(to_index("2014Q1"), to_index("2014Q4") + 1)
    meas = _frame("start_quarter", [q for q in range(48) for _ in range(3) if q not in y])
    text = register_period_warning({"ksz_positions": KSZ, "vdab_measures": meas},
                                   Window(0, 47), {"vdab_measures": "acties.csv"})
    assert "vdab_measures (acties.csv): its rows run 2005Q1..2016Q4; no row in " \
           "2014Q1..2014Q4 (4 quarters) between its first and last quarter, 24 in the 4 " \
           "quarters on either side" in text, text
    assert "a yearly file missing from `file:`" in text


def test_a_sparse_register_is_not_told():
    # one measure every other quarter: each empty quarter has 2 rows beside it, which a
    # steady rate explains ((2/3)**2), below PERIOD_INTERIOR_ROWS
    meas = _frame("start_quarter", list(range(0, 48, 2)))
    assert register_period_warning({"ksz_positions": KSZ, "vdab_measures": meas},
                                   Window(0, 47)) == ""
    # a quarter without rows whose neighbours hold one row fewer than the threshold together
    k = PERIOD_INTERIOR_ROWS - 1
    rows = [20] * (k // 2) + [22] * (k - k // 2) + list(range(0, 48, 8))
    meas = _frame("start_quarter", [q for q in rows if q != 21])
    assert "2010Q2" not in register_period_warning(
        {"ksz_positions": KSZ, "vdab_measures": meas}, Window(0, 47))
    # permits and inburgering steps come after a newcomer's arrival: not told in the middle
    wse = _frame("quarter", [q for q in range(48) for _ in range(3) if not 20 <= q < 24])
    assert register_period_warning({"ksz_positions": KSZ, "wse_permits": wse},
                                   Window(0, 47)) == ""
