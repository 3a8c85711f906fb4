"""Tick50: are chapter 3's intake ticks (the generator's expected share of spells starting each
measure in the intake quarter, ``typology.intake_inflow_by_type``) computed from the same
spells, quarter and covariates as the generator's allocation, and is observed - expected
balanced? (A helper saw few bars inside the 95 per cent band on seed 4095, most observed below
expected; benchmarks/intake_ticks.py prints the coverage over many seeds with its binomial
Monte Carlo error.)

Tolerances
----------
- Replay: exact (no tolerance). With the generator's own uniform draws of the measure stream,
  the cumulative expected probabilities pick the observed outcome of every intake spell: any
  difference of population, window, quarter or covariate would break the identity.
- Z_MAX = 3.29 (two-sided 0.1 per cent): the total of starts minus expected starts over all
  intake spells, divided by its exact binomial SE ``sqrt(sum P (1 - P))`` (P a spell's
  probability of any start; spells independent given their covariates); and the mean z of the
  36 bars times 6 (the bars' z have variance 1 each and are independent across types and
  negatively correlated across measures of a type, so 1/36 bounds the variance of their mean).
  Default data (seed 2005), not tuned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import codes
from mia_helpers import typology as ty
from mia_helpers.data import load_parameters
from mia_helpers.synthetic import draws
from mia_helpers.synthetic.simulate import ST_MEASURE

Z_MAX = 3.29


@pytest.fixture(scope="module")
def intake_par(default_study):
    data = default_study.data
    return ty.spell_intake(default_study.competing(), ty.load_spell_types(data)), \
        load_parameters(data)


def test_expected_probabilities_replay_the_generators_allocation(intake_par):
    intake, par = intake_par
    cum = ty.intake_allocation_probabilities(intake, par).cumsum(axis=1).to_numpy()
    q = intake["spell"].astype(np.int64).to_numpy() - int(par["window_start"])
    ids = intake["person_id"].to_numpy(np.int64)
    u = np.empty(len(intake))
    for t in np.unique(q):
        u[q == t] = draws.uniform(int(par["seed"]), ST_MEASURE, int(t), ids[q == t])
    pick = (u[:, None] >= cum).sum(axis=1)  # len(MEASURES): no start
    lab = intake["outcome_label"].astype(str).map(
        {m: i for i, m in enumerate(codes.MEASURES)}).fillna(len(codes.MEASURES))
    wrong = int((pick != lab.to_numpy(int)).sum())
    assert wrong == 0, f"{wrong} of {len(intake)} intake spells not replayed"


def test_observed_minus_expected_is_balanced(intake_par):
    intake, par = intake_par
    p_any = ty.intake_allocation_probabilities(intake, par).sum(axis=1).to_numpy()
    start = intake["outcome_label"].astype(str).isin(codes.MEASURES).to_numpy(float)
    z_total = (start - p_any).sum() / np.sqrt((p_any * (1 - p_any)).sum())
    assert abs(z_total) < Z_MAX, z_total
    tab = ty.intake_inflow_by_type(intake, par, min_cell=1)
    z = (pd.to_numeric(tab["pct"]) - tab["true_pct"]) / tab["se_pct"]
    assert len(z) == 36 and abs(z.mean()) * 6 < Z_MAX, z.describe()
