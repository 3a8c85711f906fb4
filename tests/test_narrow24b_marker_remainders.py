"""narrow24b: a remainder of a total hidden as small is bounded by its row's own markers.

Chapter 2's risk sets and chapter 5's feeder model listed such remainders as narrowed (seeds
2468, 1111 and 4444 at 2,500 residents, 400 newcomers, min_cell 11; 2222 at 13), and
export-check refused those runs, although no table told more than the row's markers: a total
``<11`` less a part ``<11`` (at least 1) is at most 9, whatever else is hidden.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers.disclosure import checking_record, feasible_intervals, reset_record, suppress


def _narrowed(table: pd.DataFrame, relations: list, min_cell: int, counts: list[str]) -> list:
    reset_record()
    p = suppress(table, count_cols=counts, min_cell=min_cell, relations=relations,
                 name="planted")
    return p, list(checking_record().iloc[-1]["narrowed"])


def test_risk_set_row_with_both_entrant_counts_small_is_not_narrowed():
    """Seed 2468's Other non-EU intermediate row: 24 persons, 10 with a first job, 8 with a
    stable one (min_cell 11): the 2 with a job but no stable one lie in [0, 9] by the markers
    alone; the record lists nothing and both entrant counts read '<11'."""
    t = pd.DataFrame({"n_persons": [24], "n_job": [10], "n_stable": [8]})
    p, narrowed = _narrowed(t, [("n_persons", ["n_job"], False),
                                ("n_job", ["n_stable"], False)], 11,
                            ["n_persons", "n_job", "n_stable"])
    assert narrowed == []
    assert list(p.render().iloc[0]) == [24, "<11", "<11"]


def test_feeder_row_of_few_persons_is_not_narrowed():
    """Seed 2468's native Dutch speakers in the feeder model: persons and first starts both
    small; the persons without a start are at most min_cell - 2 by the markers alone."""
    t = pd.DataFrame({"n_persons": [7, 120], "n_events": [5, 90]})
    rel = [("n_persons", ["n_events"], False)]
    p, narrowed = _narrowed(t, rel, 11, ["n_persons", "n_events"])
    assert narrowed == []
    iv = feasible_intervals(p, rel, table=t)
    rem = iv[(iv["kind"] == "remainder") & (iv["row"] == 0)].iloc[0]
    assert (rem["low"], rem["high"]) == (0, 9)  # 10 - 1: the markers' own bound
    assert bool(rem["protected"])


def test_a_shown_total_still_requires_the_full_interval():
    """Not weakened: with the total published (15) a '<11' part leaves at least 5 without,
    which is still narrowed and listed (no cell of the row can widen it)."""
    t = pd.DataFrame({"n_persons": [15], "n_events": [10]})
    _, narrowed = _narrowed(t, [("n_persons", ["n_events"], False)], 11,
                            ["n_persons", "n_events"])
    assert narrowed == ["remainder of n_persons (row 1)"]
