"""Appendix A's caliper verdict reads a change within its Monte Carlo error as none (ans48).

Found this session: ``claims.caliper_reading`` stated a verdict from the signs of the changes
alone ("helps on both counts", "it pays off here"), and only the sentence after it
(``exercise_answers.caliper_mc_sentence``) said the data sets could not tell. The verdict now
takes the paired Monte Carlo standard errors, computed once by
``exercise_answers.caliper_changes`` for both sentences, and reads a change as a direction only
beyond ``z * se`` (``claims.beyond_error``, z = 1.96 at 95 per cent).

Data: hand-made Monte Carlo rows (as in tests/test_teach48_caliper_mc_error.py) and the
shipped seed-2005 changes quoted in ``caliper_mc_sentence`` (+0.60, SE 0.15; -0.57, SE 0.14).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims, exercise_answers

PICK = "estimand == 'now_vs_later' and estimator == 'matched' and quarter_since_start == 5"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md"


def _rows(errors, truth=2.0, half_width=1.5):
    est = truth + np.asarray(errors, dtype=float)
    return pd.DataFrame({"replication": np.arange(len(est)), "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": 5, "att_pp": est,
                         "true_att_pp": truth, "ci_low": est - half_width,
                         "ci_high": est + half_width})


def _both(book, wide):
    moved = exercise_answers.caliper_changes(book, wide, PICK)
    return (claims.caliper_reading(moved.abs_bias, moved.rmse, moved.abs_bias_se, moved.rmse_se),
            exercise_answers.caliper_mc_sentence(moved))


def test_changes_within_their_error_give_no_verdict():
    # bias 0.2 vs 0.3 with paired differences of sd about 0.9 over 4 data sets: within error;
    # the signs alone read "grows" and "rises": "it pays off here" before ans48
    reading, mc = _both(_rows([1.0, -0.6, 0.4, -0.2]), _rows([0.1, 0.5, -0.3, 0.9]))
    assert "no change these data sets can tell" in reading, reading
    for verdict in ("pays off", "helps on both counts", "textbook", "noise", "grows", "rises"):
        assert verdict not in reading, reading
    assert "cannot tell" in mc, mc


def test_the_shipped_reading_stands_where_both_are_beyond_their_error():
    assert claims.caliper_reading(0.60, -0.57, 0.15, 0.14) == (
        "Here the absolute bias grows and the RMSE falls: the trade in its textbook form, "
        "more bias but a smaller RMSE.")


def test_one_change_beyond_and_one_within_read_as_the_mc_sentence_does():
    x = np.random.default_rng(2).normal(0, 1, 200)
    x = np.concatenate([x, -x])
    reading, mc = _both(_rows(x + 0.01), _rows(2 * x + 0.01))
    assert reading.startswith("Here the RMSE rises beyond its 95 per cent Monte Carlo error"), \
        reading
    assert "absolute bias shows no change these data sets can tell" in reading, reading
    assert "rests on the RMSE alone" in mc, mc


@pytest.mark.parametrize("se", [0.0991, 0.1021])
def test_the_rule_is_z_times_the_standard_error(se):
    # 0.2 against 1.95996 * se: beyond at se 0.0991 (0.19423), within at 0.1021 (0.20011)
    reading = claims.caliper_reading(0.2, -0.9, se, 0.1)
    assert ("grows" in reading) == (0.2 > 1.959964 * se), reading


def test_no_error_reads_no_change_and_bad_errors_are_named():
    assert "no change these data sets can tell" in claims.caliper_reading(
        0.5, 0.5, float("nan"), float("nan"))
    with pytest.raises(ValueError, match="negative"):
        claims.caliper_reading(0.5, 0.5, -0.1, 0.1)


def test_the_notebook_computes_the_paired_errors_once_for_both_sentences():
    text = NOTEBOOK.read_text(encoding="utf-8")
    cell = text[text.index('glue("ex-cal-reading"') - 200:text.index('glue("ex-cal-mc"') + 80]
    assert cell.count("exercise_answers.caliper_changes(") == 1, cell
    assert "moved.abs_bias_se" in cell and "caliper_mc_sentence(moved)" in cell, cell
