"""Chapter 5's means over the judged quarters leave out a step with a quarter whose effect the
tables hide as one-sided (dpo22's finding: the truth gap averaged quarters 4-8 with quarter 4
hidden, so the mean less the four published effects gave the hidden one back)."""

from __future__ import annotations

import pandas as pd

from mia_helpers.claims import _stated_steps


def _tidy(q4_treated_outcome: float, q4_control_outcome: float = 0.25) -> pd.DataFrame:
    rows = []
    for m in ("inburgering", "nt2"):
        for q in range(4, 9):
            rows.append(dict(measure=m, estimand="now_vs_later", estimator="matched",
                             quarter_since_start=q, att_pp=1.0, n_treated=40,
                             treated_outcome=0.30 if (m, q) != ("inburgering", 4)
                             else q4_treated_outcome,
                             control_outcome=0.30 if (m, q) != ("inburgering", 4)
                             else q4_control_outcome))
    return pd.DataFrame(rows)


def test_a_step_with_a_one_sided_quarter_is_not_stated():
    # quarter 4 of inburgering: no starter entered (0 %), twins 25 % of 40 = 10 treated-
    # equivalents, below min_cell 11: hidden as one-sided, so the step is not averaged
    stated, hidden = _stated_steps(_tidy(0.0), "now_vs_later", range(4, 9), min_cell=11)
    assert stated == ["nt2"] and hidden == ["inburgering"]
    # dpo23: with variation on both sides the twins' 10 treated-equivalents still hide it
    stated, hidden = _stated_steps(_tidy(0.30), "now_vs_later", range(4, 9), min_cell=11)
    assert stated == ["nt2"] and hidden == ["inburgering"]
    # 12 treated-equivalents: both steps are stated
    stated, hidden = _stated_steps(_tidy(0.30, 0.30), "now_vs_later", range(4, 9),
                                   min_cell=11)
    assert stated == ["inburgering", "nt2"] and hidden == []
