"""The reader's grid of matched "now versus later" effects (``effect_tables.effect_grid``)
ignores "now versus never" rows: their inverse-probability-weighted control shares give no
grid, and one that happens to sit on 1/41 made the least common multiple 246 instead of 6,
so that a one-decimal effect beside a hidden count no longer counted as narrowing it
(heart53's finding, Appendix C; chapters 4 and 5 read the grid the same way). The frames are
hand-made: 60 starters with k = 3 twins (grid 1/6), the printed -5.3 pp.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import effect_tables as et


def _rows(never_share: float) -> pd.DataFrame:
    later = dict(estimand="now_vs_later", estimator="matched", quarter_since_start=4,
                 n_treated=60, treated_outcome=7 / 60, control_outcome=(7 + 19 / 6) / 60,
                 att_pp=100 * (7 / 60 - (7 + 19 / 6) / 60))
    never = dict(estimand="now_vs_never", estimator="matched", quarter_since_start=4,
                 n_treated=41, treated_outcome=0.1, control_outcome=never_share,
                 att_pp=100 * (0.1 - never_share))
    return pd.DataFrame([later, never])


def test_never_rows_have_no_grid():
    rows = _rows(never_share=5 / 41 / 41)  # 5/41 twins-equivalents: on 1/41 by chance
    assert list(et.effect_grid(rows)) == [6, 0]


def test_chance_grid_of_a_never_row_does_not_switch_the_rule_off():
    rows = _rows(never_share=5 / 41 / 41)
    later = rows.iloc[[0]]
    alone = et.effect_pins_count(later["att_pp"].round(1), later, min_cell=10)
    beside = et.effect_pins_count(later["att_pp"].round(1), later, min_cell=10, tidy=rows)
    assert alone.tolist() == [True]  # -5.3 pp fits 60 starters and not 51..59 on 1/(6 n)
    assert beside.tolist() == [True]
    cohort = pd.concat([rows, rows.iloc[[0]].assign(quarter_since_start=3, n_treated=65)])
    no_never = et.grid_pins_count(later, cohort[cohort["estimand"] == "now_vs_later"], None,
                                  10, 1)
    with_never = et.grid_pins_count(later, cohort, None, 10, 1)
    assert no_never.tolist() == [True]
    assert with_never.tolist() == [True]
