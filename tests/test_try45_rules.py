"""Forty-second session, try45: the rule fixes of ace6e19 (matching._eval_rule/_rule_values,
session 42) tried as a new user would, through risk_sets, long_panel, match and
stream_effects.

Found (each a test below; the matching.py ones were strict xfails, commit 7e7f917, until
their mend, the last commit of branch try45, since matching.py is fingerprinted):

- (T1) a True/False column of object dtype (what ``pd.concat`` makes of a bool column that
  one population lacks, and what the advised ``fillna(False)`` keeps) is negated by ``~`` as
  Python negates a bool, ``~True == -2``, which is truthy: ``registered & ~flag`` silently
  ignores ``~flag`` (2,229 instead of 1,231 risk-set rows for the inburgering spec below);
- (T2) on a sorted panel a text rule is still evaluated on every row, so a rule pandas
  cannot evaluate in the other population's rows refuses the spec, while the shuffled panel
  (evaluated on the population's rows only) accepts it: the two paths differ;
- (T3) the stored ``later_start_at_risk`` mask is keyed by population and rule but not by
  the clock, although the mask holds only rows where the clock is set: a second spec with
  another clock sharing the PanelArrays gets the first spec's mask;
- (T4) a callable's Series on an index with duplicated labels, in another order, is refused
  (rightly: pandas cannot align it) with a message saying its labels are not the panel's;
- (T5) ``pool_exclude`` of blanks only is refused as "one value (None)" while ``""`` is no rule;
- (T6) stream_effects reads only the default panel columns, so a rule naming a column that
  ``panel.parquet`` holds (``in_measure``) was refused as "a column the panel lacks".

Held (no test needed beyond test_fix45_rules.py): Series with extra or missing labels,
MultiIndex frames (aligned by label; another level set refused), numpy arrays of the wrong
length or shape, pd.NA / 'boolean' NA in the other population's rows through the sorted and
the shuffled risk_sets, long_panel and dynamic_effects (the same rows), a callable returning a
'boolean' Series with NA outside the population, ``pool_exclude=""`` (no rule) and a numpy
array (refused: not text). The numexpr engine is not installed in the venv: engine
differences were not tried.

Exact checks (no tolerance)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import matching as M


@pytest.fixture(scope="module")
def data_dir():
    from mia_helpers.data import ensure_data

    return ensure_data(residents=3000, newcomers=1500)


@pytest.fixture(scope="module")
def mixed(data_dir):
    """Newcomer rows beside the residents' as ``pd.concat`` joins them: the newcomer-only
    True/False columns become object columns, missing among residents; and the spec of the
    inburgering contract."""
    from mia_helpers import newcomers as nc
    from mia_helpers.panel import load_panel

    full = load_panel(data_dir)
    new_rows = nc.newcomer_panel(full)
    res = full[full["sample"].eq("resident")]
    panel = pd.concat([new_rows, res[[c for c in new_rows.columns if c in res.columns]]])
    panel = panel.sort_values(["person_id", "quarter"], ignore_index=True)
    assert panel["obligated"].dtype == object
    return panel, nc.newcomer_specs(["inburgering"])["inburgering"]


def _own(panel: pd.DataFrame, **dtypes) -> pd.DataFrame:
    """The newcomers' own rows, with the given column dtypes."""
    return panel[panel["sample"].eq("newcomer")].astype(dtypes).reset_index(drop=True)


def _rows(rs: pd.DataFrame) -> pd.DataFrame:
    return rs.drop(columns="person_row").reset_index(drop=True)


def test_an_object_true_false_column_is_negated_as_a_flag(mixed):
    panel, base = mixed
    spec = base.with_(at_risk=base.at_risk + " & ~obligated")
    ref = M.risk_sets(_own(panel, obligated=bool), spec)
    assert 0 < len(ref) < len(M.risk_sets(_own(panel, obligated=bool), base))
    filled = panel.assign(obligated=panel["obligated"].fillna(False))  # the advised fill
    assert filled["obligated"].dtype == object
    for p in (panel.sample(frac=1.0, random_state=1), filled,
              filled.sample(frac=1.0, random_state=1)):
        pd.testing.assert_frame_equal(_rows(M.risk_sets(p, spec)), _rows(ref))
    # the rule alone on a small frame: registered and not flagged
    df = pd.DataFrame({"registered": [True, True, False],
                       "flag": np.array([True, False, False], dtype=object)})
    rule = M.TreatmentSpec.measure("x", pool_exclude="registered & ~flag")
    assert M._eval_rule(df, rule, "pool_exclude").tolist() == [False, True, False]


def test_a_rule_pandas_cannot_evaluate_among_the_others_only(mixed):
    panel, spec = mixed
    new = panel["sample"].eq("newcomer").to_numpy()
    level = np.full(len(panel), "A2", dtype=object)  # a text code among residents
    level[new] = (panel["quarter"].to_numpy()[new] % 4).astype(object)  # ints among newcomers
    p = panel.assign(level=level)
    spec = spec.with_(pool_exclude="level >= 2")
    ref = M.risk_sets(_own(p, level=np.int64), spec)
    shuffled = M.risk_sets(p.sample(frac=1.0, random_state=1), spec)
    pd.testing.assert_frame_equal(_rows(shuffled), _rows(ref))
    pd.testing.assert_frame_equal(_rows(M.risk_sets(p, spec)), _rows(ref))  # sorted
    # the censoring mask of "now versus never" is evaluated on the whole panel in match
    later = spec.with_(pool_exclude=None, later_start_at_risk="since_arrival >= 0 & level < 2")
    arrays = M.panel_arrays(p, [later.start_col, later.outcome_col])
    M.store_later_start_mask(p, later, arrays)
    assert arrays.flags[M.later_start_key(later)].any()


def test_the_later_start_mask_is_kept_per_clock(mixed):
    panel, spec = mixed
    even = panel["quarter"].to_numpy() % 2 == 0
    p = panel.assign(since_arrival_even=panel["since_arrival"].where(even))
    other = spec.with_(clock_col="since_arrival_even")
    flags = [spec.start_col, spec.outcome_col]
    fresh = M.panel_arrays(p, flags)
    M.store_later_start_mask(p, other, fresh)
    shared = M.panel_arrays(p, flags)
    M.store_later_start_mask(p, spec, shared)
    M.store_later_start_mask(p, other, shared)
    own = fresh.flags[M.later_start_key(other)]
    assert own.sum() < shared.flags[M.later_start_key(spec)].sum()  # the clocks differ
    np.testing.assert_array_equal(shared.flags[M.later_start_key(other)], own)


def _reversed(d: pd.DataFrame) -> pd.Series:
    return d["registered"].iloc[::-1]


def test_a_series_on_duplicated_labels_is_refused_naming_them():
    df = pd.DataFrame({"registered": [True, False, True, True]}, index=[0, 0, 1, 1])
    spec = M.TreatmentSpec.measure("x", at_risk=_reversed)
    with pytest.raises(ValueError, match="'x': at_risk=_reversed") as err:
        M._eval_rule(df, spec, "at_risk")
    assert "duplicated" in str(err.value)
    assert "not the panel rows' labels" not in str(err.value)


def test_a_blank_pool_exclude_is_no_rule(mixed):
    panel, spec = mixed
    own = _own(panel)
    pd.testing.assert_frame_equal(M.risk_sets(own, spec.with_(pool_exclude="  ")),
                                  M.risk_sets(own, spec.with_(pool_exclude="")))


def test_stream_reads_the_columns_a_rule_names(data_dir):
    """T6: the streamed engine reads the panel columns its spec's rules name (and its exact
    columns), and gives the in-memory engine's support table and row count."""
    from mia_helpers.effects import estimate_effects
    from mia_helpers.stream import stream_effects

    spec = M.TreatmentSpec.measure("training_basic", pool_exclude="in_measure",
                                   at_risk="registered & ~employed & ~abb_registered")
    panel = M.load_matching_panel(data_dir, [spec], extra_columns=["in_measure",
                                                                  "abb_registered"])
    assert panel["in_measure"].any()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = M.match(panel, spec, min_treated=5)
        ref = estimate_effects(res, estimands=("now_vs_later",), max_quarter=4,
                               progress=False)
        st = stream_effects(data_dir, spec, min_treated=5, estimands=("now_vs_later",),
                            max_quarter=4, chunk_persons=700)
    assert st.n_rows == len(res.rows) < len(M.risk_sets(panel, spec.with_(
        pool_exclude=None, at_risk="registered & ~employed")))
    pd.testing.assert_frame_equal(res.support, st.support[res.support.columns],
                                  check_dtype=False)
    assert (st.tidy["n_treated"].to_numpy() == ref.sort_values(
        ["estimand", "estimator", "quarter_since_start"])["n_treated"].to_numpy()).all()
