"""read52: prose on "now versus never" bounds read against the tables and curves it points to.

Chapter 5 (seed 4201, 5,000 newcomers, ``min_cell`` 20, ``estimand = "now_vs_never"``): the
naive sentence said "inburgering contract is only bounded at some of those quarters (see the
bounds above)" while disclosure control hid its bounds at every such quarter (6 to 8) in the
curves and the table, as the bounds sentence above it said. Hand-made rows in the style of
``tests/test_claims51_bound_horizons.py``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims

MIN_CELL = 10


def _tidy(entered_q6: int) -> pd.DataFrame:
    """One step, "now versus never", 100 starters at quarters 4 to 6: quarters 4 and 5
    point-identified (20 and 30 entered); quarter 6 a bound clipped at its treated share
    100 m1, with ``entered_q6`` entered by then."""
    m1 = entered_q6 / 100
    m = pd.DataFrame({
        "measure": "inburgering", "estimand": "now_vs_never", "estimator": "matched",
        "quarter_since_start": [4, 5, 6], "n_treated": [100, 100, 100],
        "treated_outcome": [0.20, 0.30, m1], "control_outcome": [0.25, 0.25, 0.25],
        "att_pp": [-5.0, 5.0, 100 * m1 - 25], "att_rel": [-0.2, 0.20, 0.4],
        "ci_low": [1.0, 1.0, 100 * m1 - 100], "ci_high": [9.0, 9.0, 100 * m1],
        "point_identified": [True, True, False],
        "treated_entered_persons": [20, 30, entered_q6],
        "treated_not_entered_persons": [80, 70, 100 - entered_q6],
        "control_entered_persons": [60, 60, 60], "control_not_entered_persons": [180, 180, 180]})
    return pd.concat([m, m.assign(estimator="naive", point_identified=True)],
                     ignore_index=True)


def _rows(tidy: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    rows = tidy[tidy["estimator"] == "matched"]
    return rows, ~rows["point_identified"].to_numpy(bool)


def test_a_hidden_bound_is_not_pointed_to():
    tidy = _tidy(35)  # 5 entered in quarter 6: the clipped bound gives a small step, hidden
    rows, npi = _rows(tidy)
    assert claims._bounds_hidden_steps(rows, tidy, ["inburgering"], npi, MIN_CELL, None) == [
        "inburgering"]
    text = claims.naive_position_sentence([], [], bounded=["inburgering"],
                                          bounds_hidden=["inburgering"], quarters=(4, 5, 6))
    assert "see the bounds above" not in text, text
    assert "only bounded at some of those quarters (disclosure control hides its bounds " \
           "there)" in text, text


def test_a_shown_bound_is_still_pointed_to():
    tidy = _tidy(60)  # 30 entered in quarter 6: the bound is published
    rows, npi = _rows(tidy)
    assert claims._bounds_hidden_steps(rows, tidy, ["inburgering"], npi, MIN_CELL, None) == []
    text = claims.naive_position_sentence([], [], bounded=["inburgering", "mo"],
                                          bounds_hidden=["mo"], quarters=(4, 5, 6))
    assert "Inburgering contract is only bounded at some of those quarters (see the bounds above)" \
        in text, text
    assert "MO (social orientation) is only bounded at some of those quarters (disclosure control hides its " \
           "bounds there)" in text, text


def _late_bound() -> pd.DataFrame:
    """One origin group's rows, "now versus never", quarters 4 to 10: point-identified up to
    8, a bound at quarters 9 and 10 (clipped at neither limit: nothing hides it)."""
    q = list(range(4, 11))
    return pd.DataFrame({
        "measure": "training_vocational", "group": "eastern_eu", "estimand": "now_vs_never",
        "estimator": "matched", "quarter_since_start": q, "n_treated": 150,
        "att_pp": 3.0, "ci_low": [-1.0] * 5 + [-40.0] * 2, "ci_high": [7.0] * 5 + [45.0] * 2,
        "point_identified": [True] * 5 + [False] * 2})


def test_bounds_past_the_table_send_the_reader_to_the_curves():
    tidy = _late_bound()
    text = claims.never_bounds_sentence(tidy, "now_vs_never", MIN_CELL, published=tidy,
                                        table_quarters=(4, 5, 8))
    # read52 (chapter 4, seed 4200, min_cell 20): "read the curves and tables at those
    # quarters as bounds" of quarters 9 to 12, beside a table of quarters 4, 5 and 8
    assert "read the curves and tables" not in text, text
    assert ("at quarters 9 and 10" in text and "read the curves at those quarters as bounds, "
            "not as point estimates (the table shows none of those quarters).") in text, text
    both = claims.never_bounds_sentence(tidy, "now_vs_never", MIN_CELL, published=tidy,
                                        table_quarters=(4, 5, 9))
    assert "read the curves and tables at those quarters as bounds" in both, both


def test_bounds_of_several_hidden_are_their_bounds():
    two = pd.concat([_late_bound(), _late_bound().assign(group="non_eu")], ignore_index=True)
    published = two.assign(ci_low=np.nan, ci_high=np.nan)  # disclosure control hid them all
    text = claims.never_bounds_sentence(two, "now_vs_never", MIN_CELL, published=published)
    assert "disclosure control hides their bounds" in text, text
    one = claims.never_bounds_sentence(_late_bound(), "now_vs_never", MIN_CELL,
                                       published=_late_bound().assign(ci_low=np.nan))
    assert "disclosure control hides its bounds" in one, one
