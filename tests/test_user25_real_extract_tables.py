"""user25 (analyst walk-through, chapter 4 on an adapted extract with "now versus never").

- The origin table (Table 5) kept a "Truth (pp)" column of dashes on a real extract, and its
  caption promised "the group's truth"; the summary table drops its truth column there.
- The summary table printed the relative effect of a bounds row as "x" (suppressed) at one
  quarter and "–" (not given) at the next, though a bound has no relative effect to hide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import labels
from mia_helpers.origin_effects import origin_table

IBO = "workplace_learning_ibo"


def _origin_rows(truth: float) -> pd.DataFrame:
    n = {"belgian": 220, "non_eu": 42}
    return pd.DataFrame([
        {"measure": IBO, "group": g, "quarter_since_start": q, "att_pp": 5.0, "ci_low": 1.0,
         "ci_high": 9.0, "true_att_pp": truth, "n_treated": n[g], "estimator": "matched"}
        for g in n for q in (4, 5, 8)])


def test_the_origin_table_has_no_truth_column_without_truth():
    assert "true_att_pp" not in origin_table(_origin_rows(np.nan), (4, 5, 8)).columns
    assert "true_att_pp" in origin_table(_origin_rows(5.0), (4, 5, 8)).columns


def test_a_bounds_row_has_no_relative_effect_even_where_it_would_be_suppressed():
    s = pd.DataFrame({
        "measure": [IBO, IBO, IBO], "quarter_since_start": [4, 5, 8],
        "matched_pp": [2.0, 1.3, "x"], "ci_low": [-16.7, -21.2, "x"],
        "ci_high": [13.3, 9.6, "x"], "matched_rel_pct": [10.0, "x", "x"],
        "naive_pp": [0.8, -0.4, 3.7], "n_treated": [73, 73, "x"],
        "point_identified": [False, False, False]})
    t = labels.effect_table(s)
    assert t.filter(like="Matched").iloc[:, 0].tolist() == [
        "bounds [-16.7, 13.3]", "bounds [-21.2, 9.6]", "x"]
    # a suppressed estimate keeps its marker: "–" would tell that the hidden value is a bound
    assert t["Relative (%)"].tolist() == ["–", "–", "x"]


def test_chapter_5_names_truth_lines_only_for_synthetic_data():
    from mia_helpers import claims

    assert claims.newcomer_truth_words(False)["nc_truth_lines"] == ""
    assert "dashed" in claims.newcomer_truth_words(True)["nc_truth_lines"]
    assert claims.truth_lead_words(0, truth=False).endswith("against a truth:")
