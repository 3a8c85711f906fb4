"""Every rule of :func:`mia_helpers.disclosure.suppress` applies whatever the run's ledger
holds: the ledger may add hidden cells, never take one of the table's own rules away (led46).

Root cause of user46's finding (chapter 2 at seed 2019, ``min_cell`` 25: first-job gaps of
cells with 24 and 14 persons without a first job published). A cell's estimates follow the
counts that the table's own rules hide (:data:`mia_helpers.disclosure.ESTIMATES_FOLLOW`), not
one hidden only by the ledger. The complement rule hides the events of a cell whose persons
without the event (persons minus events, an unpublished remainder) are few; the estimate
follows that hidden count. Where an earlier table of the run had hidden the cell's persons,
the ledger hid them first and the complement rule skipped the row (it reads only rows whose
total is shown); where the ledger had hidden the events, the small remainder beside a hidden
count of at least ``min_cell`` needed no further cell. Either way no count was hidden by a rule
the estimate follows, and the estimate was published.

Data: hand-made, one row per cell (``min_cell`` 10): cell ``a`` has 100 persons, 92 with the
event (8 without), cell ``b`` 100 and 50, cell ``c`` 60 and 30. No tolerance: hidden or not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import disclosure

MIN_CELL = 10
RULES = {"count_cols": ["n_persons", "n_events"],
         "relations": [("n_persons", ["n_events"], False)],
         "values_follow": disclosure.ESTIMATES_FOLLOW, "keys": ["group"]}


def _cells() -> pd.DataFrame:
    return pd.DataFrame({"group": ["a", "b", "c"], "n_persons": [100, 100, 60],
                         "n_events": [92, 50, 30], "estimate": [0.5, 1.2, -0.3]})


def _earlier_table_hides(column: str) -> None:
    """An earlier table of the run (a count table, same keys) that hides ``column`` of cell
    ``a``: the ledger then holds it."""
    t = _cells()[["group", "n_persons", "n_events"]]
    p = disclosure.suppress(t, ["n_persons", "n_events"], min_cell=MIN_CELL, keys=["group"],
                            hide={column: (t["group"] == "a").to_numpy()},
                            hide_rule="complement", record=False)
    assert p.reason.loc[0, column] == "complement", p.reason


def _estimate_table() -> disclosure.Protected:
    return disclosure.suppress(_cells(), min_cell=MIN_CELL, value_cols=["estimate"],
                               record=False, **RULES)


@pytest.fixture(autouse=True)
def _fresh_run():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def test_alone_the_estimate_on_few_without_the_event_is_hidden():
    p = _estimate_table()
    assert np.isnan(p.data.loc[0, "estimate"]), p.reason
    assert p.reason.loc[0, "estimate"] == "derived"
    assert (p.reason.loc[1:, "estimate"] == "").all(), p.reason  # the other cells stay


@pytest.mark.parametrize("column", ["n_persons", "n_events"])
def test_the_ledger_does_not_publish_it(column):
    _earlier_table_hides(column)
    p = _estimate_table()
    assert p.reason.loc[0, column] == "ledger", p.reason  # the premise: the ledger came first
    assert np.isnan(p.data.loc[0, "estimate"]), p.reason
    assert p.reason.loc[0, "estimate"] != "", p.reason
    assert (p.reason.loc[1:, "estimate"] == "").all(), p.reason


def test_an_estimate_on_a_ledger_only_count_stays():
    """What ESTIMATES_FOLLOW is for: a cell whose own rules hide nothing keeps its estimate
    where the ledger alone hides its persons (cell ``b``: 50 with and 50 without the event)."""
    t = _cells()[["group", "n_persons", "n_events"]]
    disclosure.suppress(t, ["n_persons", "n_events"], min_cell=MIN_CELL, keys=["group"],
                        hide={"n_persons": (t["group"] == "b").to_numpy()},
                        hide_rule="complement", record=False)
    p = _estimate_table()
    assert p.reason.loc[1, "n_persons"] == "ledger", p.reason
    assert p.data.loc[1, "estimate"] == 1.2, p.reason


def test_the_ledger_only_adds():
    """Whatever an earlier table hid, every cell the table hides alone stays hidden, counts'
    values included (a run over each single cell and column of the ledger)."""
    alone = _estimate_table().reason
    for col in ("n_persons", "n_events"):
        for row in range(3):
            disclosure.reset_record()
            t = _cells()[["group", "n_persons", "n_events"]]
            disclosure.suppress(t, ["n_persons", "n_events"], min_cell=MIN_CELL,
                                keys=["group"], hide={col: np.arange(3) == row},
                                hide_rule="complement", record=False)
            after = _estimate_table().reason
            lost = (alone["estimate"] != "") & (after["estimate"] == "")
            assert not lost.any(), (col, row, after)


def test_chapter_2s_khb_by_sex_without_cell_shares(monkeypatch):
    """The root fix alone covers user46's chapter-2 finding: with ``hazard.cell_shares``
    (their caller fix) returning nothing, the KHB gaps by sex of a cell with few persons
    without a first job stay hidden after an earlier pooled table hid the cell's entrants or
    persons. Data and premise of ``tests/test_user46_ledger_complement.py``. A chapter run
    (seed 2019, 8,000 residents, 4,000 newcomers, 2008Q1-2014Q4, ``min_cell`` 25, cell_shares
    emptied) hid with this fix exactly the cells user46 found: Eastern EU and other non-EU
    intermediate-generation men, 51 and 39 persons, 27 and 25 with a first job."""
    import sys
    import warnings
    from pathlib import Path

    from mia_helpers import hazard as hz
    from mia_helpers import subgroups as sg

    sys.path.insert(0, str(Path(__file__).parent))
    import test_user46_ledger_complement as u46
    from test_sex36_small_cell_sex import _periods

    monkeypatch.setattr(hz, "cell_shares", lambda *a, **k: {})
    periods = {"job": _periods(0.3, 1), "stable": _periods(0.15, 2)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = sg.fit_by_sex(periods, ["household"])
    for column in ("n_events", "n_persons"):
        disclosure.reset_record()
        u46._pooled_table_hides(periods, column)
        gaps = u46._first_job_gaps(sg.khb_table(fitted, min_cell=u46.MIN_CELL))
        assert (gaps == disclosure.DEFAULT_VALUE_MARKER).all(), (column, gaps)
