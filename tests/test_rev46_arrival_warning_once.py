"""rev46: fix46 made ``newcomers.newcomer_panel`` warn of newcomers without an
``arrival_quarter``. Chapter 5 builds the newcomer panel twice from the same panel: in its
own cell and again inside the obligated-grounds exercise
(:func:`mia_helpers.stepwise.obligated_exercise_effects`), so the executed chapter printed
the same count of left-out newcomers twice, in two cells (the warnings come from two places,
so Python's once-per-place filter shows both). One fact, one warning: the exercise does not
repeat it (the command line's own warning, before the run, is the pattern of
tests/test_user38_warning_once.py). Exact counts, no tolerance."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

from mia_helpers import stepwise
from mia_helpers.newcomers import newcomer_panel
from mia_helpers.panel import load_panel

MESSAGE = "have no arrival_quarter"


@pytest.fixture(scope="module")
def gaps(small_data) -> pd.DataFrame:
    """The small data's panel with its first 7 newcomers' arrival quarters missing."""
    panel = load_panel(small_data)
    ids = panel.loc[panel["sample"] == "newcomer", "person_id"].unique()[:7]
    panel.loc[panel["person_id"].isin(ids), "arrival_quarter"] = pd.NA
    return panel


def _arrival_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if MESSAGE in str(w.message)]


def test_chapter_5_warns_once_of_newcomers_without_arrival(gaps, monkeypatch):
    seen = {}

    def no_estimation(fn, specs, what, panel, **kw):  # the exercise's matching is not the point
        seen["panel"] = panel
        return None, []

    monkeypatch.setattr(stepwise, "effects_skipping", no_estimation)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")  # every warning given, wherever it comes from
        npanel = newcomer_panel(gaps)  # the chapter's cell
        out = stepwise.obligated_exercise_effects(gaps, None, ["inburgering"], None, None)
    said = _arrival_warnings(rec)
    assert len(said) == 1, said
    assert said[0].startswith("newcomer_panel: 7 of "), said
    # the exercise still leaves out the same newcomers, only silently
    assert out[3] == "no obligated starter found a twin within the caliper", out
    assert not set(seen["panel"]["person_id"]) - set(npanel["person_id"])


def test_the_exercise_keeps_other_warnings(gaps, monkeypatch):
    """Only newcomer_panel's arrival warning is silenced there, nothing else."""
    def warn(fn, specs, what, panel, **kw):
        warnings.warn("newcomer_panel: something else", UserWarning, stacklevel=1)
        return None, []

    monkeypatch.setattr(stepwise, "effects_skipping", warn)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        stepwise.obligated_exercise_effects(gaps, None, ["inburgering"], None, None)
    assert [str(w.message) for w in rec] == ["newcomer_panel: something else"]
