"""The duration bins that person-periods reach are read once, by
:func:`mia_helpers.hazard.reached_bins`, for the hazard models' grouping
(:func:`~mia_helpers.hazard.group_periods`) and the linear probability model
(:func:`~mia_helpers.hazard.lpm_robustness`); each had its own reading before (rev46).

Data: hand-made person-quarters of ``test_user46_duration_bins`` (no tolerance: bins and
term names only).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_user46_duration_bins import _periods

from mia_helpers import hazard as hz


def test_reached_bins_keeps_the_bins_order_and_leaves_out_unreached_ones():
    dur = hz.duration_bin(np.array([12, 0, 5, 3, 0]), hz.DEFAULT_BINS)
    # written out, not rebuilt the way the function builds it (rev47)
    assert hz.reached_bins(dur, hz.DEFAULT_BINS) == (0, 3, 5, 12)
    assert hz.reached_bins(dur, (12, 5, 4, 3, 0)) == (12, 5, 3, 0)  # the bins' order, not dur's
    assert hz.reached_bins(dur.astype(float), hz.DEFAULT_BINS) == (0, 3, 5, 12)
    assert hz.reached_bins(dur, hz.DEFAULT_BINS)[0] == 0
    assert max(hz.DEFAULT_BINS) not in hz.reached_bins(dur, hz.DEFAULT_BINS)
    assert hz.reached_bins(np.array([], int), hz.DEFAULT_BINS) == ()


@pytest.mark.parametrize("last_u", [20, 30])
def test_hazard_grouping_and_linear_probability_model_use_the_same_bins(last_u):
    pp = _periods(last_u)
    reached = hz.reached_bins(hz.duration_bin(pp["u"].to_numpy(), hz.DEFAULT_BINS),
                              hz.DEFAULT_BINS)
    g = hz.group_periods(pp, [hz.KEY], drop_empty_bins=False)
    assert g.bins == reached
    assert (max(hz.DEFAULT_BINS) in reached) == (last_u >= max(hz.DEFAULT_BINS))
    lpm = hz.lpm_robustness(pp, [hz.KEY])
    lpm_bins = {t for t in lpm["term"] if t.startswith("dur")}
    names = hz.design_matrix(g.cells, [hz.KEY], list(reached))[1]
    assert lpm_bins == {n for n in names if n.startswith("dur")}, (lpm_bins, reached)


def test_both_read_the_bins_through_reached_bins(monkeypatch):
    """A second, private reading of the bins reached would pass the tests above on these data;
    this one fails unless both functions call the one reading."""
    pp = _periods(20)
    calls = []
    real = hz.reached_bins

    def spy(dur, bins):
        calls.append(len(dur))
        return real(dur, bins)

    monkeypatch.setattr(hz, "reached_bins", spy)
    hz.group_periods(pp, [hz.KEY])
    hz.lpm_robustness(pp, [hz.KEY])
    assert calls == [len(pp), len(pp)]
