"""dpo45: a count hidden as not small (``x``, at least ``min_cell``) after a published count
of at most ``2 min_cell - 2`` gives the leavers between them back.

Chapter 4's origin table (seed 2005, 3,000 residents, 300 newcomers, ``min_cell`` 10)
printed vocational training's Eastern-EU starters as 11 at 4 quarters and ``x`` at 5: the
``x`` is at least 10 and at most 11, and a change of 0 would have been shown, so 10, and
exactly one starter left in between, the small count the horizon rule hides. Beside 15 the
``x`` left at most 5 leavers (of 1 to 9 the rule promises). The published anchor is hidden
too, until the count before it, or none, bounds the leavers no tighter than the rule.
"""

import pandas as pd
import pytest

from mia_helpers.disclosure import suppress


def _leaver_bounds(shown: pd.Series, min_cell: int) -> list[tuple[int, int]]:
    """A reader's bounds on the leavers after each published count, where the next count is
    marked not small (``x``: at least min_cell, at most the published count before it)."""
    out = []
    vals = list(shown)
    for a, b in zip(vals[:-1], vals[1:], strict=True):
        if str(a).isdigit() and str(b) == "x":
            out.append((0, int(a) - min_cell))
    return out


@pytest.mark.parametrize("counts", [[11, 10, 3], [15, 12, 3], [40, 18, 15, 2]])
def test_an_x_after_a_small_anchor_does_not_bound_the_leavers(counts):
    d = pd.DataFrame({"g": "a", "quarter_since_start": range(1, len(counts) + 1),
                      "n_treated": counts})
    shown = suppress(d, count_cols=["n_treated"], min_cell=10,
                     sequence=("quarter_since_start", ["g"]), name="t").render()["n_treated"]
    for lo, hi in _leaver_bounds(shown, 10):
        assert hi >= 9, (list(shown), lo, hi)


def test_an_x_after_a_large_anchor_stays_as_it_was():
    d = pd.DataFrame({"g": "a", "quarter_since_start": [1, 2, 3], "n_treated": [40, 35, 20]})
    shown = suppress(d, count_cols=["n_treated"], min_cell=10,
                     sequence=("quarter_since_start", ["g"]), name="t").render()["n_treated"]
    assert list(shown) == [40, "x", 20]


def test_the_origin_table_of_seed_5252_no_longer_bounds_the_eastern_eu_leavers():
    """dpo28's rows (seed 5252, ``min_cell`` 11): Eastern EU's 13 starters at 4 quarters were
    printed beside ``x`` (12) at 5, so at most 2 had left; the 13 is hidden now."""
    import importlib

    from mia_helpers.origin_effects import origin_table

    grid = importlib.import_module("test_dpo28_origin_grid")
    rows = grid._rows()
    east = rows["group"] == "eastern_eu"
    run = [15, 15, 13, 13, 12, 12, 12, 12, 11, 9, 8, 7]  # the run's own counts
    rows.loc[east, "n_treated"] = rows.loc[east, "n_treated"].to_numpy() * 0 + run
    rows.loc[east, "treated_persons"] = run
    t = origin_table(rows, (4, 5, 8), grid.MIN_CELL).set_index(["group", "quarter_since_start"])
    shown = t.loc["eastern_eu", "n_treated"]
    for q, later in ((4, 5), (5, 8)):
        if str(shown[q]).isdigit() and shown[later] == "x":
            assert int(shown[q]) - grid.MIN_CELL >= grid.MIN_CELL - 1, shown


def _support(n_matched: int, counts: list[int]):
    """A measure of 240 starters (distinct persons), ``n_matched`` of them matched, whose
    matched rows count ``counts`` starters at quarters 1, 2, ... (a fake EffectsResult)."""
    from types import SimpleNamespace

    import numpy as np
    from test_nvn24_persons import _Match

    person = np.r_[np.arange(240), 1000 + np.arange(300)]
    treated = np.r_[np.ones(240, bool), np.zeros(300, bool)]
    matches = {"contract": _Match(person, treated, np.arange(n_matched),
                                  np.zeros(len(person), int))}
    tidy = pd.DataFrame({"measure": "contract", "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": range(1, len(counts) + 1),
                         "n_treated": counts})
    return SimpleNamespace(matches=matches, tidy=tidy, support=lambda: pd.concat(
        [m.support.assign(measure=k) for k, m in matches.items()], ignore_index=True))


def test_matched_starters_that_bound_the_summarys_x_are_hidden():
    """Chapter 5 (seed 2005, 3,000 residents, 300 newcomers, min_cell 10): 11 matched
    starters of the inburgering contract in the support table, and ``x`` at 4, 5 and 8
    quarters in the summary (at least 10), so at most one was censored. The summary reads
    the support's matched starters as quarter 0; the support table hides them now."""
    from mia_helpers.effect_tables import support_published

    d = support_published(_support(11, [11, 11, 10, 10, 10]), 10).data.set_index("measure")
    assert pd.isna(d.loc["contract", "n_matched"])
    assert pd.isna(d.loc["contract", "n_dropped"])  # else 240 less it gives the 11
    kept = support_published(_support(11, [11, 11, 11, 11, 4]), 10).data.set_index("measure")
    assert kept.loc["contract", "n_matched"] == 11  # no x between 10 and 11 follows
    large = support_published(_support(40, [40, 35, 30]), 10).data.set_index("measure")
    assert large.loc["contract", "n_matched"] == 40
