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
SMALL = {"seed": 2005, "residents": 3000, "newcomers": 1500}


@pytest.fixture(scope="module")
def small_panel() -> pd.DataFrame:
    return load_panel(ensure_data(**SMALL))


def test_grouping_and_outcomes(small_panel):
    cd = C.competing_data(small_panel, grouping="types")
    assert cd.attrs["outcomes"][0] == C.NO_INFLOW
    assert cd.attrs["outcomes"][1:] == list(dict.fromkeys(codes.MEASURE_TYPES.values()))
    # at most one inflow per spell, and it is the spell's last row at risk
    ev = cd[cd["outcome"] > 0]
    assert not ev.duplicated(["person_id", "spell"]).any()
    last = cd.groupby(["person_id", "spell"])["u"].transform("max")
    assert (ev["u"] == last[ev.index]).all()
    # every row at risk is a registered, non-employed quarter
    assert cd["registered"].all() and not cd["employed"].any()


def test_newton_matches_statsmodels_mnlogit(small_panel):
    """Our Newton fit and cluster sandwich equal statsmodels MNLogit(cov_type='cluster')."""
    cd = C.competing_data(small_panel, grouping="types")
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
def test_recovers_generator_origin_coefficients():
    """The MNL with the generator's covariates recovers the low-link origin terms.

    Sample: spells of school leavers and newcomers, whose panel experience (employed quarters
    inside the window) equals the generator's experience; adults at the window start carry a
    pre-window stock in the generator that the panel cannot see.
    """
    data = ensure_data()
    cd = C.competing_data(load_panel(data))
    keep = (cd["school_leaving_quarter"].notna() | (cd["sample"] == "newcomer")).to_numpy()
    sub = cd.loc[keep]
    sub.attrs = cd.attrs
    fit = C.fit_inflow(sub, ("duration", "low_link", "self_reliance", "newcomer"))
    assert fit.converged
    truth = C.true_coefficients(load_parameters(data), fit.outcomes)
    truth = truth.query("term == 'low_link'").set_index("outcome")["true_coef"]
    est = fit.tidy().query("term == 'low_link'").set_index("outcome")
    est.index = est.index.astype(str)
    z = (est["estimate"] - truth.reindex(est.index)) / est["std_error"]
    assert len(z) == len(codes.MEASURES)
    assert (z.abs() < RECOVERY_SE).all(), z.round(2).to_dict()
    # and the direct-link measures are estimated clearly below zero (the seed-study finding)
    assert (est.loc[list(codes.DIRECT_LINK_MEASURES), "exp_conf_high"] < 1).all()


@pytest.mark.slow
def test_recovers_generator_cell_coefficients_jointly():
    """With origin x generation dummies instead of the low-link indicator, the 162 cell
    coefficients (true value low_link_m for low-link cells, 0 otherwise) pass a joint
    person-clustered Wald test against the truth."""
    data = ensure_data()
    cd = C.competing_data(load_panel(data))
    keep = (cd["school_leaving_quarter"].notna() | (cd["sample"] == "newcomer")).to_numpy()
    sub = cd.loc[keep]
    sub.attrs = cd.attrs
    fit = C.fit_inflow(sub, ("duration", "origin", "self_reliance", "newcomer"))
    truth = C.true_cell_coefficients(load_parameters(data), fit.outcomes)
    truth = truth.set_index(["outcome", "term"])["coef"]
    k = len(fit.columns)
    idx, diff = [], []
    for j, o in enumerate(fit.outcomes[1:]):
        for i, t in enumerate(fit.columns):
            if t.startswith("cell["):
                idx.append(j * k + i)
                diff.append(fit.params.loc[t, o] - truth[(o, t)])
    diff = np.array(diff)
    assert len(diff) == 18 * len(codes.MEASURES)
    wald = diff @ np.linalg.solve(fit.cov[np.ix_(idx, idx)], diff)
    assert stats.chi2.sf(wald, len(diff)) > WALD_ALPHA, wald


def test_no_measure_runs_in_the_risk_set(small_panel):
    """First starts only: no measure spell covers a quarter at risk without inflow, so the
    generator's rule "no start of m while m runs" never binds inside the risk set."""
    cd = C.competing_data(small_panel)
    assert not cd.loc[cd["outcome"] == 0, "in_measure"].any()
    assert cd.loc[cd["outcome"] > 0, "in_measure"].all()


def test_cif_plus_survival_sums_to_one(small_panel):
    cd = C.competing_data(small_panel)
    fit = C.fit_inflow(cd, ("duration", "origin"))
    base = cd[cd["u"] == 0].drop_duplicates("cell").assign(profile=lambda d: d["cell"])
    pc = C.predict_cif(fit, base, horizon=12)
    tot = pc.groupby(["profile", "u"])["cif"].sum()
    np.testing.assert_allclose(tot.to_numpy(), 1.0, atol=EXACT)
    npc = C.nonparametric_cif(cd, by="origin", horizon=12)
    tot = npc.groupby(["origin", "u"])["cif"].sum()
    np.testing.assert_allclose(tot.to_numpy(), 1.0, atol=EXACT)
    # CIFs are non-decreasing in u
    d = pc[pc["outcome"] != C.NO_INFLOW].sort_values(["profile", "outcome", "u"])
    assert (d.groupby(["profile", "outcome"])["cif"].diff().dropna() >= -EXACT).all()


def test_single_cause_cif_is_one_minus_kaplan_meier(small_panel):
    cd = C.competing_data(small_panel, grouping={m: "any" for m in codes.MEASURES})
    H = 12
    npc = C.nonparametric_cif(cd, horizon=H).query("outcome == 'any'").set_index("u")["cif"]
    spells = cd.groupby(["person_id", "spell"]).agg(u=("u", "max"), event=("outcome", "max"))
    assert (cd.groupby(["person_id", "spell"])["u"].min() == 0).all()  # no late entry here
    km = SurvfuncRight(spells["u"].to_numpy() + 1.0, (spells["event"] > 0).to_numpy())
    times = np.asarray(km.surv_times)
    surv = np.asarray(km.surv_prob)
    s_at = np.array([surv[times <= u + 1][-1] if (times <= u + 1).any() else 1.0
                     for u in range(H + 1)])
    np.testing.assert_allclose(npc.to_numpy(), 1.0 - s_at, atol=EXACT)


def test_model_with_duration_dummies_reproduces_nonparametric_cif(small_panel):
    """With saturated duration dummies and no covariates the fitted hazards are the
    empirical ones, so the model-based CIF equals the Aalen-Johansen one."""
    cd = C.competing_data(small_panel, grouping="types")
    H = 10
    fit = C.fit_inflow(cd, ("duration",), max_u=H + 1)
    pc = C.predict_cif(fit, pd.DataFrame({"profile": ["all"]}), horizon=H)
    npc = C.nonparametric_cif(cd, horizon=H)
    m = pc.merge(npc, on=["u", "outcome"], suffixes=("_model", "_np"))
    assert len(m) == (H + 1) * len(fit.outcomes)
    np.testing.assert_allclose(m["cif_model"], m["cif_np"], atol=1e-6)


def test_bad_input_errors(small_panel):
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
    cd = C.competing_data(small_panel)
    with pytest.raises(ValueError, match="skills"):
        C.design_matrix(cd, ("duration", "skills"))
    with pytest.raises(ValueError, match="non-negative"):
        C.cif_from_hazards(np.array([[0.7, 0.6]]))


def test_measures_subset_pools_the_rest(small_panel):
    cd = C.competing_data(small_panel, measures=list(codes.DIRECT_LINK_MEASURES))
    kept = [m for m in codes.MEASURES if m in codes.DIRECT_LINK_MEASURES]
    assert cd.attrs["outcomes"] == [C.NO_INFLOW, *kept, C.OTHER]
    full = C.competing_data(small_panel)
    # the risk set does not depend on the grouping
    assert len(cd) == len(full)
    assert (cd["outcome"] > 0).sum() == (full["outcome"] > 0).sum()


def test_generator_hazards_are_probabilities_and_pool_by_type(small_panel):
    """The true hazards of a measure type are the sums of its codes' hazards (a property of
    the multinomial logit), and each row sums to one."""
    params = load_parameters(ensure_data(**SMALL))
    rows = C.competing_data(small_panel).head(500)
    by_code = C.GeneratorHazards(params, "codes")
    by_type = C.GeneratorHazards(params, "types")
    hc, ht = by_code.hazards(rows), by_type.hazards(rows)
    np.testing.assert_allclose(hc.sum(axis=1), 1.0, atol=EXACT)
    np.testing.assert_allclose(ht.sum(axis=1), 1.0, atol=EXACT)
    for t in by_type.outcomes[1:]:
        members = [by_code.outcomes.index(m) for m, g in codes.MEASURE_TYPES.items() if g == t]
        np.testing.assert_allclose(ht[:, by_type.outcomes.index(t)], hc[:, members].sum(axis=1),
                                   atol=EXACT)
