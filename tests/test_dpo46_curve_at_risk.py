"""dpo46: a survival or cumulative-incidence curve exported as a table must carry the persons
at risk.

Without them export-check cannot read a step's events (the persons at risk times the step),
so it cannot know that each step rests on ``min_cell`` events, nor that the curve stops where
fewer than ``min_cell`` are at risk: "Quarter | Kaplan-Meier survival" with steps of 1/60 and
2/59 (one and two persons) passed as a table without counts (dpo45 left it to the output
checker). It is refused now (``curve_steps``), naming the table and the column to add. A
curve printed beside a number at risk marked small (``<10``) goes on where fewer than
``min_cell`` are at risk, and is refused too.
"""

import numpy as np
import pandas as pd

from mia_helpers.export_check import scan

AT_RISK = [60, 59, 59, 57, 56]
EVENTS = [1, 0, 2, 1, 0]


def _survival(at_risk, events):
    return np.cumprod([1 - d / n for d, n in zip(events, at_risk, strict=True)])


def _findings(tmp_path, table, name="curve.csv"):
    table.to_csv(tmp_path / name, index=False)
    return scan(tmp_path).findings


def test_a_curve_without_the_persons_at_risk_is_refused(tmp_path):
    s = _survival(AT_RISK, EVENTS)
    found = _findings(tmp_path, pd.DataFrame(
        {"Quarter": range(1, 6), "Kaplan-Meier survival": s.round(4)}))
    steps = [f for f in found if f.rule == "curve_steps"]
    assert len(steps) == 1, found
    assert steps[0].file == "curve.csv"
    assert "'Kaplan-Meier survival'" in steps[0].detail
    assert "at risk" in steps[0].detail and "add" in steps[0].detail


def test_a_cumulative_incidence_in_per_cent_without_risk_set_is_refused(tmp_path):
    ci = 100 * (1 - _survival(AT_RISK, EVENTS))
    found = _findings(tmp_path, pd.DataFrame(
        {"Quarters since start": range(1, 6), "Group": "A",
         "Cumulative incidence (%)": ci.round(1)}))
    assert "curve_steps" in [f.rule for f in found]


def test_a_curve_beside_its_persons_at_risk_with_large_steps_passes(tmp_path):
    at_risk, events = [600, 590, 570, 550, 530], [10, 0, 12, 11, 20]
    ci = 100 * (1 - _survival(at_risk, events))
    assert _findings(tmp_path, pd.DataFrame(
        {"Quarter since registration": range(1, 6), "At risk": at_risk,
         "Cumulative incidence (%)": ci.round(2)})) == []


def test_a_curve_beside_a_risk_set_marked_small_is_refused(tmp_path):
    """The curve goes on where fewer than min_cell are at risk: the chapters stop it there."""
    table = pd.DataFrame({"Quarter": [1, 2, 3], "At risk": ["600", "580", "<10"],
                          "Kaplan-Meier survival": ["0.98", "0.96", "0.80"]})
    found = _findings(tmp_path, table)
    steps = [f for f in found if f.rule == "curve_steps"]
    assert steps and "fewer than 10" in steps[0].detail, found


def test_a_single_survival_share_without_horizon_is_not_a_curve(tmp_path):
    """A survival share per group at one horizon (no horizon column) is a share, read as one."""
    assert "curve_steps" not in [f.rule for f in _findings(tmp_path, pd.DataFrame(
        {"Group": ["A", "B"], "Persons": [400, 300], "Survival (%)": [80.0, 70.0]}))]


def test_a_step_merged_over_held_quarters_is_read_at_their_risk_sets(tmp_path):
    """coarsen_steps holds the curve until min_cell events accumulate: a step of 16 events
    taken while 370 to 160 were at risk was read at the last quarter's 160 alone as 7 events
    and refused; it is read at the largest risk set since the curve's last change."""
    at_risk = [400, 370, 340, 310, 280, 250, 220, 190, 160, 130]
    held = [0.0, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.07]
    assert _findings(tmp_path, pd.DataFrame(
        {"u": range(10), "cum_incidence": held, "n_at_risk": at_risk})) == []
    # the same step over one quarter's risk set of 130 is 5 or 6 events: refused
    assert "curve_steps" in [f.rule for f in _findings(tmp_path, pd.DataFrame(
        {"u": [8, 9], "cum_incidence": [0.03, 0.07], "n_at_risk": [130, 130]}))]
