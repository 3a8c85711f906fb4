"""prose36: chapter 2 said "both risk sets hold the same school leavers, as nobody left school
in the last 3 quarters of the window" where the reason is that the data's school leaving ends
earlier (the synthetic generator lets school leavers leave in the first 40 quarters of the
window only: 2014Q4 for the 2005Q1-2016Q4 window, and also with a longer window). The clause
now gives that reason, computed from the data (:func:`mia_helpers.hazard.school_leaving_end`),
never typed in.

Facts (exact, no tolerance): the small synthetic extract (seed 2005, 3,000 residents) over the
default window; the generator's ``school_leaving_span`` (40 quarters from 2005Q1: last 2014Q4).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers import hazard as hz
from mia_helpers.data import ensure_data
from mia_helpers.panel import load_panel
from mia_helpers.quarters import to_label
from mia_helpers.synthetic.config import PopulationConfig

SMALL = {"seed": 2005, "residents": 3000, "newcomers": 1500}


def _exclusions(late_job, late_stable) -> pd.DataFrame:
    return pd.DataFrame({"reason": ["left school after the last quarter at risk"],
                         "job": [late_job], "stable": [late_stable]})


def test_the_data_s_school_leaving_end_is_the_reason():
    s = claims.stable_risk_set_sentence(_exclusions(0, 0), 4, leaving_end="2014Q4",
                                        window_end="2016Q4", min_cell=10)
    assert s.startswith("here both risk sets hold the same school leavers: school leaving in "
                        "these data ends in 2014Q4 (the quarter of the 10th-latest school "
                        "leaver, so that no single record sets it), 8 quarters before the "
                        "window end in 2016Q4, so nobody left school in the last 3 quarters"), s
    # ending just before the last 3 quarters: still the reason
    s = claims.stable_risk_set_sentence(_exclusions(0, 0), 4, leaving_end="2016Q1",
                                        window_end="2016Q4", min_cell=1)
    assert "ends in 2016Q1, 3 quarters before the window end in 2016Q4" in s, s
    assert "10th" not in s and "single record" not in s


def test_without_an_earlier_end_the_clause_is_as_before():
    old = ("here both risk sets hold the same school leavers, as nobody left school in the "
           "last 3 quarters of the window")
    # not known, or school leaving reaching into the last quarters (leavers after the window)
    assert claims.stable_risk_set_sentence(_exclusions(0, 0), 4).startswith(old)
    assert claims.stable_risk_set_sentence(_exclusions(0, 0), 4, leaving_end="2016Q2",
                                           window_end="2016Q4").startswith(old)
    assert claims.stable_risk_set_sentence(_exclusions(0, 0), 4, leaving_end=None,
                                           window_end="2016Q4").startswith(old)
    # someone left out: the count, whatever the end
    assert claims.stable_risk_set_sentence(_exclusions(0, 12), 4, leaving_end="2014Q4",
                                           window_end="2016Q4").startswith(
        "the stable-job risk set leaves out the 12 school leavers")
    with pytest.raises(ValueError, match="quarter label"):
        claims.stable_risk_set_sentence(_exclusions(0, 0), 4, leaving_end="late",
                                        window_end="2016Q4")


def test_school_leaving_end_from_the_data():
    data = ensure_data(**SMALL)
    span = PopulationConfig().school_leaving_span
    end = to_label(span - 1)  # the generator's last school-leaving quarter from 2005Q1
    assert end == "2014Q4"
    assert hz.school_leaving_end(data, 10) == end
    assert hz.school_leaving_end(load_panel(data), 10) == end
    # the min_cell-th latest, not the latest record: one late leaver does not move it
    panel = load_panel(data)
    first = panel["person_id"].iloc[0]
    moved = panel.assign(school_leaving_quarter=np.where(
        panel["person_id"] == first, 47, panel["school_leaving_quarter"]))
    assert hz.school_leaving_end(moved, 10) == end
    assert hz.school_leaving_end(moved, 1) == "2016Q4"
    assert hz.school_leaving_end(panel.head(0), 10) is None
    with pytest.raises(ValueError, match="school_leaving_quarter"):
        hz.school_leaving_end(panel[["person_id"]], 10)
    with pytest.raises(ValueError, match="min_cell"):
        hz.school_leaving_end(panel, 0)


def test_chapter_2_passes_the_end_and_the_window():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "notebooks"
            / "02_school_leaver_entry.md").read_text()
    assert "leaving_end=hz.school_leaving_end(data, min_cell)" in text
    assert "window_end=window_end" in text
