"""Forty-second session (found by try44 in session 41; fingerprinted code, matching.py):

- (D1) a callable ``at_risk`` returning a Series in another index order is aligned by label,
  as pandas aligns (it was read by position, silently); a Series with other labels is refused;
- (D2) an exception inside a callable and (D3) a text rule pandas cannot evaluate reach the
  user as a ``ValueError`` naming the treatment and the field (the original is chained);
- (D4) a callable ``pool_exclude`` gets ``_eval_rule``'s message, not a ``TypeError`` from
  the column lookup;
- (D5) with ``population`` set, a sorted panel (the no-copy path) checks the rule only in the
  population's rows, so a column missing among residents does not refuse a newcomer spec,
  and gives the risk sets the unsorted panel and the population's own rows give;
- the text rule ``"True"`` holds for every row (the message was "() values"); a callable
  returning one value is refused, naming it; a nullable ``boolean`` column without missing
  values is accepted (it was refused as "object values");
- the stored ``later_start_at_risk`` mask is kept per population.

Exact checks (no tolerance)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import matching as M


def _frame():
    return pd.DataFrame({"registered": [True, False, True, True],
                         "employed": [False, False, True, True]},
                        index=[10, 11, 12, 13])


def test_a_series_in_another_order_is_aligned_by_label():
    spec = M.TreatmentSpec.measure("x", at_risk=lambda d: (d["registered"] & ~d["employed"])
                                   .iloc[::-1])
    assert M._eval_rule(_frame(), spec, "at_risk").tolist() == [True, False, False, False]


def test_a_series_with_other_labels_is_refused():
    spec = M.TreatmentSpec.measure(
        "x", at_risk=lambda d: (d["registered"] & ~d["employed"]).reset_index(drop=True))
    with pytest.raises(ValueError, match="index labels") as err:
        M._eval_rule(_frame(), spec, "at_risk")
    assert "'x'" in str(err.value) and "at_risk" in str(err.value)


def test_an_array_is_read_in_the_rows_order():
    spec = M.TreatmentSpec.measure("x", at_risk=lambda d: d["registered"].to_numpy())
    assert M._eval_rule(_frame(), spec, "at_risk").tolist() == [True, False, True, True]


def test_an_exception_inside_a_callable_is_named():
    spec = M.TreatmentSpec.measure("basic_training", at_risk=lambda d: d["no_such_column"])
    with pytest.raises(ValueError, match="raised KeyError") as err:
        M._eval_rule(_frame(), spec, "at_risk")
    assert "basic_training" in str(err.value) and "at_risk" in str(err.value)
    assert isinstance(err.value.__cause__, KeyError)


@pytest.mark.parametrize("rule", ["registered &", "registered & ~ (", "registered @@ x"])
def test_a_text_rule_pandas_cannot_evaluate_is_named(rule):
    spec = M.TreatmentSpec.measure("basic_training", pool_exclude=rule)
    with pytest.raises(ValueError, match="cannot be evaluated") as err:
        M._eval_rule(_frame(), spec, "pool_exclude")
    msg = str(err.value)
    assert "basic_training" in msg and "pool_exclude" in msg and repr(rule) in msg


def test_true_holds_for_every_row_and_a_callable_scalar_is_refused():
    spec = M.TreatmentSpec.measure("x", pool_exclude="True")
    assert M._eval_rule(_frame(), spec, "pool_exclude").tolist() == [True] * 4
    spec = M.TreatmentSpec.measure("x", at_risk=lambda d: True)
    with pytest.raises(ValueError, match=r"one value \(True\) for 4 panel rows"):
        M._eval_rule(_frame(), spec, "at_risk")
    spec = M.TreatmentSpec.measure("x", pool_exclude="3")
    with pytest.raises(ValueError, match=r"one value \(3\)"):
        M._eval_rule(_frame(), spec, "pool_exclude")


def test_a_nullable_boolean_column_without_missing_values_is_accepted():
    df = _frame().assign(flag=pd.array([True, False, False, True], dtype="boolean"))
    spec = M.TreatmentSpec.measure("x", pool_exclude="flag")
    assert M._eval_rule(df, spec, "pool_exclude").tolist() == [True, False, False, True]


@pytest.fixture(scope="module")
def newcomer_panel():
    from mia_helpers import newcomers as nc
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    full = load_panel(ensure_data(residents=3000, newcomers=1500))
    new_rows = nc.newcomer_panel(full)
    # the residents' rows beside them: the newcomer columns False (flags) or missing
    res = full[full["sample"].eq("resident")]
    extra = {c: (False if new_rows[c].dtype == bool else np.nan)
             for c in new_rows.columns if c not in res.columns}
    panel = pd.concat([new_rows, res.assign(**extra)[list(new_rows.columns)]])
    panel = panel.sort_values(["person_id", "quarter"], ignore_index=True)
    new = panel["sample"].eq("newcomer")
    assert new.any() and (~new).any()
    # a flag recorded for newcomers only: missing among residents
    flag = pd.array(np.where(new, panel["quarter"].to_numpy() % 3 == 0, False),
                    dtype="boolean")
    flag[~new.to_numpy()] = pd.NA
    spec = nc.newcomer_specs(["inburgering"])["inburgering"]
    return panel.assign(flag=flag), spec.with_(pool_exclude="flag")


def test_a_callable_pool_exclude_gets_the_rule_message(newcomer_panel):
    panel, spec = newcomer_panel
    spec = spec.with_(pool_exclude=lambda d: d["flag"])
    assert M.panel_reads(spec, list(panel.columns)) is not None
    with pytest.raises(ValueError, match="pool_exclude=.*must be a boolean expression in text"):
        M.risk_sets(panel, spec)


def test_the_population_rule_is_read_only_in_the_population(newcomer_panel):
    panel, spec = newcomer_panel
    assert spec.population == "newcomer"
    sorted_rows = M.risk_sets(panel, spec)  # the no-copy path
    own = M.risk_sets(panel[panel["sample"].eq("newcomer")].reset_index(drop=True), spec)
    shuffled = M.risk_sets(panel.sample(frac=1.0, random_state=1), spec)
    assert len(sorted_rows) > 0
    pd.testing.assert_frame_equal(sorted_rows.reset_index(drop=True),
                                  shuffled.reset_index(drop=True))
    # the population's own rows: the same rows (person_row counts in another panel's arrays)
    pd.testing.assert_frame_equal(sorted_rows.drop(columns="person_row").reset_index(drop=True),
                                  own.drop(columns="person_row").reset_index(drop=True))
    # the excluded rows are the newcomers' flagged non-starting rows
    without = M.risk_sets(panel, spec.with_(pool_exclude=None))
    assert len(without) > len(sorted_rows)


def test_the_later_start_mask_is_kept_per_population():
    a = M.TreatmentSpec.measure("x", later_start_at_risk="registered", population="newcomer")
    b = a.with_(population="resident")
    assert M.later_start_key(a) != M.later_start_key(b)
