"""mend48: ``claims.calibration_by_criteria`` counted the quarters whose single point estimate
has no Monte Carlo SE twice, into a temporary ``_unjudged`` column: from the point summary for
every row, then again from ``issue14_criteria`` for the matched rows, overwriting the first. It
now counts them once per row, by the rule each row's ``n_quarters`` counts by (the matched rows
every point quarter, as ``issue14_criteria``; the others those with a coverage, as
``montecarlo.calibration``), and passes them on in ``attrs["n_unjudged"]`` as before; the
table's columns are unchanged.

Data: tests/test_tidy47_unjudged_quarter.py's hand-made rows (one data set, so every quarter
unjudged), the naive intervals at quarter 5 dropped (that quarter then has no coverage: the
naive row does not count it, the matched row does). The expected counts and columns were
computed by the code before the change (commit 798cb33); exact, no tolerance.
"""
from __future__ import annotations

import inspect

import numpy as np
from test_tidy47_unjudged_quarter import _rows

from mia_helpers import claims

COLUMNS = ["measure", "estimand", "estimator", "n_quarters", "quarters_bias_ok",
           "quarters_coverage_ok", "max_abs_z", "mean_bias", "coverage_min", "coverage_max",
           "point_estimates", "bound_estimates", "bound_quarters", "bound_quarters_ok",
           "bound_coverage"]


def test_each_row_counts_by_its_own_rule():
    rows = _rows(6, 1)
    no_ci = (rows["estimator"] == "naive") & (rows["quarter_since_start"] == 5)
    rows.loc[no_ci, ["ci_low", "ci_high"]] = np.nan
    t = claims.calibration_by_criteria(rows)
    assert list(t["estimator"]) == ["matched", "naive"]
    assert list(t["n_quarters"]) == [5, 4]
    assert t.attrs["n_unjudged"] == [5, 4]
    assert list(t.columns) == COLUMNS


def test_one_count_no_temporary_column():
    src = inspect.getsource(claims.calibration_by_criteria)
    assert "\"_unjudged\"" not in src  # the temporary column
    assert src.count("replications\"] < 2") == 1
