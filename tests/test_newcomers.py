"""Chapter 5 against the generator's truth (default data: seed 2005, 10,000 newcomers).

The seed 2005 is the book's default and was not tuned for these tests. Truth:
``truth/newcomer_effects.parquet`` (counterfactual re-simulation with common random numbers;
outcome: entry into stable regular employment; treated = contract signed while not employed).

Tolerances (and why)
--------------------
- Recovery (issue 6): the matched inburgering effect within max(3 pp, 2.5 bootstrap SE) of the
  truth at quarters 4-8, for both estimands (the chapter 4 rule). On seed 2005 the now-vs-later
  estimate lies 1.4-1.6 pp above the truth at every quarter 4-8 (also in the no-feeder data),
  inside the tolerance; see the report of issue 6.
- Naive below truth at every quarter 4-8: the generator makes the obligated grounds (family,
  asylum; job-entry terms -0.3 and -0.4) sign the contract (log-odds +1.4), so starters are
  weaker than the pool.
- Activation control: the mean drop over quarters 4-8 of the g-computed effect when later VDAB
  participation is held fixed is positive and above 3 bootstrap SE on the default data (seed
  2005: 0.60 pp, SE 0.08); with the generator's feeder effects set to zero it is within
  3 SE (or 0.25 pp) of zero (seed 2005: -0.05 pp, SE 0.06). 20 bootstrap replications estimate
  the SE to about 16 %, so 3 SE leaves room for that.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import newcomers as nc
from mia_helpers.data import ensure_data, load_truth

QUARTERS = range(4, 9)
TOL_PP, TOL_SE = 3.0, 2.5
NOFEEDER = {"newcomer.feeder_registration": 0.0, "newcomer.feeder_measures": 0.0}


@pytest.fixture(scope="module")
def default_data():
    return ensure_data()


@pytest.fixture(scope="module")
def npanel(default_data):
    return nc.newcomer_panel(default_data)


@pytest.fixture(scope="module")
def inburgering(npanel):
    return nc.newcomer_effects(npanel, nc.newcomer_specs(["inburgering"]), bootstrap=30,
                               seed=1, with_hazard=False)


@pytest.fixture(scope="module")
def merged(inburgering, default_data):
    truth = load_truth(default_data, "newcomer_effects")
    truth = truth[truth["treatment"] == "inburgering"].astype({"estimand": str})
    return inburgering.tidy.astype({"estimand": str}).merge(
        truth[["estimand", "quarter_since_start", "true_att_pp"]],
        on=["estimand", "quarter_since_start"], validate="many_to_one")


@pytest.mark.parametrize("estimand", ["now_vs_later", "now_vs_never"])
def test_matched_inburgering_recovers_truth(merged, estimand):
    d = merged[(merged.estimand == estimand) & (merged.estimator == "matched")
               & merged.quarter_since_start.isin(QUARTERS)]
    assert len(d) == len(QUARTERS)
    err = (d["att_pp"] - d["true_att_pp"]).abs()
    tol = np.maximum(TOL_PP, TOL_SE * d["se"])
    print(f"\n{estimand}\n", d[["quarter_since_start", "att_pp", "true_att_pp", "se"]].round(2))
    assert (err <= tol).all(), d[["quarter_since_start", "att_pp", "true_att_pp", "se"]]


def test_naive_below_truth_and_matched(merged):
    d = merged[(merged.estimand == "now_vs_later") & merged.quarter_since_start.isin(QUARTERS)]
    naive = d[d.estimator == "naive"].set_index("quarter_since_start")
    matched = d[d.estimator == "matched"].set_index("quarter_since_start")
    assert (naive["att_pp"] < naive["true_att_pp"]).all(), naive[["att_pp", "true_att_pp"]]
    assert (naive["att_pp"] < matched["att_pp"]).all()


def _drop(data_dir):
    p = nc.newcomer_panel(data_dir)
    r = nc.newcomer_effects(p, nc.newcomer_specs(["inburgering"]), estimands=("now_vs_later",),
                            with_hazard=False)
    c = nc.activation_controlled(r.matches["inburgering"], p, bootstrap=20, seed=3)
    return nc.controlled_drop(c, QUARTERS).iloc[0], c


def test_activation_control_lowers_inburgering_curve(default_data):
    drop, c = _drop(default_data)
    print("\ndefault data:", drop.drop("measure").astype(float).round(3).to_dict())
    assert drop["drop"] > 3 * drop["drop_se"] and drop["drop"] > 0.2
    # registration as a jobseeker after the contract is the main channel
    assert c.attrs["control_terms"]["registered_lag"] > 0.3
    # the model-based total effect follows the matched estimate (same matched sample)
    assert abs(drop["matched_hazard"] - drop["matched_activation_controlled"]
               - drop["drop"]) < 1e-9


def test_no_drop_without_feeder_effect():
    data = ensure_data(overrides=NOFEEDER, tag="nofeeder")
    drop, _ = _drop(data)
    print("\nno feeder:", drop.drop("measure").astype(float).round(3).to_dict())
    assert abs(drop["drop"]) <= max(3 * drop["drop_se"], 0.25), drop


def test_feeder_hazard_recovers_feeder_role(npanel):
    periods = nc.feeder_periods(npanel)
    # risk set: one event at most per person, the event ends the person's risk period
    ev = periods[periods.event == 1]
    assert not ev.person_id.duplicated().any()
    last = periods.groupby("person_id")["quarter"].max()
    assert (last.loc[ev.person_id].to_numpy() == ev["quarter"].to_numpy()).all()
    fit = nc.feeder_hazard(periods)
    b = fit.params["inburgering_before"]
    se = fit.bse["inburgering_before"]
    # generator: +1.0 on registration and +0.7 on measure allocation after the contract, so the
    # first-measure hazard of non-working newcomers rises by well over 0.7 log-odds
    assert b - 2 * se > 0.7, (b, se)
    tab = nc.feeder_table(fit, periods, min_cell=10)
    assert "inburgering_before" in set(tab["term"])
    # terms the data cannot estimate are listed with the reason; references are named
    t = tab.data.set_index("term")  # a Protected table: numbers, hidden cells missing
    for term, reason in fit.not_identified.items():
        if not term.startswith("dur["):
            assert not t.loc[term, "identified"] and t.loc[term, "not_identified"] == reason
    orig = [x for x in t.index if x.startswith("origin[")]
    assert orig and (t.loc[orig, "reference"] == fit.levels["origin"][0]).all()
    cur = nc.feeder_curves(fit, periods, max_u=8)
    w = cur[cur.u == 8].pivot(index="residence_ground", columns="integration",
                              values="cum_incidence")
    assert (w["contract + NT2"] > w["none"]).all()


def test_newcomer_measure_returns(npanel, default_data):
    """IBO returns most for newcomers; the estimates use the chapter 4 engine."""
    r = nc.newcomer_effects(npanel, nc.measure_specs(), estimands=("now_vs_later",),
                            with_hazard=False)
    truth = load_truth(default_data, "activation_effects")
    comp = nc.measure_comparison(r.tidy, None, truth, quarters=(5,), min_cell=10)
    assert set(comp["population"]) == {"newcomer"}
    t = comp.set_index("measure")
    assert t["true_att_pp"].idxmax() == "workplace_learning_ibo"
    assert t["att_pp"].idxmax() == "workplace_learning_ibo", t


def test_without_truth_no_truth_column_values(inburgering, npanel):
    c = nc.activation_controlled(inburgering.matches["inburgering"], npanel, max_quarter=6)
    cur = nc.three_curves(inburgering.tidy, c, None)
    assert cur["true_att_pp"].isna().all()
    assert set(cur["estimator"]) == {"naive", "matched", "matched_activation_controlled"}


def test_panel_histories(npanel):
    p = npanel
    # contract strictly before: false in the contract quarter, true afterwards
    sig = p[p.contract_signed]
    assert not sig["inburgering_before"].any()
    after = p[p.inburgering_started & ~p.contract_signed]
    assert after["inburgering_before"].all()
    assert (p["since_arrival"] == p["quarter"] - p["arrival_quarter"].astype(float)).all()
    sub = nc.newcomer_panel(p, arrival_quarters=(0, 7), residence_grounds=["asylum"])
    assert set(sub["residence_ground"].astype(str)) == {"asylum"}
    assert sub["arrival_quarter"].astype(float).between(0, 7).all()
    assert isinstance(sub, pd.DataFrame) and len(sub) < len(p)
