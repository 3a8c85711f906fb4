"""trial26, chapter 4 on seed 7373 (6,000 residents, window 2007Q1-2014Q4, min_cell 15):

- "At 5 quarters Sanction transmission returns the most: 8.9 percentage points" beside its
  interval [0.9, 16.9] and Other workplace learning's 6.6 [0.5, 12.7]: with overlapping
  intervals the order is that of the point estimates, as chapter 5 already says;
- the summary's "every pooled difference is below the conventional 0.1 (largest absolute SMD
  0.10)" printed 0.097 with two decimals, beside the text's 0.097."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mia_helpers.claims import ranking_sentences

PAGE = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def _rank(lows, highs):
    return pd.DataFrame({"measure": ["sanction_transmission", "workplace_learning_other",
                                     "vacancy_referral_automatic"],
                         "estimate": [8.9, 6.6, -0.4], "relative_pct": [float("nan")] * 3,
                         "ci_low": lows, "ci_high": highs})


def test_overlapping_top_two_ranked_by_point_estimate():
    text, summary = ranking_sentences(_rank([0.9, 0.5, -3.9], [16.9, 12.7, 3.1]), 5,
                                      ["sanction_transmission"], synthetic=False)
    assert text.startswith("At 5 quarters Sanction transmission returns the most: 8.9 "
                           "percentage points, by its point estimate (its interval overlaps "
                           "Other workplace learning's).")
    assert ", by its point estimate (its interval overlaps Other workplace learning's)" \
        in summary


def test_separate_intervals_and_no_interval_unqualified():
    text, summary = ranking_sentences(_rank([7.0, 0.5, -3.9], [16.9, 6.9, 3.1]), 5,
                                      ["sanction_transmission"], synthetic=False)
    assert "point estimate" not in text and "point estimate" not in summary
    bare = _rank([0.9, 0.5, -3.9], [16.9, 12.7, 3.1]).drop(columns=["ci_low", "ci_high"])
    text, _ = ranking_sentences(bare, 5, ["sanction_transmission"], synthetic=False)
    assert "point estimate" not in text


def test_summary_smd_has_the_texts_decimals():
    text = PAGE.read_text()
    # the float is not formatted in the page: text and summary glue one text (close26's
    # claims.smd_text, three decimals), so they cannot round differently
    assert not re.findall(r"eff_smd_after_max:", text)
    assert text.count("{glue:text}`eff_smd_after_max_text`") == 2
