"""Chapter 4's origin-group table and sentences read no worst-case bound as an estimate
(late24: seed 5151, 3,000 residents, "now versus never": the table printed Vocational training
for Non-EU starters at quarter 8 as "7.5" between its bounds, while the text called it not
point-identified)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims, labels
from mia_helpers.origin_effects import origin_table

IBO = "workplace_learning_ibo"


def _by_group(bound_at: int) -> pd.DataFrame:
    rows = []
    for g in ("belgian", "non_eu"):
        for q in range(1, 9):
            bound = g == "non_eu" and q >= bound_at
            rows.append({"measure": IBO, "group": g, "estimand": "now_vs_never",
                         "estimator": "matched", "quarter_since_start": q, "att_pp": 7.5,
                         "ci_low": -20.0 if bound else 1.0, "ci_high": 30.0 if bound else 14.0,
                         "n_treated": 100 if g == "belgian" else 60, "true_att_pp": 7.0,
                         "point_identified": not bound})
    return pd.DataFrame(rows)


def test_table_prints_bounds_without_a_point_and_the_caption_says_so():
    t = origin_table(_by_group(8), [4, 5, 8], min_cell=10)
    at = (t["group"] == "non_eu") & (t["quarter_since_start"] == 8)
    assert t.loc[at, "att_pp"].tolist() == ["bounds"]
    assert t.loc[~at, "att_pp"].tolist() == [7.5] * 5
    assert "worst-case bounds" in labels.grid_bounds_note(t)
    assert labels.grid_bounds_note(origin_table(_by_group(99), [4, 5, 8], min_cell=10)) == ""


def test_headline_states_no_bound():
    c = claims.origin_claims(_by_group(5), [IBO], min_cell=10, table_quarters=[4, 5, 8])
    head = c["eff_origin_headline"]
    assert "7.5 percentage points for Belgian starters" in head, head
    assert "for Non-EU starters the estimate is not point-identified" in head, head
    assert head.count("7.5") == 1, head
