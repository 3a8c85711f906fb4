"""Groups along a sequence: the sum of a group's hidden cells is a derived count (its known
total minus its published cells) and may not change by fewer than ``min_cell`` along the
sequence. :func:`mia_helpers.disclosure.suppress` shows such a group's counts all or not at all
(rule ``horizon``; source: Hundepool et al. 2012, linked tables and disclosure by differencing).

The reader below is written apart from the package: from the published cells and the known
group totals (a total below ``min_cell`` is not known: it is hidden wherever it is published)
it forms every sum of a set of groups that is determined at two horizons and reports the
changes in ``(0, min_cell)``. The set of all groups is left out: its sums are the totals
themselves, whose changes are the pooled table's business. Exact integer arithmetic, no
tolerance.
"""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mia_helpers.disclosure import checking_record, reset_record, suppress, write_record
from mia_helpers.origin_effects import origin_table

GROUPS = ("belgian", "southern_eu", "eastern_eu", "non_eu")
RULES = {"count_cols": ["n_treated"], "groups": {"n_treated": ["measure", "quarter_since_start"]},
         "sequence": ("quarter_since_start", ["measure", "group"])}


@pytest.fixture(autouse=True)
def _fresh_record():
    reset_record()
    yield
    reset_record()


def _table(counts: dict[int, tuple[int, ...]], measure: str = "workplace_learning_ibo",
           groups: tuple[str, ...] = GROUPS) -> pd.DataFrame:
    return pd.DataFrame([{"measure": measure, "group": g, "quarter_since_start": q,
                          "att_pp": 1.0, "n_treated": n}
                         for q, ns in counts.items() for g, n in zip(groups, ns, strict=True)])


def _published(cells: pd.Series) -> pd.Series:
    """Published counts as floats, NaN where hidden (a marker such as ``<10`` or ``x``, or a
    missing value)."""
    return pd.to_numeric(cells.where(~cells.map(lambda c: isinstance(c, str))),
                         errors="coerce").astype(float)


def _known_sum(u: tuple, h: int, groups: list, cells: dict, total: dict, min_cell: int
               ) -> float | None:
    """The sum of groups ``u`` at horizon ``h`` if the reader can compute it: all of them
    published, or all the others published and the total known; else None."""
    inside = [cells.get((g, h), 0.0) for g in u]
    if not np.isnan(inside).any():
        return float(np.sum(inside))
    outside = [cells.get((g, h), 0.0) for g in groups if g not in u]
    if np.isnan(outside).any() or 0 < total[h] < min_cell:
        return None
    return float(total[h] - np.sum(outside))


def reader_small_changes(shown: pd.DataFrame, truth: pd.DataFrame, min_cell: int,
                         count: str = "n_treated") -> list[tuple]:
    """Every (measure, horizon i, horizon j, set of groups, change) whose sum the reader can
    compute at both horizons and whose change lies in ``(0, min_cell)`` in absolute value.
    ``shown``: published table (markers or missing where hidden), rows aligned with
    ``truth``, the unprotected table (only its group totals are used)."""
    pub = _published(shown[count].reset_index(drop=True))
    d = truth.reset_index(drop=True).assign(published=pub)
    out = []
    for m, dm in d.groupby("measure", sort=True):
        groups = sorted(dm["group"].unique())
        cells = {(r.group, r.quarter_since_start): r.published for r in dm.itertuples()}
        total = dm.groupby("quarter_since_start")[count].sum().to_dict()
        hs = sorted(total)
        for i, hi in enumerate(hs):
            for hj in hs[i + 1:]:
                for r in range(1, len(groups)):
                    for u in combinations(groups, r):
                        a = _known_sum(u, hi, groups, cells, total, min_cell)
                        b = _known_sum(u, hj, groups, cells, total, min_cell)
                        if a is not None and b is not None and 0 < abs(a - b) < min_cell:
                            out.append((m, hi, hj, u, a - b))
    return out


# --- the seed-2031 leak --------------------------------------------------------------------

SEED_2031 = {4: (1650, 163, 124, 610), 5: (1627, 160, 122, 596), 8: (1500, 140, 100, 560)}


def test_the_reader_finds_the_seed_2031_leak_when_only_the_single_cells_are_hidden() -> None:
    """The reader is not blind: with the southern and eastern EU counts of quarter 5 hidden
    (each fell by fewer than 10) and the rest shown, as the sequence rule alone publishes it,
    the two hidden groups held 2,505 - 1,627 - 596 = 282 starters against 287: 5 left."""
    t = _table(SEED_2031)
    shown = t.astype({"n_treated": object})
    shown.loc[(t["quarter_since_start"] == 5) & t["group"].isin(["southern_eu", "eastern_eu"]),
              "n_treated"] = "x"
    leaks = reader_small_changes(shown, t, 10)
    assert ("workplace_learning_ibo", 4, 5, ("eastern_eu", "southern_eu"), 5.0) in leaks


def test_suppress_shows_a_group_s_counts_all_or_none_along_a_sequence() -> None:
    """suppress itself (no post-step in the caller) closes the seed-2031 leak: the four group
    counts of quarter 5 are hidden, each with a reason, the estimates stay, and quarter 8
    (every count at least 10 below quarter 4's) is shown."""
    t = _table(SEED_2031)
    p = suppress(t, value_cols=["att_pp"], min_cell=10, name="by origin", **RULES)
    q5 = t["quarter_since_start"] == 5
    assert (p.reason.loc[q5, "n_treated"] == "horizon").all()
    assert (p.reason.loc[~q5, "n_treated"] == "").all()
    assert (p.reason["att_pp"] == "").all()
    assert reader_small_changes(p.render(), t, 10) == []


def test_the_checking_record_counts_the_extra_hidden_cells(tmp_path) -> None:
    """The record's ``horizon`` column counts all four cells of quarter 5 (two hidden by the
    single-cell rule, two more for the hidden sum), and the JSON record names their
    positions."""
    t = _table(SEED_2031)
    p = suppress(t, value_cols=["att_pp"], min_cell=10, name="by origin", **RULES)
    rec = checking_record().iloc[-1]
    assert rec["output"] == "by origin"
    assert rec["horizon"] == int((p.reason == "horizon").to_numpy().sum()) == 4
    assert rec["hidden"] == 4 and rec["status"] == "review"
    path = write_record(tmp_path / "disclosure_record.json")
    entry = json.loads(path.read_text())["results"]["output_0"]
    col = list(t.columns).index("n_treated")
    assert sorted(entry["sdc"]["cells"]["horizon"]) == [[i, col] for i in range(4, 8)]
    assert entry["sdc"]["summary"]["horizon"] == 4


def test_a_zero_beside_hidden_cells_is_hidden_too() -> None:
    """Groups A, B, C at 50, 30, 20 and then 45, 30, 0: A's count is hidden (5 left it) and
    B's with it; a zero shown for C would tell that the pooled 75 is A + B, against the
    published 50 + 30 one horizon earlier: 5 left A and B. The zero is hidden as well."""
    t = _table({1: (50, 30, 20), 2: (45, 30, 0)}, groups=("a", "b", "c"))
    shown = t.astype({"n_treated": object})
    shown.loc[(t["quarter_since_start"] == 2) & t["group"].isin(["a", "b"]), "n_treated"] = "x"
    assert reader_small_changes(shown, t, 10)  # a shown zero would leak
    p = suppress(t, value_cols=["att_pp"], min_cell=10, **RULES)
    assert (p.reason.loc[t["quarter_since_start"] == 2, "n_treated"] == "horizon").all()
    assert reader_small_changes(p.render(), t, 10) == []


def test_tables_without_groups_or_without_sequence_are_unchanged() -> None:
    """The rule needs both: with ``sequence`` alone the single-cell rule hides two cells of
    quarter 5, with ``groups`` alone nothing is hidden (no small count)."""
    t = _table(SEED_2031)
    p = suppress(t, count_cols=["n_treated"], min_cell=10, sequence=RULES["sequence"])
    assert int((p.reason["n_treated"] == "horizon").sum()) == 2
    p = suppress(t, count_cols=["n_treated"], min_cell=10, groups=RULES["groups"])
    assert (p.reason["n_treated"] == "").all()


# --- property: random small tables --------------------------------------------------------

_START = st.sampled_from([0, 3, 8, 9, 10, 12, 15, 19, 25, 40, 60, 163])
_DROP = st.sampled_from([0, 0, 1, 2, 5, 9, 10, 11, 30])


@st.composite
def _cohorts(draw: st.DrawFn) -> tuple[pd.DataFrame, int]:
    """1-2 measures x 2-4 groups x 2-4 horizons; each group a cohort whose count never rises
    (treated persons with the horizon observed), small counts and zeros included."""
    min_cell = draw(st.sampled_from([5, 10]))
    n_groups = draw(st.integers(2, 4))
    horizons = sorted(draw(st.sets(st.sampled_from([4, 5, 6, 8, 12]), min_size=2, max_size=4)))
    rows = []
    for m in ["ibo", "nt2"][:draw(st.integers(1, 2))]:
        for g in GROUPS[:n_groups]:
            n = draw(_START)
            for h in horizons:
                rows.append({"measure": m, "group": g, "quarter_since_start": h,
                             "att_pp": 1.0, "n_treated": n})
                n = max(0, n - draw(_DROP))
    return pd.DataFrame(rows), min_cell


@given(case=_cohorts())
@settings(max_examples=60, deadline=None)
def test_no_determined_sum_of_groups_changes_by_fewer_than_min_cell(case) -> None:
    """Property (hypothesis): for every measure, every pair of horizons (successive or not)
    and every set of groups whose sum the reader can compute at both from the published cells
    and the known totals, the change is 0 or at least ``min_cell``; every count the rules
    hide is in the checking record; a group is shown all or not at all."""
    t, min_cell = case
    reset_record()
    p = suppress(t, value_cols=["att_pp"], min_cell=min_cell, **RULES)
    assert reader_small_changes(p.render(), t, min_cell) == []
    rec = checking_record().iloc[-1]
    assert rec["hidden"] == int(p.mask.to_numpy().sum())
    assert rec["horizon"] == int((p.reason == "horizon").to_numpy().sum())
    hid = p.mask["n_treated"].groupby([t["measure"], t["quarter_since_start"]])
    assert (hid.all() | ~hid.any()).all()


# --- chapter 4's table: at least as protected as with the former post-step ---------------


def former_origin_mask(d: pd.DataFrame, min_cell: int) -> pd.Series:
    """Hidden mask of ``n_treated`` as origin_table made it before the rule moved into
    suppress: suppress, then (once) a measure's group counts at a horizon all or none."""
    from mia_helpers import disclosure

    rules = {**RULES, "count_cols": ["n_treated"]}
    saved = disclosure._hidden_sums_pass
    disclosure._hidden_sums_pass = lambda *a, **k: False  # the former suppress
    try:
        t = suppress(d, value_cols=["att_pp"], min_cell=min_cell, **rules)
    finally:
        disclosure._hidden_sums_pass = saved
    hid = t.reason["n_treated"].ne("")
    key = [d["measure"].astype(str), d["quarter_since_start"]]
    return hid | hid.groupby(key).transform("any")


@given(case=_cohorts())
@settings(max_examples=40, deadline=None)
def test_origin_table_hides_every_count_the_former_post_step_hid(case) -> None:
    t, min_cell = case
    old = former_origin_mask(t, min_cell)
    shown = origin_table(t.assign(ci_low=0.0, ci_high=2.0, true_att_pp=1.0),
                         sorted(t["quarter_since_start"].unique()), min_cell=min_cell)
    new = _published(shown["n_treated"].reset_index(drop=True)).isna()
    assert not (old.to_numpy() & ~new.to_numpy()).any()
    assert reader_small_changes(shown, t, min_cell) == []
