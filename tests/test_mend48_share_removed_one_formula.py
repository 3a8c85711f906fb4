"""mend48: ``share_removed`` was computed in two places, ``effects.bias_removed`` and
``claims.bias_table``, with the same formula (``abs_bias`` there and ``abs_err`` here are both
mean|estimate - truth| over the quarters: 1 - matched / naive). ``bias_table`` now reads it from
``effects.bias_removed`` (a fingerprinted file, unchanged) and keeps only its own guard: NaN
where the naive absolute bias is zero, where ``bias_removed`` divides by zero.

Data: hand-made effects (tests/test_bib47_share_removed_unit.py's, plus a measure whose naive
estimate equals the truth); the table's values against the old code's on the same kind of rows
were compared exactly before the change (mend48 report); here exact fractions, tolerance 1e-12
(floating point only).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_bib47_share_removed_unit import QUARTERS, _tidy

from mia_helpers import claims, effects


def _with_exact_naive() -> pd.DataFrame:
    t = _tidy()
    exact = t.assign(measure="training_basic")
    exact.loc[exact["estimator"] == "naive", "att_pp"] = 5.0  # the truth: no naive bias
    return pd.concat([t, exact], ignore_index=True)


def test_bias_table_reads_bias_removed(monkeypatch):
    calls = []
    real = effects.bias_removed

    def spy(*args, **kwargs):
        calls.append(args[2] if len(args) > 2 else kwargs.get("quarters"))
        return real(*args, **kwargs)

    monkeypatch.setattr(effects, "bias_removed", spy)
    b = claims.bias_table(_with_exact_naive(), "now_vs_later", QUARTERS, min_cell=10).data
    assert calls and list(calls[0]) == list(QUARTERS)
    share = b.set_index("measure")["share_removed"]
    assert share["workplace_learning_ibo"] == pytest.approx(1 - 2 / 6, abs=1e-12)
    assert np.isnan(share["training_basic"])  # the guard: no naive bias to remove


def test_bias_removed_alone_divides_by_zero():
    """Why the guard stays in bias_table: bias_removed gives no NaN there."""
    t = _with_exact_naive()
    truth = t[["measure", "estimand", "quarter_since_start", "true_att_pp"]].drop_duplicates()
    a = effects.bias_removed(t.drop(columns="true_att_pp"), truth, QUARTERS)
    assert np.isneginf(a.set_index("measure").loc["training_basic", "share_removed"])
