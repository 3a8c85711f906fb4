"""Chapter 5 run with only the obligated residence grounds (``residence_grounds = [family,
asylum]``) said the published counts "cannot compare the obligated grounds with the others",
as if others existed (close27): with no ground without an obligation, it says so."""
from __future__ import annotations

import pandas as pd

from mia_helpers import claims


def _sentence(n_contract: list, persons: list) -> str:
    steps = pd.DataFrame({"residence_ground": ["family", "asylum"], "n_persons": persons,
                          "n_contract": n_contract})
    return claims.contract_claims(steps, ("family", "asylum"))["nc_contract_sentence"]


def test_hidden_obligated_counts_without_other_grounds() -> None:
    s = _sentence([None, None], [334, 251])
    assert "with the others" not in s
    assert s == ("the contract counts of family and asylum are hidden by disclosure control, "
                 "and the data hold no ground without an obligation to compare them with")


def test_published_obligated_counts_without_other_grounds() -> None:
    s = _sentence([330, 240], [334, 251])
    assert "with the others" not in s and "sign more often" not in s
    assert s.endswith(": the data hold no ground without an obligation to compare them with")
    assert s.startswith("at least ")


def test_other_grounds_hidden_still_cannot_be_compared() -> None:
    steps = pd.DataFrame({"residence_ground": ["family", "asylum", "work"],
                          "n_persons": [334, 251, 120], "n_contract": [330, 240, None]})
    s = claims.contract_claims(steps, ("family", "asylum"))["nc_contract_sentence"]
    assert "cannot compare the obligated grounds with the others" in s
