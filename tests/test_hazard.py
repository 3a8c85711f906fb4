"""Tests of the discrete-time hazard models (mia_helpers.hazard).

Tolerances
----------
- Recovery: every origin x generation coefficient of the M3 logit within 3 person-clustered
  standard errors of the generator's ``config.job.origin_generation`` term. Under a correctly
  specified model each deviation is ~N(0, 1) in SE units; 3 SE makes a false alarm for one of
  the 12 terms unlikely (< 4 %) for a seed the test does not tune (the book's seed, 2005).
- Grouped vs expanded: the binomial likelihood of a cell equals the sum of its Bernoulli
  likelihoods, so estimates and clustered SEs must agree to numerical precision (1e-6).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from frames import assert_frame_equal

from mia_helpers import codes
from mia_helpers import hazard as hz
from mia_helpers.data import ensure_data, load_parameters

RECOVERY_SE = 3.0
EXACT = 1e-6
M3 = [hz.KEY, *hz.block_covariates(["individual", "household", "parental"])]


@pytest.fixture(scope="module")
def leavers_data():
    return ensure_data(seed=2005, residents=3000, newcomers=1500)


@pytest.fixture(scope="module")
def periods_of(leavers_data):
    """``hz.school_leaver_periods(leavers_data, event)`` with the default arguments, computed
    once per event for the tests of this file that read them (0.6 s), each given a copy."""
    cache = {}

    def get(event: str) -> pd.DataFrame:
        if event not in cache:
            cache[event] = hz.school_leaver_periods(leavers_data, event)
        return cache[event].copy()

    return get


@pytest.fixture(scope="module")
def recovery_data():
    # The generator's quarterly job-entry log-odds for a school leaver who has not yet worked are
    # base + education + dutch + female + female x children + couple + parent terms +
    # origin_generation + duration (capped at 12 quarters) + jobseeker x registered in the
    # previous quarter + the lock-in/gain terms of any VDAB measure running or just ended.
    # M3 sees every term but the measure terms (their timing is not among its covariates), so we
    # switch those off; everything else, the seed included, is the book's default.
    overrides = {f"measures.{m}.{p}": 0.0 for m in codes.MEASURES for p in ("lockin", "gain")}
    # the generator's parameters are its truth here: no truth tables (1.4 s of re-simulation)
    return ensure_data(seed=2005, residents=20000, newcomers=200, overrides=overrides,
                       tag="ch2test", truth=False)


def test_risk_set_rules(leavers_data, periods_of):
    """u starts at 0 in the leaving quarter, is contiguous, ends at the first event; the stable
    risk set stops at window end - stable_quarters + 1."""
    pp = periods_of("job")
    g = pp.groupby("person_id")
    assert (g["u"].min() == 0).all()
    assert (g["u"].max() + 1 == g.size()).all()
    assert (g["event"].sum() <= 1).all()
    last = pp.groupby("person_id").tail(1)
    # a person with an event leaves at that quarter
    assert pp.loc[pp["event"] == 1].index.isin(last.index).all()
    persons = pd.read_parquet(leavers_data / "persons.parquet")
    slq = persons.set_index("person_id")["school_leaving_quarter"]
    q_last = slq.loc[last["person_id"]].to_numpy() + last["u"].to_numpy()
    assert q_last.max() <= 47
    for s in (4, 6):
        st = hz.school_leaver_periods(leavers_data, "stable", stable_quarters=s)
        q = slq.loc[st["person_id"]].to_numpy() + st["u"].to_numpy()
        assert q.max() == 47 - s + 1
    # at least as many persons have a job event as a stable one
    st = periods_of("stable")
    assert pp["event"].sum() >= st["event"].sum() > 0
    assert pp["person_id"].nunique() == int(persons["school_leaving_quarter"].notna().sum())


def test_max_age_and_duration_censor(leavers_data, periods_of):
    pp = hz.school_leaver_periods(leavers_data, "job", max_duration=6)
    assert pp["u"].max() == 6
    full = periods_of("job")
    young = hz.school_leaver_periods(leavers_data, "job", max_age=22)
    assert len(young) < len(full)


@pytest.mark.parametrize("link", ["cloglog", "logit"])
def test_grouped_equals_expanded(link, periods_of):
    """The fit on grouped cells equals statsmodels' fit on the expanded person-period rows, in
    coefficients and in person-clustered SEs."""
    pp = periods_of("stable")
    covs = [hz.KEY, "sex", "education", "registered_lag", "experience_years"]
    g = hz.group_periods(pp, covs)
    assert len(g.cells) < len(pp) and g.n_periods == len(pp) - int(
        pp["u"].isin(g.dropped_bins).sum())
    fit = hz.fit_hazard(g, covs, link=link)
    rows = pp.assign(dur=hz.duration_bin(pp["u"].to_numpy(), hz.DEFAULT_BINS))
    rows = rows[rows["dur"].isin(g.bins)]
    X, names = hz.design_matrix(rows, covs, g.bins)
    assert names == list(fit.params.index)
    fam = hz._family(link)
    ref = sm.GLM(rows["event"].to_numpy(float), X, family=fam).fit(
        start_params=fit.params.to_numpy(), cov_type="cluster",
        cov_kwds={"groups": rows["person_id"].to_numpy()},
    )
    np.testing.assert_allclose(fit.params.to_numpy(), ref.params, atol=EXACT)
    np.testing.assert_allclose(fit.bse.to_numpy(), ref.bse, rtol=EXACT)
    assert fit.loglike == pytest.approx(ref.llf, abs=1e-6)


def test_logit_recovers_origin_generation(recovery_data):
    truth = load_parameters(recovery_data)["config"]["job"]["origin_generation"]
    pp = hz.school_leaver_periods(recovery_data, "job")
    fit = hz.fit_hazard(hz.group_periods(pp, M3), M3, link="logit")
    groups = hz.origin_generation_levels()[1:]
    est = fit.params[[hz.key_term(x) for x in groups]].to_numpy()
    se = fit.bse[[hz.key_term(x) for x in groups]].to_numpy()
    z = (est - np.array([truth[x] for x in groups])) / se
    assert np.all(np.abs(z) < RECOVERY_SE), dict(zip(groups, np.round(z, 2), strict=True))
    # the duration-1 baseline is the generator's base + Dutch-native term (the reference profile)
    job = load_parameters(recovery_data)["config"]["job"]
    b1 = job["base"] + job["dutch"]["native"]
    assert abs(fit.params["dur[1]"] - b1) < RECOVERY_SE * fit.bse["dur[1]"]


def test_tidy_and_cumulative_incidence(periods_of):
    pp = periods_of("job")
    g = hz.group_periods(pp, [hz.KEY])
    fit = hz.fit_hazard(g, [hz.KEY], link="cloglog", name="M0")
    t = fit.tidy()
    assert (t["exp_kind"] == "hazard ratio").all()
    np.testing.assert_allclose(t["exp_estimate"], np.exp(t["estimate"]))
    assert (t["exp_ci_low"] < t["exp_estimate"]).all()
    assert (t["exp_estimate"] < t["exp_ci_high"]).all()
    cif = hz.predict_cumulative_incidence(fit, hz.group_profiles(), max_u=20, n_sim=200)
    # u = 0 has no events in the generator (no job in the leaving quarter): hazard 0 there
    assert (cif.loc[cif["u"] == 0, "cum_incidence"] == 0).all()
    for _, c in cif.groupby("profile"):
        assert np.all(np.diff(c["cum_incidence"]) >= 0)
        assert ((c["ci_low"] <= c["cum_incidence"] + 1e-12)
                & (c["cum_incidence"] <= c["ci_high"] + 1e-12)).all()
    # M0 with a full set of duration dummies reproduces the Kaplan-Meier curve of the reference
    # group (a saturated group x duration model would do so for every group)
    km = hz.km_cumulative_incidence(pp, max_u=12)
    ref = km[km[hz.KEY] == hz.REFERENCE_GROUP].set_index("u")["cum_incidence"]
    pr = cif[cif["profile"] == hz.REFERENCE_GROUP].set_index("u")["cum_incidence"]
    assert np.max(np.abs(ref - pr.loc[ref.index])) < 0.05


def test_lpm_robustness(periods_of):
    pp = periods_of("job")
    t = hz.lpm_robustness(pp, [hz.KEY, "education"], name="LPM")
    assert {"term", "estimate", "se"} <= set(t.columns)
    row = t.set_index("term").loc["education[high]"]
    assert row["estimate"] > 0 and row["se"] > 0


def test_bad_input(leavers_data, periods_of):
    with pytest.raises(ValueError, match="event"):
        hz.school_leaver_periods(leavers_data, "wage")
    pp = periods_of("job")
    with pytest.raises(ValueError, match="lack column"):
        hz.group_periods(pp, ["nonexistent"])
    with pytest.raises(KeyError, match="block"):
        hz.block_covariates(["hobbies"])


def test_panel_frame_input_equals_folder(leavers_data):
    from mia_helpers.panel import load_panel

    a = hz.school_leaver_periods(leavers_data, "stable")
    b = hz.school_leaver_periods(load_panel(leavers_data), "stable")
    assert_frame_equal(a, b)


def _periods(cells: dict[str, tuple[int, int]], start: int = 0) -> pd.DataFrame:
    """One person-period row per person (u = 0): ``{group: (persons, with the event)}``,
    person ids from ``start`` in the order of the cells."""
    rows, pid = [], start
    for g, (n, k) in cells.items():
        rows += [(pid + i, 0, int(i < k), g) for i in range(n)]
        pid += n
    d = pd.DataFrame(rows, columns=["person_id", "u", "event", hz.KEY])
    d[hz.KEY] = pd.Categorical(d[hz.KEY], categories=hz.origin_generation_levels())
    return d


def test_risk_set_table_states_each_shares_denominator():
    """Chapter 2's first table: each share comes with the persons of its own risk set (the
    stable-job risk set is smaller), and every rule of its denominator applies: persons
    without the event few (Turkish), or the persons of the larger risk set outside the smaller
    few (Maghrebi: 100 at risk of a first job, 95 of a stable one)."""
    job = _periods({"belgian:native": (200, 150), "maghreb:second": (100, 60),
                    "turkish:second": (30, 25)})
    stable = job[~job["person_id"].between(200 + 95, 200 + 99)].copy()
    stable["event"] = stable["event"] * (stable["person_id"] % 2)
    t = hz.risk_set_table({"job": job, "stable": stable}, min_cell=10)
    assert list(t.columns) == ["n_persons_job", "n_entered_job", "job_pct", "n_persons_stable",
                               "n_entered_stable", "stable_pct"]
    d = t.data
    assert d.loc["belgian:native", "job_pct"] == 75.0
    assert d.loc["belgian:native", "stable_pct"] == pytest.approx(
        100 * d.loc["belgian:native", "n_entered_stable"] / d.loc["belgian:native", "n_persons_stable"],
        abs=0.05)
    # five persons without a job: the count and the share hidden, the persons shown
    assert pd.isna(d.loc["turkish:second", "n_entered_job"]) and pd.isna(
        d.loc["turkish:second", "job_pct"])
    assert d.loc["turkish:second", "n_persons_job"] == 30
    # five Maghrebi leavers at risk of a first job only: the stable denominator is hidden, and
    # the stable share computed on it
    assert d.loc["maghreb:second", "n_persons_job"] == 100
    assert pd.isna(d.loc["maghreb:second", "n_persons_stable"])
    assert pd.isna(d.loc["maghreb:second", "stable_pct"])


def test_publishable_cells_apply_every_cell_rule():
    t = pd.DataFrame({"n_persons": [50, 25, 60, 60, 12], "n_events": [20, 20, 30, 30, 6],
                      "df_resid": [500, 500, 500, 8, 500]})
    assert list(hz.publishable_cells(t, 10)) == [True, False, True, False, False]
    assert list(hz.publishable_cells(t, 5)) == [True, True, True, False, True]
    with pytest.raises(ValueError, match=r"hazard.publishable_cells.*df_resid"):
        hz.publishable_cells(t.drop(columns="df_resid"))


def test_publishable_groups_are_the_nested_tables_cells(periods_of):
    pp = periods_of("stable")
    fit = hz.fit_hazard(hz.group_periods(pp, [hz.KEY]), [hz.KEY], link="logit", name="M0")
    for min_cell in (10, 40):
        tab = hz.nested_table({"M0": fit}, pp, min_cell=min_cell)
        cells = tab.loc[[g for g in tab.index if ":" in str(g)], "M0"]
        shown = [g for g, v in cells.items() if "[" in str(v)]
        assert hz.publishable_groups(fit, pp, min_cell) == shown
        assert len(shown) < len(cells) or min_cell == 10


def test_lpm_table_shows_only_the_cells_the_hazard_tables_publish(periods_of):
    """The robustness table used to check persons only: a cell the nested tables hide (few
    persons without the event) had its linear-probability gap printed."""
    periods = {ev: periods_of(ev) for ev in ("job", "stable")}
    for min_cell in (10, 40):
        lpm = hz.lpm_table(periods, {"M0": []}, min_cell=min_cell)
        for ev, pp in periods.items():
            fit = hz.fit_hazard(hz.group_periods(pp, [hz.KEY]), [hz.KEY], name="M0")
            published = set(hz.publishable_groups(fit, pp, min_cell))
            shown = {g for g, v in lpm[f"{ev} M0 (pp)"].items() if not isinstance(v, str)}
            assert shown <= published, (ev, min_cell, shown - published)
    assert len(shown) < len(lpm)  # at 40 the rules bite on this small sample


def test_user38_a_model_on_few_person_periods_hides_its_size(periods_of):
    """user38: on an extract of 30 persons chapter 2's stable-job table showed models fitted
    on 1 person-period each ("person-periods 1": one person), and export-check refused the
    run. A model fitted on fewer than min_cell person-periods shows its person-periods and
    residual degrees of freedom as ``<min_cell``."""
    import warnings

    pp = periods_of("stable")
    few = pd.concat([pp[pp["event"] == 1].head(2), pp[pp["event"] == 0].head(3)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the few periods identify little: said elsewhere
        fits = {"M0": hz.fit_hazard(hz.group_periods(pp, [hz.KEY]), [hz.KEY], link="logit",
                                    name="M0"),
                "M1": hz.fit_hazard(hz.group_periods(few, [hz.KEY]), [hz.KEY], link="logit",
                                    name="M1")}
    assert 0 < fits["M1"].n_periods < 10 <= fits["M0"].n_periods
    tab = hz.nested_table(fits, pp, min_cell=10)
    assert tab.loc["person-periods", "M1"] == "<10" and tab.loc["residual dof", "M1"] == "<10"
    assert tab.loc["person-periods", "M0"] == f"{fits['M0'].n_periods:,}"
    assert tab.loc["residual dof", "M0"] == f"{fits['M0'].df_resid:,}"
    assert hz._small_fit_size(0, 0, 10) == ("0", "0")  # no person: nothing to hide
