"""Chapter 4's summary table: relative effects at two horizons give the starters who entered
between them (DPO review 18).

With the matched effect and the starters, a relative effect gives the starters who entered by
that horizon (``m1 = att (1 + 1/rel)``, :mod:`tests.test_dpo15b_effect_shares`). Two horizons
with the same starters give the number who entered in between. Run before the fix (seed 7,
800 residents, 400 newcomers, min_cell 10): vocational training at quarter 4, 12.2 pp,
60.0 %, 74 starters, so 24 entered; at quarter 5, 10.4 pp, 35.9 %, 74 starters, so 29: 5
entered in quarter 5.
"""

from __future__ import annotations

import math
import types

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.effect_tables import entrants_steps_small, summary_quarters, summary_table

MIN_CELL = 10
RESULT = types.SimpleNamespace(support=lambda: pd.DataFrame(
    {"measure": ["training_vocational"], "n_matched": [97]}))


def _tidy(steps: dict[int, tuple[int, int, float]]) -> pd.DataFrame:
    """Matched and naive rows: ``steps[q] = (starters, entered, control mean)``."""
    rows = []
    for q, (n, entered, m0) in steps.items():
        m1 = entered / n
        for est in ("matched", "naive"):
            rows.append(dict(measure="training_vocational", estimand="now_vs_later",
                             estimator=est, quarter_since_start=q, att_pp=100 * (m1 - m0),
                             att_rel=m1 / m0 - 1, ci_low=-10.0, ci_high=20.0, n_treated=n,
                             treated_outcome=m1, control_outcome=m0, se=0.05))
    return pd.DataFrame(rows)


def _entered(att: float, rel: float, n: int) -> list[int]:
    """The reader: the counts of entrants that the printed (0.1) effect, relative effect and
    starters allow."""
    ends = [(a / 100) * (1 + 100 / r) * n for a in (att - 0.05, att + 0.05)
            for r in (rel - 0.05, rel + 0.05)]
    return list(range(math.ceil(min(ends)), math.floor(max(ends)) + 1))


def test_the_leak_by_arithmetic():
    assert _entered(12.2, 60.0, 74) == [24]
    assert _entered(10.4, 35.9, 74) == [29]  # 5 entered in quarter 5


# the run's numbers: 74 starters at 4 and 5; m0 from the printed effects
STEPS = {4: (74, 24, 24 / 74 - 0.122), 5: (74, 29, 29 / 74 - 0.104), 8: (60, 40, 0.5)}


def test_the_later_relative_effect_is_hidden():
    t = summary_table(_tidy(STEPS), RESULT, quarters=(4, 5, 8), min_cell=MIN_CELL)
    d = t.data.set_index("quarter_since_start")
    assert not np.isnan(d.loc[4, "matched_rel_pct"])  # the first horizon shown
    assert np.isnan(d.loc[5, "matched_rel_pct"])  # 29 - 24 = 5 entrants
    assert not np.isnan(d.loc[5, "matched_pp"])  # the estimate stays
    assert not np.isnan(d.loc[8, "matched_rel_pct"])  # 40 - 24 and 20 - 50: not small
    assert t.reason.set_index(d.index).loc[5, "matched_rel_pct"] == "share"


def test_the_prose_hides_it_too():
    rank = claims.ranking(_tidy(STEPS), "now_vs_later", 5, min_cell=MIN_CELL)
    assert rank["relative_pct"].isna().all() and rank["estimate"].notna().all()
    # the twins' step too must not be small (twins25): 0.2 -> 0.3 of 74 would be 7.4
    # treated-equivalents entering in between, so 0.2 -> 0.4 (14.8)
    ok = {4: (74, 24, 0.2), 5: (74, 40, 0.4)}
    assert claims.ranking(_tidy(ok), "now_vs_later", 5, min_cell=MIN_CELL)[
        "relative_pct"].notna().all()


@pytest.mark.parametrize("seed", range(30))
def test_no_two_shown_horizons_differ_by_a_small_count(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 120))
    e = np.sort(rng.integers(0, n + 1, size=3))
    steps = {q: (n, int(k), 0.3) for q, k in zip((4, 5, 8), e, strict=True)}
    rows = _tidy(steps)
    rows = rows[rows.estimator == "matched"].reset_index(drop=True)
    hide = entrants_steps_small(rows, MIN_CELL)
    shown = [int(k) for k, h, q in zip(e, hide, (4, 5, 8), strict=True)
             if not h and MIN_CELL <= k <= n - MIN_CELL]
    for a in shown:
        for b in shown:
            assert not 0 < abs(a - b) < MIN_CELL


def test_summary_quarters():
    assert summary_quarters(12) == (4, 5, 8) and summary_quarters(6) == (4, 5)
    assert summary_quarters(3) == (3,)
