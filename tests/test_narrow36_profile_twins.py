"""Chapter 3's inflow profile on a small extract (narrow36): generation "native" repeats
origin "belgian" (the same inflows). Before, the repeat was left out of the generations'
rules, whose other cells were then protected against a known total (the outcome's inflows
less the natives shown as Belgian origin): a small outcome's generations, all small, stayed
narrowed (4, 1 and 5 of a known 10: each at most 8, not 9) and ``export-check`` refused the
run (seed 2005, 300 residents, 100 newcomers, ``min_cell`` 10: workplace learning "other").
The two rows are now twins (``suppress(twins=)``): hidden together, audited as one count in
both groups, so hiding them leaves the generations' total unknown."""

import numpy as np
import pandas as pd
from frames import ibo_inflows

from mia_helpers import competing as cr
from mia_helpers import disclosure

MIN_CELL = 10


def _data() -> pd.DataFrame:
    """One outcome, one first inflow per person: 18 natives; Turkish first generation 4,
    intermediate 1, second 5 (each generation small, the Turkish origin 10 not: the
    natives' count, Belgian origin, is shown beside it unless the audit hides both)."""
    cells = {"belgian:native": 18, "turkish:first": 4, "turkish:intermediate": 1,
             "turkish:second": 5}
    return ibo_inflows(cells)


def _reader_high(prof, raw: pd.DataFrame, col: str) -> dict[str, float]:
    """Independent of the package's audit: the largest value a reader can give each hidden
    small generation, knowing the outcome's inflows, that origins and generations each add up
    to them, natives = Belgian origin, and the markers (small 1 to 9, other hidden >= 10)."""
    from scipy.optimize import linprog

    d, r = prof.data, prof.reason
    total = float(raw.loc[raw["variable"] == "origin", col].sum())
    rows = [i for i in range(len(d)) if d.at[i, "variable"] in ("origin", "generation")]
    idx = {i: k for k, i in enumerate(rows)}
    nat = [i for i in rows if d.at[i, "value"] in ("native", "belgian")]
    a_eq, b_eq = [], []
    for v in ("origin", "generation"):
        a = np.zeros(len(rows))
        a[[idx[i] for i in rows if d.at[i, "variable"] == v]] = 1
        a_eq.append(a)
        b_eq.append(total)
    a = np.zeros(len(rows))
    a[idx[nat[0]]], a[idx[nat[1]]] = 1, -1
    a_eq.append(a)
    b_eq.append(0.0)
    bounds = []
    for i in rows:
        v = float(raw.at[i, col])
        bounds.append((v, v) if r.at[i, col] == "" else
                      (1, MIN_CELL - 1) if r.at[i, col] == "primary" else (MIN_CELL, None))
    out = {}
    for i in rows:
        if r.at[i, col] == "primary" and d.at[i, "variable"] == "generation":
            c = np.zeros(len(rows))
            c[idx[i]] = -1
            res = linprog(c, A_eq=np.array(a_eq), b_eq=b_eq, bounds=bounds,
                          integrality=np.ones(len(rows)))
            out[str(d.at[i, "value"])] = -res.fun
    return out


def test_small_generations_are_not_narrowed_by_the_natives():
    disclosure.reset_record()
    d = _data()
    prof = cr.profile_table(d, ("origin", "generation"), MIN_CELL)
    raw = cr.profile_table(d, ("origin", "generation"))
    rec = disclosure.checking_record()
    assert rec["narrowed"].map(len).sum() == 0, rec[["output", "narrowed"]]
    # the natives and the Belgian origin: hidden together
    nat = prof.reason.loc[(prof.data["value"] == "native").to_numpy(), "n_inflows"].iat[0]
    bel = prof.reason.loc[(prof.data["value"] == "belgian").to_numpy(), "n_inflows"].iat[0]
    assert nat != "" and bel != ""
    twins = {int(np.flatnonzero(prof.data["value"] == "native")[0]):
             int(np.flatnonzero(prof.data["value"] == "belgian")[0])}
    for col in ("n_inflows", "n_persons"):
        fi = disclosure.feasible_intervals(prof, groups={col: ["outcome", "variable"]},
                                           table=raw, twins=twins)
        assert fi["protected"].all(), fi[~fi["protected"]]
        high = _reader_high(prof, raw, col)
        assert high and all(h >= MIN_CELL - 1 for h in high.values()), high


def test_twins_must_repeat_their_row():
    t = pd.DataFrame({"g": ["a", "a", "b"], "n": [3, 12, 12]})
    disclosure.suppress(t, ["n"], MIN_CELL, twins={2: 1}, record=False)
    for bad in ({2: 0}, {1: 1}, {2: 5}):
        try:
            disclosure.suppress(t, ["n"], MIN_CELL, twins=bad, record=False)
        except ValueError as e:
            assert "twins" in str(e)
        else:
            raise AssertionError(bad)
