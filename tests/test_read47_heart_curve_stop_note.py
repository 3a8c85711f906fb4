"""Appendix C's caption on the stopped "now versus never" curve says no more than the table
(read47).

Found by an analyst re-run of Appendix C (read47: period_days 14, k 2, min_cell 20, bootstrap
99, seed 2024): the caption read "The matched controls' "now versus never" curve stops before
period 7: from there on it is not point-identified, so it is not drawn", while the effects
table beside it gave that estimand a point at 13 periods (point_identified True) and bounds
only at 7 and 26. The curve does stop at its first horizon not point-identified
(:func:`mia_helpers.heart.published_curves`); "from there on" is said only where every later
horizon is flagged, else the caption says it is not drawn past the first.

Data: hand-made effect rows in :func:`mia_helpers.dynamic.dynamic_effects`'s columns (the
shape of tests/test_trial25_heart_curves.py); no tolerance.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers.heart import curves_caption_note


def _effects(flagged: set[int], horizons: int = 26) -> pd.DataFrame:
    rows = [dict(group="all", estimator="matched", estimand=est, horizon=h, n_treated=50,
                 point_identified=not (est == "now_vs_never" and h in flagged))
            for est in ("now_vs_later", "now_vs_never") for h in range(1, horizons + 1)]
    return pd.DataFrame(rows)


def test_a_later_identified_horizon_is_not_denied():
    note = curves_caption_note(_effects({7, 8, 9, 23, 24, 25, 26}))
    assert "from there on it is not point-identified" not in note
    assert "period 7" in note and "not drawn" in note
    assert "at some later periods" in note and note.startswith(" ") and note.endswith(".")


def test_every_later_horizon_flagged_keeps_from_there_on():
    note = curves_caption_note(_effects(set(range(20, 27))))
    assert "period 20: from there on it is not point-identified, so it is not drawn" in note
