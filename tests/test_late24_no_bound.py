"""A matched effect that is not point-identified and has no bound at all (no interval: nearly
all the twins take the step themselves) prints no point in the summary table (late24: chapter
5, seed 5151, "now versus never", printed MO's "6.3" in the matched column, beside a caption
saying bounds come "without a point" and a text calling that value "no estimate")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import labels


def _summary() -> pd.DataFrame:
    return pd.DataFrame({
        "measure": ["mo", "nt2"], "quarter_since_start": [4, 4], "matched_pp": [6.3, 1.0],
        "ci_low": [np.nan, -6.1], "ci_high": [np.nan, 4.2], "matched_rel_pct": [20.0, 5.0],
        "naive_pp": [9.3, -2.3], "n_treated": [127, 616], "point_identified": [False, False]})


def test_no_bound_prints_no_point():
    cells = labels.effect_table(_summary()).filter(like="Matched").iloc[:, 0].tolist()
    assert cells == ["–", "bounds [-6.1, 4.2]"]


def test_a_hidden_bound_prints_its_marker_not_the_point():
    assert labels.bound_text(6.3, "x", "x") == "x"


def test_caption_says_what_the_dash_means():
    assert "not even a bound" in labels.bounds_note(_summary())
    assert "not even a bound" not in labels.bounds_note(_summary().iloc[1:])
