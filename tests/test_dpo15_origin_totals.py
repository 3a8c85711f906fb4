"""Chapter 1's persons per origin against the register total (DPO session 15).

The register overview publishes the persons of the persons register, and the origins partition
them. On an extract with an origin of fewer than ``min_cell`` persons the stable-definition
table hid that origin's persons alone, so the register total minus the other origins' published
persons gave it exactly (seed 2005, 800 residents, 400 newcomers, all but 7 sub-Saharan persons
dropped, ``min_cell`` 10: 1,091 - 1,084 = 7). The sample profile's rows summed over an origin
give the same totals, so both tables are checked together by linear programming."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from mia_helpers import describe

MIN_CELL = 10
SMALL = "subsaharan"
KEEP = 7  # persons of SMALL kept: fewer than MIN_CELL


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> Path:
    """The synthetic registers of seed 2005 (800 residents, 400 newcomers) with all but
    ``KEEP`` persons of origin ``SMALL`` dropped from every register (a real extract's edge
    case: synthetic origins are large)."""
    from mia_helpers.data import ensure_data

    src = ensure_data(None, seed=2005, residents=800, newcomers=400,
                      window=("2005Q1", "2016Q4"), truth=False)
    out = tmp_path_factory.mktemp("small_origin") / "data"
    out.mkdir()
    persons = pd.read_parquet(src / "persons.parquet")
    drop = set(persons.loc[persons["origin"].astype(str) == SMALL, "person_id"].iloc[KEEP:])
    for f in src.glob("*.parquet"):
        if f.name != "panel.parquet":
            d = pd.read_parquet(f)
            d[~d["person_id"].isin(drop)].to_parquet(out / f.name, index=False)
    shutil.copy(src / "exclusion_log.csv", out)
    return out


def _origin_total_interval(register_total: float, stable, profile, origin: str,
                           min_cell: int) -> tuple[float, float]:
    """The reader's smallest and largest value of ``origin``'s persons given the published
    register total, the stable-definition table's persons per origin and the sample profile's
    persons per row (a hidden small count in [1, min_cell - 1], any other hidden count at
    least min_cell; an origin's persons are the sum of its profile rows; the origins add up to
    the register total)."""
    tot = stable.data.drop_duplicates("origin").set_index("origin")["persons"]
    why_tot = pd.Series(stable.reason["persons"].to_numpy(),
                        index=stable.data["origin"]).groupby(level=0).first()
    prof = profile.data.assign(why=profile.reason["persons"].to_numpy())
    var: dict[tuple, int] = {}
    bounds: list[tuple] = []

    def unknown(key: tuple, why: str) -> int:
        var[key] = len(bounds)
        bounds.append((1, min_cell - 1) if why == "primary" else (min_cell, None))
        return var[key]

    eqs: list[tuple[dict[int, float], float]] = []
    all_coef: dict[int, float] = {}
    rhs_all = float(register_total)
    for o in tot.index:
        coef: dict[int, float] = {}
        rhs = 0.0
        if pd.isna(tot[o]):
            j = unknown(("total", o), why_tot[o])
            coef[j] = 1.0
            all_coef[j] = 1.0
        else:
            rhs = -float(tot[o])
            rhs_all -= float(tot[o])
        for r in prof[prof["origin"].astype(str) == o].itertuples():
            if pd.isna(r.persons):
                coef[unknown(("cell", r.Index), r.why)] = -1.0
            else:
                rhs += float(r.persons)
        eqs.append((coef, rhs))  # total - sum(rows) = 0, unknowns on the left
    eqs.append((all_coef, rhs_all))
    A = np.zeros((len(eqs), len(bounds)))
    for k, (coef, _) in enumerate(eqs):
        for j, a in coef.items():
            A[k, j] = a
    b = np.array([r for _, r in eqs])
    key = ("total", origin)
    if key not in var:
        return float(tot[origin]), float(tot[origin])
    c = np.zeros(len(bounds))
    c[var[key]] = 1.0
    lo = linprog(c, A_eq=A, b_eq=b, bounds=bounds, method="highs")
    hi = linprog(-c, A_eq=A, b_eq=b, bounds=bounds, method="highs")
    assert lo.status == 0 and hi.status == 0
    return lo.fun, -hi.fun


def test_a_small_origin_is_not_the_register_total_minus_the_other_origins(extract):
    persons = pd.read_parquet(extract / "persons.parquet")
    true = persons.groupby(persons["origin"].astype(str), observed=True).size()
    assert true[SMALL] == KEEP  # the extract has the small origin: the check is not vacuous
    register = describe.register_overview(extract, MIN_CELL)
    total = register.data.set_index("register").loc["persons", "persons"]
    assert total == len(persons)  # the register total is published
    stable = describe.stable_definition_comparison(extract, (4, 8), min_cell=MIN_CELL)
    profile = describe.sample_profile(persons, min_cell=MIN_CELL)
    shown = stable.data.drop_duplicates("origin").set_index("origin")["persons"]
    assert pd.isna(shown[SMALL])
    # the leak by plain subtraction: more than the small origin is hidden, and the hidden
    # origins together hold min_cell or more persons
    assert shown.isna().sum() >= 2
    assert total - shown.dropna().sum() >= MIN_CELL
    # every definition hides the same origins' persons (the same count in each row)
    per_def = stable.data.groupby("stable_quarters")["persons"].apply(
        lambda s: tuple(s.isna()))
    assert per_def.nunique() == 1
    # with the sample profile too (its rows of an origin add up to the origin's persons)
    lo, hi = _origin_total_interval(total, stable, profile, SMALL, MIN_CELL)
    n_rows = int((profile.data["origin"].astype(str) == SMALL).sum())
    assert lo <= n_rows and hi >= MIN_CELL - 1, (lo, hi)


def test_hidden_group_totals_hides_a_complement_and_stays_out_of_the_record():
    from mia_helpers.disclosure import checking_record

    counts = pd.Series({"a": 451, "b": 127, "c": 85, "d": 7}, name="persons")
    hidden = describe.hidden_group_totals(counts, MIN_CELL)
    assert hidden["d"] and hidden.sum() >= 2
    assert counts[hidden].sum() >= MIN_CELL
    assert not hidden["a"]  # the smallest other total is the complement, not the largest
    assert checking_record().empty  # a helper: not a published table
    none = describe.hidden_group_totals(pd.Series({"a": 451, "b": 127}), MIN_CELL)
    assert not none.any()
