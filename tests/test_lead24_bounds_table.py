"""The printed summary table marks an effect that is not point-identified as its worst-case
bounds, with no point and no relative effect (nvn24 found chapter 4 at seed 4242, "now versus
never", printing Application assignment at quarter 8 as "1.3 [-13.6, 16.2]", like an estimate
with its confidence interval)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import labels


def _summary(point_identified) -> pd.DataFrame:
    return pd.DataFrame({
        "measure": ["workplace_learning_ibo", "workplace_learning_ibo"],
        "quarter_since_start": [4, 8], "matched_pp": [2.0, 1.3], "ci_low": [0.5, -13.6],
        "ci_high": [3.5, 16.2], "matched_rel_pct": [10.0, 5.0], "naive_pp": [4.0, 3.0],
        "n_treated": [120, 110], "point_identified": point_identified})


@pytest.mark.parametrize("flags", [[True, False], np.array([True, False]),
                                   pd.array([True, False], dtype="boolean"),
                                   np.array([True, False], dtype=object)])
def test_bound_printed_as_bounds_without_point(flags):
    t = labels.effect_table(_summary(flags))
    cell = t.filter(like="Matched").iloc[:, 0]
    assert cell.iloc[0] == "2.0 [0.5, 3.5]"
    assert cell.iloc[1] == "bounds [-13.6, 16.2]"
    assert t["Relative (%)"].tolist() == ["10.0", "–"]


def test_without_the_flag_every_row_is_an_estimate():
    t = labels.effect_table(_summary([True, True]).drop(columns="point_identified"))
    assert t.filter(like="Matched").iloc[1, 0] == "1.3 [-13.6, 16.2]"


def test_caption_note_only_where_bounds_are_printed():
    assert labels.bounds_note(_summary([True, True])) == ""
    assert "worst-case bounds" in labels.bounds_note(_summary([True, False]))
