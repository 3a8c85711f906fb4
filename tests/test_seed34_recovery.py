"""seed34: chapter 6's recovery sentence in its negative branches. With every finding
missed it read "holds the generator's value for 0 of the 3 findings that have one (not for
A; B; C)", and with two of three missed "(not for A; B)", which reads as if B were held."""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.conclusions import recovery_sentence
from mia_helpers.labels import label

KEYS = ["ibo_residents_q5", "ibo_newcomers_q4", "feeder_or"]


def _table(truth: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"key": KEYS, "estimate": [1.0, 2.0, 3.0], "ci_low": [0.5, 1.5, 2.5],
                         "ci_high": [1.5, 2.5, 3.5], "truth": truth})


def test_every_finding_missed_is_said_so_not_as_zero_held():
    s = recovery_sentence(_table([9.0, 9.0, 9.0]))
    assert s.startswith("the interval misses the generator's value for all 3 findings that "
                        "have one ("), s
    assert "0 of" not in s and "not for" not in s
    assert all(label(k) in s for k in KEYS)
    two = recovery_sentence(_table([9.0, 9.0, np.nan]))
    assert two.startswith("the interval misses the generator's value for both findings "), two


def test_each_finding_missed_is_named_with_nor_for():
    s = recovery_sentence(_table([9.0, 9.0, 3.0]))
    a, b = label(KEYS[0]), label(KEYS[1])
    assert s == ("the interval holds the generator's value for 1 of the 3 findings that have "
                 f"one (not for {a}, nor for {b})"), s
    one = recovery_sentence(_table([9.0, 2.0, 3.0]))
    assert one.endswith(f"(not for {a})") and "nor" not in one
