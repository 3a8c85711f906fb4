"""Trial20 (seed 8080): chapter 3's intake sentence compares means of the types' shares. It
said "the self-directed start ... guidance less often" where one self-directed type (needs
competences, 3.2 %) started guidance more often than a type of the others (needs direction,
3.0 %); a comparison that does not hold type by type now says "on average". Where a side's
shares are suppressed, "than the others" no longer follows "cannot be compared".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import typology as ty

TYPES = ["autonomous", "needs_direction", "needs_competences", "needs_both"]


def _table(guidance, referral=(5.6, 3.6, 4.8, 2.8)):
    return pd.DataFrame({
        "ideal_type": TYPES * 4,
        "outcome": (["training_basic"] * 4 + ["workplace_learning_ibo"] * 4
                    + ["mediation_guidance"] * 4 + ["vacancy_referral_automatic"] * 4),
        "pct": [0.6, 0.85, 3.05, 3.0, 2.1, 2.2, 0.7, 0.65, *guidance, *referral]})


def test_a_mean_comparison_that_fails_type_by_type_says_on_average():
    s = ty.intake_sentence(_table((1.8, 3.0, 3.2, 4.9)))  # seed 8080's intake shares
    assert s.endswith("and guidance less often on average, not for every type.")
    assert "referrals more often than the others," in s  # 5.6, 4.8 against 3.6, 2.8
    assert "IBO less often." in s


def test_a_comparison_that_holds_for_every_type_has_no_caveat():
    s = ty.intake_sentence(_table((1.8, 3.3, 3.2, 4.9)))
    assert s.endswith("and guidance less often.")
    assert "on average" not in s


def test_suppressed_shares_are_not_followed_by_than():
    s = ty.intake_sentence(_table((1.8, 3.0, 3.2, 4.9), referral=(np.nan, 3.6, np.nan, 2.8)))
    assert "cannot be compared (cells suppressed), and guidance" in s
    assert "suppressed) than" not in s
