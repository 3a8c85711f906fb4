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


def test_outcome_arrays_read_the_mask_and_refuse_a_result_without_it(tmp_path):
    """On the default newcomer data: ``reg`` is the stored mask at the row's later quarters
    (so it holds employed quarters the matching risk set leaves out), and a result whose
    arrays lack the mask is refused, naming the field, instead of using the risk set."""
    import dataclasses

    from mia_helpers.effects import outcome_arrays
    from mia_helpers.panel import load_panel
    from mia_helpers.synthetic import generate

    generate(tmp_path, seed=7, residents=0, newcomers=1500)
    from mia_helpers.panel import PanelSpec, build_panel

    build_panel(tmp_path, PanelSpec(threads=1), validate=False)
    panel = nc.newcomer_panel(load_panel(tmp_path))
    spec = nc.newcomer_specs(["inburgering"])["inburgering"]
    res = M.match(panel, spec, k=3, caliper=0.2)
    assert "employed" not in spec.later_start_at_risk
    oa = outcome_arrays(res, 6)
    arr = res.arrays
    mask = arr.flags[M.later_start_key(spec)]
    p = res.rows["person_row"].to_numpy()
    c = res.rows["quarter"].to_numpy() - arr.q0
    cols = np.minimum(c[:, None] + np.arange(1, 7)[None, :], arr.n_quarters - 1)
    inside = (c[:, None] + np.arange(1, 7)[None, :]) <= arr.n_quarters - 1
    np.testing.assert_array_equal(oa.reg, mask[p[:, None], cols] & inside)
    assert (oa.reg & arr.employed[p[:, None], cols]).any()  # employed quarters now count
    bare = dataclasses.replace(res, arrays=dataclasses.replace(
        arr, flags={k: v for k, v in arr.flags.items() if not k.startswith("__later")}))
    with pytest.raises(ValueError, match="later_start_at_risk"):
        outcome_arrays(bare, 6)


def test_min_persons_is_checked():
    from drawn_designs import risk_set_design

    from mia_helpers.effects import effect_curves

    ea, oa = risk_set_design(np.random.default_rng(0), 200, 4, start_periods=2,
                             start_intercept=-1.5, reg_until=3, with_pairs=True)
    for bad in (-1, float("nan"), "10", True):
        with pytest.raises(ValueError, match="min_persons"):
            effect_curves(ea, oa, ("now_vs_never",), interval="linearized", min_persons=bad)
