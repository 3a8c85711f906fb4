"""Chapter 5 against the generator's truth (default data: seed 2005, 10,000 newcomers).

The seed 2005 is the book's default and was not tuned for these tests. Truth:
``truth/newcomer_effects.parquet`` (counterfactual re-simulation with common random numbers;
outcome: entry into stable regular employment; treated = contract signed while not employed).

Tolerances (and why)
--------------------
- Recovery (issue 14, item 4): the matched "now versus later" inburgering effect within 2.5
  bootstrap SE of the truth at every quarter 4-8 on the default data, and, over the seeds
  2005, 1 and 2 (fixed before looking at their results), the mean error within 2 Monte Carlo
  SE of zero at every quarter 4-8, the SE of the mean taken from the seeds' bootstrap SEs
  (sqrt(sum se^2) / n_seeds). Before the contract's eligibility (ABB registration in an
  earlier quarter) entered the risk set the default-data error was 1.4-1.6 pp (about twice
  the truth) and a 3 pp floor hid it; the floor is gone.
- "Now versus never" for inburgering: its IPCW must mark a control at risk of a later
  contract in every quarter it could sign while not employed (exact check below); its bias
  and coverage against the truth are measured by the inburgering Monte Carlo
  (tests/test_montecarlo_newcomers.py, nightly). Chapter 5 makes no claim on it.
- Naive below matched at every quarter 4-8, and below the truth on average over quarters 4-8:
  the generator makes the obligated grounds (family, asylum; job-entry terms -0.3 and -0.4)
  sign the contract (log-odds +1.4), so starters are weaker than the pool. (With only
  ABB-registered newcomers at risk the pool is itself mostly obligated and the naive bias is
  smaller: at quarter 4 on seed 2005 the naive estimate is 0.02 pp above the truth, so the
  earlier "below the truth at every quarter" no longer holds; the average keeps the
  direction the generator implies.)
- No "activation-controlled" effect is tested or reported (issue 14, item 3): see
  :mod:`mia_helpers.newcomers`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import newcomers as nc
from mia_helpers.data import ensure_data, load_truth
from mia_helpers.linked_tables import feeder_curves_within_grounds

QUARTERS = range(4, 9)
TOL_SE = 2.5  # single data set: bootstrap SEs
MC_SE = 2.0  # mean over seeds: Monte Carlo SEs of the mean (issue 14's rule)
SEEDS = (2005, 1, 2)


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


def _later_error(merged):
    d = merged[(merged.estimand == "now_vs_later") & (merged.estimator == "matched")
               & merged.quarter_since_start.isin(QUARTERS)]
    assert len(d) == len(QUARTERS)
    return d.set_index("quarter_since_start")[["att_pp", "true_att_pp", "se"]]


def test_matched_inburgering_recovers_truth(merged):
    d = _later_error(merged)
    print("\n", d.round(2))
    assert ((d["att_pp"] - d["true_att_pp"]).abs() <= TOL_SE * d["se"]).all(), d


@pytest.mark.slow
def test_matched_inburgering_unbiased_over_seeds(merged):
    rows = [_later_error(merged)]
    for s in SEEDS[1:]:
        data = ensure_data(seed=s, residents=2000)
        p = nc.newcomer_panel(data)
        r = nc.newcomer_effects(p, nc.newcomer_specs(["inburgering"]), bootstrap=30, seed=1,
                                estimands=("now_vs_later",), with_hazard=False)
        truth = load_truth(data, "newcomer_effects")
        truth = truth[(truth["treatment"] == "inburgering")
                      & (truth["group"].astype(str) == "all")].astype({"estimand": str})
        rows.append(_later_error(r.tidy.astype({"estimand": str}).merge(
            truth[["estimand", "quarter_since_start", "true_att_pp"]],
            on=["estimand", "quarter_since_start"], validate="many_to_one")))
    err = sum(d["att_pp"] - d["true_att_pp"] for d in rows) / len(rows)
    se = np.sqrt(sum(d["se"] ** 2 for d in rows)) / len(rows)
    print("\nmean error\n", pd.DataFrame({"bias": err, "mc_se": se}).round(2))
    assert (err.abs() <= MC_SE * se).all(), pd.DataFrame({"bias": err, "mc_se": se})


def test_naive_below_truth_and_matched(merged):
    d = merged[(merged.estimand == "now_vs_later") & merged.quarter_since_start.isin(QUARTERS)]
    naive = d[d.estimator == "naive"].set_index("quarter_since_start")
    matched = d[d.estimator == "matched"].set_index("quarter_since_start")
    assert naive["att_pp"].mean() < naive["true_att_pp"].mean(), naive[["att_pp",
                                                                         "true_att_pp"]]
    assert (naive["att_pp"] < matched["att_pp"]).all()


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
    # each ground at its own newcomers' modes (api53: at all newcomers' modes a non-EU ground
    # got an origin none of its newcomers has, which the model cannot predict: NaN)
    cur = feeder_curves_within_grounds(fit, periods, max_u=8)
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


def test_without_truth_no_truth_column_values(inburgering):
    cur = nc.effect_curves(inburgering.tidy, None)
    assert cur["true_att_pp"].isna().all()
    assert set(cur["estimator"]) == {"naive", "matched"}
    assert not hasattr(nc, "activation_controlled")


def test_contract_risk_set_needs_abb_registration(npanel, inburgering):
    """The contract follows ABB registration in the generator and in the register: every
    contract signer is registered in an earlier quarter, and so is every control."""
    sig = npanel[npanel.contract_signed]
    assert sig["abb_before"].all()
    rows = inburgering.matches["inburgering"].rows
    key = npanel.set_index(["person_id", "quarter"])["abb_before"]
    assert key.loc[list(zip(rows.person_id, rows.quarter, strict=True))].all()
    with pytest.raises(ValueError, match="abb_registered"):
        nc.newcomer_panel(npanel.drop(columns="abb_registered"))


def test_contract_matched_within_residence_ground(inburgering):
    """The contract's exact cells hold the residence ground (NEWCOMER_EXACT, issue 14): every
    signer's twins share it (and sex, labour-market access, calendar year); MO and NT2 keep
    the coarser cells unless a tuple is passed, which then sets every step's cells."""
    res = inburgering.matches["inburgering"]
    assert "residence_ground" in res.spec.exact
    rows, pairs = res.rows, res.pairs
    for c in (*res.spec.exact, "calendar_period"):
        v = rows[c].astype(str).to_numpy()
        assert (v[pairs["treated"].to_numpy()] == v[pairs["control"].to_numpy()]).all(), c
    specs = nc.newcomer_specs()
    assert specs["inburgering"].exact == nc.NEWCOMER_EXACT["inburgering"]
    assert "residence_ground" not in specs["mo"].exact + specs["nt2"].exact
    assert {s.exact for s in nc.newcomer_specs(exact=("sex",)).values()} == {("sex",)}
    with pytest.raises(KeyError, match="unknown_step"):
        nc.newcomer_specs(["unknown_step"])


def test_ipcw_counts_later_contracts_outside_vdab_registration(inburgering):
    """The "now versus never" IPCW models a control's later start only in quarters marked at
    risk (the spec's ``later_start_at_risk``: present and ABB-registered). Every later
    contract must fall in such a quarter; most are signed while not registered at VDAB, which
    an earlier flag (VDAB-registered and not employed) marked as not at risk, and some while
    employed (in a job that is not a stable regular one), which the matching risk set (not
    employed) marked so until the thirty-ninth session: either way their censoring went
    unweighted (issue 14, benchmarks/never_censoring.py)."""
    from mia_helpers.effects import outcome_arrays

    res = inburgering.matches["inburgering"]
    oa = outcome_arrays(res, 12)
    arr = res.arrays
    pool = ~res.rows["treated"].to_numpy(bool)
    later = pool & (oa.S >= 1) & (oa.S <= 12) & (oa.S <= np.minimum(oa.E, oa.A))
    rows = np.flatnonzero(later)
    assert rows.size > 100
    col = res.rows["quarter"].to_numpy()[rows] - arr.q0 + oa.S[rows]
    prow = res.rows["person_row"].to_numpy()[rows]
    employed = arr.employed[prow, col]
    marked = oa.reg[rows, oa.S[rows] - 1]
    assert marked.all()
    assert employed.any()  # the case the matching risk set missed is there to be counted
    # the case the old flag missed: later contracts outside VDAB registration
    assert (~arr.registered[prow, col])[~employed].mean() > 0.5


def test_panel_histories(npanel):
    p = npanel
    # contract strictly before: false in the contract quarter, true afterwards
    sig = p[p.contract_signed]
    assert not sig["inburgering_before"].any()
    after = p[p.inburgering_started & ~p.contract_signed]
    assert after["inburgering_before"].all()
    # ABB registration strictly before: never in a person's first quarter, monotone after
    first = ~p.person_id.duplicated()
    assert not p.loc[first, "abb_before"].any()
    assert (p["abb_before"] <= p["abb_registered"]).all()
    assert (p["since_arrival"] == p["quarter"] - p["arrival_quarter"].astype(float)).all()
    sub = nc.newcomer_panel(p, arrival_quarters=(0, 7), residence_grounds=["asylum"])
    assert set(sub["residence_ground"].astype(str)) == {"asylum"}
    assert sub["arrival_quarter"].astype(float).between(0, 7).all()
    assert isinstance(sub, pd.DataFrame) and len(sub) < len(p)


def test_bad_newcomer_arguments_are_refused_clearly(npanel, default_study):
    """A new user's slips (issue 14 trial): one string for a list, an unknown code, a filter
    that leaves nobody, an empty spec dict. Each is refused naming the argument."""
    panel = default_study.panel()  # load_panel(ensure_data()), loaded once per worker
    with pytest.raises(TypeError, match="residence_grounds must be a list"):
        nc.newcomer_panel(panel, residence_grounds="asylum")
    with pytest.raises(ValueError, match=r"unknown residence ground\(s\) \['asylm'\]"):
        nc.newcomer_panel(panel, residence_grounds=["asylm"])
    with pytest.raises(ValueError, match="no newcomer left"):
        nc.newcomer_panel(panel, arrival_quarters=(-10, -5))
    with pytest.raises(TypeError, match="exact must be a list"):
        nc.newcomer_specs(["inburgering"], exact="sex")
    with pytest.raises(TypeError, match="treatments must be a list"):
        nc.newcomer_specs("inburgering")
    with pytest.raises(ValueError, match="listed twice"):
        nc.newcomer_specs(["nt2", "nt2"])
    with pytest.raises(ValueError, match="specs is empty"):
        nc.newcomer_effects(npanel, {})


def test_feeder_curves_with_one_residence_ground(default_data):
    """With one ground kept the feeder model has no ground term; the curves are that
    ground's (the chapter crashed on residence_grounds=[asylum])."""
    periods = nc.feeder_periods(nc.newcomer_panel(default_data, residence_grounds=["asylum"]))
    fit = nc.feeder_hazard(periods)
    assert "residence_ground" not in fit.levels
    cur = nc.feeder_curves(fit, periods, max_u=8)
    assert set(cur["residence_ground"]) == {"asylum"}
    assert set(cur["integration"]) == {"contract + NT2", "none"}


def test_matched_hazard_on_a_thin_subset_flags_instead_of_crashing(default_data):
    """Study migrants alone: MO's matched hazard has quarters without events, its information
    matrix went singular and newcomer_effects (with_hazard=True, the API default) raised a
    raw LinAlgError (new-user trial). Now the Newton step falls back to the minimum-norm
    solution and the terms are reported as not identified (warning plus the flag)."""
    from mia_helpers.core import NotIdentifiedWarning

    sub = nc.newcomer_panel(default_data, residence_grounds=["study"])
    with pytest.warns(NotIdentifiedWarning, match=r"matched hazard model \(mo\)"):
        r = nc.newcomer_effects(sub, nc.newcomer_specs(["mo"]), estimands=("now_vs_later",))
    t = r.hazards["mo"].tidy()
    assert (~t["identified"]).any()
    assert t.loc[~t["identified"], "exp_estimate"].isna().all()
