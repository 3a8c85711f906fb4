"""The twins' side of the step rule (twins25).

A published effect row gives the twins' (matched controls') entry share ``m0 = att / rel``;
times the starters (``n_treated``, published) it is the twins who entered, in
treated-equivalents (one person each where every starter has its own twin). Two horizons of
one measure then give the twins who entered between them. The starters' step rule
(:func:`mia_helpers.effect_tables.entrants_steps_small`, dpo18) compared only the starters'
counts; here 100 starters, each with its own twin, 50 then 70 starters entered (a step of
20), 30 then 33 twins entered (3): before this fix both relative effects were printed and
the 3 twins who entered in quarter 5 read off the table.
"""

from __future__ import annotations

import math
import types

import numpy as np
import pandas as pd
import pytest

from mia_helpers.disclosure import checking_record, reset_record
from mia_helpers.effect_tables import (
    entrants_steps_small,
    hide_comparison_shares,
    summary_table,
)

MIN_CELL = 10
N = 100  # starters, each matched to its own twin (k = 1): treated-equivalents are persons
RESULT = types.SimpleNamespace(support=lambda: pd.DataFrame(
    {"measure": ["training_vocational"], "n_matched": [N]}))


def _tidy(steps: dict[int, tuple[int, int]], n: int = N,
          twin_persons: dict[int, tuple[int, int]] | None = None) -> pd.DataFrame:
    """Matched and naive rows: ``steps[q] = (starters entered, twins entered)`` of ``n``
    starters; the twins' mean is ``twins / n`` (treated-equivalents); ``twin_persons[q]``
    (entered, not entered) adds the twins' distinct persons."""
    rows = []
    for q, (e1, e0) in steps.items():
        m1, m0 = e1 / n, e0 / n
        for est in ("matched", "naive"):
            row = dict(measure="training_vocational", estimand="now_vs_later", estimator=est,
                       quarter_since_start=q, att_pp=100 * (m1 - m0), att_rel=m1 / m0 - 1,
                       ci_low=-10.0, ci_high=60.0, n_treated=n, treated_outcome=m1,
                       control_outcome=m0, se=0.05)
            if twin_persons is not None:
                row.update(control_entered_persons=twin_persons[q][0],
                           control_not_entered_persons=twin_persons[q][1])
            rows.append(row)
    return pd.DataFrame(rows)


def _twins(att: float, rel: float, n: int) -> list[int]:
    """The reader: the twins who entered (treated-equivalents, whole) that the printed (0.1)
    effect, relative effect and starters allow: ``m0 = att / rel``."""
    ends = [(a / 100) / (r / 100) * n for a in (att - 0.05, att + 0.05)
            for r in (rel - 0.05, rel + 0.05)]
    return list(range(math.ceil(min(ends)), math.floor(max(ends)) + 1))


STEPS = {4: (50, 30), 5: (70, 33)}  # starters 50 -> 70 (20), twins 30 -> 33 (3)


def test_the_leak_by_arithmetic():
    """What the unprotected table would print gives 30 and 33 twins: 3 in between."""
    t = _tidy(STEPS).query("estimator == 'matched'").set_index("quarter_since_start")
    printed = {q: (round(t.loc[q, "att_pp"], 1), round(100 * t.loc[q, "att_rel"], 1))
               for q in (4, 5)}
    assert printed == {4: (20.0, 66.7), 5: (37.0, 112.1)}
    assert _twins(*printed[4], N) == [30] and _twins(*printed[5], N) == [33]
    # the starters' own step (50 -> 70) and the twins' levels (30, 70; 33, 67) are not small
    rows = _tidy(STEPS).query("estimator == 'matched'").reset_index(drop=True)
    rows = rows.assign(control_outcome=np.nan)  # the starters' side alone
    assert not entrants_steps_small(rows, MIN_CELL).any()


def test_the_later_relative_effect_is_hidden_and_recorded():
    reset_record()
    t = summary_table(_tidy(STEPS), RESULT, quarters=(4, 5), min_cell=MIN_CELL)
    d = t.data.set_index("quarter_since_start")
    assert not np.isnan(d.loc[4, "matched_rel_pct"])  # the first horizon shown
    assert np.isnan(d.loc[5, "matched_rel_pct"])  # 33 - 30 = 3 twins
    assert not np.isnan(d.loc[5, "matched_pp"])  # the estimate stays
    assert t.reason.set_index(d.index).loc[5, "matched_rel_pct"] == "share"
    rec = checking_record().set_index("output")
    assert rec.loc["effects summary: relative effects giving the entrants", "share"] >= 1


def test_the_comparison_of_measures_hides_it_too():
    reset_record()
    tidy = _tidy(STEPS)
    comp = tidy[tidy.estimator == "matched"][["measure", "quarter_since_start", "att_pp",
                                              "n_treated"]].assign(
        population="newcomer", att_rel_pct=100 * tidy[tidy.estimator == "matched"]["att_rel"])
    out = hide_comparison_shares(comp.reset_index(drop=True), {"newcomer": tidy,
                                                               "resident": None},
                                 "now_vs_later", MIN_CELL).set_index("quarter_since_start")
    assert pd.notna(pd.to_numeric(out.loc[4, "att_rel_pct"], errors="coerce"))
    assert pd.isna(pd.to_numeric(out.loc[5, "att_rel_pct"], errors="coerce"))
    rec = checking_record().set_index("output")
    assert rec.loc["measures comparison: relative effects giving the entrants", "share"] >= 1


def test_a_large_step_stays():
    t = summary_table(_tidy({4: (50, 30), 5: (70, 45)}), RESULT, quarters=(4, 5),
                      min_cell=MIN_CELL)
    assert t.data["matched_rel_pct"].notna().all()


def test_the_conservative_reading_of_weights():
    """k twins per starter (weights 1/k): 200 starters matched to few twins; the twins'
    treated-equivalents step (30 -> 45, 15) is not small but the persons who entered in
    between are 3 (12 -> 15): hidden. And the other way: a small step in
    treated-equivalents (30 -> 36) by many persons (30 -> 60) is hidden too, the reader
    seeing treated-equivalents only."""
    n = 200
    rows = _tidy({4: (100, 30), 5: (120, 45)}, n=n,
                 twin_persons={4: (12, 50), 5: (15, 47)}).query("estimator == 'matched'")
    assert list(entrants_steps_small(rows.reset_index(drop=True), MIN_CELL)) == [False, True]
    rows = _tidy({4: (100, 30), 5: (120, 36)}, n=n,
                 twin_persons={4: (30, 100), 5: (60, 70)}).query("estimator == 'matched'")
    assert list(entrants_steps_small(rows.reset_index(drop=True), MIN_CELL)) == [False, True]


@pytest.mark.parametrize("seed", range(30))
def test_no_two_shown_horizons_differ_by_few_twins(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 120))
    e1 = np.sort(rng.integers(MIN_CELL, n - MIN_CELL + 1, size=3))
    e0 = np.sort(rng.integers(MIN_CELL, n - MIN_CELL + 1, size=3))
    rows = _tidy({q: (int(a), int(b)) for q, a, b in zip((4, 5, 8), e1, e0, strict=True)}, n=n)
    rows = rows[rows.estimator == "matched"].reset_index(drop=True)
    hide = entrants_steps_small(rows, MIN_CELL)
    shown = [int(b) for b, h in zip(e0, hide, strict=True) if not h]
    for a in shown:
        for b in shown:
            assert not 0 < abs(a - b) < MIN_CELL
