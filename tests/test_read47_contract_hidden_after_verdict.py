"""Chapter 5's contract sentence does not hang its verdict on the hidden count (read47).

Found by an analyst re-run of chapter 5 (read47: seed 2024, 6,000 residents, 3,000 newcomers,
min_cell 20, window 2007Q1-2015Q4; asylum's contract count hidden): "at least 96 contracts per
hundred persons are signed on the family ground; at most 71 per hundred for the grounds without
an obligation; the contract count of asylum is hidden by disclosure control: the family ground
signs more often than the grounds without an obligation". After the colon the verdict read as
following from the hidden count; it follows from the two bounds before it. The hidden count is
now said after the verdict, in parentheses.

Data: the seed-2024 run's published counts (Table 1 of chapter 5, asylum's hidden); no
tolerance.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims


def _sentence(n_contract) -> str:
    steps = pd.DataFrame({"residence_ground": ["asylum", "eu_citizen", "family", "study",
                                               "work"],
                          "n_persons": [639, 941, 828, 291, 301], "n_contract": n_contract})
    return claims.contract_claims(steps, ("family", "asylum"), 20)["nc_contract_sentence"]


def test_the_verdict_follows_the_bounds_not_the_hidden_count():
    s = _sentence([None, 643, 802, 204, 187])
    assert "hidden by disclosure control:" not in s, s
    assert s == ("at least 96 contracts per hundred persons are signed on the family ground; "
                 "at most 71 per hundred for the grounds without an obligation: the family "
                 "ground signs more often than the grounds without an obligation (the contract "
                 "count of asylum is hidden by disclosure control)")


def test_nothing_hidden_unchanged():
    s = _sentence([600, 643, 802, 204, 187])
    assert "hidden" not in s and s.startswith("at least")
