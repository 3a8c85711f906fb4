"""review37: chapter 4's first-quarter reading needs the odds ratio's whole interval below one
for a lock-in (``claims.effects_claims``). Given a hazard *table* (the frame
:func:`mia_helpers.claims.hazard_frame` accepts: ``quarter_since_start``, ``odds_ratio`` and
its interval ``ci_low``/``ci_high``, as :func:`mia_helpers.effects.hazard_table` writes it),
the reading looked for ``exp_ci_high`` only and, failing it, compared the point estimate with
one: an odds ratio of 0.8 whose interval reaches 1.1 read as a lock-in."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from mia_helpers import claims

sys.path.insert(0, str(Path(__file__).parent))
from test_fix13 import IBO, _effects  # noqa: E402


def _sentence(ci_high: float) -> str:
    support = pd.DataFrame({"measure": [IBO], "n_treated": [320], "n_dropped": [20],
                            "dropped_pct": [6.2]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO], "smd_after": [0.02]})
    hazard = pd.DataFrame({"quarter_since_start": [1, 2], "odds_ratio": [0.8, 0.9],
                           "ci_low": [0.6, 0.7], "ci_high": [ci_high, 1.2]})
    tidy = _effects(n_basic_q6=150)
    tidy = tidy[tidy["measure"] == IBO]
    return claims.effects_claims(tidy, support, balance, {IBO: hazard}, "now_vs_later",
                                 min_cell=10)["eff_hazard_sentence"]


def test_an_interval_reaching_one_is_no_lock_in():
    text = _sentence(1.1)
    assert "shows no lock-in" in text and "a lock-in." not in text, text


def test_an_interval_below_one_is_a_lock_in():
    text = _sentence(0.95)
    assert "its interval included" in text, text
