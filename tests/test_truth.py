"""Truth by counterfactual re-simulation: common random numbers, zero and positive effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mia_helpers import codes
from mia_helpers.quarters import Window
from mia_helpers.synthetic import make_population, simulate
from mia_helpers.synthetic.config import GeneratorConfig, apply_overrides
from mia_helpers.synthetic.simulate import Interventions, _redraw_given_not
from mia_helpers.synthetic.truth import activation_truth, first_starts_in_spell, newcomer_truth

W = Window()


@pytest.fixture(scope="module")
def world():
    cfg = apply_overrides(
        GeneratorConfig(),
        {"measures.workplace_learning_ibo.gain": 0.0, "measures.workplace_learning_ibo.lockin": 0.0},
    )
    pop = make_population(cfg, 5, 6000, 3000, W)
    return cfg, pop, simulate(pop, cfg, 5, W, full=False)


def test_clones_without_intervention_reproduce_history(world):
    cfg, pop, hist = world
    rows = np.arange(0, len(pop), 7)
    again = simulate(pop.take(rows), cfg, 5, W, full=False)
    assert np.array_equal(again.state, hist.state[rows])
    assert np.array_equal(again.job_len, hist.job_len[rows])
    assert np.array_equal(again.measure_start, hist.measure_start[rows])


def test_intervention_changes_nothing_before_the_start(world):
    cfg, pop, hist = world
    mi = codes.MEASURES.index("training_vocational")
    rows, cols = first_starts_in_spell(hist, mi)
    iv = Interventions(np.full(rows.size, mi, np.int8), cols.astype(np.int16),
                       cols.astype(np.int16))
    cf = simulate(pop.take(rows), cfg, 5, W, interventions=iv, full=False)
    before = np.arange(W.n_quarters)[None, :] < cols[:, None]
    assert np.array_equal(np.where(before, cf.state, 0), np.where(before, hist.state[rows], 0))
    # the start itself is switched off
    assert (cf.measure_start[np.arange(rows.size), cols] != mi).all()


def test_zero_effect_gives_exactly_zero_truth():
    """With no measure having any effect, both truths are exactly zero: the counterfactual
    (another measure or none, drawn given "not m") changes nothing in job entry."""
    zero = {f"measures.{m}.{f}": 0.0 for m in codes.MEASURES for f in ("gain", "lockin")}
    cfg = apply_overrides(GeneratorConfig(), zero)
    pop = make_population(cfg, 5, 3000, 1500, W)
    hist = simulate(pop, cfg, 5, W, full=False)
    truth = activation_truth(pop, hist, cfg, 5, W, measures=("workplace_learning_ibo",))
    assert len(truth) == 2 * 2 * cfg.truth.max_horizon  # two populations, two estimands
    assert (truth["true_att_pp"].dropna() == 0.0).all()
    assert truth["n_treated"].min() > 0


def test_not_m_now_lets_other_measures_start(world):
    """Sianesi's "not m now": in the counterfactual quarter the clone never starts m, but may
    start another measure (redrawn given not m, common random numbers); blocking without
    redraw starts nothing."""
    cfg, pop, hist = world
    mi = codes.MEASURES.index("workplace_learning_ibo")
    rows, cols = first_starts_in_spell(hist, mi)
    c16 = cols.astype(np.int16)
    at = np.arange(rows.size), cols
    for redraw in (True, False):
        iv = Interventions(np.full(rows.size, mi, np.int8), c16, c16, redraw=redraw)
        cf = simulate(pop.take(rows), cfg, 5, W, interventions=iv, full=False)
        started = cf.measure_start[at]
        assert (started != mi).all()
        if redraw:
            assert (started >= 0).any()
        else:
            assert (started == -1).all()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n_out=st.integers(2, 10))
def test_redraw_follows_the_conditional_distribution(seed, n_out):
    """_redraw_given_not: a uniform inside m's interval, rescaled, picks outcome j != m with
    probability p_j / (1 - p_m). Tolerance: each share within 5 binomial standard errors of
    its probability (N = 20,000 draws; 5 SE two-sided 6e-7 per share)."""
    rng = np.random.default_rng(seed)
    M = n_out - 1  # measures; index M = no start
    w = rng.gamma(1.0, 1.0, n_out)
    p_all = w / w.sum()
    p_meas = p_all[:M]  # the simulator's p holds the M measures; no start is the rest
    m = int(rng.integers(0, M))
    N = 20_000
    P = np.tile(p_meas, (N, 1))
    cum = np.cumsum(P, axis=1)
    u = cum[:, m] - P[:, m] * rng.random(N)  # uniforms inside m's interval
    u = np.minimum(u, np.nextafter(cum[:, m], 0.0))
    out = _redraw_given_not(np.full(N, m), np.ones(N, bool), P, cum, u)
    assert not (out == m).any()
    share = np.bincount(out, minlength=n_out) / N
    target = p_all / (1 - p_all[m])
    target[m] = 0.0
    se = np.sqrt(np.clip(target * (1 - target), 0.0, None) / N)
    assert (np.abs(share - target) <= 5 * se + 1e-9).all(), (share, target)


def test_positive_effect_is_positive_after_lock_in(world):
    cfg, pop, hist = world
    truth = activation_truth(pop, hist, cfg, 5, W, measures=("training_vocational",))
    res = truth[truth.population == "resident"]
    m = cfg.measures["training_vocational"]
    after = res[res.quarter_since_start >= m.duration_quarters + 1]
    assert (after["true_att_pp"] > 0).all()
    first = res[res.quarter_since_start == 1]
    assert (first["true_att_pp"] < 0).all()  # lock-in while the training runs
    # now_vs_never switches off more starts than now_vs_later: never smaller at long horizons
    wide = res.pivot(index="quarter_since_start", columns="estimand", values="true_att_pp")
    assert (wide.loc[8:, "now_vs_never"] >= wide.loc[8:, "now_vs_later"] - 0.5).all()


def test_newcomer_truth_has_all_treatments(world):
    cfg, pop, hist = world
    truth = newcomer_truth(pop, hist, cfg, 5, W)
    assert set(truth["treatment"].astype(str)) == set(codes.NEWCOMER_TREATMENTS)
    assert set(truth["estimand"].astype(str)) == set(codes.ESTIMANDS)
    inb = truth[(truth.treatment == "inburgering") & (truth.quarter_since_start == 8)]
    assert (inb["true_att_pp"] > 0).all()


def test_truth_files_written(small_data):
    act = pd.read_parquet(small_data / "truth" / "activation_effects.parquet")
    assert set(act["measure"].astype(str)) == set(codes.MEASURES)
    assert set(act["quarter_since_start"]) == set(range(1, 13))
    # one row per population, measure, group, estimand and quarter; origin groups for the
    # direct-link measures only, and their treated add up to everybody's
    assert not act.duplicated(["population", "measure", "group", "estimand",
                               "quarter_since_start"]).any()
    by_group = act[act["group"] != "all"]
    assert set(by_group["measure"].astype(str)) == set(codes.DIRECT_LINK_MEASURES)
    n = by_group.groupby(["population", "measure", "estimand", "quarter_since_start"],
                         observed=True)["n_treated"].sum()
    n_all = act[act["group"] == "all"].set_index(
        ["population", "measure", "estimand", "quarter_since_start"])["n_treated"]
    assert (n == n_all.reindex(n.index)).all()


def test_panel_outcome_equals_the_truths_outcome():
    """The estimator's outcome (the panel's stable regular job start, via
    ``effects.outcome_arrays``) is the truth's outcome (``stable_outcomes`` of the generator's
    job lengths) person by person, at every risk-set row and horizon the estimator observes,
    and both observe the same horizons (exact: both are counts of the same simulated jobs)."""
    from mia_helpers import effects
    from mia_helpers import newcomers as nc
    from mia_helpers.matching import match
    from mia_helpers.panel import PanelSpec, panel_from_registers
    from mia_helpers.synthetic.registers import all_registers
    from mia_helpers.synthetic.truth import stable_outcomes

    cfg = GeneratorConfig()
    pop = make_population(cfg, 11, 0, 2000, W)
    hist = simulate(pop, cfg, 11, W)
    panel = panel_from_registers(all_registers(pop, hist), PanelSpec(window=W, threads=1),
                                 validate=False)[0]
    res = match(nc.newcomer_panel(panel), nc.newcomer_specs(["inburgering"])["inburgering"],
                k=3, caliper=0.2)
    K = 12
    oa = effects.outcome_arrays(res, K)
    idx = pd.Index(pop.person_id).get_indexer(res.rows["person_id"].to_numpy())
    cols = res.rows["quarter"].to_numpy().astype(np.int64) - W.start
    y, obs = stable_outcomes(hist.job_len[idx], hist.job_regular[idx], cols,
                             cfg.truth.stable_quarters, K, True)
    ks = np.arange(1, K + 1)[None, :]
    assert (idx >= 0).all() and len(idx) > 1000
    np.testing.assert_array_equal(obs, oa.A[:, None] >= ks)
    np.testing.assert_array_equal(y[obs], (oa.E[:, None] <= ks)[obs])
