"""dpo30c: export-check's ``whole_group`` rule skipped a count of every member of a group
when its label held a word of the design inside a word of an attribute ("income support",
"dropped out" of school): only a label made of design and count words is of the design."""
from __future__ import annotations

import pandas as pd

from mia_helpers.export_check import check_table


def _rules(found: list[tuple[str, str]]) -> list[str]:
    return [rule for rule, _ in found]


def test_an_attribute_with_a_design_word_inside_is_read():
    for col in ("n_income_support", "n_dropped_out", "n_refused"):
        t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], col: [40, 31]})
        found = check_table(t, 15)
        assert "whole_group" in _rules(found), (col, found)
        assert f"{col!r} equals its total 'n_persons' (row 1)" in dict(found)["whole_group"]


def test_the_design_s_own_subsets_still_pass():
    for col in ("n_matched", "Dropped starters", "n_pool", "n_matched_observed",
                "common support", "n_controls"):
        t = pd.DataFrame({"group": ["A", "B"], "n_persons": [40, 50], col: [40, 31]})
        assert "whole_group" not in _rules(check_table(t, 15)), col
