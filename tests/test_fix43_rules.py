"""Fortieth session (user43's findings in fingerprinted code):

- where the twins' Kaplan-Meier rests on fewer than ``min_persons`` effective twins, the
  matched "now versus never" interval is the worst case [100 (m1 - 1), 100 m1] at *every* such
  horizon, also where positivity fails there too (it was only widened by the unsupported
  share there, narrower than what the docs promise);
- ``min_persons`` must be finite;
- a spec's text rules (``at_risk``, ``pool_exclude``, ``later_start_at_risk``) that name a
  missing column or give values other than True/False are refused naming the field (a
  misspelt column gave pandas' bare "name ... is not defined"; a count was read as a flag).

Exact checks on a drawn design (no tolerance beyond float rounding)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from drawn_designs import risk_set_design
from test_never41_few_controls import _curves  # effect_curves with its warnings

from mia_helpers import effects as ef
from mia_helpers import matching as M


def test_few_twins_give_the_worst_case_also_where_positivity_fails():
    # seed 4, start intercept 0: positivity fails at horizons 4-6 (shares 0.08-0.30) and
    # every horizon from 2 on rests on fewer than 50 effective twins
    ea, oa = risk_set_design(np.random.default_rng(4), 400, 6, start_periods=3,
                             start_intercept=0.0, reg_until=2, with_pairs=True)
    c0, _ = _curves(ea, oa, min_persons=0)
    thr = 50.0
    few = c0["effective_controls"] < thr
    both = few & (c0["unsupported"] > 0)
    assert both.any() and (few & ~both).any(), (c0["unsupported"], c0["effective_controls"])
    c, msgs = _curves(ea, oa, min_persons=thr)
    np.testing.assert_allclose(c["lo"][few], 100 * (c["m1"][few] - 1))
    np.testing.assert_allclose(c["hi"][few], 100 * c["m1"][few])
    # narrower than that without the rule: the positivity widening alone is 100 x share
    assert (c0["hi"][both] - c0["lo"][both] < c["hi"][both] - c["lo"][both]).all()
    np.testing.assert_array_equal(c["unsupported"], c0["unsupported"])  # positivity share
    assert not c["point_identified"][few].any()
    few_msg = [m for m in msgs if "effective twins" in m]
    assert len(few_msg) == 1
    for k in np.flatnonzero(both) + 1:
        assert str(k) in few_msg[0].split("effective twins")[0], few_msg


@pytest.mark.parametrize("bad", [float("inf"), float("-inf")])
def test_min_persons_must_be_finite(bad):
    ea, oa = risk_set_design(np.random.default_rng(0), 200, 4, start_periods=2,
                             start_intercept=-1.5, reg_until=3, with_pairs=True)
    with pytest.raises(ValueError, match="min_persons.*finite"):
        ef.effect_curves(ea, oa, ("now_vs_never",), interval="linearized", min_persons=bad)


def _frame():
    return pd.DataFrame({"registered": [True, False, True], "employed": [False, False, True],
                         "since_arrival": [0, 3, 5]})


@pytest.mark.parametrize("field", ["at_risk", "pool_exclude", "later_start_at_risk"])
@pytest.mark.parametrize("expr, what", [
    ("registred & ~employed", "lacks"),
    ("since_arrival", "int64 values"),
    (5, "expression in text"),
])
def test_text_rules_are_checked(field, expr, what):
    spec = M.TreatmentSpec.measure("workplace_learning_ibo", **{field: expr})
    with pytest.raises(ValueError, match=field) as err:
        M._eval_rule(_frame(), spec, field)
    assert what in str(err.value) and "workplace_learning_ibo" in str(err.value)


def test_a_boolean_rule_passes_unchanged():
    spec = M.TreatmentSpec.measure("workplace_learning_ibo",
                                   later_start_at_risk="registered & (since_arrival >= 3)")
    got = M._eval_rule(_frame(), spec, "later_start_at_risk")
    assert got.dtype == bool and got.tolist() == [False, False, True]
