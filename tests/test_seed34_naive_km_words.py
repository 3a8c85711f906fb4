"""seed34: words of chapter 4's naive-bias reading and chapter 2's Kaplan-Meier gap.

- naive_bias_sentences, against the matched estimate, for a measure whose matched estimate
  leaves many starters out: "so the matched estimate speaks for fewer of them than the naive
  one", after a parenthesis on shares, where "them" had no antecedent; and "the naive
  estimate of A and B stays within".
- km_gap_sentence: "(a median quarter 8.5)" called the median of the groups' quarters (what
  claims.leaver_claims computes, np.median) a quarter; the quarters are now given as their
  range with that median."""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims


def test_naive_against_matched_names_whose_starters():
    one = pd.Series({"workplace_learning_ibo": -2.5})
    s, _ = claims.naive_bias_sentences(one, "the matched estimate",
                                       other_scope={"workplace_learning_ibo": 30.0})
    assert "fewer of them" not in s, s
    assert "speaks for fewer of its starters than the naive one" in s
    two = pd.Series({"workplace_learning_ibo": -2.5, "training_basic": 1.8})
    s, _ = claims.naive_bias_sentences(two, "the matched estimate", other_scope={
        "workplace_learning_ibo": 30.0, "training_basic": 40.0})
    assert "speak for fewer of their starters than the naive ones: those differences " in s, s
    assert "they are not read as selection" in s


def test_several_measures_within_the_threshold_agree_in_number():
    s, _ = claims.naive_bias_sentences(pd.Series({"workplace_learning_ibo": 0.5,
                                                  "training_basic": 0.3}), "the truth")
    assert "the naive estimates of IBO and Basic training stay within 1 point" in s, s
    s, _ = claims.naive_bias_sentences(pd.Series({"training_basic": 0.3}), "the truth")
    assert "the naive estimate of Basic training stays within 1 point" in s, s


def test_km_gap_gives_the_median_as_a_median_not_as_a_quarter():
    at = {"maghreb:second": 4, "turkish:second": 13}
    s = claims.km_gap_sentence(15.6, 16.7, 2, float(np.median(list(at.values()))), 10, 1,
                               ["maghreb:second"], at=at)
    assert "quarter 8.5" not in s and "(quarters 4 to 13, median 8.5)" in s, s
    same = claims.km_gap_sentence(15.6, 16.7, 2, 8.0, 10, 1, ["maghreb:second"],
                                  at={"maghreb:second": 8, "turkish:second": 8})
    assert "(quarter 8 for every group)" in same, same
    bare = claims.km_gap_sentence(28.2, -3.0, 3, 12.5, 10, 1, ["maghreb:second"])
    assert "(the median of those quarters 12.5)" in bare and "quarter 12.5" not in bare
