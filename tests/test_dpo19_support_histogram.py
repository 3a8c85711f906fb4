"""Chapter 4's common-support figure (DPO review 19): every bar on ``min_cell`` distinct
persons, group shares that give away no total the table does not publish, and no group the
common-support table hides.

Runs before the fix (``effects.support_histogram``): seed 2005, 800 residents, 400
newcomers, min_cell 10: eight pool bars of 5 to 9 persons (bins merged on the sum of each
bin's distinct persons: a pool member with rows in two bins counted twice), and basic
training's dropped starters drawn as shares 12/48, 10/48, 11/48, 15/48 beside the table's 50
dropped starts (2 repeated starts). Seed 7, 400 residents, 200 newcomers, min_cell 10:
sanction transmission's dropped starters drawn as shares 10/23 and 13/23 while the table hid
its 7 matched and (their complement) 23 dropped starters of 30.
"""

from __future__ import annotations

import types
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from mia_helpers.disclosure import Protected
from mia_helpers.effect_tables import merge_bins_by_persons, support_histogram

MIN_CELL = 10


def _match(pool_persons: int = 6, pool_rows_each: int = 3, treated: int = 30,
           matched: int = 23, repeat: int = 0) -> types.SimpleNamespace:
    """One measure's risk-set rows: pool persons with ``pool_rows_each`` rows each at scores
    spread over the bins (so each person has rows in several bins), and ``treated`` starter
    rows, the first ``matched`` of them matched; ``repeat`` dropped starters start twice."""
    rows, pid = [], 0
    for p in range(pool_persons):
        for j in range(pool_rows_each):
            rows.append(dict(person_id=f"p{p}", risk_set=0, treated=False,
                             score=-3.0 + 0.45 * j + 0.01 * p))
    for i in range(treated):
        pid = f"t{i}" if i < treated - repeat else f"t{i - repeat}"
        rows.append(dict(person_id=pid, risk_set=0, treated=True, score=0.05 * i))
    d = pd.DataFrame(rows)
    first = int(np.flatnonzero(d["treated"])[0])
    pairs = pd.DataFrame({"treated": np.arange(first, first + matched)})
    return types.SimpleNamespace(rows=d, pairs=pairs)


def test_merging_counts_distinct_persons_not_bin_sums():
    # 4 persons with rows in bins 0, 1 and 2: the effects version's bin sums reach 12 >= 10
    bins = np.array([0, 1, 2] * 4)
    person = np.repeat(np.arange(4), 3)
    assert merge_bins_by_persons(bins, person, 3, MIN_CELL) == [0]  # one bar: 4 persons
    bins = np.r_[np.zeros(10, int), np.ones(10, int), np.full(3, 2)]
    person = np.r_[np.arange(10), np.arange(10, 20), [20, 21, 22]]
    assert merge_bins_by_persons(bins, person, 3, MIN_CELL) == [0, 1]  # 3 join the bar before


def _two_bin_pool() -> dict:
    """One risk set, symmetric about 0: 20 pool persons and 15 matched starters at each end
    of the axis, and six pool persons with a row just below and one just above 0, the middle
    edge of four bins: the two middle bins hold the same six persons."""
    ends = [dict(person_id=f"{side}{p}", score=sign * (9.0 + 0.05 * p), treated=False)
            for side, sign in (("lo", -1), ("hi", 1)) for p in range(20)]
    middle = [dict(person_id=f"m{p}", score=s, treated=False) for p in range(6)
              for s in (-0.1 - 0.01 * p, 0.1 + 0.01 * p)]
    starters = [dict(person_id=f"t{side}{i}", score=sign * (9.0 + 0.06 * i), treated=True)
                for side, sign in (("lo", -1), ("hi", 1)) for i in range(15)]
    d = pd.DataFrame(ends + middle + starters).assign(risk_set=0)
    pairs = pd.DataFrame({"treated": np.flatnonzero(d["treated"])})
    return {"x": types.SimpleNamespace(rows=d, pairs=pairs)}


def test_two_bins_of_the_same_six_persons_are_not_drawn_as_a_bar():
    # the old effects.support_histogram (removed at the twentieth session's regeneration)
    # summed per-bin distinct persons and drew the middle bins as one bar of 6 persons
    m = _two_bin_pool()
    new = support_histogram(m, bins=4, min_cell=MIN_CELL)
    assert (new["persons"] >= MIN_CELL).all() and set(new["group"]) == {
        "pool", "treated (matched)"}


@pytest.mark.parametrize("seed", range(8))
def test_random_rows_every_bar_on_min_cell_persons(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 300))
    d = pd.DataFrame({"person_id": rng.integers(0, n // 3 + 1, n), "risk_set": rng.integers(0, 4, n),
                      "treated": rng.random(n) < 0.3, "score": rng.normal(size=n)})
    pairs = pd.DataFrame({"treated": np.flatnonzero(d["treated"])[::2]})
    h = support_histogram({"x": types.SimpleNamespace(rows=d, pairs=pairs)}, bins=12,
                          min_cell=MIN_CELL)
    for _, b in h.iterrows():
        assert b["persons"] >= MIN_CELL
    # the density integrates to one over the group's rows, the unit the support table counts
    for _, g in h.groupby("group"):
        assert (g["density"] * (g["bin_high"] - g["bin_low"])).sum() == pytest.approx(1.0)


def test_shares_are_starts_over_the_tables_starts_not_over_persons():
    # 30 dropped starts by 28 persons (2 start twice): the shares' denominator is 30
    m = {"x": _match(pool_persons=40, treated=30, matched=0, repeat=2)}
    h = support_histogram(m, bins=2, min_cell=MIN_CELL)
    g = h[h["group"] == "treated (dropped)"]
    shares = g["density"] * (g["bin_high"] - g["bin_low"])
    denominators = {Fraction(float(s)).limit_denominator(100).denominator for s in shares}
    assert all(30 % q == 0 for q in denominators), denominators  # 28 cannot be read off
    assert g["rows"].sum() == 30


def _support_table(hidden: dict[str, str]) -> Protected:
    data = pd.DataFrame({"measure": ["x"], "n_treated": [30], "n_pool": [120], "n_matched": [7],
                         "n_dropped": [23]})
    reason = pd.DataFrame("", index=data.index, columns=data.columns)
    for c, why in hidden.items():
        reason[c] = why
    return Protected(data, reason, ["n_treated", "n_pool", "n_matched", "n_dropped"], MIN_CELL)


def test_a_group_the_support_table_hides_is_not_drawn():
    m = {"x": _match(pool_persons=40, treated=30, matched=7)}
    drawn = set(support_histogram(m, bins=4, min_cell=MIN_CELL)["group"])
    assert "treated (dropped)" in drawn and "treated (matched)" not in drawn  # 7 persons
    shown = support_histogram(m, bins=4, min_cell=MIN_CELL, support=_support_table(
        {"n_matched": "primary", "n_dropped": "complement"}))
    assert set(shown["group"]) == {"pool"}  # 23 dropped would give 30 - 23 = 7 matched


def test_bins_must_be_positive():
    with pytest.raises(ValueError, match="bins"):
        support_histogram({"x": _match()}, bins=0)
