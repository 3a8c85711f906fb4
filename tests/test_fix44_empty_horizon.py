"""A horizon at which no treated person is observed has no estimate, so no engine may call it
point-identified (fix44): ``estimate_effects`` and the streamed engine said False there, the
general API's ``dynamic_effects`` said True. On a small drawn data set (1,500 residents,
seed 11) the last horizon is the window's length, where no start is followed; the three
engines must agree there, and elsewhere."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mia_helpers.dynamic import dynamic_effects, dynamic_match
from mia_helpers.effects import estimate_effects
from mia_helpers.matching import TreatmentSpec, long_panel, match
from mia_helpers.panel import build_panel, load_panel
from mia_helpers.stream import stream_effects
from mia_helpers.synthetic import generate


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    out = tmp_path_factory.mktemp("fix44") / "data"
    generate(out, seed=11, residents=1500, newcomers=0, truth=False)
    build_panel(out)
    return out


def test_three_engines_agree_on_a_horizon_without_treated(drawn):
    panel = load_panel(drawn)
    spec = TreatmentSpec.measure("workplace_learning_ibo")
    est = ("now_vs_later",)
    res = match(panel, spec, k=3, caliper=0.2, min_treated=1)
    K = int(res.arrays.n_quarters)  # no start is followed this many quarters on
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the window warning is tested elsewhere
        mia = estimate_effects(res, est, max_quarter=K, progress=False)
        data, mk, ek = long_panel(panel, spec, k=3, caliper=0.2, min_treated=1)
        dyn = dynamic_effects(dynamic_match(data, **mk), estimands=est,
                              horizons=range(1, K + 1), **ek)
        streamed = stream_effects(drawn, spec, k=3, caliper=0.2, min_treated=1,
                                  estimands=est, max_quarter=K).tidy
    dyn = dyn[dyn["group"] == "all"].rename(columns={"horizon": "quarter_since_start"})
    keys = ["estimator", "quarter_since_start"]
    flags = [t.sort_values(keys)[[*keys, "n_treated", "point_identified"]]
             .reset_index(drop=True) for t in (mia, dyn, streamed)]
    last = flags[0]["quarter_since_start"] == K
    assert last.any() and (flags[0].loc[last, "n_treated"] == 0).all()  # the case exists
    assert flags[0]["point_identified"].any()  # and some horizons are identified
    for other in flags[1:]:
        np.testing.assert_array_equal(other[keys], flags[0][keys])
        np.testing.assert_array_equal(other["n_treated"].astype(int),
                                      flags[0]["n_treated"].astype(int))
        np.testing.assert_array_equal(other["point_identified"].astype(bool),
                                      flags[0]["point_identified"].astype(bool))
    assert not dyn.loc[dyn["n_treated"] == 0, "point_identified"].any()
