"""Chapter 1 shows quarters as calendar labels (trial19: with ``window_start`` 2006Q3 the
register table's first quarter read "6" under "index counted from 2005Q1", and the positions
figure's axis ran from 6 to 47)."""

import numpy as np
import pandas as pd

from mia_helpers import describe
from mia_helpers.schemas import SPECS


def test_register_overview_gives_calendar_quarters(tmp_path):
    for table, spec in SPECS.items():
        qcol = next((c for c in ("quarter", "start_quarter") if c in spec), None)
        d = {"person_id": np.arange(30) % 25}
        if qcol:
            # 10 persons at each end (dpo24: the range ends at the min_cell-th person)
            d[qcol] = np.r_[np.full(10, 6), np.full(10, 20), np.full(10, 47)]
        pd.DataFrame(d).to_parquet(tmp_path / f"{table}.parquet")
    t = describe.register_overview(tmp_path, min_cell=10).data.set_index("register")
    with_q = t[t["first_quarter"].notna()]
    assert len(with_q) and (with_q["first_quarter"] == "2006Q3").all()
    assert (with_q["last_quarter"] == "2016Q4").all()
    assert t.loc["persons", "first_quarter"] is None or pd.isna(t.loc["persons", "first_quarter"])


def test_positions_figure_runs_in_calendar_years():
    shares = pd.DataFrame({"quarter": np.repeat(np.arange(6, 48), 2), "origin": "belgian",
                           "position_group": ["employed", "student"] * 42, "share": 0.3})
    fig = describe.plot_position_shares(shares)
    x = np.concatenate([line.get_xdata() for line in fig.axes[0].lines if len(line.get_xdata())])
    assert x.min() == 2006.5 and x.max() == 2016.75  # 2006Q3 .. 2016Q4
    assert "calendar year" in fig._supxlabel.get_text()


def test_year_ticks_stay_inside_the_data():
    assert describe._year_ticks(2006.5, 2016.75) == [2007.0, 2011.0, 2015.0]
    assert describe._year_ticks(2005.0, 2005.75) == [2005.0]
    assert describe._year_ticks(2005.25, 2005.75) == [2005.25]
    assert describe._calendar_tick(2008.0) == "2008"
    assert describe._calendar_tick(2005.5) == "2005Q3"
