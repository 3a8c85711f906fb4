"""Chapter 5's linked feeder tables write the feeder's counts into the run's ledger under one
key per term (old27; close22-26: "the feeder and linked tables have no ledger keys, so 'no
other table publishes this total' rests on the caller there"): a feeder count a linked table
hides stays hidden in any later table keyed the same way."""

import pandas as pd
from test_x13 import _feeder, _trial

from mia_helpers import disclosure
from mia_helpers.disclosure import suppress
from mia_helpers.linked_tables import feeder_against_profile, feeder_against_steps

FEEDER_LEDGER = "feeder model"  # linked_tables.FEEDER_LEDGER


def _later_table(term: str, n: int) -> pd.DataFrame:
    """A later table of the run publishing the feeder's persons of ``term``, keyed as the
    linked tables key them."""
    t = suppress(pd.DataFrame({"model": [FEEDER_LEDGER], "term": [term], "n": [n]}),
                 count_cols=["n"], min_cell=10, keys=["model", "term"],
                 ledger_as={"n": ("feeder n_persons", {})}, name="later (test)")
    return t.reason


def test_profile_link_hides_in_the_ledger():
    disclosure.reset_record()
    periods, profile = _trial()
    out = feeder_against_profile(_feeder(periods), periods, profile, min_cell=10)
    d = out.data.set_index("term")
    assert pd.isna(d.loc["origin[turkish]", "n_persons"])  # 137 - 131 = 6 (test_x13)
    assert _later_table("origin[turkish]", 131)["n"].iat[0] == "ledger"
    assert _later_table("origin[maghreb]", 120)["n"].iat[0] == ""  # shown there, shown here


def test_steps_link_hides_in_the_ledger_under_the_same_key():
    disclosure.reset_record()
    periods, _ = _trial()
    steps = pd.DataFrame({"origin": ["turkish", "maghreb", "eastern_eu"],
                          "n_persons": [137, 120, 201]})
    out = feeder_against_steps(_feeder(periods), periods, steps, min_cell=10, variable="origin")
    assert pd.isna(out.data.set_index("term").loc["origin[turkish]", "n_persons"])
    assert _later_table("origin[turkish]", 131)["n"].iat[0] == "ledger"
    assert _later_table("origin[maghreb]", 120)["n"].iat[0] == ""
