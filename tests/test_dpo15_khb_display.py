"""Chapter 2 on a small extract (DPO session 15): when no sex and event can be decomposed
(seed 2005, 800 residents, ``min_cell`` 20), the KHB table by sex is empty and the chapter
failed ("table 'tbl-leavers-sex-khb' has no rows to publish"); the display now says so in
one row."""

from __future__ import annotations

import pandas as pd

from mia_helpers import labels
from mia_helpers import subgroups as sg


def test_empty_khb_table_by_sex_displays_one_row_saying_so():
    empty = pd.DataFrame(columns=["sex", "event", "group", "gap", "explained", "explained_se",
                                  "share_pct", "naive_share_pct", "note", "n_persons",
                                  "n_events"])
    d = sg.khb_display(empty)
    assert len(d) == 1 and d["note"].iat[0] == sg.NOTHING_DECOMPOSED
    assert d.drop(columns="note").isna().all(axis=None)  # no number in the row
    md = labels.table_markdown(d, "KHB by sex.", "tbl-x", decimals={"gap": 2})
    assert sg.NOTHING_DECOMPOSED in md.data


def test_non_empty_khb_table_by_sex_displays_its_rows():
    t = pd.DataFrame({"sex": ["female"], "event": ["job"], "group": ["maghreb:second"],
                      "gap": [-0.5], "explained": [-0.2], "share_pct": [40.0],
                      "n_persons": [50], "note": [""]})
    d = sg.khb_display(t)
    assert len(d) == 1 and d["explained_part"].iat[0] == -0.2
