"""Forty-first session (found in session 40, fingerprinted code):

- a callable ``at_risk`` is checked as a text rule is: a count, 0/1 integers or another
  length are refused naming the treatment (a count was read as "at risk wherever not 0",
  silently; try43);
- a True/False column with missing values is refused with a remedy that fits that case
  (fill the missing values), not "write a comparison";
- ``long_panel`` reads the ``later_start_at_risk`` mask that ``store_later_start_mask``
  keeps (the rule is evaluated once), with the same values as evaluating it row by row.

Exact checks (no tolerance)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import matching as M


def _frame():
    return pd.DataFrame({"registered": [True, False, True], "employed": [False, False, True],
                         "since_arrival": [0, 3, 5]})


def _count(df):
    return df["since_arrival"].to_numpy()


def _short(df):
    return np.ones(len(df) - 1, bool)


@pytest.mark.parametrize("rule, what", [(_count, "int64 values"), (_short, "(2,) values")])
def test_a_callable_at_risk_is_checked(rule, what):
    spec = M.TreatmentSpec.measure("workplace_learning_ibo", at_risk=rule)
    with pytest.raises(ValueError, match="at_risk") as err:
        M._eval_rule(_frame(), spec, "at_risk")
    msg = str(err.value)
    assert what in msg and "workplace_learning_ibo" in msg and "callable" in msg


def test_a_boolean_callable_passes_unchanged():
    spec = M.TreatmentSpec.measure("x", at_risk=lambda d: (d["registered"] & ~d["employed"]))
    got = M._eval_rule(_frame(), spec, "at_risk")
    assert got.dtype == bool and got.tolist() == [True, False, False]


@pytest.mark.parametrize("dtype", ["boolean", object])
def test_a_flag_with_missing_values_is_told_to_fill_them(dtype):
    df = _frame().assign(flag=pd.array([True, None, False], dtype=dtype))
    spec = M.TreatmentSpec.measure("x", pool_exclude="flag")
    with pytest.raises(ValueError, match="pool_exclude") as err:
        M._eval_rule(df, spec, "pool_exclude")
    msg = str(err.value)
    assert "missing in 1 of 3" in msg and "fillna(False)" in msg
    assert "write a comparison" not in msg


def test_a_count_is_still_told_to_write_a_comparison():
    spec = M.TreatmentSpec.measure("x", pool_exclude="since_arrival")
    with pytest.raises(ValueError, match="write a comparison"):
        M._eval_rule(_frame(), spec, "pool_exclude")


def test_long_panel_reads_the_stored_later_start_mask():
    from mia_helpers import newcomers as nc
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    panel = nc.newcomer_panel(load_panel(ensure_data(residents=3000, newcomers=1500)))
    spec = nc.newcomer_specs(["inburgering"])["inburgering"]
    assert spec.later_start_at_risk is not None
    data, _, eff = M.long_panel(panel, spec)
    assert eff["start_at_risk"] == "later_start_at_risk"
    # the same values as the rule evaluated on the panel rows, where the clock is set;
    # False on the quarters long_panel adds without a panel row
    rule = M._eval_rule(panel, spec, "later_start_at_risk") \
        & panel[spec.clock_col].notna().to_numpy()
    want = panel.assign(want=rule)[["person_id", "quarter", "want"]]
    got = data.merge(want, on=["person_id", "quarter"], how="left", validate="one_to_one")
    assert len(got) == len(data)
    np.testing.assert_array_equal(got["later_start_at_risk"].to_numpy(bool),
                                  got["want"].fillna(False).to_numpy(bool))
    assert got["later_start_at_risk"].any() and not got["later_start_at_risk"].all()
