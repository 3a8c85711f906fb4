"""Chapter 3's RRR table on a small extract (narrow36): an outcome whose non-Belgian
origins are all small. The composition table showed the Belgian share, so the hidden
origins' cells added up to a known total (the outcome's persons less the Belgian origin's)
and, all small, stayed narrowed whatever the RRR table hid (seed 2005, 300 residents, 100
newcomers, ``min_cell`` 10: workplace learning IBO, 16 persons in 15 hidden cells, each at
most 4); the record listed them and ``export-check`` refused the run. The composition table
now withholds the Belgian origin's share (and the natives', its twin) for such an outcome,
so the hidden origins' cells have no known total."""

import pandas as pd
from frames import ibo_inflows

from mia_helpers import competing as cr
from mia_helpers import disclosure

MIN_CELL = 10


def _data() -> pd.DataFrame:
    """One outcome, one first inflow per person: 30 natives and four origins of 4 persons
    each, in cells of 1 or 2 (every origin and generation small; the composition can
    protect its small origins beside a shown Belgian share, the RRR table its 12 cells of
    16 known persons cannot)."""
    cells = {"belgian:native": 30}
    for o, sizes in {"turkish": (1, 1, 2), "maghreb": (2, 1, 1), "subsaharan": (1, 2, 1),
                     "eastern_eu": (1, 1, 2)}.items():
        cells.update({f"{o}:{g}": n for g, n in zip(("first", "intermediate", "second"),
                                                   sizes, strict=True)})
    return ibo_inflows(cells)


def test_hidden_origins_cells_are_not_narrowed():
    disclosure.reset_record()
    d = _data()
    w = cr.composition_withheld(d, MIN_CELL)
    comp = cr.profile_table(d, ("origin", "generation"), MIN_CELL, withhold=w)
    t = cr._cell_persons(d).assign(exp_estimate=1.5, exp_ci_low=1.0, exp_ci_high=2.0)
    rrr = cr.suppress_cell_rrr(t, MIN_CELL, comp)
    rec = disclosure.checking_record()
    assert rec["narrowed"].map(len).sum() == 0, rec[["output", "narrowed"]].to_string()
    # the reader's intervals of the RRR table's hidden cells, its groups as the table has them
    c = comp.data
    ok = ((c["variable"] == "origin") & ~comp.mask["share"]).to_numpy()
    shown = set(zip(c["outcome"].astype(str)[ok], c["value"].astype(str)[ok], strict=True))
    whole = {o for o, v in shown if v == "belgian"}
    t2 = t.assign(_origin=cr._origin_groups(t, MIN_CELL, shown, whole))
    fi = disclosure.feasible_intervals(rrr, groups={"n_persons": ["outcome", "_origin"]},
                                       table=t2)
    assert (rrr.reason["n_persons"] == "primary").sum() == 12  # the small cells are hidden
    assert fi["protected"].all(), fi[~fi["protected"]]
