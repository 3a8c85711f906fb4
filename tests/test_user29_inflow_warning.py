"""user29: chapter 3 printed the same warning twice ("inflow model: term ... is not
identified") for its two models, M0 and M1, without saying which: the model's name now says
its covariate blocks."""

from __future__ import annotations

import pytest

from mia_helpers import competing as C


def test_the_inflow_models_warnings_name_its_blocks(monkeypatch):
    import pandas as pd

    seen = {}

    def fake(*args, **kwargs):
        seen["model"] = kwargs["model"]
        raise RuntimeError("stop")

    monkeypatch.setattr(C.core, "fit_mnl", fake)
    monkeypatch.setattr(C, "design_matrix", lambda data, blocks, max_u: pd.DataFrame(
        {"const": [1.0, 1.0]}))
    monkeypatch.setattr(C.core, "require_complete", lambda *a, **k: None)
    data = pd.DataFrame({"outcome": [0, 1], "person_id": [1, 2]})
    data.attrs["outcomes"] = ["no_inflow", "ibo"]
    with pytest.raises(RuntimeError):
        C.fit_inflow(data, ("duration", "origin", "newcomer"))
    assert seen["model"] == "inflow model (duration + origin + newcomer)"
