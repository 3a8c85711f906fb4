"""Chapter 5's sentence on contracts by residence ground reads as a sentence when the run keeps
no obligated ground (user46).

Found on a run of chapter 5 with ``-p residence_grounds '[work, study, eu_citizen]'`` (seed
2019, 8,000 residents, 4,000 newcomers, window 2008Q1-2014Q4, ``min_cell`` 25): "Family
migrants and refugees are the obligated grounds: at most 70 per hundred for the other grounds;
no obligated ground is in the data: the published counts cannot compare the obligated grounds
with the others." A bound without a verb or a noun ("70 per hundred" what?) on "the other
grounds" (other than none), then the reason why nothing is compared. Counts of that run.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from mia_helpers import claims

OBLIGATED = ("family", "asylum")


def _sentence(contracts: list, min_cell: int = 25) -> str:
    steps = pd.DataFrame({"residence_ground": ["eu_citizen", "study", "work"],
                          "n_persons": [1274, 366, 438], "n_contract": contracts})
    return claims.contract_claims(steps, OBLIGATED, min_cell)["nc_contract_sentence"]


def test_no_obligated_ground_kept_reads_as_one_clause():
    s = _sentence([800, 228, 305])
    assert s == ("no obligated ground is in the data, so the published counts cannot compare "
                 "them with the others, who sign at most 70 contracts per hundred persons"), s


@pytest.mark.parametrize("contracts", [[800, 228, 305], [800, None, 305], [None, None, None]])
def test_no_verbless_bound_on_the_other_grounds(contracts):
    s = _sentence(contracts)
    assert not re.search(r"(^|; )at most \d+ per hundred", s), s
    assert s.startswith("no obligated ground is in the data, so the published counts cannot "
                        "compare them with the others"), s
    if None in contracts:
        assert "hidden by disclosure control" in s, s
    if contracts == [None, None, None]:
        assert "at most" not in s, s
