"""Chapter 4's pool exercise: "the sign changes at N of them" reads the signs the table prints
(two decimals, ``f"{x:.2f}"``) (DPO review 18).

Before the fix the clause rounded with ``Series.round(2)``, which rounds 0.005 (stored just
above 0.005) to 0.00 while the table prints 0.01: a horizon printed 0.01 beside -0.30 was not
counted as a change of sign. A printed 0.00 has no sign either way (the lead the previous
reader gave, checked here: it was not counted before the fix either).
"""

from __future__ import annotations

import pandas as pd

from mia_helpers.claims import pool_shift_clause


def test_a_printed_001_against_a_negative_is_a_change_of_sign():
    before = pd.Series([0.005, 0.40], index=[1, 2])
    after = pd.Series([-0.30, 0.50], index=[1, 2])
    assert f"{0.005:.2f}" == "0.01"  # what the table prints
    assert "the sign changes at 1 of those horizons" in pool_shift_clause(before, after)


def test_a_printed_000_has_no_sign():
    before = pd.Series([0.004, -0.004, 0.40], index=[1, 2, 3])
    after = pd.Series([-0.30, 0.30, 0.50], index=[1, 2, 3])
    assert "sign changes" not in pool_shift_clause(before, after)
