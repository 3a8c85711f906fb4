"""Chapter 4 with a very loose caliper: hidden support counts (pd.NA) do not crash the claims.

teach27, default data, ``python -m mia_helpers chapter activation_effects -p measures
'[workplace_learning_ibo,training_basic]' -p caliper 5``: fewer than ``min_cell`` starters are
dropped, so the published support table hides ``n_dropped`` and its complement ``n_matched``
as ``pd.NA`` (a nullable column), and the chapter stopped in its first cell with "TypeError:
boolean value of NA is ambiguous" from ``claims._support_starters``
(``np.isfinite(pd.NA)``).
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims

IBO, BASIC = "workplace_learning_ibo", "training_basic"


def _support() -> pd.DataFrame:
    """The published support table of such a run: counts hidden as pd.NA."""
    return pd.DataFrame({
        "measure": [IBO, BASIC],
        "n_treated": pd.array([3329, 2613], dtype="Int64"),
        "n_matched": pd.array([pd.NA, 2601], dtype="Int64"),
        "n_dropped": pd.array([pd.NA, 12], dtype="Int64"),
        "dropped_pct": pd.array([pd.NA, 0.5], dtype="Float64")})


def test_hidden_counts_left_out():
    assert claims._support_starters(_support()) == {BASIC: 2601.0}
    assert claims.truth_scope(_support()) == {}


def test_effects_claims_runs_with_hidden_counts():
    rows = [{"measure": m, "estimand": "now_vs_later", "estimator": est,
             "quarter_since_start": q, "att_pp": v, "att_rel": 0.1, "ci_low": v - 3,
             "ci_high": v + 3, "true_att_pp": 1.0, "n_treated": 300 if est == "matched" else 600,
             "treated_outcome": 0.3, "control_outcome": 0.28}
            for m in (IBO, BASIC) for q in range(1, 9)
            for est, v in (("naive", 6.0), ("matched", 1.0))]
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO, BASIC],
                            "smd_after": [0.04, 0.05]})
    c = claims.effects_claims(pd.DataFrame(rows), _support(), balance, {}, "now_vs_later",
                              min_cell=10)
    assert c["eff_truth_scope_sentence"] == ""
    assert "IBO" in c["eff_ranking_sentence"], c["eff_ranking_sentence"]
