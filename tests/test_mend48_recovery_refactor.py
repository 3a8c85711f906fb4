"""mend48: :func:`mia_helpers.conclusions.recovery_sentence` was refactored (one inner helper
with named arguments in place of a recursion through two private keyword arguments, and no
variable ``shown`` for two things); its outputs are unchanged.

Data: hand-made findings tables in :func:`mia_helpers.conclusions.findings_table`'s columns,
every finding in one of five states (interval holds the generator's value, misses it, no
estimate shown, an estimate without an interval, no generator's value), with and without
findings set apart for dropped starters (``scope``). The expected texts in
``tests/reference/recovery_sentence_mend48.json`` were computed by the code before the
refactor (commit 798cb33), not typed; exact equality, no tolerance.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers.conclusions import recovery_sentence

KEYS = ["nonEU_women_job", "ibo_lowlink_rrr", "ibo_residents_q5", "ibo_newcomers_q4"]
#: state -> (estimate, ci_low, ci_high, truth)
STATES = {"held": (1.0, 0.5, 1.5, 1.2), "missed": (1.0, 0.5, 1.5, 2.0),
          "no_est": (np.nan, np.nan, np.nan, 1.0), "no_band": (1.0, np.nan, np.nan, 1.0),
          "no_truth": (1.0, 0.5, 1.5, np.nan)}
SCOPES = [{}, {"ibo_newcomers_q4": 26.8}, {"ibo_residents_q5": 11.3, "ibo_newcomers_q4": 26.5},
          {"nonEU_women_job": 5.0}]
REFERENCE = Path(__file__).parent / "reference" / "recovery_sentence_mend48.json"


def cases() -> list[tuple[str, pd.DataFrame, dict[str, float]]]:
    """Every state of the last two findings with the first two held, missed or without an
    estimate, under each scope (a fixed grid: 4 * 5 * 5 * 4 = 400 cases)."""
    out = []
    for first, second in (("held", "held"), ("held", "missed"), ("missed", "missed"),
                          ("no_est", "held")):
        for third, fourth in itertools.product(STATES, repeat=2):
            states = (first, second, third, fourth)
            rows = [STATES[s] for s in states]
            table = pd.DataFrame({"key": KEYS, **{c: [r[i] for r in rows] for i, c in enumerate(
                ("estimate", "ci_low", "ci_high", "truth"))}, "truth_held": [np.nan] * 4})
            for j, scope in enumerate(SCOPES):
                out.append((f"{'/'.join(states)}|{j}", table, scope))
    return out


def _scoped_without_truth(table: pd.DataFrame, scope: dict[str, float]) -> bool:
    """Whether a finding set apart by ``scope`` has no generator's value: since fresh50 such
    a finding is not set apart (it was said "not read against the generator's value" it did
    not have), so its outputs changed on purpose; tests/test_fresh50_recovery_without_truth.py
    checks them against the same table without that scope."""
    truth = dict(zip(table["key"], table["truth"], strict=True))
    return any(pd.isna(truth[k]) for k in scope)


def test_outputs_unchanged():
    expected = json.loads(REFERENCE.read_text())
    got = {name: recovery_sentence(table, scope) for name, table, scope in cases()}
    assert len(expected) == len(got) == 400
    changed = {name for name, table, scope in cases() if _scoped_without_truth(table, scope)}
    assert 0 < len(changed) < 400
    diff = [k for k in expected if k not in changed and got[k] != expected[k]]
    assert not diff, (diff[:3], [(expected[k], got[k]) for k in diff[:1]])


def test_no_private_keywords():
    import inspect

    params = inspect.signature(recovery_sentence).parameters
    assert not [p for p in params if p.startswith("_")], list(params)
