"""Chapter 3's inflow profile on a small extract (dpo37; seed 2005, 300 residents, 100
newcomers, ``min_cell`` 10): the chapter prints the profile's shares only, and every hidden
share reads ``x``. The audit read the counts' markers instead (``<10`` in 1 to 9, ``x`` at
least 10), which the page does not print, and listed a small outcome's durations at inflow
as narrowed: workplace learning "other", 28 inflows (known from its sex shares and the
inflow counts), durations 0, 1-3 and 4-7 quarters 12, 14 and 2, all hidden; with ``x`` read
as at least 10 the 2 was at most 8. ``export-check`` refused the run. The table is now
audited as printed (``suppress(one_marker=True)``) and rendered so; a reader's interval,
computed here apart from the package from the rendered shares, still reaches 1 to 9."""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from mia_helpers import competing as cr
from mia_helpers import disclosure

MIN_CELL = 10


@pytest.fixture(scope="module")
def profile():
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    cd = cr.competing_data(load_panel(ensure_data(seed=2005, residents=300, newcomers=100,
                                                  truth=False)))
    disclosure.reset_record()
    prof = cr.profile_table(cd, min_cell=MIN_CELL, withhold=cr.composition_withheld(cd, MIN_CELL))
    rec = disclosure.checking_record()
    return prof, cr.profile_table(cd), rec[rec["output"] == "inflow profile"].iloc[0]


def test_the_profile_lists_no_narrowed_count(profile):
    _, _, entry = profile
    assert entry["narrowed"] == [], entry["narrowed"]
    assert entry["status"] != "fail"


def test_every_hidden_cell_prints_x(profile):
    prof, _, _ = profile
    shown = prof.render()
    # the shares (what the page prints) everywhere, the counts of the rows read alike
    alike = ~prof.data["variable"].isin(["origin", "generation"]).to_numpy()
    hidden = prof.mask.to_numpy() & alike[:, None]
    hidden[:, list(prof.columns).index("share")] = prof.mask["share"].to_numpy()
    assert hidden[:, list(prof.columns).index("n_inflows")].any()
    assert set(shown.to_numpy()[hidden]) == {"x"}
    # the small outcome of the case: its small duration hidden, with another beside it
    d, r = prof.data, prof.reason
    mine = (d["outcome"] == "workplace_learning_other") & (d["variable"] == "u_at_inflow")
    assert r.loc[mine, "share"].ne("").sum() >= 2
    assert (r.loc[mine, "n_inflows"] == "primary").any()


def test_a_reader_of_the_shares_cannot_narrow_a_hidden_small_count(profile):
    """Independent of the package's audit: per outcome, the reader knows its inflows (the
    inflow counts table), that each variable's rows add up to them, that generation "native"
    equals origin "belgian", the shown counts (share times inflows) and of each hidden row
    only that it is printed (at least 1); of origin and generation, whose hidden shares the
    prose counts as small and other, also the markers (small 1 to 9, other at least 10)."""
    prof, raw, _ = profile
    d, r = prof.data, prof.reason
    for outcome in d["outcome"].unique():
        rows = np.flatnonzero((d["outcome"] == outcome).to_numpy())
        total = float(raw.loc[rows][raw.loc[rows, "variable"] == "sex"]["n_inflows"].sum())
        hid = [i for i in rows if r.at[i, "n_inflows"] != ""]
        if not any(0 < raw.at[i, "n_inflows"] < MIN_CELL for i in hid):
            continue
        idx = {i: k for k, i in enumerate(hid)}
        a_eq, b_eq = [], []
        for v in d.loc[rows, "variable"].unique():
            mine = [i for i in rows if d.at[i, "variable"] == v]
            a = np.zeros(len(hid))
            a[[idx[i] for i in mine if i in idx]] = 1
            if a.any():
                a_eq.append(a)
                b_eq.append(total - sum(float(raw.at[i, "n_inflows"]) for i in mine
                                        if i not in idx))
        twins = [i for i in hid if d.at[i, "value"] in ("belgian", "native")]
        if len(twins) == 2:
            a = np.zeros(len(hid))
            a[idx[twins[0]]], a[idx[twins[1]]] = 1, -1
            a_eq.append(a)
            b_eq.append(0.0)
        for i in hid:
            if not 0 < raw.at[i, "n_inflows"] < MIN_CELL:
                continue
            c = np.zeros(len(hid))
            c[idx[i]] = -1
            res = linprog(c, A_eq=np.array(a_eq), b_eq=b_eq, bounds=[
                ((1, None) if d.at[j, "variable"] not in ("origin", "generation") else
                 (1, MIN_CELL - 1) if r.at[j, "n_inflows"] == "primary" else (MIN_CELL, None))
                for j in hid])
            assert res.status == 0
            assert -res.fun >= MIN_CELL - 1 - 1e-7, (outcome, d.at[i, "variable"],
                                                     d.at[i, "value"], -res.fun)


def test_suppress_one_marker_reads_no_marker_bounds():
    """The smallest case: a group of known total 28 (a published total row) with cells 12,
    14 and 2 hidden. Read with markers (x >= 10) the 2 is at most 8: narrowed; with one
    marker for every hidden cell it is at most 26."""
    t = pd.DataFrame({"g": ["a", "a", "a", "a"], "k": ["0", "1-3", "4-7", "all"],
                      "n": [12, 14, 2, 28]})
    parts = t[t["k"] != "all"].reset_index(drop=True)
    hide = {"n": np.array([True, True, False])}
    for one, narrowed in ((False, True), (True, False)):
        disclosure.reset_record()
        p = disclosure.suppress(parts, ["n"], MIN_CELL, groups={"n": ["g"]}, hide=hide,
                                hide_rule="complement", name="t", one_marker=one)
        iv = disclosure.feasible_intervals(p, groups={"n": ["g"]}, table=parts)
        small = iv[iv["value"] == 2].iloc[0]
        assert small["high"] == (8 if not one else 26)
        assert (not small["protected"]) == narrowed
        assert (p.render()["n"] == "x").all() == one
