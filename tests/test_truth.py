"""Truth by counterfactual re-simulation: common random numbers, zero and positive effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import codes
from mia_helpers.quarters import Window
from mia_helpers.synthetic import make_population, simulate
from mia_helpers.synthetic.config import GeneratorConfig, apply_overrides
from mia_helpers.synthetic.simulate import Interventions
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


def test_zero_effect_gives_exactly_zero_truth(world):
    cfg, pop, hist = world
    truth = activation_truth(pop, hist, cfg, 5, W, measures=("workplace_learning_ibo",))
    assert len(truth) == 2 * 2 * cfg.truth.max_horizon  # two populations, two estimands
    assert (truth["true_att_pp"].dropna() == 0.0).all()
    assert truth["n_treated"].min() > 0


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
    # the default config gives vacancy_referral_automatic no effect at all
    zero = act[act.measure == "vacancy_referral_automatic"]["true_att_pp"].dropna()
    assert len(zero) and (zero == 0.0).all()
