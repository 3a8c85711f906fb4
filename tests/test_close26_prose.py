"""close26: four items of the twenty-fifth session's list.

1. Chapter 4's band count by origin says how many points disclosure control hides.
2. Chapter 6's summary nests no third pair of parentheses around the recovery sentence.
3. Chapter 4 prints its largest SMD with one rounding in the text and the summary.
4. Appendix C's effects table keeps a disclosure marker in a bound's point cell.
"""
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims, labels
from mia_helpers import conclusions as cc
from mia_helpers.effect_tables import origin_published

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
IBO = "workplace_learning_ibo"


# -- 1. chapter 4: points hidden by disclosure control are counted as left out ---------------


def _by_group(n: dict[str, int], bound_at: int | None = None) -> pd.DataFrame:
    """Matched IBO rows per origin group over quarters 1 to 8, every band around the truth
    (7.0); with ``bound_at`` the non-EU estimate there is a worst-case bound."""
    rows = []
    for g, count in n.items():
        for q in range(1, 9):
            bound = g == "non_eu" and q == bound_at
            rows.append({"measure": IBO, "group": g, "quarter_since_start": q,
                         "estimator": "matched", "estimand": "now_vs_never", "att_pp": 6.0,
                         "ci_low": -20.0 if bound else 1.0, "ci_high": 30.0 if bound else 12.0,
                         "true_att_pp": 7.0, "n_treated": count,
                         "point_identified": not bound})
    return pd.DataFrame(rows)


def _hidden_by_hand(bg: pd.DataFrame, table_quarters, min_cell: int) -> int:
    """Points at quarters 4 to 8 with an estimate and a truth the published rows do not keep."""
    pub = origin_published(bg, table_quarters, min_cell)
    at = bg["quarter_since_start"].between(4, 8)
    return int((at & pub["att_pp"].isna()).sum())


def test_band_count_says_how_many_hidden_points_it_leaves_out():
    # seed 4242, min_cell 20 (trial13): two groups below 20 starters, and the non-EU group
    # hidden as the complement of their counts
    bg = _by_group({"belgian": 220, "southern_eu": 14, "eastern_eu": 11, "non_eu": 42})
    c = claims.origin_claims(bg, [IBO], min_cell=20, table_quarters=(4, 5, 8))
    hidden = _hidden_by_hand(bg, (4, 5, 8), 20)
    assert hidden == 15  # three groups at five horizons
    assert c["origin_hidden"] == hidden and c["origin_points"] == 5
    assert c["eff_origin_inside"] == (
        "At quarters 4 to 8, for the group estimates of IBO, the generator's group truth lies "
        "inside the group's band "
        "at all 5 points (15 points that disclosure control hides left out)."), \
        c["eff_origin_inside"]


def test_band_count_without_hidden_points_adds_nothing():
    bg = _by_group({"belgian": 220, "southern_eu": 60, "eastern_eu": 50, "non_eu": 80})
    c = claims.origin_claims(bg, [IBO], min_cell=20, table_quarters=(4, 5, 8))
    assert c["origin_hidden"] == 0 == _hidden_by_hand(bg, (4, 5, 8), 20)
    assert c["eff_origin_inside"].endswith("at all 20 points."), c["eff_origin_inside"]


def test_band_count_names_hidden_points_and_bounds_in_one_pair():
    # without the table's rule: only the groups below min_cell are hidden
    bg = _by_group({"belgian": 220, "southern_eu": 14, "non_eu": 80}, bound_at=8)
    c = claims.origin_claims(bg, [IBO], min_cell=20)
    assert c["origin_hidden"] == 5 and c["origin_points"] == 9
    s = c["eff_origin_inside"]
    assert s == ("At quarters 4 to 8, for the group estimates of IBO, the generator's group truth "
                 "lies inside the "
                 "group's band at all 9 point-identified points (five points that disclosure "
                 "control hides left out; IBO for Non-EU starters at quarter 8 left out: there "
                 "the estimate is not point-identified, its interval a worst-case bound, not a "
                 "confidence interval)."), s
    # a real extract: nothing is counted, nothing said hidden
    real = claims.origin_claims(bg.assign(true_att_pp=np.nan), [IBO], min_cell=20)
    assert real["origin_hidden"] == 0 and "hides" not in real["eff_origin_inside"]


# -- 2. chapter 6: the summary's recovery sentence nests at most one pair ---------------------


def _depth(text: str) -> int:
    deepest = level = 0
    for ch in text:
        level += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, level)
    assert level == 0, text
    return deepest


def _summary() -> str:
    text = (NOTEBOOKS / "06_conclusions.md").read_text(encoding="utf-8")
    return text.split("## Summary", 1)[1].split("\n## ", 1)[0]


def test_chapter6_summary_nests_no_third_pair():
    """The summary read "(the interval holds ... (not for IBO effect, residents (5 quarters)))":
    three pairs. The recovery sentence with two findings missed, each label with its own
    pair, now sits in no pair of the summary."""
    keys = ["ibo_residents_q5", "ibo_newcomers_q4", "feeder_or"]
    t = pd.DataFrame({"key": keys, "estimate": [1.0, 2.0, 3.0], "ci_low": [0.5, 1.5, 2.5],
                      "ci_high": [1.5, 2.5, 3.5], "truth": [9.0, 9.0, 3.0]})
    recovery = cc.recovery_sentence(t)
    assert "(5 quarters)" in recovery and "(4 quarters)" in recovery  # the worst case
    summary = _summary()
    assert "{glue:text}`ch6_recovery`" in summary
    bullet = next(b for b in summary.split("\n- ") if "ch6_recovery" in b)
    text = " ".join(bullet.replace("{glue:text}`ch6_recovery`", recovery).split())
    assert _depth(text) <= 2, text


# -- 3. chapter 4: one rounding of the largest SMD ---------------------------------------------


def test_smd_text_is_the_tables_rounding():
    assert claims.smd_text(0.08617) == "0.086"
    table = labels.format_table(pd.DataFrame({"smd_after": [0.08617]}),
                                {"smd_after": claims.SMD_DECIMALS})
    assert table.iloc[0, 0] == claims.smd_text(0.08617)
    assert claims.smd_text(np.nan) == "not shown"


def test_effects_claims_glue_the_smd_text_that_both_sentences_use():
    rows = [{"measure": IBO, "estimand": "now_vs_later", "estimator": est,
             "quarter_since_start": q, "att_pp": 2.0, "att_rel": 0.1, "ci_low": -1.0,
             "ci_high": 5.0, "true_att_pp": 2.0, "n_treated": 300}
            for q in range(1, 9) for est in ("naive", "matched")]
    support = pd.DataFrame({"measure": [IBO], "n_treated": [320], "n_dropped": [20],
                            "dropped_pct": [6.2]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO, IBO],
                            "smd_after": [0.0862, -0.02]})
    c = claims.effects_claims(pd.DataFrame(rows), support, balance, {}, "now_vs_later")
    assert c["eff_smd_after_max_text"] == "0.086"
    text = (NOTEBOOKS / "04_activation_effects.md").read_text(encoding="utf-8")
    assert text.count("{glue:text}`eff_smd_after_max_text`") == 2  # text and summary
    assert not re.search(r"eff_smd_after_max:\.", text)  # no second rounding of the float


# -- 4. Appendix C: a disclosure marker survives in a bound's point cell -----------------------


@pytest.mark.parametrize("marker", ["x", "<10"])
def test_shown_effects_keeps_a_marker_of_a_bound(marker):
    from mia_helpers.heart import shown_effects

    rows = pd.DataFrame({"estimand": ["now_vs_later", "now_vs_never", "now_vs_never"],
                         "horizon": [26, 26, 52],
                         "att_pp": pd.Series([-1.5, -2.0, marker], dtype=object),
                         "ci_low": [-3.0, -30.0, -31.0], "ci_high": [0.5, 20.0, 21.0],
                         "n_treated": [40, 40, 40], "point_identified": [True, False, False]})
    out = shown_effects(rows)
    assert out["att_pp"].tolist() == [-1.5, "–", marker]
    assert out["ci_low"].tolist() == [-3.0, -30.0, -31.0]
