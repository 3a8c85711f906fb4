"""Chapter 3's inflow profile: generation "native" and origin "belgian" count the same inflows
(DPO review 17).

The complement rule protected each variable of an outcome on its own. Generation "native"
could be hidden as a secondary cell among the generations while origin "belgian", the same
inflows, was shown among the origins: the reader then knew the natives, and the generations
hidden beside them were narrowed (seed 2005, 800 residents, min_cell 10: sanction
transmission's intermediate and second generations, both hidden small, added up to 16 inflows,
so each was 7 to 9). A row that repeats another variable's row is now shown as that row is and
left out of its own group's rules, which then protect the rest against a known total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import competing as cr

MIN_CELL = 10


@pytest.fixture(scope="module")
def cd():
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    return cr.competing_data(load_panel(ensure_data(seed=2005, residents=800, newcomers=400,
                                                    truth=False)))


def _intervals(counts: np.ndarray, primary: np.ndarray, hidden: np.ndarray, total: int
               ) -> list[tuple[int, int]]:
    """The reader's bounds on each hidden small count of a group of known ``total``: hidden
    small counts lie in [1, MIN_CELL - 1], other hidden counts in [MIN_CELL, inf)."""
    s = total - counts[~hidden].sum()
    lo = np.where(primary[hidden], 1, MIN_CELL)
    hi = np.where(primary[hidden], MIN_CELL - 1, np.inf)
    out = []
    for j in np.flatnonzero(primary[hidden]):
        others_lo, others_hi = lo.sum() - lo[j], hi.sum() - hi[j]
        out.append((max(1, s - others_hi), min(MIN_CELL - 1, s - others_lo)))
    return out


def test_a_repeated_row_is_hidden_where_its_twin_is(cd):
    prof = cr.profile_table(cd, min_cell=MIN_CELL)
    d, r = prof.data, prof.reason
    native = (d["variable"] == "generation") & (d["value"] == "native")
    belgian = (d["variable"] == "origin") & (d["value"] == "belgian")
    a = r.loc[native, ["outcome", "share"]].set_index("outcome")["share"] != ""
    b = r.loc[belgian, ["outcome", "share"]].set_index("outcome")["share"] != ""
    assert len(a) and a.index.equals(b.index)
    assert (a == b).all(), pd.concat([a, b], axis=1)
    raw = cr.profile_table(cd)
    pd.testing.assert_frame_equal(  # the published values are the table's own
        d.loc[~prof.mask["share"], ["outcome", "variable", "value", "share"]]
        .reset_index(drop=True),
        raw.loc[~prof.mask["share"].to_numpy(), ["outcome", "variable", "value", "share"]]
        .reset_index(drop=True))


def test_no_hidden_small_generation_is_narrowed_by_the_origins(cd):
    """Each outcome's generations, with the natives known wherever the origins show Belgian."""
    prof = cr.profile_table(cd, min_cell=MIN_CELL)
    raw = cr.profile_table(cd)
    d, r = prof.data, prof.reason
    bel = {o: r.at[i, "n_inflows"] == "" for i, o in
           zip(d.index[(d["variable"] == "origin") & (d["value"] == "belgian")],
               d.loc[(d["variable"] == "origin") & (d["value"] == "belgian"), "outcome"],
               strict=True)}
    checked = 0
    for o, g in d[d["variable"] == "generation"].groupby("outcome"):
        counts = raw.loc[g.index, "n_inflows"].to_numpy()
        rs = r.loc[g.index, "n_inflows"].to_numpy()
        hidden = rs != ""
        hidden = hidden & ~((g["value"].to_numpy() == "native") & bel.get(o, False))
        primary = rs == "primary"
        for lo, hi in _intervals(counts, primary, hidden, int(counts.sum())):
            checked += 1
            assert lo <= 1 and hi >= MIN_CELL - 1, (o, lo, hi)
    assert checked  # the data have hidden small generations
