"""user31: chapter 6 on very few newcomers. With 1,000 residents it stopped in a cell ("a
cluster-robust covariance needs at least 2 clusters, got 1", the feeder logit of
``conclusions.effect_rows``) at 1, 2 and 3 newcomers (seed 2005), 3 (seeds 1 and 3) and 5
(seed 3), and ran at 5 (seeds 2005, 1), 10 (2005, 3) and 20 (2005, 3). A floor would not
cover a small ``data_dir``; the feeder finding is now "not estimated" instead, as the IBO
findings already were, and the chapter runs to the end."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import mia_helpers.effects
import mia_helpers.newcomers
import mia_helpers.notebook_run
from mia_helpers import chapters, conclusions
from mia_helpers.matching import NoStartersError


def test_the_feeder_finding_is_not_estimated_with_one_cluster(monkeypatch):
    def no_starters(*args, **kwargs):
        raise NoStartersError("workplace_learning_ibo")

    def one_cluster(*args, **kwargs):
        raise ValueError("a cluster-robust covariance needs at least 2 clusters, got 1")

    periods = pd.DataFrame({"person_id": [1, 1, 2], "inburgering_before": [1, 1, 0]})
    monkeypatch.setattr(mia_helpers.effects, "activation_effects", no_starters)
    monkeypatch.setattr(mia_helpers.newcomers, "newcomer_panel", lambda p: p)
    monkeypatch.setattr(mia_helpers.newcomers, "feeder_periods", lambda p: periods)
    monkeypatch.setattr(mia_helpers.newcomers, "feeder_hazard", one_cluster)
    rows = conclusions.effect_rows(pd.DataFrame(), None)
    feeder = rows["feeder_or"]
    assert np.isnan(feeder["estimate"]) and feeder["n_persons"] == 1
    assert feeder["note"] == conclusions.FEEDER_TOO_FEW
    # another ValueError of the fit is not swallowed
    monkeypatch.setattr(mia_helpers.newcomers, "feeder_hazard",
                        lambda *a, **k: (_ for _ in ()).throw(ValueError("other")))
    with pytest.raises(ValueError, match="other"):
        conclusions.effect_rows(pd.DataFrame(), None)


def test_no_newcomers_floor_for_chapter_6():
    assert "conclusions" not in chapters.NEWCOMERS_FLOOR
    chapters._cross_check("conclusions", {"residents": 1000, "newcomers": 1, "data_dir": None})


@pytest.mark.notebook
def test_chapter_6_runs_to_the_end_on_five_newcomers(tmp_path):
    """Seed 3, 1,000 residents, 5 newcomers stopped in the feeder's cell before (about 60 s)."""
    from nbrun import NOTEBOOKS

    out = mia_helpers.notebook_run.execute(
        NOTEBOOKS / "06_conclusions.md", tmp_path / "nb.ipynb",
        {"seed": 3, "residents": 1000, "newcomers": 5}, warm=True)
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
