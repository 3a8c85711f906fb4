"""Chapter 2's KHB table by sex hides a gap on few persons without the event even where an
earlier table of the run hid the cell's pooled counts (user46).

Found on a run of chapter 2 with seed 2019, 8,000 residents, 4,000 newcomers, window
2008Q1-2014Q4 and ``min_cell`` 25: the table of origin gaps by sex hid the first-job odds
ratios of Eastern EU and other non-EU intermediate-generation men (24 and 14 of them without
a first job), but the KHB table by sex printed their gaps (-0.93 and -0.43), explained parts
and share. Run alone, ``khb_table`` hid them; in the chapter the risk-set and nested-model
tables had hidden the cells' pooled first-job entrants, the ledger then hid each sex's
entrants as ``ledger`` before the complement rule (persons without the event) could, and
model estimates do not follow a count hidden only by the ledger. The same happened where the
ledger hid the persons (the stable-job persons of every cell in that run): the complement rule
reads only rows whose total is shown.

Data: the hand-made panel of ``test_sex36_small_cell_sex`` (natives and Maghrebi second
generation of both sexes; 6 women and 6 men of the Maghrebi cell have no first job), and a
pooled table that hides that cell's first-job count as chapter 2's pooled tables do
(:func:`mia_helpers.hazard.pooled_cell_rules`). No tolerance: markers only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import disclosure
from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg

sys.path.insert(0, str(Path(__file__).parent))
from test_sex36_small_cell_sex import small_cell_fit  # noqa: E402

MIN_CELL = 10
CELL = "maghreb:second"


@pytest.fixture(scope="module")
def by_sex():
    periods, fitted = small_cell_fit()
    for sex in sg.SEXES:  # the premise: few of the cell's persons lack a first job
        c = hz.group_counts(fitted[sex]["periods"]["job"]).set_index(hz.KEY)
        assert 0 < c.loc[CELL, "n_persons"] - c.loc[CELL, "n_events"] < MIN_CELL, c
    return periods, fitted


def _pooled_table_hides(periods: dict, column: str) -> None:
    """An earlier pooled table of the run that hides ``column`` of CELL's first-job row (as
    the risk-set table hid the entrants of cells whose persons were published): the ledger."""
    cells = hz.group_counts(periods["job"])
    cells = cells[cells["n_persons"] > 0].reset_index(drop=True)
    cells[hz.KEY] = cells[hz.KEY].astype(str)
    rules = {k: v for k, v in hz.pooled_cell_rules("job").items()
             if k not in ("dof", "values_follow")}  # a count table: no estimates
    disclosure.suppress(cells[[hz.KEY, "n_persons", "n_events"]], min_cell=MIN_CELL,
                        hide={column: (cells[hz.KEY] == CELL).to_numpy()},
                        hide_rule="complement", record=False, **rules)


def _first_job_gaps(kt: pd.DataFrame) -> pd.Series:
    rows = kt[(kt["event"] == "job") & (kt["group"] == CELL)]
    assert len(rows) == 2, kt
    return rows.set_index("sex")["gap"]


def test_alone_the_gaps_on_few_without_a_first_job_are_hidden(by_sex):
    _, fitted = by_sex
    disclosure.reset_record()
    gaps = _first_job_gaps(sg.khb_table(fitted, min_cell=MIN_CELL))
    assert (gaps == disclosure.DEFAULT_VALUE_MARKER).all(), gaps


@pytest.mark.parametrize("column", ["n_events", "n_persons"])
def test_after_a_pooled_table_hid_the_cell_the_gaps_stay_hidden(by_sex, column):
    periods, fitted = by_sex
    disclosure.reset_record()
    _pooled_table_hides(periods, column)
    kt = sg.khb_table(fitted, min_cell=MIN_CELL)
    gaps = _first_job_gaps(kt)
    assert (gaps == disclosure.DEFAULT_VALUE_MARKER).all(), gaps
    # every estimate of the row goes with the gap, and the gap table agrees
    row = kt[(kt["event"] == "job") & (kt["group"] == CELL)]
    for col in ("explained", "share_pct", "unexplained"):
        assert (row[col] == disclosure.DEFAULT_VALUE_MARKER).all(), row[col]
    g = sg.gap_table(fitted, min_cell=MIN_CELL)
    top = g[(g["event"] == "job") & (g["group"] == CELL) & (g["model"] == g["model"].max())]
    assert (top["estimate"] == disclosure.DEFAULT_VALUE_MARKER).all(), top
