"""The starters' side of an effect row is counted in distinct persons too (treated24).

``n_treated`` and the entrants ``treated_outcome x n_treated`` count *starts*: a person's first
start of a measure in each registration spell is a treated row
(:class:`mia_helpers.matching.TreatmentSpec`'s ``spell_col``), so a person who started in two
spells counts twice. :func:`mia_helpers.twin_persons.treated_persons_arrays` counts the
distinct starters; :func:`mia_helpers.effect_tables.treated_share_small` and
:func:`~mia_helpers.effect_tables.estimate_shown` read them where the rows carry them.
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from drawn_designs import risk_set_design
from effect_row import assert_falls_back, matched_rows, one_row

import mia_helpers.effects as effects
from mia_helpers.effect_tables import estimate_shown, one_side_small, treated_share_small
from mia_helpers.effects import EstimationArrays, OutcomeArrays, effect_curves
from mia_helpers.matching import no_start_before
from mia_helpers.twin_persons import (
    PERSON_COLUMNS,
    TREATED_COLUMNS,
    TWIN_COLUMNS,
    add_twin_persons,
    treated_persons_arrays,
    twin_persons_arrays,
)

MIN_CELL = 5
K = 4


def test_a_person_starts_once_per_spell_not_once_per_measure():
    # the risk-set rule: a person's first start in each spell is a treated row, so two spells
    # with a start each give the person two starts (the starts-persons gap is not zero by
    # construction); with spell=None (chapter 5's steps) the second start is not at risk
    person = np.array([7, 7, 7, 7, 7, 7])
    start = np.array([False, True, False, False, True, False])
    spell = np.array([1, 1, 1, 2, 2, 2])
    treated = no_start_before(person, start, spell) & start
    assert treated.sum() == 2 and np.unique(person[treated]).size == 1
    assert (no_start_before(person, start, None) & start).sum() == 1


def _design(starter_person: list[int], starter_E: list[int], n_pool: int = 40):
    """Risk set 0: starters with the given person codes and outcome times, a pool of
    ``n_pool`` distinct persons (codes 1000..), half entering at quarter 2; starter i matched
    to pool rows 2i mod n_pool and 2i + 1 mod n_pool; everybody observed to quarter 5."""
    nt = len(starter_person)
    n = nt + n_pool
    person = np.r_[np.asarray(starter_person, np.int64), 1000 + np.arange(n_pool)]
    E = np.r_[np.asarray(starter_E, np.int64),
              np.where(np.arange(n_pool) % 2 == 0, 2, 10_000)].astype(np.int64)
    tp = np.repeat(np.arange(nt), 2).astype(np.int64)
    cp = (nt + np.r_[[(2 * i + j) % n_pool for i in range(nt) for j in (0, 1)]]).astype(
        np.int64)
    ea = EstimationArrays(
        distance=np.zeros(n), stratum=np.zeros(n, np.int64), risk_set=np.zeros(n, np.int64),
        treated=np.arange(n) < nt, person=pd.factorize(person)[0],
        X=np.asfortranarray(np.zeros((n, 1), np.float32)), names=["x"], treated_pos=tp,
        control=cp, weight=np.full(tp.size, 0.5), k=2, cal_abs={0: np.inf})
    oa = OutcomeArrays(E, np.full(n, 10_000, np.int64), np.full(n, 5, np.int64),
                       np.ones((n, K), bool), person, K)
    return ea, oa


def _rows(ea, oa, with_persons: bool) -> pd.DataFrame:
    """Matched "now versus later" effect rows of the design as estimate_effects builds them,
    with the distinct twins and starters if asked."""
    rows = matched_rows(ea, oa, K)
    if with_persons:
        args = (ea.person, ea.treated, ea.risk_set, ea.treated_pos, ea.control, oa,
                ["now_vs_later"])
        key = ("now_vs_later", "matched")
        counts = (*twin_persons_arrays(*args)[key], *treated_persons_arrays(*args)[key])
        rows = rows.assign(**dict(zip(PERSON_COLUMNS, counts, strict=True)))
    return rows


def test_few_starters_who_started_twice_hide_the_effect():
    # 16 starts: 6 who entered at quarter 1 by 3 persons who started twice (two spells), 10
    # who never entered by 10 persons; 32 distinct twins, 16 of them entering at quarter 2.
    # In starts each side has >= MIN_CELL 5 (6 and 10), in persons the entrants are 3.
    ea, oa = _design([0, 0, 1, 1, 2, 2, *range(3, 13)], [1] * 6 + [10_000] * 10)
    old, new = _rows(ea, oa, False), _rows(ea, oa, True)
    assert (new["n_treated"] == 16).all()
    assert np.allclose(new["treated_outcome"] * new["n_treated"], 6)
    assert (new["treated_entered_persons"] == 3).all()
    assert (new["treated_not_entered_persons"] == 10).all()
    assert (new["treated_persons"] == 13).all()
    at = new["quarter_since_start"].to_numpy() >= 2  # the twins vary from quarter 2
    assert (new[TWIN_COLUMNS[0]][at] == 16).all() and (new[TWIN_COLUMNS[1]][at] == 16).all()
    # the starts' rule lets the effect out at quarters 2-4 ...
    assert estimate_shown(old, MIN_CELL)[at].all()
    assert not treated_share_small(old, MIN_CELL)[at].any()
    # ... the persons' rule hides it
    assert treated_share_small(new, MIN_CELL).all()
    assert one_side_small(new, MIN_CELL).all()
    assert not estimate_shown(new, MIN_CELL).any()


def test_distinct_starters_enough_show_the_effect():
    # the converse: the same starts by 16 distinct persons, 6 of them entering
    ea, oa = _design(list(range(16)), [1] * 6 + [10_000] * 10)
    new = _rows(ea, oa, True)
    at = new["quarter_since_start"].to_numpy() >= 2
    assert (new["treated_entered_persons"] == 6).all()
    assert (new["treated_persons"] == new["n_treated"]).all()
    assert estimate_shown(new, MIN_CELL)[at].all()


def test_estimate_shown_counts_the_starters_in_persons():
    # rows without the twins' mean (one_side_small all False): only the starters' count
    # decides; 12 starts by 4 persons are fewer than MIN_CELL persons
    rows = pd.DataFrame({"n_treated": [12, 12, 12], "treated_outcome": [0.5, 0.5, 0.5],
                         "treated_persons": [4.0, 12.0, np.nan]})
    assert estimate_shown(rows.drop(columns="treated_persons"), MIN_CELL).all()
    assert estimate_shown(rows, MIN_CELL).tolist() == [False, True, True]  # NaN: starts


def test_rows_without_starters_persons_fall_back_to_starts():
    # 4 starts who entered of 40: hidden by the starts' rule, whether the columns are absent
    # or NaN (add_twin_persons without a match)
    rows = one_row(0.1, 0.5)
    assert_falls_back(rows, TREATED_COLUMNS, treated_share_small, MIN_CELL)
    # 12 starts who entered of 40, by persons: 12 and 28 (shown), 4 and 28 (hidden)
    ok = rows.assign(treated_outcome=0.3, treated_entered_persons=12,
                     treated_not_entered_persons=28, treated_persons=40)
    assert not treated_share_small(ok, MIN_CELL).any()
    assert treated_share_small(ok.assign(treated_entered_persons=4), MIN_CELL).all()


def _brute(ea, oa, est, estimator, k):
    """The starters of mia_helpers.twin_persons.treated_persons_arrays, one row at a time:
    (entered persons, not entered persons, persons, rows, entered rows)."""
    E, A = oa.E, oa.A
    rows = []
    for t in np.flatnonzero(ea.treated):
        mine = ea.control[ea.treated_pos == t]
        if estimator == "matched":
            if mine.size == 0:
                continue
            keep = (A[t] >= k and (A[mine] >= k).any()) if est == "now_vs_later" \
                else A[t] >= k
        else:
            pool = np.flatnonzero(~ea.treated & (ea.risk_set == ea.risk_set[t]))
            keep = A[t] >= k and (est == "now_vs_never" or (A[pool] >= k).any())
        if keep:
            rows.append(t)
    ent = {ea.person[t] for t in rows if E[t] <= k}
    non = {ea.person[t] for t in rows if E[t] > k}
    return (len(ent), len(non), len({ea.person[t] for t in rows}), len(rows),
            sum(E[t] <= k for t in rows))


@pytest.mark.parametrize("est", ["now_vs_later", "now_vs_never"])
def test_counts_follow_their_definitions_and_the_estimator(est):
    # a drawn design, its starters' persons repeated (person p and p + 75 made one: a second
    # spell), so persons are fewer than starts, and its follow-up cut (A drawn 0..K, the pool
    # of risk set 2 observed to quarter 2 at most) so that every condition on A bites: the
    # counts equal the definitions row by row, and counted in rows they are the estimator's
    # n_treated and entrants
    rng = np.random.default_rng(24)
    ea, oa = risk_set_design(rng, 150, K, start_periods=3, start_intercept=-1.5, reg_until=6,
                             with_pairs=True)
    ea.person = pd.factorize(np.asarray(oa.person) % 75)[0]
    oa.A = rng.integers(0, K + 1, oa.A.size).astype(np.int64)
    cut = ~ea.treated & (ea.risk_set == 2)
    oa.A[cut] = np.minimum(oa.A[cut], 2)
    assert np.unique(ea.person[ea.treated]).size < ea.treated.sum()  # repeated starters
    args = (ea.person, ea.treated, ea.risk_set, ea.treated_pos, ea.control, oa, [est])
    counts = treated_persons_arrays(*args)
    rowwise = treated_persons_arrays(np.arange(ea.treated.size), *args[1:])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curves = effect_curves(ea, oa, [est])
    fewer = False
    for estimator in ("matched", "naive"):
        ent, non, both = counts[(est, estimator)]
        c = curves[(est, estimator)]
        for k in range(1, K + 1):
            b = _brute(ea, oa, est, estimator, k)
            assert (ent[k - 1], non[k - 1], both[k - 1]) == b[:3], (estimator, k)
            assert b[3] == c["n"][k - 1], (estimator, k)  # the rows are the estimator's
        r_ent, r_non, r_all = rowwise[(est, estimator)]
        assert (r_all == c["n"]).all() and (r_ent + r_non == r_all).all()
        n = c["n"].astype(float)
        assert np.allclose(r_ent, np.rint(np.nan_to_num(c["m1"]) * n)), estimator
        assert (both <= r_all).all() and (both <= ent + non).all()
        fewer |= bool((both < r_all).any())
    assert fewer  # the design repeats starters: persons fall below starts somewhere


def test_add_twin_persons_joins_the_starters(monkeypatch):
    # a match stand-in with the design's rows and pairs (outcome_arrays gives the design's):
    # the effect rows get the starters' persons of treated_persons_arrays beside the twins'
    ea, oa = _design([0, 0, 1, 1, 2, 2, *range(3, 13)], [1] * 6 + [10_000] * 10)
    monkeypatch.setattr(effects, "outcome_arrays", lambda res, k: oa)
    res = SimpleNamespace(
        spec=SimpleNamespace(treatment="m"),
        rows=pd.DataFrame({"person_id": ea.person, "treated": ea.treated,
                           "risk_set": ea.risk_set}),
        pairs=pd.DataFrame({"treated": ea.treated_pos, "control": ea.control}))
    tidy = _rows(ea, oa, False).iloc[::-1].reset_index(drop=True)  # any order
    out = add_twin_persons(tidy, {"label": res})
    assert list(out.columns) == [*tidy.columns, *PERSON_COLUMNS]
    assert (out["quarter_since_start"] == tidy["quarter_since_start"]).all()
    assert all(out[c].dtype == np.int64 for c in PERSON_COLUMNS)
    want = _rows(ea, oa, True).set_index("quarter_since_start").loc[
        out["quarter_since_start"], list(PERSON_COLUMNS)].to_numpy()
    assert (out[list(PERSON_COLUMNS)].to_numpy() == want).all()
    assert (out["treated_entered_persons"] == 3).all()
    assert not estimate_shown(out, MIN_CELL).any()
