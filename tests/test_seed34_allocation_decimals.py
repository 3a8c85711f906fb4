"""seed34: chapter 3's allocation-sign sentence chose its decimals term by term, so one
sentence mixed the table's three decimals ("0.068 [0.004, 0.131]") with two ("-0.45 [-0.85,
-0.04]"), and without intervals it printed "-0.00". It now prints every number of the
sentence at one precision in the book's format (mia_helpers.labels.interval_text)."""
from __future__ import annotations

import re

import pandas as pd

from mia_helpers import claims


def _check(rows):
    return pd.DataFrame(rows, columns=["outcome", "term", "estimate", "ci_low", "ci_high"])


def _decimals(text: str) -> set[int]:
    return {len(d) for d in re.findall(r"-?\d+\.(\d+)", text)}


def test_one_precision_for_the_whole_sentence():
    chk = _check([("workplace_learning_ibo", "experience_years", 0.068, 0.004, 0.131),
                  ("training_basic", "experience_years", -0.095, -0.156, -0.035),
                  ("workplace_learning_ibo", "education[low]", -0.447, -0.854, -0.041),
                  ("training_basic", "education[low]", 0.513, 0.305, 0.720)])
    s = claims.allocation_sign_sentence(chk)
    assert _decimals(s) == {3}, s
    assert "for low education, -0.447 [-0.854, -0.041] for IBO" in s
    two = chk.assign(ci_low=chk["ci_low"].replace(0.004, 0.04))
    assert _decimals(claims.allocation_sign_sentence(two)) == {2}


def test_no_minus_sign_on_a_printed_zero_without_intervals():
    chk = pd.DataFrame({"outcome": ["workplace_learning_ibo", "training_basic"],
                        "term": ["experience_years"] * 2, "estimate": [-0.0004, 0.061]})
    s = claims.allocation_sign_sentence(chk, {"experience_years": "a year of experience"})
    assert "-0.00" not in s and "0.000 for IBO" in s, s
