"""dpo23, Appendix C (min_cell 10): the fit warnings of ``dynamic_effects(..., by=...)`` named
the age group whose counts the table hides ("group '55 plus': no interval where the treated
or the controls show no variation ... at k = 1": all or none of its few transplanted patients,
or of their controls, had died). With ``min_cell`` no level is named where one is small."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from mia_helpers.dynamic import dynamic_effects, dynamic_match


def _panel(seed: int = 0, n: int = 300, T: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pid = np.repeat(np.arange(n), T)
    region = np.where(np.arange(n) < 12, "tiny", rng.choice(["north", "south"], n))[pid]
    start = rng.random(n * T) < 0.12
    event = (rng.random(n * T) < 0.15) & (region != "tiny")  # nobody of `tiny` has it
    return pd.DataFrame({"person": [f"p{i}" for i in pid], "quarter": np.tile(np.arange(T), n),
                         "x": rng.normal(size=n * T), "region": region, "start": start,
                         "event": event})


def _warned(**kw) -> str:
    m = dynamic_match(_panel(), id="person", time="quarter", treatment_start="start",
                      covariates=["x"], k=2, caliper=0.5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        eff = dynamic_effects(m, outcome="event", horizons=[1, 2], estimands=["now_vs_later"],
                              by="region", **kw)
    treated = eff.query("group == 'tiny' and horizon == 1 and estimator == 'matched'")
    assert 0 < int(treated["n_treated"].iloc[0]) < 10  # the small group of the test
    return "\n".join(str(w.message) for w in caught)


def test_small_group_named_without_min_cell():
    assert "group 'tiny'" in _warned()


def test_no_group_named_where_one_is_small():
    text = _warned(min_cell=10)
    assert "tiny" not in text and "north" not in text and "south" not in text
    assert "a group of region" in text
