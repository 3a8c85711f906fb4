"""Chapter 4's ranking states no relative effect that the summary table hides (trial32: seed
6262, 2,500 residents, 900 newcomers, min_cell 12, window from 2006Q1: the summary table hid
every relative effect at 5 quarters, yet the ranking read "The seed study found about a
quarter more entries for IBO; here its relative effect is 15 %")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers.disclosure import hide_more, suppress

IBO, SANCTION = "workplace_learning_ibo", "sanction_transmission"


def _tidy() -> pd.DataFrame:
    """Sanction transmission returns more than IBO at every horizon; IBO's relative 10 %."""
    rows = []
    for m, value in ((IBO, 2.0), (SANCTION, 3.0)):
        for q in range(1, 9):
            for est, v in (("naive", 6.0), ("matched", value)):
                rows.append({"measure": m, "estimand": "now_vs_later", "estimator": est,
                             "quarter_since_start": q, "att_pp": v, "att_rel": 0.1,
                             "ci_low": v - 3, "ci_high": v + 3, "true_att_pp": 2.0,
                             "n_treated": 200 if est == "matched" else 400,
                             "treated_outcome": 0.4, "control_outcome": 0.38})
    return pd.DataFrame(rows)


def _summary(hide: bool) -> object:
    keys = [(m, q) for m in (IBO, SANCTION) for q in (4, 5, 8)]
    d = pd.DataFrame({"measure": [k[0] for k in keys], "estimand": "now_vs_later",
                      "quarter_since_start": [k[1] for k in keys], "matched_pp": 2.0,
                      "ci_low": -1.0, "ci_high": 5.0, "naive_pp": 6.0,
                      "matched_rel_pct": 10.0, "n_treated": 200})
    p = suppress(d, count_cols=["n_treated"], min_cell=12, name="summary (trial32)")
    if hide:  # every relative effect at 5 quarters, as the run's table
        at = np.array([q == 5 for _, q in keys])
        p = hide_more(p, {"matched_rel_pct": at}, "share", "summary (trial32): hidden", 12)
    return p


def _claims(hide: bool) -> dict:
    support = pd.DataFrame({"measure": [IBO, SANCTION], "n_treated": [220, 220],
                            "n_dropped": [20, 20], "dropped_pct": [9.1, 9.1]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO, SANCTION],
                            "smd_after": [0.02, 0.03]})
    return claims.effects_claims(_tidy(), support, balance, {}, "now_vs_later", min_cell=12,
                                 summary=_summary(hide))


def test_ranking_states_no_relative_effect_the_summary_hides():
    shown = _claims(False)
    assert "here its relative effect is 10 %" in shown["eff_ranking_sentence"]
    assert "10 % more entries" in shown["eff_ranking_sentence"]  # the top's, Sanction
    hidden = _claims(True)
    for key in ("eff_ranking_sentence", "eff_ranking_summary"):
        assert "10 %" not in hidden[key], hidden[key]
        assert "%" not in hidden[key], hidden[key]
    assert hidden["eff_ranking_sentence"].startswith(
        "At 5 quarters Sanction transmission returns the most: 3.0 percentage points")


def test_ranking_reads_the_summary_directly():
    rank = claims.ranking(_tidy(), "now_vs_later", 5, min_cell=12, summary=_summary(True))
    assert rank["relative_pct"].isna().all() and rank["estimate"].notna().all()
    kept = claims.ranking(_tidy(), "now_vs_later", 4, min_cell=12, summary=_summary(True))
    assert kept["relative_pct"].notna().all()
