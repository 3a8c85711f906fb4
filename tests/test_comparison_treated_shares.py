"""Chapter 5's comparison of measures hides a relative effect that, with the matched effect and
the starters, gives a small number of starters who entered (or did not).

The relative effect is ``m1 / m0 - 1`` and the matched effect ``m1 - m0``, so a reader of both
gets the starters' own entry share ``m1 = att (1 + 1 / rel)``; times the published starters it
counts those who entered. Chapter 4's summary table hides such cells
(``effect_tables.treated_share_small``, tests/test_dpo15b_effect_shares.py); chapter 5's
comparison (``stepwise.measure_comparison_skipping``) publishes ``att_pp``, ``att_rel_pct``
and ``n_treated`` too.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mia_helpers.disclosure import checking_record, record_hidden, write_record
from mia_helpers.effect_tables import hide_comparison_shares


def _case(entered: int, n: int = 41, m0: float = 0.52):
    m1 = entered / n
    att, rel = 100 * (m1 - m0), 100 * (m1 / m0 - 1)
    comparison = pd.DataFrame({"population": ["newcomer", "resident"],
                               "measure": ["application_assignment"] * 2,
                               "quarter_since_start": [8, 8],
                               "att_pp": [round(att, 1)] * 2, "att_rel_pct": [round(rel, 1)] * 2,
                               "n_treated": [n, n]})
    tidy = pd.DataFrame({"measure": ["application_assignment"], "estimand": ["now_vs_later"],
                         "estimator": ["matched"], "quarter_since_start": [8],
                         "n_treated": [n], "treated_outcome": [m1]})
    return comparison, tidy


def test_a_relative_effect_that_gives_few_entrants_is_hidden(tmp_path):
    comparison, tidy = _case(entered=23)  # 18 of 41 did not enter (< 20)
    # the reader's arithmetic on the published row
    att, rel = comparison.loc[0, "att_pp"] / 100, comparison.loc[0, "att_rel_pct"] / 100
    assert round(att * (1 + 1 / rel) * 41) == 23
    out = hide_comparison_shares(comparison, {"newcomer": tidy, "resident": None},
                                 "now_vs_later", min_cell=20)
    assert out.loc[0, "att_rel_pct"] == "x"  # the newcomers' row, whose estimate this is
    # ... and in the checking record, at its place in the published table
    rec = checking_record().set_index("output").loc[
        "measures comparison: relative effects giving the entrants"]
    assert rec["status"] == "review" and rec["share"] == 1 and rec["hidden"] == 1
    written = json.loads(write_record(tmp_path / "record.json").read_text())["results"]
    (entry,) = [e for e in written.values() if e["output"] == rec.name]
    assert entry["sdc"]["cells"]["share"] == [[0, list(out.columns).index("att_rel_pct")]]
    assert out.loc[1, "att_rel_pct"] == comparison.loc[1, "att_rel_pct"]  # no resident tidy
    assert out["att_pp"].equals(comparison["att_pp"])


def test_a_relative_effect_on_enough_entrants_and_non_entrants_stays():
    comparison, tidy = _case(entered=21)  # 21 entered, 20 did not: both >= 20
    out = hide_comparison_shares(comparison, {"newcomer": tidy, "resident": tidy},
                                 "now_vs_later", min_cell=20)
    assert np.allclose(pd.to_numeric(out["att_rel_pct"]), comparison["att_rel_pct"])
    # another estimand's rows are not this estimate's
    out = hide_comparison_shares(_case(entered=23)[0], {"newcomer": tidy.assign(
        estimand="now_vs_never", treated_outcome=23 / 41), "resident": None},
        "now_vs_later", min_cell=20)
    assert out.loc[0, "att_rel_pct"] != "x"


def test_record_hidden_adds_nothing_without_a_hidden_cell_and_refuses_unknown_rules():
    before = len(checking_record())
    record_hidden("nothing hidden", pd.DataFrame({"a": ["", ""]}), 10)
    assert len(checking_record()) == before
    with pytest.raises(ValueError, match="not rules of the checking record"):
        record_hidden("bad", pd.DataFrame({"a": ["made up"]}), 10)
