"""rev24: the last resort never hides a total an earlier table of the run published.

``suppress(last_resort=)`` hid a relation's total to protect a small remainder, and the record
listed nothing narrowed, even when an earlier table had published that very count under the
same ledger key: the reader reads the total there, and the remainder is narrowed as before.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers.disclosure import checking_record, reset_record, suppress

IDX = pd.Index(["Dutch", "Other"], name="lang")
REL = [("n_persons", ["n_events"], False)]


def _second(first_record: bool = True) -> tuple:
    """A count table publishing 21 and 400 persons, then (min_cell 13) a table of the same
    persons with 17 and 300 first starts: 17 is hidden ('x'), so 21 - x leaves at most 8."""
    reset_record()
    suppress(pd.DataFrame({"n_persons": [21, 400]}, index=IDX), count_cols=["n_persons"],
             min_cell=13, keys=[], name="persons", record=first_record)
    p = suppress(pd.DataFrame({"n_persons": [21, 400], "n_events": [17, 300]}, index=IDX),
                 count_cols=["n_persons", "n_events"], min_cell=13, keys=[], relations=REL,
                 last_resort=["n_persons"], name="starts")
    return p, list(checking_record().iloc[-1]["narrowed"])


def test_a_total_published_before_is_not_hidden_as_the_last_resort():
    p, narrowed = _second()
    assert list(p.reason.iloc[0]) == ["", "complement"]  # 21 stays: hiding it protects nothing
    assert narrowed == ["remainder of n_persons (row 1)"]  # so export-check refuses the run


def test_a_helper_table_publishes_nothing_so_the_last_resort_still_applies():
    p, narrowed = _second(first_record=False)
    assert list(p.reason.iloc[0]) == ["complement", "complement"]
    assert narrowed == []


def test_a_new_run_forgets_what_was_published():
    _second()
    reset_record()
    p = suppress(pd.DataFrame({"n_persons": [21, 400], "n_events": [17, 300]}, index=IDX),
                 count_cols=["n_persons", "n_events"], min_cell=13, keys=[], relations=REL,
                 last_resort=["n_persons"], name="starts")
    assert p.reason["n_persons"].iat[0] == "complement"
    assert list(checking_record().iloc[-1]["narrowed"]) == []
