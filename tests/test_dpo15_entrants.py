"""Chapter 2's risk-set table: the persons with a first job but no first stable job are a
count of persons too (DPO session 15). A first stable job is a first job, so the persons
with a first stable job are among those with a first job, and the two published counts
differ by the school leavers who found a job but no stable one. Seed 2005, 3,000 residents,
``min_cell`` 10 published 25 and 21 eastern EU intermediate school leavers (4 persons), 28 and
19 southern EU intermediate (9), 14 and 11 sub-Saharan intermediate (3)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import hazard as hz
from mia_helpers.disclosure import checking_record

MIN_CELL = 10


def _periods(cells: dict[str, tuple[int, int, int]]) -> dict[str, pd.DataFrame]:
    """One person-period per person; per cell (persons, with a first job, with a first stable
    job), the stable-job entrants among the job entrants; both risk sets hold everyone."""
    job, stable = [], []
    for g, (n, e_job, e_stable) in cells.items():
        ids = [f"{g}#{i}" for i in range(n)]
        job.append(pd.DataFrame({"person_id": ids, hz.KEY: g, "event": np.arange(n) < e_job}))
        stable.append(pd.DataFrame({"person_id": ids, hz.KEY: g,
                                    "event": np.arange(n) < e_stable}))
    return {"job": pd.concat(job, ignore_index=True),
            "stable": pd.concat(stable, ignore_index=True)}


def test_job_entrants_minus_stable_entrants_is_not_a_small_count():
    levels = hz.origin_generation_levels()
    cells = {g: (80, 40, 25) for g in levels}
    cells[levels[0]] = (500, 300, 200)
    cells["eastern_eu:intermediate"] = (60, 28, 21)  # 7 with a job but no stable one
    t = hz.risk_set_table(_periods(cells), min_cell=MIN_CELL)
    job = pd.to_numeric(t.data["n_entered_job"], errors="coerce")
    stable = pd.to_numeric(t.data["n_entered_stable"], errors="coerce")
    diff = (job - stable).dropna()
    assert not ((diff > 0) & (diff < MIN_CELL)).any(), diff
    # the cell's other counts stay: only what the difference needs is hidden
    row = t.data.loc["eastern_eu:intermediate"]
    assert row["n_persons_job"] == 60 and row["n_persons_stable"] == 60
    assert pd.isna(row["n_entered_job"]) or pd.isna(row["n_entered_stable"])
    assert checking_record()["status"].iloc[-1] != "fail"


def test_entrants_not_nested_declare_no_relation():
    """Stable entrants outside the job entrants (not the book's events): no relation, the
    difference is not a count of persons and nothing more is hidden."""
    levels = hz.origin_generation_levels()
    cells = {g: (80, 40, 25) for g in levels}
    per = _periods(cells)
    # shift the stable entrants of one cell to persons without a first job
    g = "eastern_eu:intermediate"
    rows = per["stable"][hz.KEY] == g
    per["stable"].loc[rows, "event"] = np.arange(rows.sum()) >= 80 - 35
    t = hz.risk_set_table(per, min_cell=MIN_CELL)
    assert t.data.loc[g, ["n_entered_job", "n_entered_stable"]].notna().all()
