"""read48 (seed 4049, chapter 3): the gap table printed "x" in its column of persons with an
inflow in 43 of its 72 rows, and its caption did not say what an x is or why those counts are
hidden (the RRR table's caption says "x where the estimate is hidden"; chapter 2's KHB table
names its rule). The caption now says it where the table hides anything (mend49: each marker
only where the table shows it, tests/test_mend49_gap_markers.py; here both are shown)."""

import pandas as pd

from mia_helpers import claims
from mia_helpers.disclosure import Protected


def _table(hidden: bool) -> Protected:
    data = pd.DataFrame({"n_persons": pd.array([958, 572], dtype="Int64"),
                         "n_inflow_persons": pd.array([pd.NA if hidden else 40,
                                                       pd.NA if hidden else 33], dtype="Int64"),
                         "gap": [-3.98, -2.93]})
    reason = pd.DataFrame({"n_persons": ["", ""],
                           "n_inflow_persons": ["complement" if hidden else "",
                                                "primary" if hidden else ""],
                           "gap": ["", ""]})
    return Protected(data, reason, count_cols=["n_persons", "n_inflow_persons"], min_cell=10)


def test_caption_names_the_marker_where_a_count_is_hidden():
    note = claims.gap_hidden_note(_table(True), 10)
    assert note == (" x: hidden where, set against the RRR table's persons with an inflow at "
                    "any duration, the composition table or chapter 1's persons of the cell, "
                    "a count would tell fewer than 10 persons by difference, and a value "
                    "resting on fewer than 10 persons; <10: fewer than 10 persons."), note


def test_no_note_without_a_hidden_cell():
    assert claims.gap_hidden_note(_table(False), 10) == ""
