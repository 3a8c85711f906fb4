"""dpo45: a Kaplan-Meier or cumulative-incidence curve exported as a table.

A table "Quarter | Survival" (or cumulative incidence, in per cent) whose steps are 1/60,
2/59 ... gave each step's events, one or two persons, and passed export-check: it has no
count at all (refused since dpo46, which export-check cannot read). With the number at risk
beside it, the events of a step are the persons at risk times the step; a step of fewer than
``min_cell`` events is refused (``curve_steps``), as the chapters merge steps until each
rests on ``min_cell`` events ("Quarter since registration | At risk | Cumulative incidence
(%)" with a first step of 1 of 600 passed).
"""

import numpy as np
import pandas as pd

from mia_helpers.export_check import scan

AT_RISK = [60, 59, 59, 57, 56]
EVENTS = [1, 0, 2, 1, 0]


def _survival(at_risk, events):
    return np.cumprod([1 - d / n for d, n in zip(events, at_risk, strict=True)])


def _rules(tmp_path, table):
    table.to_csv(tmp_path / "curve.csv", index=False)
    return [f.rule for f in scan(tmp_path).findings]


def test_a_curve_without_its_risk_set_is_refused(tmp_path):
    """Left to the output checker here; refused since dpo46 (tests/test_dpo46_curve_at_risk.py):
    what export-check cannot read, it refuses."""
    s = _survival(AT_RISK, EVENTS)
    assert _rules(tmp_path, pd.DataFrame(
        {"Quarter": range(1, 6), "Kaplan-Meier survival": s.round(4)})) == ["curve_steps"]


def test_steps_of_one_or_two_events_beside_the_risk_set_are_refused(tmp_path):
    ci = 100 * (1 - _survival([600, 590, 590, 570, 560], [1, 0, 12, 11, 0]))
    assert "curve_steps" in _rules(tmp_path, pd.DataFrame(
        {"Quarter since registration": range(1, 6), "At risk": [600, 590, 590, 570, 560],
         "Cumulative incidence (%)": ci.round(2)}))


def test_steps_of_min_cell_events_pass(tmp_path):
    at_risk, events = [600, 590, 570, 550, 530], [10, 0, 12, 11, 20]
    ci = 100 * (1 - _survival(at_risk, events))
    assert _rules(tmp_path, pd.DataFrame(
        {"Quarter since registration": range(1, 6), "At risk": at_risk,
         "Cumulative incidence (%)": ci.round(2)})) == []
