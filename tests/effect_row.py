"""One matched effect row of 40 starters at quarter 4, for the tests of the person-count
fallbacks of ``effect_tables`` (twin and starter persons; duplicates tool)."""

from __future__ import annotations

import pandas as pd


def one_row(treated_outcome: float, control_outcome: float) -> pd.DataFrame:
    """A one-row effect table (``measure`` "m", "now_vs_later", matched, quarter 4,
    ``n_treated`` 40) with the two means given (shares 0-1)."""
    return pd.DataFrame({"measure": ["m"], "estimand": ["now_vs_later"],
                         "estimator": ["matched"], "quarter_since_start": [4],
                         "n_treated": [40], "treated_outcome": [treated_outcome],
                         "control_outcome": [control_outcome]})


def assert_falls_back(rows: pd.DataFrame, columns, rule, min_cell: int) -> None:
    """``rule`` (an ``effect_tables`` hiding rule) hides ``rows`` whether the person
    ``columns`` are absent or NaN (``add_twin_persons`` without a match)."""
    from mia_helpers.twin_persons import add_twin_persons

    assert rule(rows, min_cell).all()
    nan_rows = add_twin_persons(rows, {})
    assert nan_rows[list(columns)].isna().all().all()
    assert rule(nan_rows, min_cell).all()


def matched_rows(ea, oa, horizons: int) -> pd.DataFrame:
    """Matched "now versus later" effect rows of a design (``EstimationArrays``,
    ``OutcomeArrays``) as ``estimate_effects`` builds them: the estimator's own m1, m0 and
    n at horizons 1..``horizons`` (warnings of no variation silenced)."""
    import warnings

    import numpy as np

    from mia_helpers.effects import effect_curves

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = effect_curves(ea, oa, ["now_vs_later"])[("now_vs_later", "matched")]
    return pd.DataFrame({"measure": "m", "estimand": "now_vs_later", "estimator": "matched",
                         "quarter_since_start": np.arange(1, horizons + 1), "att_pp": c["att"],
                         "n_treated": c["n"], "treated_outcome": c["m1"],
                         "control_outcome": c["m0"]})
