"""Chapter 2's pooled tables hide an estimate on few persons without the event whatever an
earlier table of the run hid (user46).

The pooled tables' cell rules (:data:`mia_helpers.hazard.CELL_RULES`) hide a cell's estimates
where fewer than ``min_cell`` of its persons lack the event (the complement). Run alone, the
nested-model table hid the Maghrebi second generation's first-job odds ratio below (12 of 80
without a first job, ``min_cell`` 15); run after the risk-set table, as chapter 2 runs it, the
ledger had hidden that cell's persons first, the complement rule reads only rows whose total
is shown, and model estimates do not follow a count hidden only by the ledger: the odds ratio
was published. The same held for the pooled KHB table, the truth table and the cells that
figures and sentences use (:func:`mia_helpers.hazard.publishable_cells`). Found while mending
the KHB table by sex (``tests/test_user46_ledger_complement.py``).

Data: the hand-made panel of ``test_sex36_small_cell_sex`` (no tolerance: markers only).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import disclosure
from mia_helpers import hazard as hz
from mia_helpers.khb import khb, share_table

sys.path.insert(0, str(Path(__file__).parent))
from test_sex36_small_cell_sex import _periods  # noqa: E402

MIN_CELL = 15
CELL = "maghreb:second"
HOUSEHOLD = hz.block_covariates(["household"])


@pytest.fixture(scope="module")
def data():
    periods = {"job": _periods(0.3, 1), "stable": _periods(0.15, 2)}
    c = hz.group_counts(periods["job"]).set_index(hz.KEY).loc[CELL]
    assert 0 < c["n_persons"] - c["n_events"] < MIN_CELL <= c["n_events"], c  # the premise
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        grouped = hz.group_periods(periods["job"], [hz.KEY, *HOUSEHOLD])
        fit = hz.fit_hazard(grouped, [hz.KEY, *HOUSEHOLD], name="M1")
        decomposition = khb(grouped, hz.KEY, {"household": HOUSEHOLD}, not_identified="flag")
    return periods, fit, decomposition


@pytest.fixture(params=[False, True], ids=["alone", "after the risk-set table"])
def ledger(request, data):
    """A fresh run, or one in which chapter 2's risk-set table came first (its ledger)."""
    disclosure.reset_record()
    if request.param:
        hz.risk_set_table(data[0], min_cell=MIN_CELL)
    yield request.param
    disclosure.reset_record()


def test_nested_table(data, ledger):
    periods, fit, _ = data
    t = hz.nested_table({"M1": fit}, periods["job"], min_cell=MIN_CELL, event="job")
    assert t.loc[CELL, "M1"] == disclosure.DEFAULT_VALUE_MARKER, t.loc[CELL]


def test_pooled_khb_table(data, ledger):
    periods, _, decomposition = data
    t = share_table({"job": decomposition}, {"job": hz.group_counts(periods["job"])},
                    min_cell=MIN_CELL)
    row = t[t["group"].astype(str) == CELL]
    assert (row["gap"] == disclosure.DEFAULT_VALUE_MARKER).all(), row


def test_truth_table(data, ledger):
    periods, fit, _ = data
    t = hz.truth_table(hz.truth_comparison(fit, None), periods["job"], min_cell=MIN_CELL)
    row = t[t["group"].astype(str) == CELL]
    assert (row["estimate"] == disclosure.DEFAULT_VALUE_MARKER).all(), row


def test_publishable_cells(data, ledger):
    periods, fit, _ = data
    assert CELL not in hz.publishable_groups(fit, periods["job"], MIN_CELL, event="job")
    counts = hz.group_counts(periods["job"]).assign(df_resid=1000)
    counts[hz.KEY] = counts[hz.KEY].astype(str)
    ok = hz.publishable_cells(counts, MIN_CELL, rules=hz.pooled_cell_rules("job"))
    assert not ok[counts[hz.KEY] == CELL].any(), pd.concat([counts, ok.rename("ok")], axis=1)


def test_the_caption_names_the_complement():
    from mia_helpers import claims

    note = claims.nested_hidden_note(25)
    assert "a ratio hidden where fewer than 25 persons or events lie behind it or fewer than 25 " \
           "persons lack the event, or where its model" in note, note
