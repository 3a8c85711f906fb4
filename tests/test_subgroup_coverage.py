"""benchmarks/subgroup_coverage.py: the coverage arithmetic and the matched treated's truth.

Tolerances
----------
- Table arithmetic: exact identities on a hand-made frame (floating-point equality).
- Matched treated's truth: exact identities (counts of persons; the re-simulation of a subset
  of clones gives each clone the same outcome as in the simulation of all, since the draws
  are keyed by person, so the two subsets' truths combine to the generator's truth up to
  floating-point rounding, rtol 1e-12).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark

from mia_helpers import codes

MEASURE = "training_basic"


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("subgroup_coverage")


def test_coverage_table_arithmetic(bench):
    # one cell, four replications: one NaN interval, one missing the truth, one absent
    rows = pd.DataFrame({
        "measure": MEASURE, "estimand": "now_vs_later", "group": "non_eu",
        "estimator": "matched", "quarter_since_start": 5,
        "seed": [1, 2, 3],
        "att_pp": [1.0, 3.0, 5.0], "se": [1.0, np.nan, 2.0],
        "ci_low": [-1.0, np.nan, 4.5], "ci_high": [3.0, np.nan, 9.0],
        "n_treated": [10, 12, 14], "true_n_treated": [20, 20, 20],
        "true_att_pp": [0.0, 0.0, 4.0],
    })
    absent = rows.iloc[[0]].assign(seed=4, group="belgian")  # seed 4 has no non_eu row
    t = bench.coverage_table(pd.concat([rows, absent]), range(5, 6), ["non_eu", "belgian"])
    r = t[t.group == "non_eu"].iloc[0]
    assert (r.R_ci, r.nan_ci, r.absent) == (2, 1, 1)
    assert r.n_tr == 12 and r.n_true == 20
    err = np.array([1.0, 3.0, 1.0])
    assert r.bias == pytest.approx(err.mean())
    assert r.mc_bias == pytest.approx(err.std(ddof=1) / np.sqrt(3))
    # SE/SD over the replications with a finite interval (errors 1 and 1: SD 0 -> NaN)
    assert np.isnan(r.se_sd)
    # seed 1 covers 0 (-1..3), seed 3 does not cover 4 (4.5..9)
    assert r.cover == 0.5 and r.mc_cover == pytest.approx(0.5 / np.sqrt(2))
    assert r.cover_all == pytest.approx(1 / 3)


@pytest.fixture(scope="module")
def replication():
    from mia_helpers.core import NotIdentifiedWarning
    from mia_helpers.matching import TreatmentSpec, match
    from mia_helpers.montecarlo import replication_data, replication_panel

    data = replication_data(4000, 1500, 150, MEASURE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        res = match(replication_panel(data), TreatmentSpec.measure(MEASURE), k=3, caliper=0.2)
    return data, res


def test_matched_truth_is_over_the_estimators_treated(bench, replication):
    from mia_helpers.origin_effects import effects_by_group

    data, res = replication
    mt = bench.matched_truth(data, res, MEASURE, 4000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Warning)
        est = effects_by_group({MEASURE: res}, [MEASURE], estimands=("now_vs_never",))
    est = est[est.estimator == "matched"].astype({"group": str})
    m = mt[mt.estimand == "now_vs_never"].astype({"group": str})
    both = est.merge(m, on=["group", "quarter_since_start"], suffixes=("", "_truth"))
    assert len(both) == len(est) > 0
    # now-vs-never counts the matched treated observed at k: the same persons
    assert (both["n_treated"] == both["n_treated_truth"]).all()
    # and "all" is every matched treated observed at k (start + k + stable - 1 <= window end)
    r = res.rows.iloc[np.unique(res.pairs["treated"].to_numpy())]
    last = data.window.end - data.config.truth.stable_quarters + 1
    n_all = m[m.group == "all"].set_index("quarter_since_start")["n_treated"]
    for k, n in n_all.items():
        assert n == int((r["quarter"] + k <= last).sum())


def test_matched_truth_combines_to_the_generators(bench, replication):
    """The matched treated's truth and the unmatched starters' truth, weighted by their
    counts, give the generator's truth over all starters (the premise of the subset truth)."""
    from mia_helpers.synthetic.truth import _effect_rows, first_starts_in_spell

    data, res = replication
    mt = bench.matched_truth(data, res, MEASURE, 4000)
    pop, hist = data.population, data.history
    rows, cols = first_starts_in_spell(hist, codes.MEASURES.index(MEASURE))
    keep = ~pop.newcomer[rows]
    rows, cols = rows[keep], cols[keep]
    r = res.rows.iloc[np.unique(res.pairs["treated"].to_numpy())]
    matched = set(zip(r["person_id"], r["quarter"] - data.window.start, strict=True))
    rest = np.array([(int(pop.person_id[i]), int(c)) not in matched
                     for i, c in zip(rows, cols, strict=True)])  # a few hundred starts
    assert rest.sum() == rows.size - len(matched)
    ut = pd.DataFrame.from_records(_effect_rows(
        pop, hist, data.config, 4000, data.window, codes.MEASURES.index(MEASURE), rows[rest],
        cols[rest], False, by_group=True))
    keys = ["group", "estimand", "quarter_since_start"]
    t = data.truth.astype({"group": str, "estimand": str, "quarter_since_start": int})
    a = mt.astype({"group": str})[keys + ["n_treated", "treated_outcome",
                                          "counterfactual_outcome"]]
    b = ut.astype({"group": str})[keys + ["n_treated", "treated_outcome",
                                          "counterfactual_outcome"]]
    c = a.merge(b, on=keys, suffixes=("_m", "_u")).merge(t[t.group == "all"], on=keys)
    assert len(c) == len(t)
    n_m, n_u = c["n_treated_m"], c["n_treated_u"]
    assert (n_m + n_u == c["n_treated"]).all()
    ok = c["n_treated"] > 0
    for col in ("treated_outcome", "counterfactual_outcome"):
        comb = (np.nan_to_num(c[f"{col}_m"]) * n_m + np.nan_to_num(c[f"{col}_u"]) * n_u) / (
            n_m + n_u)
        np.testing.assert_allclose(comb[ok], c[col][ok], rtol=1e-12)
