"""``TreatmentSpec.later_start_at_risk`` (issue 14, thirty-ninth session;
``benchmarks/never_censoring.py``): the censoring model of "now versus never" counts later
starts outside the matching risk set. Exact checks on hand-made and default data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import matching as M
from mia_helpers import newcomers as nc


def _panel():
    # two persons, quarters 10..13; person 2 is employed in quarter 12
    return pd.DataFrame(dict(
        person_id=[1, 1, 1, 1, 2, 2, 2, 2], quarter=[10, 11, 12, 13] * 2,
        registered=[True] * 8, employed=[False] * 6 + [True, False],
        clock=[0, 1, 2, 3, 0, 1, np.nan, 3], start=[False] * 8, out=[False] * 8))


def test_mask_is_the_expression_on_panel_rows_with_a_clock():
    p = _panel()
    arrays = M.panel_arrays(p, ["start", "out"])
    spec = M.TreatmentSpec("t", "start", clock_col="clock", at_risk="~employed",
                           spell_col=None, outcome_col="out", population=None,
                           later_start_at_risk="registered")
    M.store_later_start_mask(p, spec, arrays)
    got = arrays.flags[M.later_start_key(spec)]
    # person 2's quarter 12 has no clock: not at risk; every other row is
    np.testing.assert_array_equal(got, [[True] * 4, [True, True, False, True]])
    none = M.TreatmentSpec("t", "start", clock_col="clock", spell_col=None, outcome_col="out")
    assert M.later_start_key(none) is None


def test_newcomer_specs_drop_only_the_employment_condition():
    for t, s in nc.newcomer_specs().items():
        assert "~employed" in s.at_risk, t
        assert s.later_start_at_risk == s.at_risk.replace("~employed & ", ""), t
    # a caller's own value wins
    s = nc.newcomer_specs(["inburgering"], later_start_at_risk="abb_before")["inburgering"]
    assert s.later_start_at_risk == "abb_before"


def test_streamed_engine_refuses_the_field():
    from mia_helpers.stream import _check_spec

    spec = M.TreatmentSpec.measure("workplace_learning_ibo", later_start_at_risk="registered")
    with pytest.raises(ValueError, match="later_start_at_risk"):
        _check_spec(spec)
