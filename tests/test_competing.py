"""Tests of mia_helpers.competing: the competing-risk inflow model of chapter 3.

Tolerances
----------
- RECOVERY_SE = 3: each of the nine generator low-link (origin) coefficients must lie within
  3 person-clustered standard errors of its estimate (two-sided 0.27% per coefficient, about
  2.4% that one of nine fails by chance). Seed 2005, the book's default data; not tuned.
- WALD_ALPHA = 0.001: the joint Wald test of all 162 origin x generation cell coefficients
  (18 cells x 9 measures) against their true values must not reject at this level.
- EXACT = 1e-10: identities that hold up to floating-point error (CIF + survival = 1, the
  single-cause CIF = 1 - Kaplan-Meier, agreement with statsmodels' MNLogit).
- TRUTH_SE = 4 with SE from TRUTH_REPS = 200 Monte Carlo replications: the Aalen-Johansen
  curves with exits as competing events, on school leavers' first spells, must lie within 4
  sampling standard errors of the curves computed from the generator's true hazards at
  u = 4, 8, 12 for every cause (33 comparisons; two-sided 6e-5 each, about 0.2% that one
  fails by chance; the SE itself is estimated to about 5% with 200 replications). The SE is
  the standard deviation of the same estimator over replications of the event histories
  drawn from the true hazards with the observed spells' window-end censoring.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.duration.survfunc import SurvfuncRight

from mia_helpers import codes
from mia_helpers import competing as C
from mia_helpers.data import ensure_data, load_parameters
from mia_helpers.panel import load_panel

RECOVERY_SE = 3.0
WALD_ALPHA = 0.001
EXACT = 1e-10
TRUTH_SE = 4.0
TRUTH_REPS = 200
SMALL = {"seed": 2005, "residents": 3000, "newcomers": 1500}


@pytest.fixture(scope="module")
def small_panel() -> pd.DataFrame:
    return load_panel(ensure_data(**SMALL))


@pytest.fixture(scope="module")
def competing_of(small_panel):
    """``C.competing_data(small_panel, **kw)``, computed once per ``kw`` for the tests of this
    file that read it (fourteen calls, 0.04 s each), each given a copy."""
    cache = {}

    def get(**kw) -> pd.DataFrame:
        key = repr(sorted(kw.items()))
        if key not in cache:
            cache[key] = C.competing_data(small_panel, **kw)
        return cache[key].copy()

    return get


def test_grouping_and_outcomes(competing_of):
    cd = competing_of(grouping="types")
    assert cd.attrs["outcomes"][0] == C.NO_INFLOW
    assert cd.attrs["outcomes"][1:] == list(dict.fromkeys(codes.MEASURE_TYPES.values()))
    # at most one inflow per spell, and it is the spell's last row at risk
    ev = cd[cd["outcome"] > 0]
    assert not ev.duplicated(["person_id", "spell"]).any()
    last = cd.groupby(["person_id", "spell"])["u"].transform("max")
    assert (ev["u"] == last[ev.index]).all()
    # every row at risk is a registered, non-employed quarter
    assert cd["registered"].all() and not cd["employed"].any()


def test_newton_matches_statsmodels_mnlogit(competing_of):
    """Our Newton fit and cluster sandwich equal statsmodels MNLogit(cov_type='cluster')."""
    cd = competing_of(grouping="types")
    blocks = ("duration", "low_link", "self_reliance")
    fit = C.fit_inflow(cd, blocks)
    X = C.design_matrix(cd, blocks)
    counts = np.bincount(cd["outcome"])
    start = np.zeros((X.shape[1], len(counts) - 1))
    start[0] = np.log(counts[1:] / counts[0])
    ref = sm.MNLogit(cd["outcome"].to_numpy(), X.to_numpy()).fit(
        start_params=start.ravel(order="F"), method="newton", disp=False, maxiter=100,
        cov_type="cluster", cov_kwds={"groups": pd.factorize(cd["person_id"])[0]},
    )
    assert fit.converged
    np.testing.assert_allclose(fit.params.to_numpy(), np.asarray(ref.params), atol=1e-7)
    np.testing.assert_allclose(fit.bse.to_numpy(), np.asarray(ref.bse), rtol=1e-6)


@pytest.mark.slow
def test_recovers_generator_origin_coefficients(default_study):
    """The MNL with the generator's covariates recovers the low-link origin terms.

    Sample: spells of school leavers and newcomers, whose panel experience (employed quarters
    inside the window) equals the generator's experience; adults at the window start carry a
    pre-window stock in the generator that the panel cannot see.
    """
    data = default_study.data  # ensure_data(); its competing rows computed once (conftest)
    cd = default_study.competing()
    keep = (cd["school_leaving_quarter"].notna() | (cd["sample"] == "newcomer")).to_numpy()
    sub = cd.loc[keep]
    sub.attrs = cd.attrs
    fit = C.fit_inflow(sub, ("duration", "low_link", "self_reliance", "newcomer"))
    assert fit.converged
    truth = C.true_coefficients(load_parameters(data), fit.outcomes)
    truth = truth.query("term == 'low_link'").set_index("outcome")["true_estimate"]
    est = fit.tidy().query("term == 'low_link'").set_index("outcome")
    est.index = est.index.astype(str)
    z = (est["estimate"] - truth.reindex(est.index)) / est["se"]
    assert len(z) == len(codes.MEASURES)
    assert (z.abs() < RECOVERY_SE).all(), z.round(2).to_dict()
    # and the direct-link measures are estimated clearly below zero (the seed-study finding)
    assert (est.loc[list(codes.DIRECT_LINK_MEASURES), "exp_ci_high"] < 1).all()


@pytest.mark.slow
def test_recovers_generator_cell_coefficients_jointly(default_study):
    """With origin x generation dummies instead of the low-link indicator, the 162 cell
    coefficients (true value low_link_m for low-link cells, 0 otherwise) pass a joint
    person-clustered Wald test against the truth."""
    data = default_study.data
    cd = default_study.competing()
    keep = (cd["school_leaving_quarter"].notna() | (cd["sample"] == "newcomer")).to_numpy()
    sub = cd.loc[keep]
    sub.attrs = cd.attrs
    fit = C.fit_inflow(sub, ("duration", "origin", "self_reliance", "newcomer"))
    truth = C.true_cell_coefficients(load_parameters(data), fit.outcomes)
    truth = truth.set_index(["outcome", "term"])["estimate"]
    k = len(fit.columns)
    idx, diff = [], []
    for j, o in enumerate(fit.outcomes[1:]):
        for i, t in enumerate(fit.columns):
            if t.startswith(f"{C.KEY}[") and fit.identified.loc[t, o]:
                idx.append(j * k + i)
                diff.append(fit.params.loc[t, o] - truth[(o, t)])
    diff = np.array(diff)
    # not identified (no inflow of the cell into the outcome): no estimate to test
    n_out = int((~fit.identified.loc[[t for t in fit.columns
                                      if t.startswith(f"{C.KEY}[")]]).sum().sum())
    assert len(diff) == 18 * len(codes.MEASURES) - n_out
    wald = diff @ np.linalg.solve(fit.cov[np.ix_(idx, idx)], diff)
    assert stats.chi2.sf(wald, len(diff)) > WALD_ALPHA, wald


def test_no_measure_runs_in_the_risk_set(competing_of):
    """First starts only: no measure spell covers a quarter at risk without inflow, so the
    generator's rule "no start of m while m runs" never binds inside the risk set."""
    cd = competing_of()
    assert not cd.loc[cd["outcome"] == 0, "in_measure"].any()
    assert cd.loc[cd["outcome"] > 0, "in_measure"].all()


def test_cif_plus_survival_sums_to_one(competing_of):
    cd = competing_of()
    fit = C.fit_inflow(cd, ("duration", "origin"))
    base = cd[cd["u"] == 0].drop_duplicates(C.KEY).assign(profile=lambda d: d[C.KEY])
    pc = C.predict_cif(fit, base, horizon=12)
    tot = pc.groupby(["profile", "u"])["cum_incidence"].sum()
    np.testing.assert_allclose(tot.to_numpy(), 1.0, atol=EXACT)
    npc = C.nonparametric_cif(cd, by="origin", horizon=12)
    tot = npc.groupby(["origin", "u"])["cum_incidence"].sum()
    np.testing.assert_allclose(tot.to_numpy(), 1.0, atol=EXACT)
    # CIFs are non-decreasing in u
    d = pc[pc["outcome"] != C.NO_INFLOW].sort_values(["profile", "outcome", "u"])
    assert (d.groupby(["profile", "outcome"])["cum_incidence"].diff().dropna() >= -EXACT).all()


def test_single_cause_cif_is_one_minus_kaplan_meier(competing_of):
    """Exits treated as censoring (exits=False), all measures one cause: 1 - KM."""
    cd = competing_of(grouping={m: "any" for m in codes.MEASURES})
    H = 12
    npc = C.nonparametric_cif(cd, horizon=H, exits=False).query("outcome == 'any'")
    npc = npc.set_index("u")["cum_incidence"]
    spells = cd.groupby(["person_id", "spell"]).agg(u=("u", "max"), event=("outcome", "max"))
    assert (cd.groupby(["person_id", "spell"])["u"].min() == 0).all()  # no late entry here
    km = SurvfuncRight(spells["u"].to_numpy() + 1.0, (spells["event"] > 0).to_numpy())
    times = np.asarray(km.surv_times)
    surv = np.asarray(km.surv_prob)
    s_at = np.array([surv[times <= u + 1][-1] if (times <= u + 1).any() else 1.0
                     for u in range(H + 1)])
    np.testing.assert_allclose(npc.to_numpy(), 1.0 - s_at, atol=EXACT)


def test_model_with_duration_dummies_reproduces_nonparametric_cif(competing_of):
    """With saturated duration dummies and no covariates the fitted hazards are the
    empirical ones, so the model-based CIF equals the Aalen-Johansen one."""
    cd = competing_of(grouping="types")
    H = 10
    fit = C.fit_inflow(cd, ("duration",), max_u=H + 1)
    pc = C.predict_cif(fit, pd.DataFrame({"profile": ["all"]}), horizon=H)
    npc = C.nonparametric_cif(cd, horizon=H, exits=False)
    m = pc.merge(npc, on=["u", "outcome"], suffixes=("_model", "_np"))
    assert len(m) == (H + 1) * len(fit.outcomes)
    np.testing.assert_allclose(m["cum_incidence_model"], m["cum_incidence_np"], atol=1e-6)


def test_bad_input_errors(small_panel, competing_of):
    with pytest.raises(ValueError, match="training_yoga"):
        C.measure_groups("codes", measures=["training_basic", "training_yoga"])
    with pytest.raises(ValueError, match="sanction_transmission"):
        C.measure_groups({m: "x" for m in codes.MEASURES if m != "sanction_transmission"})
    with pytest.raises(ValueError, match="ibo"):
        C.measure_groups({**{m: "x" for m in codes.MEASURES}, "ibo": "x"})
    with pytest.raises(ValueError, match="grouping"):
        C.measure_groups("sevens")
    with pytest.raises(ValueError, match="training_yoga"):
        C.competing_data(small_panel, measures=["training_yoga"])
    cd = competing_of()
    with pytest.raises(ValueError, match="skills"):
        C.design_matrix(cd, ("duration", "skills"))
    with pytest.raises(ValueError, match="non-negative"):
        C.cif_from_hazards(np.array([[0.7, 0.6]]))


def test_measures_subset_pools_the_rest(small_panel, competing_of):
    cd = C.competing_data(small_panel, measures=list(codes.DIRECT_LINK_MEASURES))
    kept = [m for m in codes.MEASURES if m in codes.DIRECT_LINK_MEASURES]
    assert cd.attrs["outcomes"] == [C.NO_INFLOW, *kept, C.OTHER]
    full = competing_of()
    # the risk set does not depend on the grouping
    assert len(cd) == len(full)
    assert (cd["outcome"] > 0).sum() == (full["outcome"] > 0).sum()


def test_generator_hazards_are_probabilities_and_pool_by_type(competing_of):
    """The true hazards of a measure type are the sums of its codes' hazards (a property of
    the multinomial logit), and each row sums to one."""
    params = load_parameters(ensure_data(**SMALL))
    rows = competing_of().head(500)
    by_code = C.GeneratorHazards(params, "codes")
    by_type = C.GeneratorHazards(params, "types")
    hc, ht = by_code.hazards(rows), by_type.hazards(rows)
    np.testing.assert_allclose(hc.sum(axis=1), 1.0, atol=EXACT)
    np.testing.assert_allclose(ht.sum(axis=1), 1.0, atol=EXACT)
    for e in C.EXITS:  # the exit hazards do not depend on the grouping
        np.testing.assert_allclose(ht[:, by_type.outcomes.index(e)],
                                   hc[:, by_code.outcomes.index(e)], atol=EXACT)
    for t in [o for o in by_type.outcomes[1:] if o not in C.EXITS]:
        members = [by_code.outcomes.index(m) for m, g in codes.MEASURE_TYPES.items() if g == t]
        np.testing.assert_allclose(ht[:, by_type.outcomes.index(t)], hc[:, members].sum(axis=1),
                                   atol=EXACT)


# --------------------------------------------------------------------------------------------
# exits from the register as competing events (issue 14, item 1)
# --------------------------------------------------------------------------------------------
def test_every_spell_ends_in_one_event_or_censoring(small_panel, competing_of):
    cd = competing_of()
    last = cd.groupby(["person_id", "spell"], sort=False).tail(1)
    kinds = ((last["outcome"] > 0).astype(int) + (last["exit"] > 0).astype(int)
             + last["censored"].astype(int))
    assert (kinds == 1).all()
    inner = cd.drop(last.index)
    assert (inner["outcome"] == 0).all() and (inner["exit"] == 0).all()
    assert not inner["censored"].any()
    # censoring happens only at the window end, and an exit for a job means employed next
    assert (last.loc[last["censored"], "quarter"] == cd.attrs["window_end"]).all()
    nxt = small_panel.set_index(["person_id", "quarter"])["employed"]
    jobs = last[last["exit"] == 1]
    assert nxt.reindex(list(zip(jobs["person_id"], jobs["quarter"] + 1, strict=True))).all()


def test_cifs_with_exits_sum_to_one(competing_of):
    cd = competing_of()
    npc = C.nonparametric_cif(cd, by="origin", horizon=12)
    assert set(C.EXITS) <= set(npc["outcome"])
    tot = npc.groupby(["origin", "u"])["cum_incidence"].sum()
    np.testing.assert_allclose(tot.to_numpy(), 1.0, atol=EXACT)
    model = C.CompetingModel(C.fit_inflow(cd, ("duration", "origin")),
                             C.fit_exits(cd, ("duration", "origin")))
    base = cd[cd["u"] == 0].drop_duplicates(C.KEY).assign(profile=lambda d: d[C.KEY])
    pc = C.predict_cif(model, base, horizon=12)
    tot = pc.groupby(["profile", "u"])["cum_incidence"].sum()
    np.testing.assert_allclose(tot.to_numpy(), 1.0, atol=EXACT)
    # with exits competing, inflow is lower than in the world without exits
    without = C.nonparametric_cif(cd, by="origin", horizon=12, exits=False)
    m = npc.merge(without, on=["origin", "u", "outcome"], suffixes=("", "_cens"))
    m = m[~m["outcome"].isin([C.NO_INFLOW, *C.EXITS])]
    assert (m["cum_incidence"] <= m["cum_incidence_cens"] + EXACT).all()


def test_any_event_with_exits_is_one_minus_kaplan_meier(competing_of):
    """All causes pooled (any measure or exit) is one cause: 1 - S(u) equals 1 - KM of the
    time to the first event, with a start at u timed u + 0.5, an exit at the end of u timed
    u + 1 and window-end censoring at u + 0.5 (a start is seen in that row, an exit is not).
    Reference: statsmodels SurvfuncRight."""
    cd = competing_of(grouping={m: "any" for m in codes.MEASURES})
    H = 12
    npc = C.nonparametric_cif(cd, horizon=H).set_index(["u", "outcome"])["cum_incidence"].unstack()
    last = cd.groupby(["person_id", "spell"]).tail(1)
    t = np.where(last["exit"] > 0, last["u"] + 1.0, last["u"] + 0.5)
    km = SurvfuncRight(t, (~last["censored"]).to_numpy())
    times, surv = np.asarray(km.surv_times), np.asarray(km.surv_prob)
    s_at = np.array([surv[times <= u + 1][-1] if (times <= u + 1).any() else 1.0
                     for u in range(H + 1)])
    np.testing.assert_allclose(npc[C.NO_INFLOW].to_numpy(), s_at, atol=EXACT)
    np.testing.assert_allclose(npc[["any", *C.EXITS]].sum(axis=1).to_numpy(), 1.0 - s_at,
                               atol=EXACT)


def test_competing_model_with_duration_dummies_reproduces_nonparametric_cif(competing_of):
    """Saturated duration dummies in both the inflow and the exit model give the empirical
    hazards, so the model-based CIFs with exits equal the Aalen-Johansen ones."""
    cd = competing_of(grouping="types")
    H = 10
    model = C.CompetingModel(C.fit_inflow(cd, ("duration",), max_u=H + 1),
                             C.fit_exits(cd, ("duration",), max_u=H + 1))
    pc = C.predict_cif(model, pd.DataFrame({"profile": ["all"]}), horizon=H)
    npc = C.nonparametric_cif(cd, horizon=H)
    m = pc.merge(npc, on=["u", "outcome"], suffixes=("_model", "_np"))
    assert len(m) == (H + 1) * len(model.outcomes)
    np.testing.assert_allclose(m["cum_incidence_model"], m["cum_incidence_np"], atol=1e-6)


def test_exit_errors(competing_of):
    cd = competing_of()
    with pytest.raises(ValueError, match="exit"):
        C.nonparametric_cif(cd.drop(columns=["exit"]))
    with pytest.raises(ValueError, match="exit"):
        C.fit_exits(cd.drop(columns=["censored"]))
    with pytest.raises(ValueError, match="parent_education"):
        C.GeneratorHazards(load_parameters(ensure_data(**SMALL))).hazards(
            cd.drop(columns=["parent_education"]).head(5))


def _aj_from_counts(n, d, x, c):
    """Aalen-Johansen CIFs (..., U, K + E) from counts (start-then-exit within u)."""
    h = np.where(n[..., None] > 0, d / np.maximum(n[..., None], 1), 0.0)
    left = n - d.sum(-1) - c
    g = np.where(left[..., None] > 0, x / np.maximum(left[..., None], 1), 0.0)
    p = np.concatenate([h, (1 - h.sum(-1, keepdims=True)) * g], axis=-1)
    return C.cif_from_hazards(p)[0]


def test_cif_with_exits_matches_generator_truth(competing_of):
    """School leavers' first spells that start on leaving school: no earlier job, measure or
    integration treatment, so the generator's hazards are exactly those of GeneratorHazards
    (non-employment = u). Truth = the average of the spells' true CIFs; the estimate = the
    Aalen-Johansen CIF with exits competing; tolerance TRUTH_SE Monte Carlo SEs."""
    params = load_parameters(ensure_data(**SMALL))
    cd = competing_of()
    first = cd.groupby("person_id")["spell"].transform("min") == cd["spell"]
    keep = first & (cd["spell"] == cd["school_leaving_quarter"].astype(float)).fillna(False)
    sub = cd.loc[keep.to_numpy()]
    sub.attrs = cd.attrs
    assert (sub.groupby(["person_id", "spell"])["u"].min() == 0).all()
    assert (sub["experience"] == 0).all() and not sub["prior_measure_starts"].any()
    H, gh = 12, C.GeneratorHazards(params)
    base = sub[sub["u"] == 0]
    truth = C.predict_cif(gh, base.assign(profile="all"), horizon=H)
    truth = truth.set_index(["u", "outcome"])["cum_incidence"].unstack()
    est = C.nonparametric_cif(sub, horizon=H).set_index(["u", "outcome"])["cum_incidence"].unstack()
    causes = gh.outcomes[1:]
    # Monte Carlo: event histories from the true hazards, the observed censoring times
    n_sp, U = len(base), H + 1
    rep = base.loc[base.index.repeat(U)].reset_index(drop=True)
    rep["u"] = np.tile(np.arange(U), n_sp)
    p = gh.hazards(rep).reshape(n_sp, U, len(gh.outcomes))
    cum = np.cumsum(p, axis=-1)
    cens = (cd.attrs["window_end"] - base["spell"].to_numpy()).astype(int)  # last row seen
    rng = np.random.default_rng(20260501)
    K = len(gh.outcomes) - 1 - len(C.EXITS)
    sims = []
    for _ in range(TRUTH_REPS):  # loop over replications, vectorised over spells
        y = (rng.random((n_sp, U, 1)) >= cum).sum(-1)  # 0 none, 1..K starts, K+1.. exits
        y = np.where(y >= len(gh.outcomes), 0, y)
        ev = (y > 0) & ~((np.arange(U) >= cens[:, None]) & (y > K))  # exits unseen at cens
        first_ev = np.where(ev.any(1), ev.argmax(1), U)
        stop = np.minimum(first_ev, cens)
        at_risk = np.arange(U)[None, :] <= stop[:, None]
        n = at_risk.sum(0).astype(float)
        yk = np.where(np.arange(U)[None, :] == first_ev[:, None], y, 0)
        dx = np.stack([(yk == k).sum(0) for k in range(1, len(gh.outcomes))], -1).astype(float)
        c = ((np.arange(U)[None, :] == cens[:, None]) & (first_ev[:, None] > cens[:, None])
             ).sum(0).astype(float)
        sims.append(_aj_from_counts(n, dx[:, :K], dx[:, K:], c))
    se = np.std(np.array(sims), axis=0, ddof=1)  # (U, causes)
    se = pd.DataFrame(se, columns=causes)
    for u in (4, 8, 12):
        z = (est.loc[u, causes] - truth.loc[u, causes]) / se.loc[u, causes]
        assert (z.abs() < TRUTH_SE).all(), (u, z.round(2).to_dict())
    # the curves are far from the exits-as-censoring ones, so the check has power
    cens_curve = C.nonparametric_cif(sub, horizon=H, exits=False).set_index(
        ["u", "outcome"])["cum_incidence"].unstack()
    ibo = "workplace_learning_ibo"
    assert (cens_curve.loc[8, ibo] - truth.loc[8, ibo]) / se.loc[8, ibo] > TRUTH_SE


def test_model_curves_only_where_the_rrr_table_publishes_the_cell():
    """A cell's model-based curve draws its coefficient: it is kept only where the
    disclosure-controlled RRR table shows that cell and measure (the reference is kept)."""
    curves = pd.DataFrame({"profile": ["belgian:native", "maghreb:second", "maghreb:second",
                                       "turkish:second"],
                           "outcome": ["ibo", "ibo", "basic", "ibo"], "u": 8,
                           "cum_incidence": [0.1, 0.05, 0.2, 0.04]})
    rrr = pd.DataFrame({C.KEY: ["maghreb:second", "maghreb:second", "turkish:second"],
                        "outcome": ["ibo", "basic", "ibo"], "exp_estimate": [0.5, np.nan, 0.7]})
    kept = C.published_cell_curves(curves, rrr)
    assert list(zip(kept["profile"], kept["outcome"], strict=True)) == [
        ("belgian:native", "ibo"), ("maghreb:second", "ibo"), ("turkish:second", "ibo")]
    with pytest.raises(ValueError, match="published_cell_curves.*rrr"):
        C.published_cell_curves(curves, rrr.drop(columns="exp_estimate"))
