"""tidy47: Appendix A's sentence "The matched estimators' bias stays within ... and their
coverage lies between ..." (``matching_claims``: ``a_matched_bias_*``, ``a_matched_cov_*``)
read the summary of every data set, which pools a "now versus never" worst-case bound into
the bias and coverage; it reads the point estimates, as the calibration table does
(``claims.calibration_by_criteria``, ``point_and_bound_summaries``). Hand-made rows."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from test_fresh47_late_bias_sign import static_and_tidy  # one builder (duplicates D4)

from mia_helpers import claims
from mia_helpers.montecarlo import summarise

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md"


def _rows(n: int = 40) -> pd.DataFrame:
    """Both estimands, matched and naive, quarters 1-8; the matched "now versus never" of data
    sets 0-3 at quarter 6 is a bound 30 pp from the truth (its interval holds the truth)."""
    rng = np.random.default_rng(4748)
    rows = []
    for est in ("now_vs_later", "now_vs_never"):
        for q in range(1, 9):
            for r in range(n):
                for estimator in ("matched", "naive"):
                    bound = est == "now_vs_never" and estimator == "matched" and q == 6 and r < 4
                    e = 30.0 if bound else float(rng.normal(0, 1))
                    w = 35.0 if bound else 2.0
                    rows.append(dict(estimand=est, estimator=estimator, quarter_since_start=q,
                                     replication=r, true_att_pp=3.0, att_pp=3.0 + e,
                                     ci_low=3.0 + e - w, ci_high=3.0 + e + w, se=1.0,
                                     point_identified=not bound,
                                     unsupported_share=0.1 if bound else 0.0))
    return pd.DataFrame(rows)


def _claims(rows: pd.DataFrame) -> dict:
    s = summarise(rows)
    return claims.matching_claims(*static_and_tidy(), s, s, 0.95, 10, headline=5,
                                  point_summary=claims.point_and_bound_summaries(rows)[0])


def test_the_matched_bounds_read_the_point_estimates():
    rows = _rows()
    c = _claims(rows)
    point = claims.point_and_bound_summaries(rows)[0]
    m = point[point["estimator"] == "matched"]
    assert c["a_matched_bias_absmax"] == m["bias"].abs().max()
    assert (c["a_matched_cov_min"], c["a_matched_cov_max"]) == (m["coverage"].min(),
                                                                 m["coverage"].max())
    # pooled, the four bounds move quarter 6's mean error by about 3 pp (4 x 30 / 40)
    assert c["a_matched_bias_absmax"] < 1.5, c["a_matched_bias_absmax"]


def test_the_appendix_passes_the_point_estimates():
    text = NOTEBOOK.read_text()
    assert "point_summary=claims.point_and_bound_summaries(mc_base)[0]" in text
