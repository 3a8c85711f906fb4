"""Chapter 3's count of hidden origin and generation shares reads right with 0, 1 or more
hidden of each kind (read28: seed 6262, 4,000 residents, 1,500 newcomers, min_cell 12 printed
"8 are hidden: 0 because they rest on fewer than 12 persons and 8 beside them, so that
neither a small share nor ..." where no share was small)."""

import pandas as pd
import pytest
from nbrun import LEAK_WORDS

from mia_helpers import competing as cr
from mia_helpers.disclosure import Protected

ROWS = [("origin", "belgian"), ("origin", "maghreb"), ("origin", "turkish"),
        ("generation", "native"), ("generation", "first"), ("generation", "second"),
        ("education", "low")]


def _composition(why: dict[tuple[str, str], str]) -> Protected:
    """A two-row-per-variable composition whose ``n_persons`` reasons are ``why``."""
    data = pd.DataFrame([{"outcome": "ibo", "variable": v, "value": x, "n_persons": 50.0,
                          "share": 10.0} for v, x in ROWS])
    reason = pd.DataFrame("", index=data.index, columns=data.columns)
    for i, (v, x) in enumerate(ROWS):
        reason.loc[i, ["n_persons", "share"]] = why.get((v, x), "")
    return Protected(data, reason, ["n_persons"], 12, "composition")


def test_no_small_share_is_not_counted_as_zero_small_ones() -> None:
    text = cr.withheld_shares_sentence(_composition({("origin", "maghreb"): "withheld",
                                                     ("origin", "turkish"): "withheld"}))
    assert text.startswith("Of the 5 origin and generation shares of the measures, 2 are "
                           "hidden, though no share rests on fewer than 12 persons: they are "
                           "withheld so that no hidden")
    assert "0 because" not in text and "beside them" not in text
    # the book's glue check (tests/nbrun.LEAK_WORDS) reads "none" as a missing number
    assert not LEAK_WORDS.search(text), text


@pytest.mark.parametrize(("why", "expected"), [
    ({("origin", "maghreb"): "withheld"}, "one is hidden, though no share rests on fewer "
     "than 12 persons: it is withheld"),
    ({("origin", "maghreb"): "primary"}, "one is hidden because it rests on fewer than 12 "
     "persons; no other share is hidden beside it"),
    ({("origin", "maghreb"): "primary", ("generation", "first"): "primary"},
     "2 are hidden because they rest on fewer than 12 persons; no other share is hidden "
     "beside them"),
    ({("origin", "maghreb"): "primary", ("origin", "turkish"): "complement"},
     "2 are hidden: 1 because it rests on fewer than 12 persons and 1 beside it, so that"),
])
def test_one_and_several_of_each_kind(why: dict, expected: str) -> None:
    assert expected in cr.withheld_shares_sentence(_composition(why))


def test_none_hidden() -> None:
    assert cr.withheld_shares_sentence(_composition({})) == (
        "No origin or generation share of a measure is hidden")
