"""fresh48: a list parameter too long for the window was told the remedy for its first value.

`chapter 1 -p window_start 2016Q2 -p stable_quarters '[4, 8]'` (3 quarters) said "got 4; ...
widen the window to at least 4 quarters"; following it gives the next refusal, for the 8.
On a 1-quarter window it said "lower it to 1 or less", which no list of two distinct values
of at least 1 can meet. And with `-p residents 0 -p newcomers 0` the new window-end check
(test_fresh48_synthetic_window_end) raised a bare ValueError before the refusal that names
both parameters.
"""

import pytest


def _refusal(chapter, given):
    from mia_helpers import chapters

    params = chapters.read_parameters(chapters.resolve_chapter(chapter)[1])
    with pytest.raises(chapters.ChapterError) as err:
        chapters.check_parameters(chapter, params, given)
    return str(err.value)


def test_the_largest_value_sets_the_window_to_widen_to():
    text = _refusal("panel_construction", [("window_start", "2016Q2"),
                                           ("stable_quarters", "[4, 8]")])
    assert "got 8" in text and "widen the window to at least 8 quarters" in text, text
    assert "lower its values to 3 or less" in text, text


def test_a_window_no_list_of_distinct_values_fits_gets_only_the_remedy_that_works():
    text = _refusal("panel_construction", [("window_start", "2016Q4"),
                                           ("stable_quarters", "[4, 8]")])
    assert "lower" not in text and "no valid value" in text, text
    assert "widen the window to at least 8 quarters" in text, text


def test_no_persons_at_all_is_refused_naming_both_parameters():
    text = _refusal("panel_construction", [("residents", "0"), ("newcomers", "0")])
    assert "'residents' and 'newcomers' are both 0" in text, text
