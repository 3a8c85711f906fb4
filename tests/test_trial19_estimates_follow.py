"""Model estimates do not follow a count hidden only by the ledger (trial19).

Seed 7575, window 2006Q3, ``min_cell`` 20: chapter 2's risk-set table hid every cell's persons
at risk of a stable job (beside the first-job risk set they gave the few who left school in the
window's last quarters); the nested-model, KHB, linear-probability and truth tables hid them
again through the ledger, and every stable-job estimate with them."""

import pandas as pd
import pytest

from mia_helpers.disclosure import ESTIMATES_FOLLOW, VALUES_FOLLOW, reset_record, suppress
from mia_helpers.hazard import CELL_RULES, POOLED_CELL_RULES, pooled_cell_rules


def _second_table(values_follow):
    reset_record()
    first = pd.DataFrame({"cell": ["a", "b", "c"], "n": [40, 45, 50]})
    # "b" hidden in the first table (as another table's complement would hide it)
    suppress(first, count_cols=["n"], min_cell=10, keys=["cell"], name="first",
             hide={"n": [False, True, False]})
    second = pd.DataFrame({"cell": ["a", "b", "c"], "n": [40, 45, 5],
                           "odds_ratio": [0.5, 0.6, 0.7]})
    return suppress(second, count_cols=["n"], min_cell=10, value_cols=["odds_ratio"],
                    keys=["cell"], name="second", values_follow=values_follow)


def test_estimates_stay_beside_a_count_only_the_ledger_hides():
    shares = _second_table(VALUES_FOLLOW)  # the default (shares, means): every hidden count
    assert list(shares.reason["n"]) == ["", "ledger", "primary"]
    assert shares.data["odds_ratio"].isna().tolist() == [False, True, True]
    est = _second_table(ESTIMATES_FOLLOW)
    assert list(est.reason["n"]) == ["", "ledger", "primary"]  # the counts stay hidden
    assert est.data["odds_ratio"].tolist()[:2] == [0.5, 0.6]  # the estimate is published
    assert pd.isna(est.data.loc[2, "odds_ratio"])  # a small count still hides its estimate
    assert "ledger" not in ESTIMATES_FOLLOW and "complement" in ESTIMATES_FOLLOW


def test_cell_rules_of_chapter_2_use_the_estimates_rule():
    for rules in (CELL_RULES, POOLED_CELL_RULES, pooled_cell_rules("stable")):
        assert tuple(rules["values_follow"]) == ESTIMATES_FOLLOW


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="values_follow: unknown rules"):
        suppress(pd.DataFrame({"n": [20]}), count_cols=["n"], values_follow=["smal"])
