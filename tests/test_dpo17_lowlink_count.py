"""Chapter 6's IBO low-link row against chapter 3's RRR table (DPO review 17).

Chapter 6 publishes the low-link jobseekers with a first IBO inflow (``n_persons`` of the
``ibo_lowlink_rrr`` row). Low-link is a function of the origin x generation cell, and chapter
3's RRR table publishes the same persons cell by cell, hiding a cell below ``min_cell``. With
every low-link cell but one published, chapter 6's count minus chapter 3's published cells
gave the hidden cell's few persons back. The count is now hidden wherever chapter 3 hides one
of the cells it adds up, as chapter 2's counts already were (conclusions.chapter2_counts_hidden).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import competing as cr
from mia_helpers import conclusions as cc


def _cd(counts: dict[str, int]) -> pd.DataFrame:
    """Inflow rows: ``counts[cell]`` persons of the cell with a first IBO inflow, each in one
    row, plus one row without inflow per cell (low-link as competing._derived sets it)."""
    rows, pid = [], 0
    for cell, n in counts.items():
        o, g = cell.split(":")
        low = float(o in ("maghreb", "turkish", "subsaharan", "other_non_eu")
                    or (o == "southern_eu" and g != "second"))
        for _ in range(n):
            rows.append({cr.KEY: cell, "low_link": low, "outcome": 3,
                         "outcome_label": "workplace_learning_ibo", "person_id": pid})
            pid += 1
        rows.append({cr.KEY: cell, "low_link": low, "outcome": 0,
                     "outcome_label": "no_inflow", "person_id": pid})
        pid += 1
    return pd.DataFrame(rows)


def test_a_small_low_link_cell_hides_the_sum():
    # chapter 3 publishes maghreb:second (25) and turkish:second (30), hides subsaharan (3):
    # 58 - 25 - 30 = 3 would be the hidden cell
    cd = _cd({"maghreb:second": 25, "turkish:second": 30, "subsaharan:intermediate": 3,
              "belgian:native": 200, "eastern_eu:first": 2})
    assert cc.chapter3_count_hidden(cd, min_cell=10)
    assert not cc.chapter3_count_hidden(cd, min_cell=3)  # at 3 chapter 3 hides nothing


def test_cells_outside_the_low_link_sum_or_empty_do_not_hide_it():
    # a small non-low-link cell (eastern EU, southern-EU second generation) and an empty
    # low-link cell (0 is published) are not part of a hidden difference
    cd = _cd({"maghreb:second": 25, "turkish:second": 30, "subsaharan:intermediate": 0,
              "eastern_eu:first": 2, "southern_eu:second": 4, "belgian:native": 200})
    assert not cc.chapter3_count_hidden(cd, min_cell=10)


@pytest.fixture(scope="module")
def panel():
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    return load_panel(ensure_data(seed=2005, residents=800, newcomers=400, truth=False))


def test_chapter6_does_not_publish_the_sum_of_hidden_cells(panel):
    """Seed 2005, 800 residents, 400 newcomers: most low-link cells have fewer than 10
    persons with an IBO inflow, so chapter 3 hides them and chapter 6 must hide the sum."""
    cd = cr.competing_data(panel)
    ev = cd[(cd["outcome_label"].astype(str) == "workplace_learning_ibo").to_numpy()
            & (cd["low_link"].to_numpy() > 0)]
    n = ev.groupby(ev[cr.KEY].astype(str))["person_id"].nunique()
    assert ((n > 0) & (n < 10)).any()  # the data have a cell chapter 3 hides
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hidden = cc.inflow_rows(panel, min_cell=10)["ibo_lowlink_rrr"]
        shown = cc.inflow_rows(panel, min_cell=1)["ibo_lowlink_rrr"]
    assert hidden.get("persons_hidden") is True
    assert "persons_hidden" not in shown
    rows = {k: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 2.0, "n_persons": 100}
            for k in (f.key for f in cc.STUDY_FINDINGS)}
    rows["ibo_lowlink_rrr"] = hidden
    table = cc.findings_table(rows, synthetic=False, min_cell=10)
    row = table[table["key"] == "ibo_lowlink_rrr"].iloc[0]
    assert pd.isna(row["n_persons"])
    assert np.isfinite(row["estimate"])  # the estimate stands (chapter 3 shows it too)
    assert cc.PERSONS_HIDDEN in row["note"]
