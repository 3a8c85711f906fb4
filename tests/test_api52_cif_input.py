"""api52: :func:`mia_helpers.competing.nonparametric_cif` on an econometrician's own
person-period rows (``u``, ``outcome`` 0..K, a group column; ``exits=False``). Before, a row
with a missing group was dropped, a negative outcome code was read as censoring (its index
-1 is the censoring column), a row with a negative ``u`` vanished from the grid, and a
missing outcome stopped with NumPy's "arrays used as indices must be of integer type"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers.competing import nonparametric_cif


def _rows(n: int = 200, seed: int = 52) -> pd.DataFrame:
    """Spells of ``n`` persons, up to 6 periods, the first event (1 or 2) ending each."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        for u in range(6):
            r = rng.random()
            o = 1 if r < 0.08 else 2 if r < 0.12 else 0
            rows.append({"person_id": i, "u": u, "outcome": o, "grp": ("a", "b")[i % 2]})
            if o:
                break
    return pd.DataFrame(rows)


def test_clean_rows_give_curves():
    out = nonparametric_cif(_rows(), by="grp", horizon=3, exits=False)
    assert set(out["grp"]) == {"a", "b"} and out["cum_incidence"].notna().all()


@pytest.mark.parametrize("column, value, match", [
    ("grp", None, "column 'grp' has 1 missing value"),
    ("outcome", np.nan, "column 'outcome' has 1 missing value"),
    ("outcome", -1, "column 'outcome' must hold whole numbers >= 0"),
    ("u", -1, "column 'u' must hold whole numbers >= 0"),
])
def test_rows_it_would_drop_or_misread_are_refused(column, value, match):
    d = _rows()
    if value is not None and np.isnan(value):
        d[column] = d[column].astype(float)
    d.loc[3, column] = value
    with pytest.raises(ValueError, match=match):
        nonparametric_cif(d, by="grp", horizon=3, exits=False)


def test_an_outcome_code_beyond_the_outcomes_is_refused():
    d = _rows()
    d.attrs["outcomes"] = ["no_inflow", "first", "second"]
    d.loc[3, "outcome"] = 3
    with pytest.raises(ValueError, match="1 row of column 'outcome' holds a code above 2"):
        nonparametric_cif(d, by="grp", horizon=3, exits=False)
