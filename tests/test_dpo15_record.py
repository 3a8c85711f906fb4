"""The checking record lists the cells of published tables only (DPO session 15).

Chapter 4's caliper exercise counted a hidden helper cell (``_matched``, the support table's
starters minus the dropped) that its published table does not hold, and chapter 2's record
listed as "narrowed" the remainders (persons minus events) of the by-sex events, which no
table publishes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg
from mia_helpers.disclosure import checking_record, reset_record, suppress
from mia_helpers.effect_tables import caliper_table

MIN_CELL = 10


def _entry(name: str) -> pd.Series:
    rec = checking_record()
    return rec[rec["output"] == name].iloc[-1]


def test_caliper_record_counts_only_published_cells():
    support = suppress(pd.DataFrame({"measure": ["training"], "n_treated": [100],
                                     "n_dropped": [40]}),
                       count_cols=["n_treated", "n_dropped"], min_cell=MIN_CELL, name="support")
    rows = pd.DataFrame({"caliper": [0.1, 0.2], "n_dropped": [95, 60], "n_treated_q5": [3, 35],
                         "att_pp_q5": [1.0, 2.0]})
    p = caliper_table(rows, support, "training", min_cell=MIN_CELL,
                      value_cols={"att_pp_q5": "n_treated_q5"})
    assert "_matched" not in p.data.columns  # the helper is not published
    entry = _entry("caliper exercise")
    shown_hidden = int((p.reason != "").to_numpy().sum())
    assert shown_hidden > 0  # the first caliper's 5 matched (100 - 95) hide cells: not vacuous
    assert entry["hidden"] == shown_hidden
    assert entry["columns"] == p.data.shape[1]


def _fake_by_sex() -> dict:
    """Two sexes, one event, two cells: women of cell A are 25 with 22 events (3 without an
    event), a count of events no table publishes."""

    class Fit:
        def tidy(self, level: float = 0.95) -> pd.DataFrame:
            terms = [f"{hz.KEY}[{g}]" for g in ("maghreb:second", "turkish:second")]
            return pd.DataFrame({"term": terms, "estimate": -0.3, "se": 0.1,
                                 "ci_low": -0.5, "ci_high": -0.1,
                                 "exp_estimate": np.exp(-0.3), "identified": True,
                                 "df_resid": 1000})

    def periods(sizes: dict[str, tuple[int, int]]) -> pd.DataFrame:
        frames = [pd.DataFrame({"person_id": [f"{g}{i}" for i in range(n)], hz.KEY: g,
                                "event": np.arange(n) < e}) for g, (n, e) in sizes.items()]
        return pd.concat(frames, ignore_index=True)

    sizes = {"female": {"maghreb:second": (25, 22), "turkish:second": (60, 30)},
             "male": {"maghreb:second": (40, 20), "turkish:second": (70, 35)}}
    return {sex: {"fits": {"job": {"M0": Fit()}}, "periods": {"job": periods(s)}}
            for sex, s in sizes.items()}


def test_gaps_by_sex_record_no_remainder_of_unpublished_events():
    reset_record()
    gaps = sg.gap_table(_fake_by_sex(), min_cell=MIN_CELL)
    entry = _entry("origin gaps by sex")
    assert not entry["narrowed"], entry["narrowed"]
    assert entry["status"] != "fail"
    # the few persons without an event still hide the women's estimate (cell rules)
    w = gaps[(gaps["sex"] == "female") & (gaps["group"] == "maghreb:second")]
    assert w["estimate"].eq("x").all()
    # the record counts no cell of the unpublished count columns (displayed: estimates only)
    values = gaps[["estimate", "se", "ci_low", "ci_high", "exp_estimate"]]
    assert entry["hidden"] == int(values.isin(["x", "<10"]).to_numpy().sum()) > 0


def test_unknown_counts_are_free_in_the_audit_and_out_of_the_record():
    table = pd.DataFrame({"n_persons": [25, 60], "n_events": [22, 30], "estimate": [0.1, 0.2]})
    rules = dict(count_cols=["n_persons", "n_events"], min_cell=MIN_CELL,
                 value_cols=["estimate"], relations=[("n_persons", ["n_events"], False)])
    reset_record()
    suppress(table, name="as before", **rules)
    before = _entry("as before")
    suppress(table, name="events unknown", unknown_to_reader=["n_events"], **rules)
    after = _entry("events unknown")
    # the same cells hidden (the rule on persons without an event stays) ...
    assert before["complement"] == 1 and after["complement"] == 0
    assert after["derived"] == before["derived"] == 1
    # ... but the events column is not in the record
    assert after["columns"] == 2 and after["count_cols"] == ["n_persons"]
    with pytest.raises(ValueError, match="unknown_to_reader"):
        suppress(table, unknown_to_reader=["estimate"], **rules)
    with pytest.raises(ValueError, match="shown_rows"):
        suppress(table, shown_rows=[True], **rules)
    suppress(table, name="first row shown", shown_rows=[True, False], **rules)
    assert _entry("first row shown")["rows"] == 1
