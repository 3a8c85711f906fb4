"""``share_removed`` is one quantity in one unit: a fraction, in the package's two functions
that compute it (:func:`mia_helpers.effects.bias_removed`, :func:`mia_helpers.claims.bias_table`),
shown in per cent only as ``share_removed_pct`` (reader34). bias_table's docstring said "All in
pp" of its columns, share_removed among them (bib47).

Data: hand-made effects, the naive estimate 6 points above the truth at quarters 4-8 and the
matched one 2 points off (signs alternating): share removed 1 - 2/6 exactly (tolerance 1e-12,
floating point only).
"""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from mia_helpers import claims, effects, labels

QUARTERS = range(4, 9)


def _tidy() -> pd.DataFrame:
    rows = []
    for q in QUARTERS:
        for est, att in (("naive", 11.0), ("matched", 7.0 if q % 2 == 0 else 3.0)):
            rows.append(dict(measure="workplace_learning_ibo", estimand="now_vs_later",
                             estimator=est, quarter_since_start=q, att_pp=att,
                             true_att_pp=5.0, n_treated=50))
    return pd.DataFrame(rows)


def test_both_functions_give_the_same_fraction():
    tidy = _tidy()
    truth = tidy[["measure", "estimand", "quarter_since_start", "true_att_pp"]].drop_duplicates()
    a = effects.bias_removed(tidy.drop(columns="true_att_pp"), truth, QUARTERS)
    b = claims.bias_table(tidy, "now_vs_later", QUARTERS, min_cell=10).data
    assert a["share_removed"].iat[0] == pytest.approx(1 - 2 / 6, abs=1e-12)
    assert b["share_removed"].iat[0] == pytest.approx(a["share_removed"].iat[0], abs=1e-12)
    shown = labels.fraction_as_percent(b, {"share_removed": "share_removed_pct"})
    assert shown["share_removed_pct"].iat[0] == pytest.approx(100 * (1 - 2 / 6), abs=1e-9)


@pytest.mark.parametrize("func", [effects.bias_removed, claims.bias_table])
def test_the_docstrings_say_fraction_not_pp(func):
    doc = " ".join(inspect.getdoc(func).split())
    assert "``share_removed`` (a fraction" in doc or "``share_removed`` is a fraction" in doc
    assert "All in pp" not in doc
    assert labels.column_label("share_removed").endswith("(fraction)")
    assert labels.column_label("share_removed_pct").endswith("(%)")
