"""Chapter 1's clause on an origin ahead of the reference under the shorter stable-job
definition (trial28) ends on a noun: "... trails it by 1.7 points under the stricter" stopped
at an adjective, before the chapter's "(the gap in the percentage ...)" (read28)."""
import pandas as pd

from mia_helpers import claims


def test_ahead_clause_ends_on_the_stricter_one() -> None:
    change = pd.Series({"eastern_eu": 2.9, "maghreb": 0.8})
    short = pd.Series({"eastern_eu": -1.2, "maghreb": 10.6})
    s = claims.stable_gap_sentence(change, short=short)
    assert s.endswith("Eastern EU leads Belgian origin by 1.2 points under the shorter "
                      "definition and trails it by 1.7 points under the stricter one"), s
    level = claims.stable_gap_sentence(pd.Series({"eastern_eu": 1.2}),
                                       short=pd.Series({"eastern_eu": -1.2}))
    assert level.endswith("is level with it under the stricter one"), level
