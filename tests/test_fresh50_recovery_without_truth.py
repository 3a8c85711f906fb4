"""fresh50: chapter 6 on an own extract (no truth/ at all; seed 4090's registers copied into a
folder of their own, window 2008Q1..2015Q4, min_cell 20) read "no other finding here has a
known truth to compare with; the finding "IBO effect, newcomers (4 quarters)" has no estimate
shown to read against the generator's value (the table hides it; matching dropped 22.2 per
cent of its starters ...)": a finding set apart for its dropped starters was said to have a
generator's value on data that have none. Only findings with a generator's value are set
apart now (:func:`mia_helpers.conclusions.recovery_sentence`); with one, as before.

Data: hand-made findings tables in :func:`mia_helpers.conclusions.findings_table`'s columns
(the shape of tests/test_read47_recovery_one_hidden_clause.py); no tolerance.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.conclusions import recovery_sentence

KEYS = ["nonEU_women_job", "ibo_lowlink_rrr", "ibo_residents_q5", "ibo_newcomers_q4"]


def _table(truth: list[float]) -> pd.DataFrame:
    return pd.DataFrame({
        "key": KEYS, "estimate": [-0.06, 0.57, 26.0, np.nan],
        "ci_low": [-0.2, 0.5, 14.0, np.nan], "ci_high": [0.1, 0.6, 37.0, np.nan],
        "truth": truth, "truth_held": [np.nan] * 4})


def test_without_a_truth_no_generator_value_is_named():
    text = recovery_sentence(_table([np.nan] * 4), {"ibo_newcomers_q4": 22.2})
    assert text == "no finding here has a known truth to compare with", text


def test_with_a_truth_the_finding_is_still_set_apart():
    text = recovery_sentence(_table([0.0, 0.55, 27.0, 36.0]), {"ibo_newcomers_q4": 22.2})
    assert "generator's value" in text and "22.2 per cent" in text, text
    assert '"IBO effect, newcomers (4 quarters)"' in text


def test_a_scoped_finding_without_a_value_reads_as_if_not_scoped():
    """Over mend48's grid of 400 findings tables: wherever a finding set apart has no
    generator's value, the sentence is the one without that finding in ``scope``."""
    from test_mend48_recovery_refactor import cases

    seen = 0
    for _, table, scope in cases():
        truth = dict(zip(table["key"], table["truth"], strict=True))
        valued = {k: v for k, v in scope.items() if not pd.isna(truth[k])}
        if valued != scope:
            seen += 1
            assert recovery_sentence(table, scope) == recovery_sentence(table, valued)
            assert "not read against the generator's value" not in recovery_sentence(
                table, {k: v for k, v in scope.items() if k not in valued})
    assert seen > 0
