"""Chapter 4's love plot and balance table: a standardised mean difference of a 0/1
covariate held by few starters gives their number (DPO review 19).

SMD = (p_t - p_c) / s with s the pooled SD of starters and pool (matching.smd_table). With
the starts of the common-support table and the pool's share (close to the population's) the
reader solves for p_t. Run before the fix (seed 2005, 800 residents, 400 newcomers,
min_cell 10): manual vacancy referral, 210 starts, sub-Saharan origin: pool share 0.0570,
the balance table's largest SMD before matching 0.200 (it was this covariate's), so 4.0
starts (4, by 4 persons); basic training, no Dutch, 98 starts, pool share 0.008, SMD 0.25 in
the love plot: 5.
"""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq

from mia_helpers.effect_tables import balance_published, balance_unsafe, love_published

MIN_CELL = 10


def _solve(smd: float, pc: float) -> float:
    """The reader: the starters' share p_t that gives ``smd`` beside the pool's share."""
    return brentq(lambda p: (p - pc) / np.sqrt((p * (1 - p) + pc * (1 - pc)) / 2) - smd,
                  1e-9, 1 - 1e-9)


def test_the_leak_by_arithmetic():
    assert _solve(-0.200, 0.0570) * 210 == pytest.approx(4.0, abs=0.15)


def _result(k_rare: int = 4, n_t: int = 40, n_pool: int = 200) -> types.SimpleNamespace:
    """One measure: ``n_t`` starters (all matched, each to pool row i), ``k_rare`` of them
    holding a rare category; a common 0/1 covariate and a continuous one."""
    n = n_t + n_pool
    rng = np.random.default_rng(1)
    treated = np.r_[np.ones(n_t, bool), np.zeros(n_pool, bool)]
    rare = np.zeros(n)
    rare[:k_rare] = 1
    rare[n_t:n_t + 12] = 1  # 12 pool persons hold it
    common = (np.arange(n) % 2).astype(float)
    rows = pd.DataFrame({"person_id": [f"p{i}" for i in range(n)], "treated": treated,
                         "risk_set": 0})
    X = pd.DataFrame({"rare": rare, "common": common, "age": rng.normal(40, 9, n)})
    pairs = pd.DataFrame({"treated": np.arange(n_t), "control": np.arange(n_t, 2 * n_t),
                          "weight": 1.0})

    def smd(sel_t, sel_c):
        s = np.sqrt((X[treated].var() + X[~treated].var()) / 2)
        return (X[sel_t].mean() - X[sel_c].mean()) / s

    ctrl = np.zeros(n, bool)
    ctrl[n_t:2 * n_t] = True
    balance = pd.DataFrame({"risk_set": "pooled", "covariate": X.columns,
                            "smd_before": smd(treated, ~treated).to_numpy(),
                            "smd_after": smd(treated, ctrl).to_numpy()})
    r = types.SimpleNamespace(rows=rows, X=X, pairs=pairs, balance=balance)
    return types.SimpleNamespace(matches={"m": r})


@pytest.mark.parametrize(("k", "hidden"), [(4, True), (1, True), (0, False), (10, False),
                                            (33, True), (31, True), (30, False)])
def test_a_category_held_by_few_starters_is_unsafe(k, hidden):
    u = balance_unsafe(_result(k).matches["m"], MIN_CELL).set_index("covariate")
    assert bool(u.loc["rare", "before"]) is hidden  # 40 - 31 = 9 starters without it
    assert bool(u.loc["rare", "after"]) is hidden  # the matched starters are the same
    assert not u.loc[["common", "age"]].to_numpy().any()


def test_small_groups_make_every_smd_unsafe():
    u = balance_unsafe(_result(0, n_t=8).matches["m"], MIN_CELL)
    assert u["before"].all() and u["after"].all()  # 8 starters: every mean rests on them


def test_published_balance_and_love_plot_leave_the_unsafe_out():
    res = _result(4)
    b = balance_published(res, MIN_CELL).set_index("covariate")
    assert np.isnan(b.loc["rare", "smd_before"]) and np.isnan(b.loc["rare", "smd_after"])
    assert b.loc[["common", "age"], ["smd_before", "smd_after"]].notna().all().all()
    # the table's maximum skips it (before: the rare category's SMD was the largest)
    raw = res.matches["m"].balance.set_index("covariate")["smd_before"].abs()
    assert raw.idxmax() == "rare"
    assert b["smd_before"].abs().max() < raw.max()
    love = love_published(res, ["m"], MIN_CELL)
    assert "rare" not in set(love["covariate"])
    assert len(love) == 4  # common and age, before and after


def test_rows_without_person_id_raise():
    res = _result()
    res.matches["m"].rows = res.matches["m"].rows.drop(columns="person_id")
    with pytest.raises(ValueError, match="person_id"):
        balance_unsafe(res.matches["m"], MIN_CELL)
