"""dpo35: published tables outside chapter 3 that could print a zero beside a group of fewer
than ``min_cell`` persons hide it (``zeros_of_small_groups`` / ``suppress(zeros=)``)."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import codes, disclosure
from mia_helpers import typology as ty

MIN_CELL = 10


@pytest.fixture(autouse=True)
def _fresh_record():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def test_intake_inflow_hides_zero_starts_of_a_small_type():
    m = list(codes.MEASURES)[0]
    intake = pd.DataFrame({
        "ideal_type": ["small"] * 4 + ["large"] * 40,
        "outcome_label": [ty.NO_INFLOW] * 4 + [m] * 20 + [ty.NO_INFLOW] * 20})
    tab = ty.intake_inflow_by_type(intake, min_cell=MIN_CELL)
    small = tab[tab["ideal_type"] == "small"]
    assert small["n_starts"].isna().all()  # 0 of 4 spells: hidden
    large = tab[(tab["ideal_type"] == "large") & (tab["outcome"] != m)]
    assert (large["n_starts"] == 0).all()  # 0 of 40 spells: shown


def test_feeder_against_steps_hides_no_events_among_few_persons():
    """A feeder term of 5 persons and 0 events, linked to 30 steps: the 0 events would tell
    of each of the 5 that they did not start; the linked table hides it."""
    from test_x13 import _feeder, _people

    from mia_helpers.linked_tables import feeder_against_steps

    periods = _people([
        ({"origin": "tiny", "sex": "male", "education": "mid", "dutch": "good"}, 5, 0),
        ({"origin": "maghreb", "sex": "male", "education": "high", "dutch": "good"}, 60, 30),
        ({"origin": "eastern_eu", "sex": "male", "education": "mid", "dutch": "good"}, 200, 80),
    ])
    steps = pd.DataFrame({"origin": ["tiny", "maghreb", "eastern_eu"],
                          "n_persons": [30, 60, 200]})
    out = feeder_against_steps(_feeder(periods), periods, steps, min_cell=MIN_CELL,
                               variable="origin")
    d = out.data.set_index("term")
    assert pd.isna(d.loc["origin[tiny]", "n_events"])
