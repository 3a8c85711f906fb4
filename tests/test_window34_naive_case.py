"""khb.naive_case / naive_case_sentence (window34): one test per case of NAIVE_CASES."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims, khb


def test_cases_are_the_documented_five():
    assert set(khb.NAIVE_CASES) == {"larger", "smaller", "equal", "sign_flip", "not_identified"}


def test_naive_larger():
    # medians of naive minus KHB: 40-30, 25-20, 12-10 -> median 5 points above
    naive, share = [40.0, 25.0, 12.0], [30.0, 20.0, 10.0]
    assert khb.naive_case(naive, share) == "larger"
    assert khb.naive_case_sentence(naive, share) == (
        "here it lies a median 5.0 points above the KHB share")


def test_naive_smaller():
    naive, share = pd.Series([20.0, 15.0]), pd.Series([30.0, 20.0])
    assert khb.naive_case(naive, share) == "smaller"
    assert khb.naive_case_sentence(naive, share) == (
        "here it lies a median 7.5 points below the KHB share")


def test_naive_equal_below_half_a_tenth():
    assert khb.naive_case([30.04, 20.0], [30.0, 20.0]) == "equal"
    assert "below 0.05 points" in khb.naive_case_sentence([30.04, 20.0], [30.0, 20.0])


def test_sign_flip_in_one_group_is_named_before_the_median():
    # the median difference is small (group 2, 3 equal), but group 1's naive share has the
    # other sign: that is said, with how many groups and the median distance
    naive, share = [-5.0, 20.0, 30.0, 40.0], [10.0, 20.0, 30.0, 40.0]
    assert khb.naive_case(naive, share) == "sign_flip"
    text = khb.naive_case_sentence(naive, share)
    assert "opposite sign" in text and "1 of the 4 groups" in text
    assert "below 0.05 points" in text  # median of (-15, 0, 0, 0) is 0
    assert khb.naive_case([12.0], [-3.0]) == "sign_flip"
    assert khb.naive_case_sentence([12.0], [-3.0]) == (
        "here it even has the opposite sign of the KHB share, 15.0 points above it, in the "
        "one group with both shares")
    # differences 15 and -1: median 7.0 points above
    assert "7.0 points above" in khb.naive_case_sentence([12.0, 1.0], [-3.0, 2.0])


def test_zero_at_one_decimal_is_no_sign():
    # a share printed 0.0 has no sign: a naive -0.04 against a KHB 10 is "smaller", no flip
    assert khb.naive_case([-0.04], [10.0]) == "smaller"


def test_not_identified_without_a_pair():
    assert khb.naive_case([np.nan, 10.0], [5.0, np.nan]) == "not_identified"
    assert khb.naive_case([], []) == "not_identified"
    assert khb.naive_case(np.nan, 20.0) == "not_identified"
    text = khb.naive_case_sentence([np.nan], [np.nan])
    assert "cannot be compared" in text and "nan" not in text.lower()


def test_groups_with_one_share_are_left_out():
    # a group without a KHB share does not enter the median (claims' old median of the
    # differences skipped it likewise)
    assert khb.naive_case([50.0, 12.0], [np.nan, 10.0]) == "larger"


def test_unequal_lengths_are_refused():
    with pytest.raises(ValueError, match="naive_pct has 2 shares and khb_pct 1"):
        khb.naive_case([1.0, 2.0], [1.0])


def test_claims_uses_the_khb_sentence_and_old_name_is_gone():
    assert not hasattr(claims, "naive_khb_sentence")
