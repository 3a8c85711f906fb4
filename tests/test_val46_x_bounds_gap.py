"""val46: the rule "a count printed as ``x`` (not small) after a published count of
``min_cell`` to ``2 min_cell - 2`` bounds the persons between them" was written twice, in
``disclosure._horizon_pass`` and ``effect_tables.matched_anchor``. Both now call
:func:`mia_helpers.disclosure.x_bounds_gap`; these tests hold the old expressions (copied
from 03477a1) and show identical outputs on grids of counts."""
from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from mia_helpers import disclosure
from mia_helpers.disclosure import x_bounds_gap
from mia_helpers.effect_tables import matched_anchor

MIN_CELLS = (1, 2, 3, 5, 10, 11)


def _old_horizon_case(last: float, v: float, m: int) -> bool:
    """``_horizon_pass``'s test on an ``x`` after a published count, as at 03477a1."""
    return bool(v >= m and 0 < last - v < m and last - m < m - 1)


def _old_anchor_case(n: float, c: float, m: int) -> bool:
    """``matched_anchor``'s test, as at 03477a1 (per later count ``c``)."""
    return bool(not np.isnan(n) and m <= n <= 2 * m - 2 and c >= m and c < n)


@pytest.mark.parametrize("m", MIN_CELLS)
def test_the_shared_test_is_both_old_ones_on_whole_counts(m):
    grid = [float(x) for x in range(0, 3 * m + 3)] + [np.nan]
    for published, later in itertools.product(grid, grid):
        got = x_bounds_gap(published, later, m)
        assert got == _old_horizon_case(published, later, m), (published, later, m)
        assert got == _old_anchor_case(published, later, m), (published, later, m)
        if got:  # the rule as stated: min_cell <= later < published <= 2 min_cell - 2
            assert m <= later < published <= 2 * m - 2


@pytest.mark.parametrize("m", MIN_CELLS)
def test_the_shared_test_is_suppress_s_on_weighted_counts(m):
    """suppress takes weighted (non-whole) counts: its form is kept there."""
    grid = np.arange(0, 3 * m + 2, 0.25)
    for published, later in itertools.product(grid, grid):
        assert x_bounds_gap(published, later, m) == _old_horizon_case(published, later, m)


def _old_horizon_pass(num, reason, counts, gid, pos, min_cell):
    """``disclosure._horizon_pass`` as at 03477a1 (the reference)."""
    changed = False
    for c in counts:
        last, last_g, last_i = np.nan, None, None
        for g, i in zip(gid, pos, strict=True):
            if g != last_g:
                last, last_g, last_i = np.nan, g, None
            if reason[c][i] != "":
                v = num[c][i]
                if (last_i is not None and reason[c][i] != "primary" and v >= min_cell
                        and 0 < last - v < min_cell and last - min_cell < min_cell - 1):
                    reason[c][last_i] = "horizon"
                    last, last_i = np.nan, None
                    changed = True
                continue
            if not np.isnan(last) and disclosure._small(np.array([abs(last - num[c][i])]),
                                                        min_cell)[0]:
                reason[c][i] = "horizon"
                changed = True
                if num[c][i] >= min_cell and last - min_cell < min_cell - 1:
                    reason[c][last_i] = "horizon"
                    last, last_i = np.nan, None
            else:
                last, last_i = num[c][i], i
    return changed


@pytest.mark.parametrize("m", (2, 3, 10))
def test_horizon_pass_is_unchanged_on_random_cohorts(m):
    rng = np.random.default_rng(46)
    anchors = 0  # cohorts where the pass hid a published count (the rules were exercised)
    for _ in range(400):
        n = int(rng.integers(2, 9))
        vals = rng.integers(0, 3 * m, n).astype(float)
        if rng.random() < 0.3:
            vals = vals + rng.choice([0.0, 0.5], n)  # weighted counts
        vals[rng.random(n) < 0.1] = np.nan
        marks = rng.choice(["", "", "", "primary", "complement"], n)
        gid = np.sort(rng.integers(0, 2, n))
        pos = np.arange(n)
        num = {"n": vals}
        old = {"n": marks.astype(object).copy()}
        new = {"n": marks.astype(object).copy()}
        assert (disclosure._horizon_pass(num, new, ["n"], gid, pos, m)
                == _old_horizon_pass(num, old, ["n"], gid, pos, m))
        assert list(new["n"]) == list(old["n"]), (vals, marks, gid)
        anchors += any(r == "horizon" and k == "" for r, k in zip(new["n"], marks, strict=True))
    assert anchors > 20, anchors


def _old_matched_anchor(result, support, min_cell):
    """``effect_tables.matched_anchor`` as at 03477a1."""
    out = np.zeros(len(support), bool)
    tidy = result.tidy
    later = tidy[(tidy["estimator"].astype(str) == "matched")
                 & (pd.to_numeric(tidy["quarter_since_start"], errors="coerce") >= 1)]
    counts = pd.to_numeric(later["n_treated"], errors="coerce")
    by = dict(tuple(counts.groupby(later["measure"].astype(str))))
    matched = pd.to_numeric(support["n_matched"], errors="coerce").to_numpy(float)
    for i, (meas, n) in enumerate(zip(support["measure"].astype(str), matched, strict=True)):
        if np.isnan(n) or not min_cell <= n <= 2 * min_cell - 2 or meas not in by:
            continue
        c = by[meas].to_numpy(float)
        out[i] = bool(((c >= min_cell) & (c < n)).any())
    return out


@pytest.mark.parametrize("m", (2, 3, 10, 11))
def test_matched_anchor_is_unchanged_on_a_grid_of_counts(m):
    starters = list(range(0, 3 * m))
    rows, support = [], []
    for k, n in enumerate(starters):
        for j, later in enumerate((n - 1, n - 2, m, m - 1, 2 * m, 0)):
            rows.append({"measure": f"m{k}", "estimator": "matched",
                         "quarter_since_start": j, "n_treated": max(later, 0)})
            rows.append({"measure": f"m{k}", "estimator": "naive",
                         "quarter_since_start": j + 1, "n_treated": m})
        support.append({"measure": f"m{k}", "n_matched": n})
    support.append({"measure": "absent", "n_matched": m + 1})
    support.append({"measure": "m0", "n_matched": np.nan})
    result = SimpleNamespace(tidy=pd.DataFrame(rows))
    sup = pd.DataFrame(support)
    got = matched_anchor(result, sup, m)
    np.testing.assert_array_equal(got, _old_matched_anchor(result, sup, m))
    assert got.any() == (m >= 3)  # the premise: at 2 no count lies in [2, 2]'s gap
