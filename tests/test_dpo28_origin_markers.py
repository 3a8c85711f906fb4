"""dpo28: the composition table's hidden origin totals, read through their markers, narrowed
hidden cells of chapter 3's RRR table that neither the RRR table's audit (known totals
only) nor ``export-check`` saw.

Seed 3737, 2,000 residents, 700 newcomers, ``min_cell`` 20: basic training's Eastern-EU and
Turkish shares hidden (their sum known from the 100 %), the Turkish total marked ``x`` (20 or
more) and Eastern EU's first generation shown (26), so Eastern EU's intermediate (3) and
second (7) generations were each at most 10; seed 7, 2,000 residents, 1,000 newcomers:
vocational training's Sub-Saharan intermediate (2) and second (9) generations at most 12.
:func:`mia_helpers.competing._generations_withheld` used to leave such cells alone ("narrowed
through the origins alone is not this function's"). The cells below reproduce the pattern
with ``min_cell`` 10."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from mia_helpers import competing as cr
from mia_helpers import disclosure
from mia_helpers import export_check as ec

MIN_CELL = 10
OUT = "workplace_learning_ibo"
#: Eastern EU 30 (first 25 shown), Turkish 11 (all small), Maghreb 90, Sub-Saharan 18 (all
#: small); the composition withholds Eastern EU and Turkish (as the chapter's ledger did)
CELLS = {"belgian:native": 100, "eastern_eu:first": 25, "eastern_eu:intermediate": 2,
         "eastern_eu:second": 3, "turkish:first": 4, "turkish:intermediate": 3,
         "turkish:second": 4, "maghreb:first": 30, "maghreb:intermediate": 30,
         "maghreb:second": 30, "subsaharan:first": 6, "subsaharan:intermediate": 6,
         "subsaharan:second": 6}
WITHHOLD = {OUT: ["eastern_eu", "turkish"]}


def _data(cells: dict[str, int] = CELLS) -> pd.DataFrame:
    key = np.repeat(list(cells), list(cells.values()))
    d = pd.DataFrame({cr.KEY: key, "person_id": np.arange(len(key)), "outcome": 1,
                      "outcome_label": OUT, "u": 0})
    d["origin"] = d[cr.KEY].str.split(":").str[0]
    d["generation"] = d[cr.KEY].str.split(":").str[1]
    d.attrs["outcomes"] = ["none", OUT]
    return d


def _tables(d: pd.DataFrame, withhold: dict = WITHHOLD):
    disclosure.reset_record()
    comp = cr.profile_table(d, ("origin", "generation"), MIN_CELL, withhold=withhold)
    t = cr._cell_persons(d).assign(exp_estimate=1.5)
    return comp, t, cr.suppress_cell_rrr(t, MIN_CELL, comp), disclosure.checking_record()


def _reader(d: pd.DataFrame, comp, t: pd.DataFrame, rrr) -> dict[str, tuple[float, float]]:
    """Independent of the package: a reader's interval of each hidden small cell, by linear
    programming. Known: the outcome's persons; each origin's and generation's persons are the
    sum of its cells (shown, or an unknown: ``x`` at least 10, ``<10`` 1 to 9); hidden cells
    ``<10`` 1 to 9, ``x`` at least 10. Returns cells whose interval is narrower than what
    their own row's markers say (``[1, 9 - other small cells of a total marked <10]``)."""
    n = t["n_persons"].to_numpy(float)
    rr = rrr.reason["n_persons"].to_numpy()
    cd = comp.data.assign(r=comp.reason["n_persons"])
    cd = cd[cd["variable"].isin(["origin", "generation"])
            & ~cd["value"].isin(["belgian", "native"])]
    names = list(t[cr.KEY])
    unk = [k for k, r in zip(names, rr, strict=True) if r] + [
        (v, x) for v, x, r in zip(cd["variable"], cd["value"], cd["r"], strict=True) if r]
    bnd = [(1, MIN_CELL - 1) if (rr[names.index(k)] if isinstance(k, str) else
            cd.set_index(["variable", "value"]).at[k, "r"]) == "primary" else (MIN_CELL, None)
           for k in unk]
    a_eq, b_eq = [], []
    for v, x, p in zip(cd["variable"], cd["value"], cd["n_persons"], strict=True):
        j = int(v == "generation")
        a, b = np.zeros(len(unk)), 0.0
        for i, k in enumerate(names):
            if k.split(":")[j] == x:
                if k in unk:
                    a[unk.index(k)] += 1
                else:
                    b -= n[i]
        if (v, x) in unk:
            a[unk.index((v, x))] -= 1
        else:
            b += float(p)
        a_eq.append(a)
        b_eq.append(b)
    a, b = np.zeros(len(unk)), float(len(d) - CELLS["belgian:native"])
    for i, k in enumerate(names):
        if k in unk:
            a[unk.index(k)] += 1
        else:
            b -= n[i]
    a_eq.append(a)
    b_eq.append(b)
    out = {}
    for k in unk:
        if not isinstance(k, str) or rr[names.index(k)] != "primary":
            continue
        c = np.zeros(len(unk))
        c[unk.index(k)] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bnd).fun
        hi = -linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bnd).fun
        cap = MIN_CELL - 1
        for j, v in enumerate(("origin", "generation")):
            tot = (v, k.split(":")[j])
            if tot in unk and bnd[unk.index(tot)][1] is not None:
                cap -= sum(1 for q in unk if isinstance(q, str) and q != k
                           and q.split(":")[j] == tot[1] and rr[names.index(q)] == "primary")
        if lo > 1 + 1e-6 or hi < cap - 1e-6:
            out[k] = (lo, hi)
    return out


def _narrowed_entries(rec: pd.DataFrame) -> list[str]:
    return [str(o) for o, n in zip(rec["output"], rec["narrowed"], strict=True)
            if isinstance(n, list) and n]


def test_the_leak_without_the_check(monkeypatch):
    """The composition as before the check (no generation or origin withheld for the RRR
    cells): Turkish's ``x`` (10 or more) and Eastern EU's shown 25 leave Eastern EU's
    intermediate and second generations at most 5 (true 2 and 3); the RRR table's record
    now lists them, so ``export-check`` refuses (before: no entry, the run passed)."""
    monkeypatch.setattr(cr, "_generations_withheld", lambda *a: {})
    comp, t, rrr, rec = _tables(_data())
    gaps = _reader(_data(), comp, t, rrr)
    assert set(gaps) == {"eastern_eu:intermediate", "eastern_eu:second"}
    assert all(hi <= 5 + 1e-6 for _, hi in gaps.values())
    entry = rec[rec["output"] == "inflow cell rrr against the composition's markers"]
    assert len(entry) == 1
    assert set(entry["narrowed"].iloc[0]) == {
        "n_persons (eastern_eu:intermediate, workplace_learning_ibo)",
        "n_persons (eastern_eu:second, workplace_learning_ibo)"}


def test_the_chapter_withholds_an_origin_so_nothing_is_narrowed():
    """In the chapter's order the composition withholds the smallest shown origin too
    (Sub-Saharan, 18 persons, all its cells small): the hidden origins' sum then tells the
    reader too little, and no entry lists a narrowed cell."""
    d = _data()
    comp, t, rrr, rec = _tables(d)
    c = comp.data.set_index(["variable", "value"])["n_persons"]
    assert pd.isna(c[("origin", "subsaharan")]) and pd.notna(c[("origin", "maghreb")])
    assert _reader(d, comp, t, rrr) == {}
    assert _narrowed_entries(rec) == []


def test_export_check_refuses_the_record(tmp_path, monkeypatch):
    monkeypatch.setattr(cr, "_generations_withheld", lambda *a: {})
    _tables(_data())
    path = disclosure.write_record(tmp_path / "disclosure_record.json")
    found = ec._failed_tables(json.loads(path.read_text()), path.name)
    assert any("against the composition's markers" in f.detail for f in found), found


def test_a_small_totals_own_marker_is_not_a_leak():
    """A cell narrowed only by the marker of its own total hidden as small (``<10`` over
    three small cells: each at most 7) tells no more than that marker: not listed (seed
    3737's two sanction-transmission cells, Maghrebi and Sub-Saharan second generation,
    whose second generation was ``<20`` over five small cells, were refused for it)."""
    cells = {"belgian:native": 100, "turkish:first": 4, "turkish:intermediate": 3,
             "turkish:second": 2, "maghreb:first": 30, "maghreb:intermediate": 30,
             "maghreb:second": 30, "eastern_eu:first": 30, "eastern_eu:intermediate": 30,
             "eastern_eu:second": 30}
    d = _data(cells)
    disclosure.reset_record()
    comp = cr.profile_table(d, ("origin", "generation"), MIN_CELL, withhold={})
    assert comp.reason.set_index(comp.data["value"]).at["turkish", "n_persons"] == "primary"
    t = cr._cell_persons(d).assign(exp_estimate=1.5)
    prot, _ = cr._suppress_cells(t, MIN_CELL, comp, "x", record=False)
    small = [r for r in range(len(t)) if t.at[r, cr.KEY].startswith("turkish")]
    assert all(prot.reason["n_persons"].iat[r] == "primary" for r in small)
    persons = {OUT: float(len(d))}
    assert cr._narrowed_by_markers(t, prot, comp, MIN_CELL, persons, generations=False) == []


def test_the_prose_counts_the_hidden_shares():
    """The sentence glued under chapter 3's composition table counts the hidden origin and
    generation shares by why they are hidden (the natives' generation row, which repeats the
    Belgian origin, counted once)."""
    comp = _tables(_data())[0]
    text = cr.withheld_shares_sentence(comp)
    r = comp.reason.assign(v=comp.data["variable"], x=comp.data["value"])
    r = r[r["v"].isin(["origin", "generation"]) & (r["x"] != "native")]
    small = int((r["n_persons"] == "primary").sum())
    other = int(((r["n_persons"] != "") & (r["n_persons"] != "primary")).sum())
    assert other >= 3  # Eastern EU, Turkish, Sub-Saharan
    head = (f"Of the {len(r)} origin and generation shares of the measures, "
            f"{small + other} are hidden")
    if small:
        assert text.startswith(f"{head}: {small} because")
        assert f"and {other} beside" in text
    else:  # no small share: not "0 because they rest ... and 3 beside them" (read28)
        assert text.startswith(f"{head}, though no share rests on fewer than")
    assert disclosure.small_counts_in_text(text, MIN_CELL) == []
