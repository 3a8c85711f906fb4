"""dpo22: a count of rows (spells, register rows) beside the persons they belong to.

Spells less persons count the repeated rows, and between one and that many persons have
more than one: a small difference is a small count of persons (seed 7171, 2,500 residents,
400 newcomers, ``min_cell`` 11: chapter 3 published 132 sanction transmissions of 128
persons, so one to four jobseekers were sanctioned in two spells)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.competing import inflow_counts
from mia_helpers.describe import register_overview
from mia_helpers.schemas import SPECS

MIN_CELL = 11


def _spells(outcome: str, persons: int, repeated: int, start: int) -> pd.DataFrame:
    """``persons`` persons with one spell ending in ``outcome``, ``repeated`` of them with a
    second one; one row per spell (its last quarter)."""
    ids = np.arange(start, start + persons)
    rows = [(p, 1) for p in ids] + [(p, 2) for p in ids[:repeated]]
    return pd.DataFrame({"person_id": [r[0] for r in rows], "spell": [r[1] for r in rows],
                         "u": 0, "outcome_label": outcome})


def test_inflow_counts_hide_persons_beside_few_repeated_spells():
    data = pd.concat([_spells("no_inflow", 400, 60, 0), _spells("sanction", 128, 4, 1000),
                      _spells("ibo", 254, 30, 2000)], ignore_index=True)
    plain = inflow_counts(data).set_index("outcome")
    assert plain.loc["sanction", "n_spells"] - plain.loc["sanction", "n_persons"] == 4
    got = inflow_counts(data, min_cell=MIN_CELL).data.set_index("outcome")
    spells, persons = got["n_spells"], got["n_persons"]
    # the reader may not learn spells - persons where it lies in 1..min_cell-1
    both = spells.notna() & persons.notna()
    diff = (spells[both] - persons[both]).astype(int)
    assert not ((diff > 0) & (diff < MIN_CELL)).any(), got
    assert pd.isna(persons["sanction"]) and spells["sanction"] == 132
    assert persons["ibo"] == 254  # 30 repeated spells: published


def test_register_overview_hides_persons_beside_few_repeated_rows(tmp_path):
    rng = np.random.default_rng(1)
    n_persons = 300
    for table, spec in SPECS.items():
        ids = np.arange(n_persons)
        if table == "wse_permits":  # 3 persons with a second permit
            ids = np.concatenate([ids[:150], ids[:3]])
        elif table != "persons":
            ids = np.repeat(ids, 3)
        frame = pd.DataFrame({"person_id": ids.astype("int64")})
        for col in ("quarter", "start_quarter"):
            if col in spec:
                frame[col] = rng.integers(0, 48, len(ids)).astype("int64")
        frame.to_parquet(tmp_path / f"{table}.parquet")
    got = register_overview(tmp_path, min_cell=MIN_CELL).data.set_index("register")
    assert got.loc["wse_permits", "rows"] == 153
    assert pd.isna(got.loc["wse_permits", "persons"])
    assert got.loc["persons", "persons"] == n_persons  # rows == persons: nothing to hide
    assert got.loc["vdab_measures", "persons"] == n_persons
