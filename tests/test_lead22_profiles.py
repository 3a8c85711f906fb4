"""predict_cumulative_incidence refuses profiles without a covariate of the model, naming it
(docs22: group_profiles() without ``base`` suits M0 only, and a larger model raised a bare
KeyError from pandas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard


def test_profiles_without_a_covariate_are_refused_by_name():
    rng = np.random.default_rng(5)
    n = 400
    periods = pd.DataFrame({
        "person_id": np.repeat(np.arange(100), 4), "u": np.tile(np.arange(4), 100),
        "event": rng.random(n) < 0.2,
        "origin_generation": np.repeat(rng.choice(["belgian:native", "maghreb:first"], 100), 4),
        "female": np.repeat(rng.random(100) < 0.5, 4).astype(float),
    })
    fit = hazard.fit_hazard(hazard.group_periods(periods, ["origin_generation", "female"],
                                                 bins=(0, 2)),
                            ["origin_generation", "female"], name="M1")
    with pytest.raises(ValueError, match=r"lack the covariate \['female'\] of the model "
                                         r"M1.*group_profiles\(base="):
        hazard.predict_cumulative_incidence(fit, hazard.group_profiles(
            ["belgian:native", "maghreb:first"]), max_u=3)
    out = hazard.predict_cumulative_incidence(fit, hazard.group_profiles(
        ["belgian:native", "maghreb:first"], base={"female": 0.0}), max_u=3, n_sim=20)
    assert set(out["profile"]) == {"belgian:native", "maghreb:first"}
