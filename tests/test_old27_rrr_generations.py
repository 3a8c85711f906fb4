"""Chapter 3's RRR table of origin x generation cells is protected against the generations'
totals as well as the origins' (old27; close24-26: "the RRR table's cells of one generation
are not checked against the composition's generation share"): a generation's cells span the
origins and add up to its persons, which the composition table publishes."""

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from mia_helpers import disclosure
from mia_helpers.competing import suppress_cell_rrr

MIN_CELL = 10
ORIGINS, GENERATIONS = ("turkish", "maghreb"), ("first", "intermediate", "second")


def _cells(maghreb_first: int = 50) -> pd.DataFrame:
    """One outcome. Turkish: first 5, intermediate 30, second 40; Maghrebi: first
    ``maghreb_first``, intermediate 40, second 6. With 50, the origins' rule hid Turkish first
    and intermediate, Maghrebi second and intermediate: the first generation's 55 persons
    less the Maghrebi 50 gave the Turkish 5 back. With 7, the second generation's 46 less the
    Turkish 40 gave the Maghrebi 6 back."""
    cells = {"turkish:first": 5, "turkish:intermediate": 30, "turkish:second": 40,
             "maghreb:first": maghreb_first, "maghreb:intermediate": 40, "maghreb:second": 6}
    return pd.DataFrame({"origin_generation": list(cells), "outcome": "ibo",
                         "n_persons": list(cells.values()), "exp_estimate": 1.5, "exp_ci_low": 1.0,
                         "exp_ci_high": 2.0})


def _reader_interval(true: pd.Series, shown: pd.Series, cell: str) -> tuple[float, float]:
    """A reader's interval of ``cell``: every origin's and generation's total known, the
    shown cells, and the markers: ``<10`` is 1 to 9, ``x`` at least 10 (the rules hide no
    0) (independent of the package's audit)."""
    hidden = [k for k in true.index if pd.isna(shown[k])]
    A, b = [], []
    for g in [[k for k in true.index if k.startswith(o + ":")] for o in ORIGINS] + \
             [[k for k in true.index if k.endswith(":" + g)] for g in GENERATIONS]:
        A.append([1.0 if k in g else 0.0 for k in hidden])
        b.append(float(true[[k for k in g if k in hidden]].sum()))
    j, c, out = hidden.index(cell), np.zeros(len(hidden)), []
    for s in (1, -1):
        c[j] = s
        bounds = [(1, MIN_CELL - 1) if true[k] < MIN_CELL else (MIN_CELL, None) for k in hidden]
        out.append(s * linprog(c, A_eq=A, b_eq=b, bounds=bounds).fun)
    return out[0], out[1]


def test_a_generation_total_gives_no_small_cell_back():
    disclosure.reset_record()
    t = _cells(50)
    prot = suppress_cell_rrr(t, MIN_CELL)
    true = t.set_index("origin_generation")["n_persons"]
    shown = prot.data.set_index("origin_generation")["n_persons"]
    small = [k for k in true.index if true[k] < MIN_CELL]
    assert small and all(pd.isna(shown[k]) for k in small)
    for k in small:  # old code: Turkish first 5 to 5
        lo, hi = _reader_interval(true, shown, k)
        assert lo <= 1 + 1e-9 and hi >= MIN_CELL - 1 - 1e-9, (k, lo, hi, shown.to_dict())
    assert prot.data["exp_estimate"].isna().to_numpy().tolist() == shown.isna().to_numpy().tolist()


def test_a_generation_of_small_cells_only_is_recorded_as_narrowed():
    """Turkish first 5 and Maghrebi first 7 make the first generation's 12: each is at
    least 3 whatever the table hides. The composition table must hide that total; until then
    the checking record lists them as narrowed (export-check refuses it)."""
    disclosure.reset_record()
    suppress_cell_rrr(_cells(7), MIN_CELL)
    rec = disclosure.checking_record()
    entry = rec[rec["output"] == "inflow cell rrr against the generations' totals"]
    assert len(entry) == 1, rec["output"].tolist()
    assert set(entry["narrowed"].iat[0]) == {"n_persons (row 1)", "n_persons (row 4)"}


def test_unknown_generation_totals_change_nothing(monkeypatch):
    """Without the generations' totals (composition hiding them: here each generation's
    group is no group) the table is the origins' rule's, as before old27."""
    from mia_helpers import competing

    t = _cells()
    monkeypatch.setattr(competing, "_generation_groups",
                        lambda t, *a: np.full(len(t), disclosure.NO_GROUP, dtype=object))
    prot = suppress_cell_rrr(t, MIN_CELL)
    monkeypatch.setattr(competing, "_narrowed_by_generation", lambda *a: [])
    assert prot.reason.equals(suppress_cell_rrr(t, MIN_CELL).reason)
