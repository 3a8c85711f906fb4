"""Chapter 4's table of effects by origin group judged a "now versus never" bound clipped at
a group's treated share (dpo25) along its printed quarters only (4, 5 and 8), while
:func:`mia_helpers.effect_tables.origin_published` (the figure and the prose) judged the
other horizons along every quarter (orig51, the by-origin twin of claims51). A group's
quarter-4 bound printed by the table was never judged beside the figure's quarter 3, and the
two bounds together gave the few starters who entered in between. The table now judges its
clipped bounds along :func:`mia_helpers.effect_tables.bound_horizons` of the groups' rows,
each group its own sequence, as the figure does. Hand-made rows in the style of
``tests/test_dpo25_bounds.py`` and ``tests/test_claims51_bound_horizons.py``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims, labels, plots
from mia_helpers.effect_tables import bound_horizons, origin_published
from mia_helpers.origin_effects import origin_table

MIN_CELL = 10
PRINTED = (4, 5, 8)


def _group(name: str, m1_4: float) -> pd.DataFrame:
    """One group's matched rows, 100 starters at quarters 3, 4, 5 and 8: quarters 3 and 4
    bounds clipped at 100 m1 (30 entered by quarter 3, ``100 m1_4`` by quarter 4), quarters
    5 and 8 point-identified."""
    m1 = [0.30, m1_4, 0.70, 0.80]
    pi = [False, False, True, True]
    lo = [-100 * (1 - v) if not p else 100 * v - 30.0 for v, p in zip(m1, pi, strict=True)]
    hi = [100 * v if not p else 100 * v - 20.0 for v, p in zip(m1, pi, strict=True)]
    return pd.DataFrame({
        "measure": "m", "group": name, "estimand": "now_vs_never", "estimator": "matched",
        "quarter_since_start": [3, 4, 5, 8], "n_treated": 100, "treated_outcome": m1,
        "control_outcome": 0.25, "att_pp": [100 * v - 25.0 for v in m1],
        "ci_low": lo, "ci_high": hi, "true_att_pp": 5.0, "point_identified": pi,
        "treated_entered_persons": [round(100 * v) for v in m1],
        "treated_not_entered_persons": [100 - round(100 * v) for v in m1],
        "control_entered_persons": 60, "control_not_entered_persons": 180})


def _by_group() -> pd.DataFrame:
    # group a: 30 entered by quarter 3, 35 by quarter 4 (5 in between); group b: 30, then 60
    return pd.concat([_group("a", 0.35), _group("b", 0.60)], ignore_index=True)


def test_origin_table_judges_a_clipped_bound_beside_the_figures_quarter_3():
    rows = _by_group()
    out = origin_table(rows, PRINTED, min_cell=MIN_CELL).set_index(
        ["group", "quarter_since_start"])
    # before orig51 the table judged quarter 4 beside its own quarters only, found no
    # earlier clipped horizon and printed "bounds" [-65.0, 35.0] for group a: with the
    # figure's quarter 3 bound (30) it gave the 5 who entered in quarter 4
    assert out.loc[("a", 4), "ci_high"] == "x" and out.loc[("a", 4), "ci_low"] == "x", out
    assert out.loc[("b", 4), "ci_high"] == 60.0  # 30 more: no small count
    pub = origin_published(rows, PRINTED, MIN_CELL).set_index(["group", "quarter_since_start"])
    assert pub.loc[("a", 3), "ci_high"] == 30.0  # the figure's quarter 3 bound stays
    assert np.isnan(pub.loc[("a", 4), "ci_high"])  # figure and table hide quarter 4 alike
    assert pub.loc[("b", 4), "ci_high"] == 60.0


def test_the_origin_texts_state_the_horizons():
    rows = _by_group()
    h = bound_horizons(rows)
    assert h == (3, 4, 5, 8)
    text = claims.never_bounds_sentence(rows, "now_vs_never", MIN_CELL,
                                        published=origin_published(rows, PRINTED, MIN_CELL),
                                        horizons=h)
    assert text.endswith("judged over quarters 3, 4, 5 and 8, the horizons the curves draw, "
                         "for the curves and the table alike."), text
    otab = origin_table(rows, PRINTED, min_cell=MIN_CELL)
    note = labels.grid_bounds_note(otab, h)
    assert note.endswith("; as in the figure, a bound is hidden where it would reveal a small "
                         "count beside another of quarters 3, 4, 5 and 8."), note
    assert "quarters" not in labels.grid_bounds_note(otab)
    fig_note = plots.figure_bounds_note(origin_published(rows, PRINTED, MIN_CELL), h)
    assert "beside another of quarters 3, 4, 5 and 8" in fig_note, fig_note


def test_the_figure_draws_no_bound_the_table_hides():
    # quarters 3 and 4 both unprinted: origin_table over every horizon prints "bounds" beside
    # "x" for group a at quarter 4, and origin_published read "bounds" as published, so the
    # figure drew [-65.0, 35.0] beside its quarter 3 bound of 30 (before orig51)
    pub = origin_published(_by_group(), (5, 8), MIN_CELL).set_index(
        ["group", "quarter_since_start"])
    assert pub.loc[("a", 4), ["att_pp", "ci_low", "ci_high"]].isna().all()
    assert pub.loc[("a", 3), "ci_high"] == 30.0 and pub.loc[("b", 4), "ci_high"] == 60.0
