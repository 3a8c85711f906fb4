"""dpo31, mended by the lead in ``effect_tables.one_side_small``: a matched effect was
published where the starters who entered, or did not, numbered 0 or at least ``min_cell``,
so a row whose starters *all* entered (none left without the outcome) was shown: its effect and relative effect give both means
(``m0 = att / rel``, ``m1 = att + m0``), so 50 pp and +100 % on 40 starters tell that every
one of the 40 entered, the class disclosure export-check's ``whole_group`` rule refuses in a
table as a share of 100 %. The fit's warning "no interval where the treated or the controls
show no variation" (now printed without its horizons, ``withhold_flat_horizons``) marks such
rows by their missing interval. A whole side (all entered) hides the row as a small side does;
the twins' side too."""
from __future__ import annotations

import pandas as pd

from mia_helpers.effect_tables import one_side_small


def test_a_row_whose_every_starter_entered_is_hidden():
    rows = pd.DataFrame({"n_treated": [40, 40], "treated_outcome": [1.0, 0.6],
                         "control_outcome": [0.5, 0.3],
                         "treated_entered_persons": [40, 24],
                         "treated_not_entered_persons": [0, 16],
                         "control_entered_persons": [20, 12],
                         "control_not_entered_persons": [20, 28]})
    hidden = one_side_small(rows, 10)
    assert not hidden[1]  # 24 of 40 entered, 16 did not: shown
    assert hidden[0]  # 40 of 40 entered: every starter, a whole group


def test_a_row_whose_every_twin_entered_is_hidden():
    rows = pd.DataFrame({"n_treated": [40], "treated_outcome": [0.6],
                         "control_outcome": [1.0]})
    assert one_side_small(rows, 10)[0]
    # nobody entered on a side is a zero, which the rules page lets pass
    rows = pd.DataFrame({"n_treated": [40], "treated_outcome": [0.5],
                         "control_outcome": [0.0]})
    assert not one_side_small(rows, 10)[0]
