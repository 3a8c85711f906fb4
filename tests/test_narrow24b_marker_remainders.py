"""narrow24b: a remainder of a total hidden as small is bounded by its row's own markers.

Chapter 2's risk sets and chapter 5's feeder model listed such remainders as narrowed (seeds
2468, 1111 and 4444 at 2,500 residents, 400 newcomers, min_cell 11; 2222 at 13), and
export-check refused those runs, although no table told more than the row's markers: a total
``<11`` less a part ``<11`` (at least 1) is at most 9, whatever else is hidden.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers.disclosure import (
    checking_record,
    feasible_intervals,
    reset_record,
    suppress,
    totals_as_last_resort,
)


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
    """Not weakened: with the total published (15) a '<11' part leaves at least 5 without, a
    narrowing beyond the markers: still listed unless the caller lets the total be hidden
    (``last_resort``: a total no other table gives), which it then is."""
    t = pd.DataFrame({"n_persons": [15], "n_events": [10]})
    rel = [("n_persons", ["n_events"], False)]
    _, narrowed = _narrowed(t, rel, 11, ["n_persons", "n_events"])
    assert narrowed == ["remainder of n_persons (row 1)"]
    reset_record()
    p = suppress(t, count_cols=["n_persons", "n_events"], min_cell=11, relations=rel,
                 last_resort=["n_persons"], name="planted")
    assert list(checking_record().iloc[-1]["narrowed"]) == []
    assert list(p.reason.iloc[0]) == ["complement", "primary"]


def test_a_shown_total_beside_a_part_marked_x_is_hidden_as_the_last_resort():
    """Seed 3737's native Dutch speakers in the feeder model (min_cell 13): 21 at risk, their
    first starts hidden as 'x' (the 4 without one are few), so 21 - x left at most 8 without
    a start. Within totals_as_last_resort (as chapter 5 builds the feeder model) the persons
    are hidden too (complement), the odds ratio follows, and the record lists nothing."""
    t = pd.DataFrame({"n_persons": [21, 400], "n_events": [17, 300], "odds_ratio": [1.3, 0.9]})
    rel = [("n_persons", ["n_events"], False)]
    reset_record()
    with totals_as_last_resort(["n_persons"]):
        p = suppress(t, count_cols=["n_persons", "n_events"], min_cell=13, relations=rel,
                     value_cols=["odds_ratio"], name="planted")
    assert list(checking_record().iloc[-1]["narrowed"]) == []
    assert list(p.reason.iloc[0]) == ["complement", "complement", "derived"]
    assert list(p.reason.iloc[1]) == ["", "", ""]
    iv = feasible_intervals(p, rel, table=t)
    assert bool(iv["protected"].all())
    reset_record()  # outside the block the default is none: listed, as before
    suppress(t, count_cols=["n_persons", "n_events"], min_cell=13, relations=rel,
             value_cols=["odds_ratio"], name="planted")
    assert list(checking_record().iloc[-1]["narrowed"]) == ["remainder of n_persons (row 1)"]


def test_a_total_known_from_another_table_is_not_hidden_in_vain():
    """``last_resort`` never hides a total the table does not show itself (``not_shown``:
    known from another table, as chapter 2's school leavers from chapter 1): hiding it here
    would protect nothing, so the remainder stays listed and export-check refuses the run."""
    t = pd.DataFrame({"_leavers": [21], "n_persons": [17]})
    reset_record()
    p = suppress(t, count_cols=["_leavers", "n_persons"], min_cell=13,
                 relations=[("_leavers", ["n_persons"], False)], not_shown=["_leavers"],
                 last_resort=["_leavers"], name="planted")
    assert p.reason["_leavers"].iat[0] == ""
    assert list(checking_record().iloc[-1]["narrowed"]) == ["remainder of _leavers (row 1)"]
