"""``dynamic_effects`` warns where matched controls start the treatment later in periods that
the censoring risk set (``start_at_risk``, else ``at_risk``) marks as not at risk (user43): the
"now versus never" censoring model gives those periods no hazard, the failure issue 14 found
for the newcomer steps, and a ``start_at_risk`` column False everywhere passed without a
word."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers.dynamic import dynamic_effects, dynamic_match


def _panel(seed: int = 0, n: int = 400, T: int = 8) -> pd.DataFrame:
    """Persons at risk of a start in every period except, for some, while ``busy``; starts
    happen in busy periods too (as newcomers sign while employed)."""
    rng = np.random.default_rng(seed)
    pid = np.repeat(np.arange(n), T)
    busy = rng.random(n * T) < 0.3
    return pd.DataFrame({
        "person": pid, "period": np.tile(np.arange(T), n), "x": rng.normal(size=n * T),
        "start": rng.random(n * T) < 0.1, "event": rng.random(n * T) < 0.1,
        "at_risk": ~busy, "can_start": True, "never": False})


def _effects(start_at_risk):
    d = _panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = dynamic_match(d, id="person", time="period", at_risk="at_risk",
                          treatment_start="start", covariates=["x"], k=2, caliper=1.0)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        dynamic_effects(m, outcome="event", horizons=[3], estimands=("now_vs_never",),
                        start_at_risk=start_at_risk)
    return [str(x.message) for x in w if "not at risk of a start" in str(x.message)]


@pytest.mark.parametrize("column", [None, "never"])
def test_starts_outside_the_censoring_risk_set_are_warned(column):
    got = _effects(column)
    assert len(got) == 1, got
    assert repr(column or "at_risk") in got[0] and "start_at_risk" in got[0]
    assert "biased" in got[0]


def test_no_warning_where_the_risk_set_holds_every_start():
    assert _effects("can_start") == []
