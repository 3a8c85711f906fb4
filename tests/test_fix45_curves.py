"""Forty-second session: ``effects.effect_curves`` says ``point_identified`` False at a
horizon without treated persons (``n`` 0), where nothing is estimated; before, it said True
there and only its callers (``estimate_effects``, ``dynamic_effects``, ``stream_effects``)
set it False. Exact check on a drawn design (no tolerance)."""
from __future__ import annotations

import dataclasses
import warnings

import numpy as np
from drawn_designs import risk_set_design

from mia_helpers.effects import effect_curves


def test_a_horizon_without_treated_is_not_point_identified():
    ea, oa = risk_set_design(np.random.default_rng(0), 200, 4, start_periods=2,
                             start_intercept=-1.5, reg_until=3, with_pairs=True)
    # the starters are observed up to horizon 3 only: none is behind horizon 4
    oa = dataclasses.replace(oa, A=np.where(ea.treated, np.minimum(oa.A, 3), oa.A))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curves = effect_curves(ea, oa, ("now_vs_later", "now_vs_never"),
                               interval="linearized")
    for key, c in curves.items():
        n = np.asarray(c["n"])
        assert n[3] == 0 and (n[:3] > 0).all(), key
        assert not c["point_identified"][3], key
        assert c["point_identified"][:3].any(), key


def test_the_study_rows_carry_effective_controls():
    """The shipped Monte Carlo rows say how many effective twins are behind each matched
    "now versus never" estimate, so Appendix A can tell a bound by too few twins from one by
    positivity: a number (0 where no twin is observed at that horizon) on exactly those rows,
    NaN on every other row (exact)."""
    from pathlib import Path

    import pandas as pd

    from mia_helpers import montecarlo as mc
    from mia_helpers import montecarlo_newcomers as mcn

    assert "effective_controls" in mcn.REPLICATION_COLUMNS
    root = Path(__file__).resolve().parents[1]
    for path in (mc.SHIPPED_RESULTS, mcn.SHIPPED_RESULTS):
        d = pd.read_parquet(root / path)
        never = ((d["estimand"] == "now_vs_never") & (d["estimator"] == "matched")).to_numpy()
        eff = d["effective_controls"].to_numpy(float)
        assert never.any() and (~never).any(), path
        assert np.isnan(eff[~never]).all(), path
        # a horizon with starters has a twins' curve: a count of effective twins, 0 or more
        has = d["n_treated"].to_numpy() > 0
        assert (eff[never & has] >= 0).all(), path
        assert np.median(eff[never & has]) > 0, path
