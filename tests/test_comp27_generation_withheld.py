"""Chapter 3's composition table withholds a generation's persons whose RRR cells are all
small (comp27): before, :func:`mia_helpers.competing.suppress_cell_rrr` could only record
them as narrowed against the generation's total (old27), and ``export-check`` refused the
run (seed 7, 2,000 residents, 1,000 newcomers, ``min_cell`` 20)."""

import numpy as np
import pandas as pd
import pytest
from frames import ibo_inflows
from scipy.optimize import linprog

from mia_helpers import competing as cr
from mia_helpers import disclosure

MIN_CELL = 10
ORIGINS, GENERATIONS = ("turkish", "maghreb"), ("first", "intermediate", "second")
NARROWED = "inflow cell rrr against the generations' totals"


def _data(maghreb_first: int = 7) -> pd.DataFrame:
    """One outcome, one first inflow per person: 100 natives; Turkish first 5, intermediate
    30, second 40; Maghrebi first ``maghreb_first``, intermediate 40, second 6 (old27's
    cells: with 7 the first generation's 12 persons are two small cells, each at least 3
    whatever the RRR table hides)."""
    cells = {"belgian:native": 100, "turkish:first": 5, "turkish:intermediate": 30,
             "turkish:second": 40, "maghreb:first": maghreb_first,
             "maghreb:intermediate": 40, "maghreb:second": 6}
    return ibo_inflows(cells)


def _chapter(d: pd.DataFrame, withhold: bool = True):
    """The chapter's order: composition table (withholding what the RRR cells need), then
    the RRR table against it."""
    disclosure.reset_record()
    w = cr.composition_withheld(d, MIN_CELL) if withhold else None
    comp = cr.profile_table(d, ("origin", "generation"), MIN_CELL, withhold=w)
    t = cr._cell_persons(d).assign(exp_estimate=1.5, exp_ci_low=1.0, exp_ci_high=2.0)
    return comp, cr.suppress_cell_rrr(t, MIN_CELL, comp), disclosure.checking_record()


def _reader(d: pd.DataFrame, comp, rrr) -> dict[str, tuple[float, float]]:
    """A reader's interval of each hidden small RRR cell, by linear programming over every
    hidden count of both tables (independent of the package's audit): the outcome's persons
    (inflow counts) are known; each origin's and generation's persons (shown or a hidden
    unknown) are the sum of its cells; the composition's origins and generations each add
    up to the outcome. Markers: a small count is 1 to 9, any other hidden count at least
    10."""
    true = d.groupby(cr.KEY)["person_id"].nunique()
    cd = comp.data[comp.data["variable"].isin(["origin", "generation"])]
    tot = {(v, x): (None if pd.isna(n) else float(n)) for v, x, n in
           zip(cd["variable"], cd["value"], cd["n_persons"], strict=True)}
    shown = rrr.data.set_index(cr.KEY)["n_persons"]
    unknown = [k for k in shown.index if pd.isna(shown[k])] + [k for k, v in tot.items()
                                                               if v is None]
    truth = {**true.to_dict(), **{(v, x): true[[k for k in true.index if
             k.split(":")[v == "generation"] == x]].sum() for v, x in tot}}

    def row(parts: list, total) -> tuple[list[float], float]:
        a = np.zeros(len(unknown))
        b = 0.0
        for p in parts:
            if p in unknown:
                a[unknown.index(p)] += 1
            else:
                b -= shown[p] if isinstance(p, str) else tot[p]
        if total in unknown:
            a[unknown.index(total)] -= 1
        else:
            b += tot[total] if isinstance(total, tuple) else total
        return list(a), b

    rows = [row([k for k in true.index if k.split(":")[j] == x] if x != "belgian" and
                x != "native" else [], (v, x))
            for v, x in tot for j in [int(v == "generation")] if (v, x) not in
            [("origin", "belgian"), ("generation", "native")]]
    n_all = float(len(d))
    for v in ("origin", "generation"):
        rows.append(row([k for k in tot if k[0] == v], n_all))
    a_eq = [r[0] for r in rows]
    b_eq = [r[1] for r in rows]
    bounds = [(1, MIN_CELL - 1) if truth[k] < MIN_CELL else (MIN_CELL, None) for k in unknown]
    out = {}
    for k in unknown:
        if not isinstance(k, str) or truth[k] >= MIN_CELL:
            continue
        c = np.zeros(len(unknown))
        c[unknown.index(k)] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
        hi = -linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
        out[k] = (lo, hi)
    return out


def test_a_generation_of_small_cells_has_its_total_withheld():
    d = _data(7)
    comp, rrr, rec = _chapter(d)
    assert not (rec["output"] == NARROWED).any(), rec["output"].tolist()
    c = comp.data.set_index(["variable", "value"])
    assert pd.isna(c.loc[("generation", "first"), "n_persons"])
    assert pd.isna(c.loc[("generation", "first"), "share"])
    gaps = _reader(d, comp, rrr)
    assert {"turkish:first", "maghreb:first"} <= set(gaps)
    for k, (lo, hi) in gaps.items():
        assert lo <= 1 + 1e-9 and hi >= MIN_CELL - 1 - 1e-9, (k, lo, hi)


def test_without_the_check_the_run_is_refused():
    """The old path (no ``withhold``: the composition table knows nothing of the RRR cells)
    still publishes the first generation's 12 and the record lists the two cells as
    narrowed; the reader bounds them (each at least 3): the test above can fail."""
    d = _data(7)
    comp, rrr, rec = _chapter(d, withhold=False)
    entry = rec[rec["output"] == NARROWED]
    assert len(entry) == 1
    gaps = _reader(d, comp, rrr)
    assert gaps["turkish:first"][0] >= 3 - 1e-6 and gaps["maghreb:first"][0] >= 3 - 1e-6


def test_a_withheld_generation_marked_x_can_still_narrow(monkeypatch):
    """Withholding the first generation alone (its complement the second) leaves its marker:
    12 persons marked ``x`` (10 or more) bound the Maghrebi second generation's 6 by 8. The
    package's reader finds it, so the intermediate generation is withheld too (above)."""
    d = _data(7)
    disclosure.reset_record()
    monkeypatch.setattr(cr, "_generations_withheld", lambda *a: {"ibo": {"first"}})
    one = cr.profile_table(d, ("origin", "generation"), MIN_CELL, withhold={})
    monkeypatch.undo()
    c = one.data.set_index(["variable", "value"])["n_persons"]
    assert pd.isna(c[("generation", "first")]) and pd.notna(c[("generation", "intermediate")])
    t = cr._cell_persons(d).assign(exp_estimate=1.5)
    prot, left = cr._suppress_cells(t, MIN_CELL, one, "x", record=False)
    assert left == []  # the RRR table's own audit (known totals only) sees nothing
    assert _reader(d, one, prot)["maghreb:second"][1] < MIN_CELL - 1 - 1e-6
    row = int(np.flatnonzero(t[cr.KEY].to_numpy() == "maghreb:second")[0])
    assert cr._narrowed_by_markers(t, prot, one, MIN_CELL, {"ibo": len(d)}) == [row]


@pytest.mark.parametrize("maghreb_first", [50])
def test_nothing_withheld_where_nothing_is_narrowed(maghreb_first):
    """Where the RRR table protects its cells itself, the composition table is the one
    without the check (same markers)."""
    d = _data(maghreb_first)
    with_check = _chapter(d)[0]
    disclosure.reset_record()
    plain = cr.profile_table(d, ("origin", "generation"), MIN_CELL)
    assert with_check.reason.equals(plain.reason)
