"""Chapter 1's descriptive tables under disclosure control (the DPO trial of the twelfth
session found two unguarded: the indicator percentages, shares of person-quarters whose
count follows from the published panel size, and the persons with a stable start under
nested definitions, whose difference is a count of persons)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import describe


def _panel(n_persons: int, true_for: dict[str, int], quarters: int = 4) -> pd.DataFrame:
    """``n_persons`` persons x ``quarters``; indicator ``k`` true in every quarter of the first
    ``true_for[k]`` persons (default: half of them), false for the others."""
    ids = np.repeat(np.arange(n_persons), quarters)
    out = {"person_id": ids}
    for k in describe.INDICATORS:
        out[k] = ids < true_for.get(k, n_persons // 2)
    return pd.DataFrame(out)


def test_indicator_share_of_few_persons_or_of_all_but_few_is_hidden():
    t = describe.indicator_means(_panel(100, {"in_measure": 3, "registered": 97,
                                              "job_start": 0}), min_cell=10)
    data = t.data.set_index("indicator")["percent"]
    assert pd.isna(data[describe.INDICATORS["in_measure"]])  # 3 persons have it
    assert pd.isna(data[describe.INDICATORS["registered"]])  # 3 persons lack it
    assert data[describe.INDICATORS["job_start"]] == 0.0  # nobody: shown
    assert data[describe.INDICATORS["employed"]] == 50.0
    assert "persons_with" not in t.data.columns  # the rule's counts are not published
    # the same table at min_cell 3 shows them (the rule reads the threshold)
    loose = describe.indicator_means(_panel(100, {"in_measure": 3, "registered": 97}),
                                     min_cell=3).data.set_index("indicator")["percent"]
    assert loose[describe.INDICATORS["in_measure"]] == 3.0


def _stable_starts(data, sq: int, tmp) -> set[tuple[int, int]]:
    from mia_helpers.panel import PanelSpec, build_panel

    res = build_panel(data, PanelSpec(stable_quarters=sq), out=tmp / f"p{sq}.parquet",
                      validate=False)
    p = pd.read_parquet(res.path, columns=["person_id", "quarter", "stable_job_start"])
    p = p[p["stable_job_start"]]
    return set(zip(p["person_id"], p["quarter"], strict=True))


def test_nested_stable_definitions_differing_by_few_persons_are_not_both_published(
        small_data, tmp_path):
    """Definitions four and five quarters: the smallest positive difference d of a group's
    persons with a stable start (read without control) is made small by the threshold
    d + 1, so the old table published both counts; now the later count is hidden, and the
    later row's stable starts and share are published only where the persons whose start is
    stable under one definition only (recomputed here from the two panels) are none or at
    least min_cell."""
    definitions = (4, 5)
    raw = describe.stable_definition_comparison(small_data, definitions, min_cell=1).data
    wide = raw.pivot(index="origin", columns="stable_quarters",
                     values="persons_with_stable_start").astype(float)
    diff = (wide[4] - wide[5]).abs()
    d = diff[diff > 0].min()
    origin = diff[diff == d].index[0]
    min_cell = int(d) + 1
    assert wide.loc[origin].min() >= min_cell  # the counts themselves are not small
    t = describe.stable_definition_comparison(small_data, definitions, min_cell=min_cell)
    assert "persons_changed" not in t.data.columns  # the rule's count is not published
    later = t.data["stable_quarters"] == 5
    row = (t.data["origin"] == origin) & later
    assert t.reason.loc[row, "persons_with_stable_start"].eq("horizon").all()
    for _, g in t.data.groupby("origin"):
        n = g.sort_values("stable_quarters")["persons_with_stable_start"].astype(
            "Float64").to_numpy(dtype=float, na_value=np.nan)
        if not np.isnan(n).any():
            assert abs(n[0] - n[1]) == 0 or abs(n[0] - n[1]) >= min_cell
    # the starts: the threshold just above the smallest number of persons whose start is
    # stable under one definition only (recomputed from the two panels, set operations)
    changed = _stable_starts(small_data, 4, tmp_path) ^ _stable_starts(small_data, 5, tmp_path)
    origin_of = pd.read_parquet(small_data / "persons.parquet",
                                columns=["person_id", "origin"]).set_index("person_id")["origin"]
    n_changed = pd.Series([str(origin_of[pid]) for pid in {pid for pid, _ in changed}]
                          ).value_counts()
    min_cell = int(n_changed.min()) + 1
    smallest = n_changed.idxmin()
    t = describe.stable_definition_comparison(small_data, definitions, min_cell=min_cell)
    later = t.data["stable_quarters"] == 5
    for o, row in t.data[later].set_index("origin").iterrows():
        published = pd.notna(row["stable_share_of_job_starts_pct"])
        if published:  # none, or at least min_cell persons behind the difference
            assert n_changed.get(o, 0) == 0 or n_changed.get(o, 0) >= min_cell, o
        assert pd.notna(row["stable_starts"]) == published, o
    assert pd.isna(t.data[later].set_index("origin").loc[smallest, "stable_starts"])


def _origin_intervals(profile, stable, min_cell: int) -> list[tuple[str, str, float, float]]:
    """What a reader of chapter 1 learns about each small profile cell hidden as such: per
    origin the stable-definition table publishes the persons, the profile publishes some of
    the origin's rows, so the hidden rows add up to the difference; a ``<min_cell`` cell lies in
    ``[1, min_cell - 1]``, an ``x`` count is at least ``min_cell``. Returns (origin,
    generation, low, high) per small hidden cell (one equation per origin: closed form)."""
    totals = (stable.data.drop_duplicates("origin").set_index("origin")["persons"]
              .astype("float"))
    d = profile.data.assign(why=profile.reason["persons"].to_numpy())
    out = []
    for origin, rows in d.groupby("origin"):
        if pd.isna(totals.get(origin)):
            continue
        shown = pd.to_numeric(rows["persons"], errors="coerce")
        rest = float(totals[origin] - shown.sum())
        hidden = rows[shown.isna()]
        lo_b = np.where(hidden["why"] == "primary", 1.0, float(min_cell))
        hi_b = np.where(hidden["why"] == "primary", float(min_cell - 1), rest)
        for k in np.flatnonzero(hidden["why"].to_numpy() == "primary"):
            others = np.arange(len(hidden)) != k
            out.append((origin, hidden["generation"].iat[k],
                        max(1.0, rest - hi_b[others].sum()), min(min_cell - 1.0,
                                                                 rest - lo_b[others].sum())))
    return out


def test_profile_cells_cannot_be_recovered_from_the_persons_per_origin(tmp_path):
    """DPO finding: the sample profile's complementary suppression protected its hidden cells
    against the register total only, but chapter 1's stable-definition table publishes the
    persons per origin, which are the sums of the profile's rows of that origin (seed 2005,
    800 residents, 400 newcomers, min_cell 20: eastern EU intermediate = 119 - 22 - 92 = 5,
    and two more cells exactly). Every small hidden profile cell must keep the reader's
    interval [1, min_cell - 1] given the published per-origin totals."""
    from mia_helpers.data import ensure_data

    min_cell = 20
    data = ensure_data(None, seed=2005, residents=800, newcomers=400,
                       window=("2005Q1", "2016Q4"), truth=False)
    persons = pd.read_parquet(data / "persons.parquet")
    profile = describe.sample_profile(persons, min_cell=min_cell)
    stable = describe.stable_definition_comparison(data, (4, 8), min_cell=min_cell)
    # the relation holds: an origin's persons in the stable table are its profile rows' sum
    true = persons.groupby(persons["origin"].astype(str)).size()
    pub = stable.data.drop_duplicates("origin").set_index("origin")["persons"].dropna()
    assert (true[pub.index] == pub.astype(int)).all()
    iv = _origin_intervals(profile, stable, min_cell)
    assert len(iv) >= 3  # the extract has small cells: the check is not vacuous
    narrowed = [(o, g, lo, hi) for o, g, lo, hi in iv if lo > 1 or hi < min_cell - 1]
    assert not narrowed, narrowed
