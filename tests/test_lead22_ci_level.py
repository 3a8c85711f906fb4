"""effect_curves checks ci_level on every interval path before any fit (docs22: the bootstrap
path computed the percentile interval of a level outside (0, 1) for a direct caller)."""

from __future__ import annotations

import numpy as np
import pytest
from drawn_designs import risk_set_design

from mia_helpers.effects import effect_curves


@pytest.mark.parametrize("interval, bootstrap", [("bootstrap", 3), ("linearized", 0)])
@pytest.mark.parametrize("level", [1.5, 0.0, 95])
def test_a_level_outside_zero_one_is_refused(interval, bootstrap, level):
    ea, oa = risk_set_design(np.random.default_rng(1), 200, 4, start_periods=2,
                             start_intercept=-1.8, reg_until=2, with_pairs=True)
    with pytest.raises(ValueError, match="level"):
        effect_curves(ea, oa, ["now_vs_later"], interval=interval, bootstrap=bootstrap,
                      ci_level=level, n_jobs=1, progress=False)
