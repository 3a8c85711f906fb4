"""trial26, chapter 6 on seed 7373: the summary read "(the interval holds the generator's value
for 3 of the 4 findings that have one (not for Non-EU women's extra first-job gap))", the
recovery sentence, whose own parenthesis names the misses, inside a parenthesis. The summary
now gives it after a colon."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers.conclusions import recovery_sentence

PAGE = Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md"


def test_summary_does_not_wrap_the_recovery_sentence_in_parentheses():
    text = " ".join(PAGE.read_text().split())
    assert "({glue:text}`ch6_recovery`)" not in text
    assert "read off the table: {glue:text}`ch6_recovery`." in text


def test_recovery_sentence_with_a_miss_has_its_own_parenthesis():
    t = pd.DataFrame({"key": ["a", "b"], "estimate": [0.5, -0.2], "ci_low": [0.4, -0.3],
                      "ci_high": [0.6, -0.1], "truth": [0.55, np.nan]})
    t.loc[1, "truth"] = 0.0
    s = recovery_sentence(t)
    assert s.endswith("(not for b)")  # why the summary must not wrap it in another
