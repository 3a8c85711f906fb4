"""The disclosure rules count the twins with the outcome on their own share (switch55).

The matched "now versus later" ``control_outcome`` is bias-corrected (Abadie & Imbens 2011):
the twins' share shifted by a pool regression, which is no count of persons and can lie
outside [0, 1]. ``control_outcome x n_treated`` on it hid rows resting on many twins and
published rows resting on few. The tidy rows carry the twins' own, uncorrected share as
``control_outcome_uncorrected`` (:func:`mia_helpers.effects._later_matched_fast`'s ``m0``),
and the small-cell rules of :mod:`mia_helpers.effect_tables` and
:func:`mia_helpers.heart.published_curves` count on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.effect_tables import (
    entrants_steps_small,
    one_side_small,
    treated_share_small,
)
from mia_helpers.effects import (
    EstimationArrays,
    OutcomeArrays,
    _later_matched_fast,
    effect_curves,
    pair_weights,
)
from mia_helpers.heart import published_curves

MIN_CELL = 10


def _row(adjusted: float, own: float, n: int = 40) -> pd.DataFrame:
    """One matched "now versus later" row: 20 of ``n`` starters entered, twins' corrected
    share ``adjusted`` and own share ``own``."""
    return pd.DataFrame({"measure": ["m"], "estimand": ["now_vs_later"],
                         "estimator": ["matched"], "quarter_since_start": [1],
                         "n_treated": [n], "treated_outcome": [0.5],
                         "control_outcome": [adjusted],
                         "control_outcome_uncorrected": [own]})


def test_few_real_twins_hide_the_row_though_the_corrected_share_makes_many():
    # 0.5 x 40 = 20 on the corrected share, but the twins' own share 0.1 x 40 = 4 entered:
    # the effect rests on 4 treated-equivalent twins (before: published)
    rows = _row(adjusted=0.5, own=0.1)
    assert treated_share_small(rows, MIN_CELL).tolist() == [True]
    assert one_side_small(rows, MIN_CELL).tolist() == [True]


def test_many_real_twins_publish_the_row_though_the_corrected_share_makes_few():
    # 0.1 x 40 = 4 on the corrected share, but 0.5 x 40 = 20 twins entered and 20 did not
    # (before: hidden on a number that counts no persons)
    rows = _row(adjusted=0.1, own=0.5)
    assert treated_share_small(rows, MIN_CELL).tolist() == [False]
    assert one_side_small(rows, MIN_CELL).tolist() == [False]


def test_corrected_share_below_zero_is_no_count():
    # a corrected share below 0 made no twin small (-0.8 and 40.8 treated-equivalents), but
    # 0.1 x 40 = 4 twins entered
    rows = _row(adjusted=-0.02, own=0.1)
    assert treated_share_small(rows, MIN_CELL).tolist() == [True]


def test_every_twin_entered_hides_the_row_on_the_own_share():
    # all twins entered (own share 1): a whole group (dpo31), whatever the corrected share
    rows = _row(adjusted=0.5, own=1.0)
    assert one_side_small(rows, MIN_CELL).tolist() == [True]


def test_steps_count_the_twins_own_share():
    # two horizons of 100 starters (30 then 50 entered): the corrected twins' shares differ by
    # 0.30 (30 treated-equivalents), the twins' own by 0.03 (3 twins entered in between)
    rows = pd.concat([_row(0.20, 0.40, 100), _row(0.50, 0.43, 100)], ignore_index=True)
    rows["quarter_since_start"] = [1, 2]
    rows["treated_outcome"] = [0.30, 0.50]
    assert entrants_steps_small(rows, MIN_CELL).tolist() == [False, True]
    # and the reverse: the corrected shares differ by 0.03, the twins' own by 0.30
    rows["control_outcome"] = [0.40, 0.43]
    rows["control_outcome_uncorrected"] = [0.20, 0.50]
    assert entrants_steps_small(rows, MIN_CELL).tolist() == [False, False]


def _effects(adjusted: list[float], own: list[float], n: int = 100) -> pd.DataFrame:
    h = len(adjusted)
    return pd.DataFrame({"group": "all", "estimand": "now_vs_later", "estimator": "matched",
                         "horizon": np.arange(1, h + 1), "n_treated": n,
                         "treated_outcome": np.linspace(0.2, 0.6, h),
                         "control_outcome": adjusted, "control_outcome_uncorrected": own})


def test_control_curve_steps_count_the_twins_own_deaths():
    # corrected share jumps 0.30 (30 treated-equivalents) at horizon 2, the controls' own
    # deaths 3: the step is not drawn (the curve holds its level)
    d = published_curves(_effects([0.20, 0.50, 0.52], [0.20, 0.23, 0.25]), MIN_CELL,
                         arms=("control_outcome",))
    share = d.set_index("horizon")["share"]
    assert share[2] == share[1]
    # the reverse: 30 own deaths behind a corrected step of 0.03 are a step to draw
    d = published_curves(_effects([0.20, 0.23, 0.25], [0.20, 0.50, 0.52]), MIN_CELL,
                         arms=("control_outcome",))
    share = d.set_index("horizon")["share"]
    assert share[2] == 0.23


def test_effect_curves_carry_the_twins_own_share():
    # 20 starters, 40 pool persons with a covariate that predicts the outcome, each starter
    # matched to two pool persons of a lower covariate: the correction moves m0, the
    # uncorrected share is the estimator's arithmetic before it
    rng = np.random.default_rng(55)
    nt, npool, K = 20, 40, 3
    n = nt + npool
    x = np.r_[np.full(nt, 1.0), np.linspace(0.0, 1.0, npool)]
    E = np.where(rng.random(n) < 0.2 + 0.5 * x, rng.integers(1, K + 1, n), 10_000)
    tp = np.repeat(np.arange(nt), 2)
    cp = nt + rng.integers(0, npool // 2, 2 * nt)
    ea = EstimationArrays(
        distance=np.zeros(n), stratum=np.zeros(n, np.int64), risk_set=np.zeros(n, np.int64),
        treated=np.arange(n) < nt, person=np.arange(n),
        X=np.asfortranarray(x[:, None].astype(np.float32)), names=["x"], treated_pos=tp,
        control=cp, weight=pair_weights(tp), k=2, cal_abs={0: np.inf})
    oa = OutcomeArrays(E.astype(np.int64), np.full(n, 10_000, np.int64),
                       np.full(n, K + 1, np.int64), np.ones((n, K), bool), np.arange(n), K)
    c = effect_curves(ea, oa, ["now_vs_later"], interval="linearized")
    own = _later_matched_fast(tp, cp, pair_weights(tp), oa.E, oa.A, K)[1]
    later = c[("now_vs_later", "matched")]
    np.testing.assert_array_equal(later["m0u"], own)
    assert np.abs(later["m0"] - own).max() > 0.01  # the correction moved the share
    naive = c[("now_vs_later", "naive")]
    np.testing.assert_array_equal(naive["m0u"], naive["m0"])


def test_the_twins_own_share_is_no_figure_column_and_hides_with_its_count():
    from mia_helpers.effects import curves_for_plot
    from mia_helpers.heart import hide_shares_of_hidden

    rows = _row(adjusted=0.5, own=0.1).assign(att_pp=40.0)
    assert "control_outcome_uncorrected" not in curves_for_plot(rows, "now_vs_later").columns
    shown = rows.astype(object).assign(n_treated="x")
    hidden = hide_shares_of_hidden(shown, min_cell=MIN_CELL)
    assert hidden["control_outcome_uncorrected"].tolist() == ["x"]
