"""dpo30c: export-check's ``whole_group`` rule passed every zero, so a count or share of 0
persons *without* an attribute ("n_no_contract" 0 of 40, "without a contract" 0.0 %), which
says that every member of the group has it, passed beside the 100 % it refuses."""
from __future__ import annotations

import pandas as pd

from mia_helpers.export_check import check_table


def _rules(found: list[tuple[str, str]]) -> list[str]:
    return [rule for rule, _ in found]


def test_a_zero_without_an_attribute_is_refused():
    t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], "n_no_contract": [0, 19]})
    found = dict(check_table(t, 15))
    assert "'n_no_contract' counts persons without an attribute and is 0" in \
        found.get("whole_group", ""), found
    for col in ("pct_without_contract", "Zonder contract (%)", "sans emploi (%)"):
        t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], col: ["0.0", "38.0"]})
        found = dict(check_table(t, 15))
        assert "is a share of 0 % of persons without an attribute" in \
            found.get("whole_group", ""), (col, found)


def test_a_zero_with_an_attribute_still_passes():
    # the book's policy: that nobody of a group did something is left to the output checker
    t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], "n_contract": [0, 19],
                      "contract_pct": ["0.0", "38.0"]})
    assert "whole_group" not in _rules(check_table(t, 15))
    # a total row (the whole table) passes
    t = pd.DataFrame({"group": ["A", "All"], "n_persons": [40, 90],
                      "pct_without_contract": ["20.0", "0.0"]})
    assert "whole_group" not in _rules(check_table(t, 15))
