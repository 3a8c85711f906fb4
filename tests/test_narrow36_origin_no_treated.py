"""Chapter 4's effects by origin group (``tbl-effects-origin``): a group with 0 starters at
a horizon has no estimate; it printed "bounds" beside a "–" interval (its row is flagged as
not point-identified), which the caption's note words as worst-case bounds (narrow36). It
now reads "not estimated (no treated)", its interval "–", and the caption's bounds note is
not triggered by it."""

import numpy as np
import pandas as pd

from mia_helpers import labels
from mia_helpers.origin_effects import NO_TREATED, origin_table

MIN_CELL = 10


def _rows() -> pd.DataFrame:
    """One measure, three groups at quarters 0 and 4; group C's 15 starters are all gone by
    quarter 4 (0 treated: no estimate, flagged not point-identified as estimate_effects flags
    a horizon without treated)."""
    rows = []
    for g, (n0, n4) in {"A": (40, 30), "B": (35, 25), "C": (15, 0)}.items():
        for q, n in ((0, n0), (4, n4)):
            est = np.nan if n == 0 else 2.0 + q
            rows.append({"measure": "ibo", "group": g, "quarter_since_start": q,
                         "att_pp": est, "ci_low": est - 1, "ci_high": est + 1,
                         "true_att_pp": 3.0, "n_treated": n, "point_identified": n > 0})
    return pd.DataFrame(rows)


def test_no_treated_reads_not_estimated():
    out = origin_table(_rows(), [0, 4], min_cell=MIN_CELL)
    c4 = out[(out["group"] == "C") & (out["quarter_since_start"] == 4)].iloc[0]
    assert int(c4["n_treated"]) == 0  # the count itself is published
    assert c4["att_pp"] == NO_TREATED
    assert c4["ci_low"] == "–" and c4["ci_high"] == "–"
    assert not (out["att_pp"].astype(str) == "bounds").any()
    assert labels.grid_bounds_note(out) == ""  # no bound printed, no note of bounds
    a0 = out[(out["group"] == "A") & (out["quarter_since_start"] == 0)].iloc[0]
    assert float(a0["att_pp"]) == 2.0  # estimated rows as before
