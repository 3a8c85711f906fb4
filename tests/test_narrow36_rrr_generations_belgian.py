"""Chapter 3's RRR table on a small extract (narrow36; seed 2005, 300 residents, 100
newcomers, ``min_cell`` 10): an outcome whose other origins are all small and whose
generations the composition withholds in vain (manual vacancy referral, 33 persons of other
origins in 18 cells, 15 small and 3 zeros of small cells) stayed narrowed against the
generations' totals and markers; another (IBO) against its hidden origins' known total.
``export-check`` refused the run. The composition table now withholds the outcome's Belgian
share (and the natives', its twin) where that frees them."""

import pytest

from mia_helpers import competing as cr
from mia_helpers import disclosure

MIN_CELL = 10


@pytest.fixture(scope="module")
def cd():
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    return cr.competing_data(load_panel(ensure_data(seed=2005, residents=300, newcomers=100,
                                                    truth=False)))


def test_no_rrr_cell_is_narrowed_on_a_small_extract(cd):
    disclosure.reset_record()
    w = cr.composition_withheld(cd, MIN_CELL)
    comp = cr.profile_table(cd, min_cell=MIN_CELL, withhold=w)
    t = cr._cell_persons(cd).assign(exp_estimate=1.5, exp_ci_low=1.0, exp_ci_high=2.0)
    rrr = cr.suppress_cell_rrr(t, MIN_CELL, comp, group_persons=cr.persons_by_cell(cd))
    rec = disclosure.checking_record()
    mine = rec[rec["output"].str.startswith("inflow cell rrr")]
    assert len(mine) >= 1
    assert mine["narrowed"].map(len).sum() == 0, mine[["output", "narrowed"]].to_string()
    assert (rrr.reason["n_persons"] == "primary").any()  # small cells there are
    # where the Belgian share is withheld, so is the natives' (its twin)
    c = comp.data
    for o in c["outcome"].unique():
        mine = c[(c["outcome"] == o)]
        bel = mine[(mine["variable"] == "origin") & (mine["value"] == "belgian")]
        nat = mine[(mine["variable"] == "generation") & (mine["value"] == "native")]
        bel, nat = bel["n_persons"].isna().all(), nat["n_persons"].isna().all()
        assert bel == nat, o
