"""dpo22: chapter 2's risk sets per cell against chapter 1's school leavers per cell.

Seed 7171, 2,500 residents, chapters 1 and 2 on the synthetic register folder with a window
from 2007Q1, ``min_cell`` 11: chapter 1 publishes every cell's persons and share of school
leavers (53 Sub-Saharan residents of the intermediate generation, 54.7 %: 29 school leavers),
chapter 2 the cell's school leavers at risk (27), so 2 of them left school before the window
(7 Turkish of the intermediate generation, 10 of the second, 2 Other non-EU second...)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard as hz

MIN_CELL = 11
CELLS = {"belgian:native": (565, 700), "maghreb:second": (58, 83),
         "subsaharan:intermediate": (27, 29), "turkish:second": (34, 44)}


def _periods() -> dict[str, pd.DataFrame]:
    rows, pid = [], 0
    for cell, (n, _) in CELLS.items():
        for i in range(n):
            rows.append((cell, pid, int(i % 3 == 0)))
            pid += 1
    pp = pd.DataFrame(rows, columns=[hz.KEY, "person_id", "event"])
    return {"job": pp, "stable": pp.assign(event=(pp["person_id"] % 4 == 0).astype(int))}


def _leavers() -> pd.Series:
    return pd.Series({cell: lv for cell, (_, lv) in CELLS.items()})


def test_persons_register_gives_the_school_leavers_per_cell():
    persons = pd.DataFrame({"origin": ["maghreb", "maghreb", "turkish"],
                            "generation": ["second", "second", "second"],
                            "school_leaving_quarter": [3.0, np.nan, 7.0]})
    assert hz.school_leavers_by_cell(persons).to_dict() == {"maghreb:second": 1,
                                                            "turkish:second": 1}


def test_risk_sets_hide_a_cell_few_short_of_its_school_leavers():
    plain = hz.risk_set_table(_periods(), min_cell=MIN_CELL).data
    assert plain.loc["subsaharan:intermediate", "n_persons_job"] == 27  # before: 29 - 27 = 2
    got = hz.risk_set_table(_periods(), min_cell=MIN_CELL, leavers=_leavers())
    assert "_leavers" not in got.data.columns
    for cell in ("subsaharan:intermediate", "turkish:second"):  # 2 and 10 short
        row = got.data.loc[cell]
        assert pd.isna(row["n_persons_job"]) and pd.isna(row["n_persons_stable"])
        assert pd.isna(row["job_pct"])  # the share would give the persons back
    assert got.data.loc["maghreb:second", "n_persons_job"] == 58  # 25 short: published


def test_leavers_of_other_data_are_refused():
    with pytest.raises(ValueError, match="more school leavers at risk"):
        hz.risk_set_table(_periods(), min_cell=MIN_CELL, leavers=_leavers() - 20)
