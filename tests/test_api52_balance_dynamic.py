"""api52: the disclosure-controlled balance table (:func:`mia_helpers.effect_tables.
balance_published`) of a :func:`mia_helpers.dynamic.dynamic_match` on a user's own panel,
whose person column is not called ``person_id``. Before, it was refused ("risk-set rows lack
person_id"), so an outside user had no balance table with the small SMDs hidden; and a
``min_cell`` of 0 passed unchecked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers.dynamic import dynamic_match
from mia_helpers.effect_tables import balance_published, balance_unsafe


def _match():
    rng = np.random.default_rng(52)
    rows = []
    for i in range(150):
        age, started = 20 + 40 * rng.random(), False
        for t in range(8):
            s = not started and rng.random() < 0.1
            started |= s
            rows.append({"who": i, "t": t, "start": s, "age": age, "rare": i < 6})
    return dynamic_match(pd.DataFrame(rows), id="who", time="t", treatment_start="start",
                         covariates=["age", "rare"], caliper=None)


def test_balance_of_a_dynamic_match_hides_the_rare_covariate():
    b = balance_published({"training": _match()}, min_cell=10).set_index("covariate")
    assert np.isfinite(b.loc["age", ["smd_before", "smd_after"]].astype(float)).all()
    assert b.loc["rare", ["smd_before", "smd_after"]].isna().all()


def test_min_cell_is_checked():
    with pytest.raises(ValueError, match="min_cell must be a whole number >= 1"):
        balance_unsafe(_match(), 0)
