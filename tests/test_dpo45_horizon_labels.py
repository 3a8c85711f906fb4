"""dpo45: successive horizons of a cohort count are read whatever the labels' spelling.

The horizon rule of export-check (``horizon_difference``: a cohort count that changes by
fewer than ``min_cell`` persons between two horizons gives the number who left) matched
only code names and the book's own labels ("Quarter since start" beside "Starters"): an
analyst's Kaplan-Meier table "Quarter | At risk | Cumulative incidence (%)" with 60 and 59
at risk, or "Quarters since start | Starters" at 60 and 59, passed.
"""

import pandas as pd
import pytest

from mia_helpers.export_check import scan

CURVE = {"Cumulative incidence (%)": [1.7, 1.7, 5.0, 6.7]}


@pytest.mark.parametrize(("horizon", "cohort"), [
    ("Quarter", "At risk"), ("quarter", "n_at_risk"), ("Quarters since start", "Starters"),
    ("Months since registration", "Persons at risk"), ("Period", "Number at risk"),
    ("quarter", "n.risk"), ("Week", "n_risk")])
def test_a_cohort_leaving_by_one_between_horizons_is_refused(tmp_path, horizon, cohort):
    pd.DataFrame({horizon: [1, 2, 3, 4], cohort: [60, 59, 59, 57], **CURVE}).to_csv(
        tmp_path / "curve.csv", index=False)
    rules = [f.rule for f in scan(tmp_path).findings]
    assert "horizon_difference" in rules


def test_steps_of_min_cell_or_none_pass(tmp_path):
    pd.DataFrame({"Quarter": [1, 2, 3, 4], "At risk": [60, 60, 50, 38]}).to_csv(
        tmp_path / "curve.csv", index=False)
    assert scan(tmp_path).ok


def test_persons_per_calendar_quarter_are_a_stock_not_a_cohort(tmp_path):
    """A bare "Quarter" may number calendar quarters: persons per quarter is a stock, whose
    change is no group of leavers; a count named as a risk set or starters beside it is read."""
    pd.DataFrame({"Quarter": [1, 2, 3], "Persons": [1000, 1001, 1003]}).to_csv(
        tmp_path / "stock.csv", index=False)
    assert scan(tmp_path).ok
    pd.DataFrame({"Quarter since registration": [1, 2, 3], "Persons": [60, 59, 57]}).to_csv(
        tmp_path / "cohort.csv", index=False)
    assert [f.rule for f in scan(tmp_path).findings] == ["horizon_difference"]
