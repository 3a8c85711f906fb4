"""Chapter 3's generator check against its counts table (DPO review 17).

The check table publishes the school leavers and newcomers with a first inflow into each
outcome (``n_persons``), the counts table all jobseekers with one. The school leavers and
newcomers are a subset, so the difference is the adults present at the window's start with
that inflow: with 55 and 48 the two tables said 7. The check's count is now hidden where the
difference is in ``(0, min_cell)`` (its estimates stay: they rest on the check's persons).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import competing as cr
from mia_helpers.disclosure import suppress, suppress_small_cells

MIN_CELL = 10


def _counts():
    t = pd.DataFrame({"outcome": ["no_inflow", "training_basic", "workplace_learning_ibo",
                                  "sanction_transmission"],
                      "n_spells": [1110, 123, 115, 56], "n_persons": [713, 113, 110, 55]})
    return suppress(t, count_cols=["n_spells", "n_persons"], min_cell=MIN_CELL)


def _check():
    return pd.DataFrame({"outcome": ["training_basic", "workplace_learning_ibo",
                                     "sanction_transmission"] * 2,
                         "term": ["low_link"] * 3 + ["experience_years"] * 3,
                         "estimate": [0.4, -0.4, 0.1, 0.05, 0.1, -0.02],
                         "n_persons": [92, 110, 48] * 2})


def test_a_small_difference_with_the_counts_table_hides_the_count():
    chk = _check()
    hide = cr.persons_against_counts(chk["outcome"], chk["n_persons"], _counts(), MIN_CELL)
    # basic: 113 - 92 = 21 (shown); IBO: 110 - 110 = 0 (shown); sanctions: 55 - 48 = 7
    assert hide == [False, False, True] * 2
    out = suppress_small_cells(chk, count_cols=["n_persons"], min_cell=MIN_CELL,
                               value_cols=["estimate"], hide={"n_persons": hide})
    shown = pd.to_numeric(out["n_persons"], errors="coerce")
    total = _counts().data.set_index("outcome")["n_persons"].astype(float)
    diff = total.reindex(out["outcome"]).to_numpy() - shown.to_numpy()
    assert not ((diff > 0) & (diff < MIN_CELL)).any(), out
    assert np.isfinite(pd.to_numeric(out["estimate"], errors="coerce")).all()  # stay


def test_a_hidden_total_gives_no_difference():
    t = _counts().data.copy()
    t.loc[t["outcome"] == "sanction_transmission", "n_persons"] = pd.NA
    assert cr.persons_against_counts(["sanction_transmission"], [48], t, MIN_CELL) == [False]


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="n_persons"):
        cr.persons_against_counts(["x"], [1], pd.DataFrame({"outcome": ["x"]}), MIN_CELL)
    with pytest.raises(ValueError, match="2 outcomes but 1"):
        cr.persons_against_counts(["a", "b"], [1], _counts(), MIN_CELL)
