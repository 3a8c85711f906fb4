"""Chapter 4's bias table publishes no average of matched estimates that the tables hide on too
few who entered or did not (user24, seed 4242, 1,200 residents, min_cell 15: sanction
transmission's matched bias, 10.3 pp over quarters 4 to 8, was the mean of estimates the
summary table shows as "x", beside their published truths)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims


def _tidy() -> pd.DataFrame:
    """IBO: 100 starters, 40 entered at each horizon (published). Sanction transmission: 100
    starters, 3 entered (its matched estimate hidden on few entrants)."""
    rows = []
    for m, m1 in (("workplace_learning_ibo", 0.40), ("sanction_transmission", 0.03)):
        for q in (4, 5):
            for est, att in (("matched", 5.0), ("naive", 8.0)):
                rows.append(dict(measure=m, estimand="now_vs_later", estimator=est,
                                 quarter_since_start=q, att_pp=att, n_treated=100,
                                 treated_outcome=m1, control_outcome=m1 - 0.05 * (m1 > 0.1),
                                 true_att_pp=2.0))
    return pd.DataFrame(rows)


def test_bias_of_hidden_matched_estimates_is_not_published():
    t = _tidy()
    assert claims.bias_table_measures(t, "now_vs_later", [4, 5], 10) == ["workplace_learning_ibo"]
    table = claims.bias_table(t, "now_vs_later", [4, 5], min_cell=10)
    d = table.data.set_index("measure")
    assert d.loc["sanction_transmission", list(claims.BIAS_COLUMNS)].isna().all(), d
    assert d.loc["workplace_learning_ibo", "matched_bias_pp"] == 3.0, d
    s = claims.bias_table_sentence(table, min_cell=10)
    assert "too few who entered or did not" in s, s
