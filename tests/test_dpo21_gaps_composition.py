"""Chapter 3's gap table against the composition table's origin totals (dpo21: seed 5757,
2,500 residents, 1,000 newcomers, min_cell 15: Sub-Saharan origin held 10.5 % of vocational
training's 325 spells, 34, and the gap table showed 21 persons of its first generation, so its
two hidden generations held at most 13 together, in fact 2 and 11)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import competing as cr
from mia_helpers.disclosure import Protected, suppress

VOC = "training_vocational"


def _composition(spells: dict[str, int], total: int) -> Protected:
    rows = [{"outcome": VOC, "variable": "origin", "value": o, "n_inflows": k,
             "n_persons": k, "share": round(100 * k / total, 1)} for o, k in spells.items()]
    return suppress(pd.DataFrame(rows), count_cols=["n_inflows", "n_persons"], min_cell=15,
                    value_cols={"share": "n_inflows"}, name="test composition")


def _gaps(persons: dict[str, int]) -> Protected:
    rows = [{cr.KEY: k, "outcome": VOC, "n_inflow_persons": n, "raw_gap": 0.5}
            for k, n in persons.items()]
    return suppress(pd.DataFrame(rows), count_cols=["n_inflow_persons"], min_cell=15,
                    name="test gaps")


def test_a_shown_cell_that_bounds_the_hidden_generations_is_hidden():
    comp = _composition({"subsaharan": 34, "belgian": 291}, 325)
    gaps = _gaps({"subsaharan:first": 21, "subsaharan:intermediate": 2,
                  "subsaharan:second": 11})
    assert gaps.data["n_inflow_persons"].notna().sum() == 1  # 21 shown: 34 - 21 = 13 < 15
    out = cr.gaps_against_composition(gaps, comp, 15)
    assert out.data["n_inflow_persons"].isna().all()
    assert out.reason.loc[0, "n_inflow_persons"] == "complement"
    assert out.data.loc[0, "raw_gap"] == 0.5  # the gap stays
    # 40 spells: the two hidden cells may hold 19, nothing narrowed
    comp = _composition({"subsaharan": 40, "belgian": 285}, 325)
    assert cr.gaps_against_composition(gaps, comp, 15).data.loc[0, "n_inflow_persons"] == 21


def test_a_generation_total_bounds_that_generations_cells_of_all_origins():
    rows = [{"outcome": VOC, "variable": "generation", "value": g, "n_inflows": k,
             "n_persons": k, "share": round(100 * k / 325, 1)}
            for g, k in {"first": 40, "native": 285}.items()]
    comp = suppress(pd.DataFrame(rows), count_cols=["n_inflows", "n_persons"], min_cell=15,
                    value_cols={"share": "n_inflows"}, name="test composition")
    gaps = _gaps({"maghreb:first": 30, "turkish:first": 6, "subsaharan:first": 4})
    out = cr.gaps_against_composition(gaps, comp, 15)  # 40 - 30 = 10 for the other two
    assert out.data["n_inflow_persons"].isna().all()
