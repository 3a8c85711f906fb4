"""The lead, forty-third session: chapter 3's table of relative risk ratios put the generator's
true RRR beside every row, also where disclosure control hid the estimate because the cell's
persons are marked small; dpo46's ``derived_of_small`` check (rightly: it cannot tell a
parameter from a statistic) refused the chapter at small parameters
(tests/test_notebook_03.py). :func:`mia_helpers.competing.truth_beside` shows the truth only
beside a published estimate."""
from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import competing as cr
from mia_helpers.export_check import _values_of_small


def _tables():
    tab = pd.DataFrame({"outcome": ["ibo", "ibo", "basic"],
                        cr.KEY: ["turkish:first", "maghreb:first", "turkish:first"],
                        "n_persons": ["25", "<10", "40"],
                        "exp_estimate": ["0.71", "x", "1.05"]})
    truth = pd.DataFrame({"outcome": ["ibo", "ibo", "basic"],
                          cr.KEY: ["turkish:first", "maghreb:first", "turkish:first"],
                          "exp_estimate": [0.7, 0.65, 1.0]})
    return tab, truth


def test_truth_shown_only_beside_published_estimates():
    tab, truth = _tables()
    out = cr.truth_beside(tab, truth)
    assert list(out["true_exp_estimate"]) == [0.7, "x", 1.0]
    assert list(out.columns) == [*tab.columns, "true_exp_estimate"]


def test_export_check_reads_the_table_as_clean():
    tab, truth = _tables()
    naive = tab.merge(truth.rename(columns={"exp_estimate": "true_exp_estimate"}), on=["outcome", cr.KEY])
    counts = [list(naive.columns).index("n_persons")]
    assert [f for f, _ in _values_of_small(naive.astype(str), counts)] == ["derived_of_small"]
    out = cr.truth_beside(tab, truth).astype(str)
    assert _values_of_small(out, counts) == []


def test_missing_column_is_named():
    tab, truth = _tables()
    with pytest.raises(KeyError, match=r"truth_beside: the truth has no column \['exp_estimate'\]"):
        cr.truth_beside(tab, truth.drop(columns="exp_estimate"))
