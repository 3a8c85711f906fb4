"""Hidden cells narrowed across chapter 3's tables and chapter 2's by-sex checks (narrow24).

dpo24 (seed 3737, 4,000 residents, 1,200 newcomers, min_cell 13): the composition table's
7.5 % of IBO's 441 spells gave Sub-Saharan origin 33 spells; the RRR table hid its first and
second generations as ``x`` (13 or more each) and its intermediate generation as ``<13``
(true 3), so the latter was at most 33 - 26 = 7, and with the gap table's 15 persons of the
second generation at most 33 - 13 - 15 = 5. The numbers below are those cells'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import competing as cr
from mia_helpers import disclosure as D
from mia_helpers import subgroups as sg
from mia_helpers.hazard import CELL_RULES

MIN_CELL = 13
IBO = "workplace_learning_ibo"
#: persons with a first IBO inflow (one spell each) per origin x generation cell; dpo24's
#: Sub-Saharan cells (14, 3, 16: 33 spells) beside cells large enough to be shown
CELLS = {"subsaharan:first": 14, "subsaharan:intermediate": 3, "subsaharan:second": 16,
         "maghreb:first": 30, "maghreb:intermediate": 20, "maghreb:second": 25,
         "turkish:first": 20, "turkish:intermediate": 20, "turkish:second": 20}


def _inflows(cells: dict[str, int], natives: int = 263) -> pd.DataFrame:
    """A :func:`mia_helpers.competing.competing_data`-like frame of inflow rows only: one
    person, one spell, one first inflow into IBO per row."""
    keys = [k for k, n in cells.items() for _ in range(n)] + ["belgian:native"] * natives
    d = pd.DataFrame({cr.KEY: keys, "person_id": np.arange(len(keys)), "u": 2, "outcome": 1,
                      "outcome_label": IBO})
    d["origin"] = d[cr.KEY].str.split(":").str[0]
    d["generation"] = d[cr.KEY].str.split(":").str[1]
    d.attrs["outcomes"] = ["no_inflow", IBO]
    return d


def _rrr_input(cells: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({cr.KEY: list(cells), "outcome": IBO, "n_persons": list(cells.values()),
                         "exp_estimate": 1.5})


def _narrowed(name: str) -> list:
    rec = D.checking_record()
    return [c for lst in rec.loc[rec["output"] == name, "narrowed"] for c in lst]


def test_the_composition_withholds_an_origin_whose_total_narrows_the_rrr_cells():
    d = _inflows(CELLS)
    D.reset_record()
    shown = cr.profile_table(d, ("origin", "generation"), min_cell=MIN_CELL)
    cr.suppress_cell_rrr(_rrr_input(CELLS), MIN_CELL, shown, name="rrr before")
    assert _narrowed("rrr before")  # the old order: 33 - 14 - 16 leaves the 3 in [1, 7]
    withheld = cr.composition_withheld(d, MIN_CELL)
    assert "subsaharan" in withheld[IBO]
    comp = cr.profile_table(d, ("origin", "generation"), min_cell=MIN_CELL, withhold=withheld)
    row = (comp.data["variable"] == "origin") & (comp.data["value"] == "subsaharan")
    assert comp.mask.loc[row, "share"].all()
    # the outcome's 100 % is known: one share hidden alone would come back, so another is too
    origins = comp.data["variable"] == "origin"
    assert comp.mask.loc[origins, "share"].sum() >= 2
    rrr = cr.suppress_cell_rrr(_rrr_input(CELLS), MIN_CELL, comp, name="rrr after")
    assert _narrowed("rrr after") == []
    assert rrr.reason.loc[1, "n_persons"] == "primary"  # the 3 is still hidden


def _gaps(values: dict[str, float], hidden: dict[str, str]) -> D.Protected:
    data = pd.DataFrame({cr.KEY: list(values), "outcome": IBO,
                         "n_inflow_persons": pd.array(list(values.values()), dtype="Int64"),
                         "raw_gap": 0.1})
    reason = pd.DataFrame("", index=data.index, columns=data.columns)
    for i, k in enumerate(values):
        if k in hidden:
            reason.loc[i, "n_inflow_persons"] = hidden[k]
            data.loc[i, "n_inflow_persons"] = pd.NA
    return D.Protected(data, reason, ["n_inflow_persons"], MIN_CELL, "gaps")


def test_the_gap_table_reads_the_rrr_markers_as_bounds():
    """33 spells; the RRR table: first ``x`` (>= 13), intermediate ``<13``, second ``x``; the
    gap table's 15 persons of the second generation within 8 quarters bound the
    intermediate generation to 33 - 13 - 15 = 5: the 15 is hidden."""
    comp_rows = pd.DataFrame({"outcome": IBO, "variable": "origin",
                              "value": ["belgian", "subsaharan"], "n_inflows": [408, 33],
                              "n_persons": [385, 33], "share": [92.5, 7.5]})
    comp = D.Protected(comp_rows, pd.DataFrame("", index=comp_rows.index,
                                               columns=comp_rows.columns),
                       ["n_inflows", "n_persons"], MIN_CELL, "composition")
    keys = ["subsaharan:first", "subsaharan:intermediate", "subsaharan:second"]
    rrr_data = pd.DataFrame({cr.KEY: keys, "outcome": IBO,
                             "n_persons": pd.array([pd.NA] * 3, dtype="Int64")})
    rrr_reason = pd.DataFrame("", index=rrr_data.index, columns=rrr_data.columns)
    rrr_reason["n_persons"] = ["complement", "primary", "complement"]
    rrr = D.Protected(rrr_data, rrr_reason, ["n_persons"], MIN_CELL, "exp_estimate")
    gaps = _gaps(dict(zip(keys, [14, 3, 15], strict=True)),
                 {"subsaharan:first": "complement", "subsaharan:intermediate": "primary"})
    D.reset_record()
    out = cr.gaps_against_composition(gaps, comp, MIN_CELL, rrr)
    assert out.reason.loc[2, "n_inflow_persons"] == "complement"
    assert out.data.loc[2, "raw_gap"] == 0.1  # the gap itself stays
    # 45 spells: 45 - 13 - 15 = 17 leaves the hidden cell its whole [1, 12]: the 15 stays
    comp.data.loc[1, "n_inflows"] = 45
    assert cr.gaps_against_composition(gaps, comp, MIN_CELL, rrr).data.loc[
        2, "n_inflow_persons"] == 15


def test_the_by_sex_check_treats_events_by_sex_as_unpublished():
    """A by-sex cell of 20 persons and 14 events: its 6 persons without a first job would be
    narrowed to [0, 7] if the events (hidden, ``x``) were published anywhere; they are not
    (the by-sex gap table's rules), so the check lists nothing narrowed."""
    t = pd.DataFrame({"sex": ["female", "male"], "group": ["maghreb:second"] * 2,
                      "estimate": [0.1, 0.2], "ci_low": [-0.1, 0.0], "ci_high": [0.3, 0.4],
                      "n_persons": [20, 60], "n_events": [14, 40], "df_resid": [500, 500]})
    D.reset_record()
    sg.published_truth_rows(t, MIN_CELL)
    assert _narrowed("by-sex cells beside the truth") == []
    D.reset_record()
    D.suppress(t, min_cell=MIN_CELL, value_cols=["estimate"], name="as before", **CELL_RULES)
    assert _narrowed("as before")  # the check's old rules: the remainder narrowed
