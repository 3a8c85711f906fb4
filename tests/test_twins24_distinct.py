"""The twins' side of a matched effect is counted in distinct persons (twins24).

Matching is with replacement, so ``control_outcome x n_treated`` (treated-equivalents) can
reach ``min_cell`` while the twins who entered are a few persons reused by many starters.
:mod:`mia_helpers.twin_persons` counts the distinct persons; the rules of
:mod:`mia_helpers.effect_tables` read them where the rows carry them.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from drawn_designs import risk_set_design
from effect_row import assert_falls_back, matched_rows, one_row

from mia_helpers.effect_tables import (
    estimate_grid,
    estimate_shown,
    one_side_small,
    treated_share_small,
)
from mia_helpers.effects import EstimationArrays, OutcomeArrays, effect_curves
from mia_helpers.twin_persons import TWIN_COLUMNS, twin_persons_arrays

MIN_CELL = 5
K = 4


def _design(controls_of: list[list[int]], pool_E: list[int], n_treated: int = 12):
    """Risk set 0: ``n_treated`` starters (persons 0..n-1, half enter at quarter 1, the others
    never), pool persons n.. with outcome times ``pool_E``; starter i matched to the pool
    persons ``controls_of[i]`` (indices into the pool); everybody observed to quarter 5."""
    n = n_treated + len(pool_E)
    treated = np.arange(n) < n_treated
    E = np.array([1 if i % 2 == 0 else 10_000 for i in range(n_treated)] + list(pool_E),
                 np.int64)
    tp = np.array([i for i, c in enumerate(controls_of) for _ in c], np.int64)
    cp = np.array([n_treated + j for c in controls_of for j in c], np.int64)
    w = 1.0 / np.bincount(tp, minlength=n_treated)[tp]
    ea = EstimationArrays(
        distance=np.zeros(n), stratum=np.zeros(n, np.int64), risk_set=np.zeros(n, np.int64),
        treated=treated, person=np.arange(n), X=np.asfortranarray(np.zeros((n, 1), np.float32)),
        names=["x"], treated_pos=tp, control=cp, weight=w, k=2, cal_abs={0: np.inf})
    oa = OutcomeArrays(E, np.full(n, 10_000, np.int64), np.full(n, 5, np.int64),
                       np.ones((n, K), bool), np.arange(n), K)
    return ea, oa


def _rows(ea, oa, with_persons: bool) -> pd.DataFrame:
    """Matched "now versus later" effect rows of the design, as estimate_effects builds them
    (the estimator's own m1, m0, n), with the distinct twins if asked."""
    rows = matched_rows(ea, oa, K)
    if with_persons:
        ent, non = twin_persons_arrays(ea.person, ea.treated, ea.risk_set, ea.treated_pos,
                                       ea.control, oa, ["now_vs_later"])[
            ("now_vs_later", "matched")]
        rows = rows.assign(**{TWIN_COLUMNS[0]: ent, TWIN_COLUMNS[1]: non})
    return rows


def test_one_reused_twin_hides_the_effect():
    # 12 starters, each matched to the same two pool persons: one enters at quarter 2, one
    # never. From quarter 2 the twins' mean is 0.5: 6 treated-equivalents who entered and 6
    # who did not (>= MIN_CELL 5), but one person on each side.
    ea, oa = _design([[0, 1]] * 12, [2, 10_000])
    old, new = _rows(ea, oa, False), _rows(ea, oa, True)
    at = new["quarter_since_start"].to_numpy() >= 2
    assert np.allclose(new["control_outcome"][at] * new["n_treated"][at], 6)
    assert (new[TWIN_COLUMNS[0]][at] == 1).all() and (new[TWIN_COLUMNS[1]][at] == 1).all()
    # the treated-equivalents rule (rows without the persons) lets it out ...
    assert estimate_shown(old, MIN_CELL)[at].all()
    # ... the persons' rule hides it (effect, relative effect, grid cell)
    assert one_side_small(new, MIN_CELL)[at].all()
    assert treated_share_small(new, MIN_CELL)[at].all()
    assert not estimate_shown(new, MIN_CELL).any()
    grid = estimate_grid(new, "quarter_since_start", "estimand", MIN_CELL, "twins24 test")
    assert grid["now_vs_later"].map(lambda v: isinstance(v, str)).all()  # all markers


def test_distinct_twins_enough_show_the_effect():
    # the converse: 12 starters with 24 distinct twins, one of each pair entering at quarter
    # 2: the same 6 treated-equivalents each side, on 12 persons each side (>= MIN_CELL)
    ea, oa = _design([[2 * i, 2 * i + 1] for i in range(12)], [2, 10_000] * 12)
    new = _rows(ea, oa, True)
    at = new["quarter_since_start"].to_numpy() >= 2
    assert (new[TWIN_COLUMNS[0]][at] == 12).all() and (new[TWIN_COLUMNS[1]][at] == 12).all()
    assert estimate_shown(new, MIN_CELL)[at].all()
    assert not one_side_small(new, MIN_CELL)[at].any()


def test_rows_without_persons_fall_back_to_treated_equivalents():
    # 4 treated-equivalents who entered: hidden by the fallback, whether the columns are
    # absent (old rows) or NaN (a measure without its match, add_twin_persons)
    rows = one_row(0.5, 0.1)
    assert_falls_back(rows, TWIN_COLUMNS, one_side_small, MIN_CELL)
    # with 12 distinct twins who entered (each weighted 1/3) and 30 who did not: shown
    counted = rows.assign(**{TWIN_COLUMNS[0]: 12, TWIN_COLUMNS[1]: 30})
    assert not one_side_small(counted, MIN_CELL).any()
    assert one_side_small(counted.assign(**{TWIN_COLUMNS[1]: 4}), MIN_CELL).all()


def _brute(ea, oa, est, estimator, k):
    """The definitions of mia_helpers.twin_persons.twin_persons, one row at a time."""
    E, S, A = oa.E, oa.S, oa.A
    ent, non = set(), set()
    if estimator == "matched":
        for t, c in zip(ea.treated_pos, ea.control, strict=True):
            if est == "now_vs_later":
                if A[t] >= k and A[c] >= k:
                    (ent if E[c] <= k else non).add(ea.person[c])
            elif A[t] >= k and min(E[c], S[c], A[c]) >= 1:
                (ent if 1 <= E[c] <= min(S[c], A[c], k) else non).add(ea.person[c])
        return len(ent), len(non)
    active = {r for r in np.flatnonzero(ea.treated) if A[r] >= k}
    sets = {ea.risk_set[r] for r in active}
    for r in np.flatnonzero(~ea.treated):
        if ea.risk_set[r] not in sets:
            continue
        if est == "now_vs_later":
            if A[r] >= k:
                (ent if E[r] <= k else non).add(ea.person[r])
        elif min(E[r], S[r], A[r]) >= 1:
            (ent if 1 <= E[r] <= min(S[r], A[r], k) else non).add(ea.person[r])
    return len(ent), len(non)


@pytest.mark.parametrize("est", ["now_vs_later", "now_vs_never"])
def test_counts_follow_their_definitions_and_the_estimator(est):
    # a drawn design (persons in several risk sets, later starts, reused controls): the
    # vectorised counts equal the definitions row by row, and a side has persons exactly
    # where the estimator's control mean says someone entered (m0 > 0) or did not (m0 < 1)
    ea, oa = risk_set_design(np.random.default_rng(24), 150, K, start_periods=3,
                             start_intercept=-1.5, reg_until=6, with_pairs=True)
    counts = twin_persons_arrays(ea.person, ea.treated, ea.risk_set, ea.treated_pos,
                                 ea.control, oa, [est])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curves = effect_curves(ea, oa, [est])
    for estimator in ("matched", "naive"):
        ent, non = counts[(est, estimator)]
        for k in range(1, K + 1):
            assert (ent[k - 1], non[k - 1]) == _brute(ea, oa, est, estimator, k), (
                estimator, k)
        m0 = curves[(est, estimator)]["m0"]
        assert ((ent > 0) == (m0 > 0)).all() and ((non > 0) == (m0 < 1)).all(), estimator
    # reuse: the matched twins' persons are fewer than their pairs
    assert np.unique(ea.person[ea.control]).size < ea.control.size
