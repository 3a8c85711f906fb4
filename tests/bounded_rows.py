"""Shared test input: matched and naive "now versus never" effect rows at quarter 5 with some
measures only bounded (fp25's comparison of measures, trial25b's ranking summary)."""

from __future__ import annotations

import pandas as pd

IBO, VOC, OTHER = "workplace_learning_ibo", "training_vocational", "workplace_learning_other"


def bounded_tidy(bounded: dict[str, bool], att: dict[str, float]) -> pd.DataFrame:
    """Matched and naive "now versus never" rows at quarter 5, 200 starters each, with a
    treated share of 0.5 (100 entered, 100 did not: no share rule hides anything at
    min_cell 10); ``bounded[m]``: the measure's matched row is not point-identified."""
    rows = []
    for m, a in att.items():
        m1 = 0.5
        m0 = m1 - a / 100
        row = dict(measure=m, estimand="now_vs_never", quarter_since_start=5, att_pp=a,
                   att_rel=m1 / m0 - 1, ci_low=a - 30, ci_high=a + 30, n_treated=200,
                   treated_outcome=m1, control_outcome=m0)
        rows.append({**row, "estimator": "matched", "point_identified": not bounded[m]})
        rows.append({**row, "estimator": "naive", "point_identified": True})
    return pd.DataFrame(rows)
