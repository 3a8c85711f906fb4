"""Chapter 4's band sentence and its summary bullet do not count a matched estimate that the
summary table hides (read29: seed 8282, 3,000 residents, 1,200 newcomers, min_cell 15: the
summary hid sanction transmission's matched effect at 5 quarters, yet the section and the
summary said "the truth lies inside the matched band at every horizon from 4 to 8 quarters
for every measure", a claim about the hidden band)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers.disclosure import hide_more, suppress

IBO, SANCTION = "workplace_learning_ibo", "sanction_transmission"


def _tidy() -> pd.DataFrame:
    rows = []
    for m in (IBO, SANCTION):
        for q in range(1, 9):
            for est, value in (("naive", 6.0), ("matched", 2.0)):
                rows.append({"measure": m, "estimand": "now_vs_later", "estimator": est,
                             "quarter_since_start": q, "att_pp": value, "att_rel": 0.1,
                             "ci_low": value - 3, "ci_high": value + 3, "true_att_pp": 2.0,
                             "n_treated": 200 if est == "matched" else 400,
                             "treated_outcome": 0.4, "control_outcome": 0.38})
    return pd.DataFrame(rows)


def _summary(hide: bool) -> object:
    keys = [(m, q) for m in (IBO, SANCTION) for q in (4, 5, 8)]
    d = pd.DataFrame({"measure": [k[0] for k in keys], "estimand": "now_vs_later",
                      "quarter_since_start": [k[1] for k in keys], "matched_pp": 2.0,
                      "ci_low": -1.0, "ci_high": 5.0, "naive_pp": 6.0,
                      "matched_rel_pct": 5.0, "n_treated": 200})
    p = suppress(d, count_cols=["n_treated"], min_cell=10, name="summary (read29 band)")
    if hide:
        at = np.array([m == SANCTION and q == 5 for m, q in keys])
        p = hide_more(p, {"matched_pp": at, "ci_low": at, "ci_high": at}, "derived",
                      "summary (read29 band): hidden", 10)
    return p


def _claims(hide: bool) -> dict:
    support = pd.DataFrame({"measure": [IBO, SANCTION], "n_treated": [220, 220],
                            "n_dropped": [20, 20], "dropped_pct": [9.1, 9.1]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO, SANCTION],
                            "smd_after": [0.02, 0.03]})
    return claims.effects_claims(_tidy(), support, balance, {}, "now_vs_later", min_cell=10,
                                 summary=_summary(hide))


def test_band_sentence_leaves_out_what_the_summary_hides():
    c = _claims(True)
    for key in ("eff_band_sentence", "eff_band_summary"):
        assert c[key] == ("the truth lies inside the matched band of every estimate the tables "
                          "publish from 4 to 8 quarters"), c[key]


def test_band_sentence_for_every_measure_when_nothing_is_hidden():
    c = _claims(False)
    assert c["eff_band_sentence"] == ("the truth lies inside the matched band at every horizon "
                                      "from 4 to 8 quarters for every measure"), c
