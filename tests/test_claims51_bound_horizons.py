"""Chapter 5's figure and summary table judged a "now versus never" bound clipped at the
treated share (dpo25) over different horizons (claims51): the curves along every quarter they
draw, the table along its own quarters 4, 5 and 8. concl50 (seed 4103, ``estimand =
"now_vs_never"``, ``min_cell`` 20) printed MO's "bounds [-92.6, 7.4]" at quarter 4 in the
table while the curves hid it beside their quarter 3, and the text had to say that the table
gives a bound the figure does not draw. Both now read
:func:`mia_helpers.effect_tables.bound_horizons`. Hand-made rows in the style of
``tests/test_dpo25_bounds.py``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims, effects, labels, plots
from mia_helpers.effect_tables import (
    bound_horizons,
    clipped_bounds_behind,
    hide_one_sided_points,
    horizon_range_words,
)

MIN_CELL = 10


def _tidy() -> pd.DataFrame:
    """One step, "now versus never", 100 starters at quarters 3, 4 and 5: quarter 3
    point-identified, 30 entered; quarter 4 a bound clipped at 100 m1 = 35 (35 entered: 5 in
    quarter 4, a small step beside quarter 3 only); quarter 5 point-identified, 60 entered."""
    m = pd.DataFrame({
        "measure": "mo", "estimand": "now_vs_never", "estimator": "matched",
        "quarter_since_start": [3, 4, 5], "n_treated": [100, 100, 100],
        "treated_outcome": [0.30, 0.35, 0.60], "control_outcome": [0.25, 0.25, 0.25],
        "att_pp": [5.0, 10.0, 35.0], "att_rel": [0.20, 0.40, 1.40],
        "ci_low": [1.0, -65.0, 30.0], "ci_high": [9.0, 35.0, 40.0],
        "point_identified": [True, False, True],
        "treated_entered_persons": [30, 35, 60], "treated_not_entered_persons": [70, 65, 40],
        "control_entered_persons": [60, 60, 60], "control_not_entered_persons": [180, 180, 180]})
    naive = m.assign(estimator="naive", point_identified=True, ci_low=0.0, ci_high=8.0)
    return pd.concat([m, naive], ignore_index=True)


def _curves(tidy: pd.DataFrame) -> pd.DataFrame:
    return tidy[["measure", "estimand", "estimator", "quarter_since_start", "att_pp", "ci_low",
                 "ci_high", "point_identified"]]


def test_table_and_curves_hide_the_same_clipped_bound():
    tidy = _tidy()
    curves = hide_one_sided_points(_curves(tidy), tidy, MIN_CELL)
    q4 = curves[(curves["estimator"] == "matched") & (curves["quarter_since_start"] == 4)]
    assert q4["ci_high"].isna().all()  # the curves hide it beside quarter 3 (as before)
    table = effects.summary_table(tidy, quarters=(4, 5), min_cell=MIN_CELL).data
    t4 = table[table["quarter_since_start"] == 4].iloc[0]
    # before claims51 the table judged quarter 4 beside its own quarters only and printed
    # "bounds [-65.0, 35.0]": 35 entered, 5 more than the curves' quarter 3 gives
    assert pd.isna(t4["ci_low"]) and pd.isna(t4["ci_high"]), t4
    assert clipped_bounds_behind(tidy, table, MIN_CELL).tolist() == [True, False]


def test_bound_horizons_are_every_quarter_drawn():
    tidy = _tidy()
    assert bound_horizons(tidy) == (3, 4, 5)
    assert bound_horizons(tidy.assign(quarter_since_start=0)) == ()
    assert horizon_range_words(range(1, 13)) == "quarters 1 to 12"
    assert horizon_range_words([4, 5]) == "quarters 4 and 5"
    assert horizon_range_words([1, 2, 4]) == "quarters 1, 2 and 4"
    assert horizon_range_words([8]) == "quarter 8"


def test_the_glued_texts_state_the_horizons():
    tidy = _tidy()
    h = bound_horizons(tidy)
    text = claims.never_bounds_sentence(tidy, "now_vs_never", MIN_CELL, "step", horizons=h)
    assert text.endswith("Whether a bound would reveal a count is judged over quarters 3 to 5, "
                         "the horizons the curves draw, for the curves and the table alike."), text
    assert claims.never_bounds_sentence(tidy, "now_vs_later", horizons=h) == ""
    note = plots.figure_bounds_note(_curves(tidy), h)
    assert "as the tables give it, both hiding a bound that would reveal a small count beside " \
           "another of quarters 3 to 5" in note, note
    summary = pd.DataFrame({"measure": "mo", "estimand": "now_vs_never",
                            "quarter_since_start": [4, 5], "matched_pp": [10.0, 35.0],
                            "ci_low": [np.nan, 30.0], "ci_high": [np.nan, 40.0],
                            "point_identified": [False, True]})
    assert labels.bounds_note(summary, h).endswith(
        "; as in the figure, a bound is hidden where it would reveal a small count beside "
        "another of quarters 3 to 5."), labels.bounds_note(summary, h)
    assert "quarters" not in labels.bounds_note(summary)
