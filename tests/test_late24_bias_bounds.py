"""Chapter 4's bias table gives no matched bias or share removed for a measure whose matched
estimate is only a worst-case bound at one of the quarters averaged (late24: seed 9090, 1,500
residents, "now versus never": Basic training's matched bias 0.7 and share removed 0.41
averaged the points of its bounds at quarters 6 to 8, which the summary table prints as
bounds without a point)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims

IBO, SANCTION = "workplace_learning_ibo", "sanction_transmission"


def _tidy() -> pd.DataFrame:
    rows = []
    for m in (IBO, SANCTION):
        for q in range(1, 9):
            bound = m == SANCTION and q == 8
            for est, value in (("naive", 6.0), ("matched", 12.0 if bound else 2.0)):
                rows.append({"measure": m, "estimand": "now_vs_never", "estimator": est,
                             "quarter_since_start": q, "att_pp": value, "att_rel": 0.1,
                             "ci_low": value - 3, "ci_high": value + 3, "true_att_pp": 2.0,
                             "n_treated": 200 if est == "matched" else 400,
                             "treated_outcome": 0.4, "control_outcome": 0.38,
                             "point_identified": not (bound and est == "matched")})
    return pd.DataFrame(rows)


def test_no_matched_average_of_a_bound():
    d = claims.bias_table(_tidy(), "now_vs_never", range(4, 9), min_cell=10).data
    d = d.set_index(d["measure"].astype(str))
    assert d.loc[SANCTION, "naive_bias_pp"] == 4.0
    assert np.isnan(d.loc[SANCTION, ["matched_bias_pp", "matched_abs_bias_pp",
                                     "share_removed"]].astype(float)).all()
    assert d.loc[IBO, "matched_bias_pp"] == 0.0


def test_caption_note_only_with_bounds():
    assert "not given" in claims.bias_bounds_note({SANCTION: [8]})
    assert claims.bias_bounds_note({}) == ""
