"""Appendix A's caliper exercise (``ex-matching-caliper``) reads its changes against their
paired Monte Carlo error (teach48).

Found reading Appendix A: the solution glued a verdict from the signs of the changes alone
(:func:`mia_helpers.claims.caliper_reading`: "it pays off here", "the trade in its textbook
form") and then told the student to "read the sizes of these changes against their Monte Carlo
error" without computing that error, though the runs share their seeds, so the paired error is
at hand (as the sensitivity exercise's :func:`exercise_answers.half_loading_sentence` does). At
the smallest Monte Carlo the parameters allow (``exercise_replications`` 2) any sign passed
for a finding.

Data: hand-made Monte Carlo rows (columns of ``montecarlo.run_montecarlo``) whose paired
errors are known, so the changes and their standard errors are computed by hand below (no
tolerance beyond float rounding).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mia_helpers import exercise_answers

PICK = "estimand == 'now_vs_later' and estimator == 'matched' and quarter_since_start == 5"


def _rows(errors, truth=2.0, half_width=1.5, covered=None):
    errors = np.asarray(errors, dtype=float)
    est = truth + errors
    lo, hi = est - half_width, est + half_width
    if covered is not None:  # force the coverage indicator per data set
        shift = np.where(np.asarray(covered), 0.0, 10.0)
        lo, hi = lo + shift, hi + shift
    return pd.DataFrame({"replication": np.arange(len(errors)), "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": 5, "att_pp": est,
                         "true_att_pp": truth, "ci_low": lo, "ci_high": hi})


def _sentence(book, wide, query=PICK):
    """The Monte Carlo sentence from the one computation of the paired errors (ans48)."""
    return exercise_answers.caliper_mc_sentence(
        exercise_answers.caliper_changes(book, wide, query))


def test_a_change_within_its_error_is_not_read_as_a_finding():
    # bias 0.2 vs 0.3 with paired differences of sd 1: far within error
    book = _rows([1.0, -0.6, 0.4, -0.2])
    wide = _rows([0.1, 0.5, -0.3, 0.9])
    s = _sentence(book, wide)
    assert "4 data sets" in s, s
    assert "cannot tell" in s, s
    d = wide["att_pp"] - book["att_pp"]
    se = float(d.std(ddof=1)) / 2
    assert f"{se:.2f}" in s, s


def test_a_change_beyond_its_error_is_said_so():
    rng = np.random.default_rng(1)
    e = rng.normal(0, 1, 200)
    book = _rows(e)
    wide = _rows(e + 1.0 + rng.normal(0, 0.1, 200))  # a bias of +1 point without the caliper
    s = _sentence(book, wide)
    assert "beyond" in s and "cannot tell" not in s, s
    assert "200 data sets" in s, s


def test_identical_runs_say_that_nothing_changes():
    book = _rows([0.3, -0.1, 0.2])
    s = _sentence(book, book.copy())
    assert "same estimate on every" in s, s


def test_only_paired_data_sets_count_and_too_few_are_said():
    book = _rows([0.3, -0.1, 0.2])
    wide = _rows([0.5, 0.1, 0.0]).assign(att_pp=[np.nan, np.nan, 2.0])
    s = _sentence(book, wide)
    assert "Fewer than two" in s, s


def test_coverage_change_has_its_paired_error():
    book = _rows([0.0] * 4, covered=[True, True, False, True])
    wide = _rows([0.5] * 4, covered=[True, False, False, True])
    s = _sentence(book, wide)
    diff = np.array([0, -1, 0, 0], dtype=float)
    assert f"{diff.mean():+.2f}" in s, s
    assert f"{diff.std(ddof=1) / math.sqrt(4):.2f}" in s, s


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="ci_low"):
        _sentence(_rows([0.1, 0.2]).drop(columns="ci_low"), _rows([0.1, 0.2]))


def test_one_change_beyond_its_error_and_one_not_are_told_apart():
    # the same small bias (0.01) in both runs, the spread doubled without the caliper: the
    # absolute bias does not change (0 +- sd(x) / sqrt(R)), the RMSE doubles (beyond its error)
    x = np.random.default_rng(2).normal(0, 1, 200)
    x = np.concatenate([x, -x])
    s = _sentence(_rows(x + 0.01), _rows(2 * x + 0.01))
    assert "The change of the RMSE is beyond" in s and "absolute bias is not" in s, s
    assert "rests on the RMSE alone" in s, s
