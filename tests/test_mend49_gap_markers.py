"""mend49: chapter 3's gap table caption (:func:`mia_helpers.claims.gap_hidden_note`) explained
both markers, "x" and "<min_cell", whenever a cell was hidden, even where the table shows only
one of them. It now explains the markers the rendered table shows: x alone, <10 alone, both,
or nothing. The tables are built by hand (no data): ``complement`` hides a count as x,
``primary`` as a small count (<10), as :meth:`mia_helpers.disclosure.Protected.render` does."""

import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.disclosure import Protected

X_TEXT = ("x: hidden where, set against the RRR table's persons with an inflow at any "
          "duration, the composition table or chapter 1's persons of the cell, a count would "
          "tell fewer than 10 persons by difference, and a value resting on fewer than 10 "
          "persons")
SMALL_TEXT = "<10: fewer than 10 persons"


def _table(first: str, second: str) -> Protected:
    """Two rows; ``first``/``second``: the rule hiding the rows' persons with an inflow
    ("" for none)."""
    data = pd.DataFrame({"n_persons": pd.array([958, 572], dtype="Int64"),
                         "n_inflow_persons": pd.array([pd.NA if first else 40,
                                                       pd.NA if second else 33], dtype="Int64"),
                         "gap": [-3.98, -2.93]})
    reason = pd.DataFrame({"n_persons": ["", ""], "n_inflow_persons": [first, second],
                           "gap": ["", ""]})
    return Protected(data, reason, count_cols=["n_persons", "n_inflow_persons"], min_cell=10)


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("complement", "", f" {X_TEXT}."),
    ("primary", "", f" {SMALL_TEXT}."),
    ("complement", "primary", f" {X_TEXT}; {SMALL_TEXT}."),
    ("", "", ""),
])
def test_only_the_markers_shown_are_explained(first, second, expected):
    table = _table(first, second)
    shown = set(table.render()["n_inflow_persons"].astype(str))  # the markers really shown
    assert ("x" in shown) == ("x:" in expected) and ("<10" in shown) == ("<10:" in expected)
    assert claims.gap_hidden_note(table, 10) == expected
