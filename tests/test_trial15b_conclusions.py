"""Chapter 6's findings table and prose on seed 8383 with the window 2007Q1 to 2015Q4 (5,000
residents, 2,500 newcomers)."""
import numpy as np
import pandas as pd

from mia_helpers import conclusions as cc


def _table(rows):
    base = {"chapter": 4, "claim": "c", "study_value": np.nan, "n_persons": 400,
            "mechanism": "m", "synthetic": "by construction", "note": ""}
    return pd.DataFrame([{**base, **r} for r in rows], columns=cc.COLUMNS)


# seed 8383: lower bound 18.04 %, generator 17.62 %: both printed "18 %"
IBO = {"key": "ibo_residents_q5", "unit": "% (relative effect)", "estimate": 30.360531,
       "ci_low": 18.044751, "ci_high": 42.676312, "truth": 17.619048}
LOWLINK = {"key": "ibo_lowlink_rrr", "chapter": 3, "unit": "relative risk ratio",
           "estimate": 0.534072, "ci_low": 0.421708, "ci_high": 0.676375,
           "truth": 0.548812}


def test_a_missed_truth_prints_apart_from_the_bound_it_misses():
    t = _table([IBO, LOWLINK])
    g = cc.glue_texts(t)
    assert g["ibo_residents_q5_evidence"] == (
        "30.4 per cent (18.0 per cent to 42.7 per cent; the interval misses the generator's value, 17.6 per cent)")
    assert g["ibo_residents_q5_truth"] == " (generator: 17.6 per cent)"
    assert g["ibo_lowlink_rrr"] == "0.53 (0.42 to 0.68)"  # no extra decimals where not needed
    numbers, _ = cc.findings_display(t, 0.95)
    row = numbers.set_index("finding").iloc[0]
    assert row["estimate [95 % interval]"] == "30.4 % [18.0 %, 42.7 %]"
    assert row["generator"] == "17.6 %"
    assert numbers.iloc[1]["estimate [95 % interval]"] == "0.53 [0.42, 0.68]"


def test_a_covered_truth_printed_outside_gets_the_decimals_that_show_it_inside():
    t = _table([{**IBO, "truth": 18.3, "ci_low": 18.44}])  # both "18 %" at whole per cent
    assert cc.glue_texts(t)["ibo_residents_q5_truth"] == " (generator: 18.3 per cent)"
    inside = _table([{**IBO, "truth": 42.6, "ci_high": 42.64}])
    # 43 % [.., 43 %] holds 43 %: the printed verdict matches, so whole per cent stays
    assert cc.glue_texts(inside)["ibo_residents_q5_truth"] == " (generator: 43 per cent)"
    edge = _table([{**IBO, "truth": 42.49, "ci_high": 42.51}])
    assert cc.glue_texts(edge)["ibo_residents_q5_truth"] == " (generator: 42 per cent)"
    missed = _table([{**IBO, "truth": 42.52, "ci_high": 42.51}])  # 43 vs 43: printed inside
    assert cc.glue_texts(missed)["ibo_residents_q5_evidence"].endswith(
        "misses the generator's value, 42.52 per cent)")
