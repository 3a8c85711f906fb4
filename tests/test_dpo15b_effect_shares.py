"""Chapter 4's summary table: matched effect and relative effect give the treated mean.

``att = m1 - m0`` and ``rel = m1 / m0 - 1`` give ``m1 = att (1 + 1/rel)``; times the published
starters it counts those who entered stable employment (DPO review 15b: seed 2005, 800
residents, 400 newcomers, min_cell 20, application assignment at quarter 8: 3.3 pp, 6.2 %, 41
starters, so 23 entered and 18 did not).
"""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest

from mia_helpers.effect_tables import summary_table


def _tidy(n: int, entered: int, m0: float) -> pd.DataFrame:
    m1 = entered / n
    rows = []
    for est in ("matched", "naive"):
        rows.append(dict(measure="application_assignment", estimand="now_vs_later",
                         estimator=est, quarter_since_start=8, att_pp=100 * (m1 - m0),
                         att_rel=m1 / m0 - 1, ci_low=-10.0, ci_high=20.0, n_treated=n,
                         treated_outcome=m1, control_outcome=m0, se=0.05))
    return pd.DataFrame(rows)


RESULT = types.SimpleNamespace(support=lambda: pd.DataFrame(
    {"measure": ["application_assignment"], "n_matched": [68]}))


def _published(t):
    row = t.data.iloc[0]
    return row["matched_pp"], row["matched_rel_pct"], row["n_treated"]


def test_the_leak_by_arithmetic():
    att, rel, n = 3.3, 6.2, 41  # as published (rounded to 0.1)
    lo = (att - 0.05) / 100 * (1 + 100 / (rel + 0.05)) * n
    hi = (att + 0.05) / 100 * (1 + 100 / (rel - 0.05)) * n
    assert [k for k in range(n + 1) if lo <= k <= hi] == [23]  # 18 did not enter: < 20


@pytest.mark.parametrize(("entered", "hidden"), [(23, True), (5, True), (21, False)])
def test_relative_effect_hidden_when_it_reveals_a_small_count(entered, hidden):
    # the twins' mean 0.5: 20.5 treated-equivalents entered and 20.5 did not, so the twins'
    # side (dpo22) hides nothing here (0.45 gave 18.45, fewer than 20)
    t = summary_table(_tidy(41, entered, 0.5), RESULT, quarters=(8,), min_cell=20)
    att, rel, n = _published(t)
    assert n == 41
    assert bool(np.isnan(rel)) is hidden
    # dpo23: an effect on fewer than min_cell entrants or non-entrants is hidden itself
    assert bool(np.isnan(att)) is hidden
    if hidden:
        assert t.reason.iloc[0]["matched_rel_pct"] == "share"
        assert "x" in str(t.render().iloc[0]["matched_rel_pct"])


def test_ranking_prose_hides_the_same_relative_effect():
    from mia_helpers import claims

    leak = claims.ranking(_tidy(41, 23, 0.5), "now_vs_later", 8, min_cell=20)
    assert leak["relative_pct"].isna().all() and leak["estimate"].notna().all()
    ok = claims.ranking(_tidy(41, 21, 0.5), "now_vs_later", 8, min_cell=20)
    assert ok["relative_pct"].notna().all()
