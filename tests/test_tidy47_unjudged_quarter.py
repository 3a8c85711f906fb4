"""tidy47: Appendix A's calibration table counts in "Quarters checked" (``n_quarters``) a
quarter whose point estimates are a single data set; its bias has no Monte Carlo SE and is
not judged (``montecarlo_confirmation.issue14_criteria``: ``judged`` False). The sentence
that reads the count says so where it happens. Hand-made rows (exact counts)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims


def _rows(single_at: int | None = 8, n: int = 30) -> pd.DataFrame:
    """One measure, "now versus later", matched and naive, quarters 4-8; at ``single_at`` the
    matched estimates of every data set but the first are worst-case bounds."""
    rng = np.random.default_rng(4747)
    rows = []
    for q in range(4, 9):
        for r in range(n):
            for estimator in ("matched", "naive"):
                bound = estimator == "matched" and q == single_at and r > 0
                e = float(rng.normal(0, 1))
                rows.append(dict(measure="training_basic", estimand="now_vs_later",
                                 estimator=estimator, quarter_since_start=q, replication=r,
                                 true_att_pp=3.0, att_pp=3.0 + e, ci_low=1.0 + e,
                                 ci_high=5.0 + e, se=1.0, point_identified=not bound,
                                 unsupported_share=0.1 if bound else 0.0))
    return pd.DataFrame(rows)


def test_the_table_records_the_unjudged_quarter():
    t = claims.calibration_by_criteria(_rows())
    m = (t["estimator"] == "matched").to_numpy()
    assert int(t.loc[m, "n_quarters"].iloc[0]) == 5
    assert [u for u, k in zip(t.attrs["n_unjudged"], m, strict=True) if k] == [1]


def test_the_sentence_says_the_single_estimate_is_not_judged():
    text = claims.calibration_sentence(claims.calibration_by_criteria(_rows()))
    assert "of the 5 quarters, one holds a single point estimate" in text, text
    assert "not judged for bias" in text, text


def test_no_clause_without_such_a_quarter():
    t = claims.calibration_by_criteria(_rows(None))
    assert t.attrs["n_unjudged"] == [0] * len(t)
    assert "single point estimate" not in claims.calibration_sentence(t)
