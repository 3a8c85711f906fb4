"""dpo24: chapter 1's register overview published a register's raw first and last quarter,
the quarter of its most extreme record. Seed 3737 (4,000 residents, 1,200 newcomers) with 15
inburgering rows of 4 persons moved to 2020Q1, outside the window: the table read "Last
quarter 2020Q1", a date of 4 persons' records (``min_cell`` 13). The range now ends, as a
histogram's axis does, at the ``min_cell``-th person from either end."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import describe
from mia_helpers.schemas import SPECS


def _registers(tmp_path, quarters: np.ndarray, persons: np.ndarray) -> None:
    for table, spec in SPECS.items():
        qcol = next((c for c in ("quarter", "start_quarter") if c in spec), None)
        d = {"person_id": persons}
        if qcol:
            d[qcol] = quarters
        pd.DataFrame(d).to_parquet(tmp_path / f"{table}.parquet")


def test_a_few_persons_records_do_not_set_the_quarter_range(tmp_path):
    # 40 persons in 2005Q1-2016Q4 (10 of them at each end); 3 persons with 5 rows in 2020Q1
    quarters = np.r_[np.zeros(10), np.full(20, 20), np.full(10, 47), np.full(5, 60)]
    persons = np.r_[np.arange(40), [40, 40, 41, 41, 42]]
    _registers(tmp_path, quarters.astype(np.int16), persons)
    t = describe.register_overview(tmp_path, min_cell=10).data.set_index("register")
    with_q = t[t["first_quarter"].notna()]
    assert len(with_q) and (with_q["first_quarter"] == "2005Q1").all()
    assert (with_q["last_quarter"] == "2016Q4").all(), with_q  # not 2020Q1
    # at min_cell 13 the first end moves inwards (10 persons in 2005Q1, the 13th in 2010Q1);
    # the last end rests on the 3 persons of 2020Q1 and the 10 of 2016Q4: 2016Q4
    t13 = describe.register_overview(tmp_path, min_cell=13).data.set_index("register")
    assert (t13.loc[with_q.index, "first_quarter"] == "2010Q1").all()
    assert (t13.loc[with_q.index, "last_quarter"] == "2016Q4").all()


def test_fewer_persons_than_min_cell_show_no_range(tmp_path):
    _registers(tmp_path, np.arange(8, dtype=np.int16), np.arange(8))
    t = describe.register_overview(tmp_path, min_cell=10).data
    assert t["first_quarter"].isna().all() and t["last_quarter"].isna().all()
