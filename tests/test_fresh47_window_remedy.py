"""fresh47: a window too short for a parameter counted in quarters was told to lower the
parameter below its own minimum.

`chapter 3 -p window_start 2016Q4` (one quarter, horizon left at its default 8) said
"parameter 'horizon' must be at most 0 ... of 1 quarters ...; what to do: lower it to 0 or
less, or widen the window ...", but horizon must be >= 1: following the first remedy gives the
next refusal. Where the window leaves no valid value, the message must name only the remedy
that works (widen the window) and count quarters in English ("1 quarter").
"""

import pytest


def _refusal(chapter, given):
    from mia_helpers import chapters

    params = chapters.read_parameters(chapters.resolve_chapter(chapter)[1])
    with pytest.raises(chapters.ChapterError) as err:
        chapters.check_parameters(chapter, params, given)
    return str(err.value)


def test_one_quarter_window_is_not_told_to_lower_horizon_below_one():
    text = _refusal("activation_inflow", [("window_start", "2016Q4")])
    assert "'horizon'" in text, text
    assert "lower it to 0" not in text and "at most 0" not in text, text
    assert "widen the window to at least 9 quarters" in text, text
    assert "of 1 quarter " in text and "1 quarters" not in text, text


def test_a_window_that_leaves_valid_values_still_offers_both_remedies():
    """The ordinary case keeps its two remedies (fix36's wording)."""
    text = _refusal("activation_inflow", [("window_start", "2015Q1")])
    assert "lower it to 7 or less" in text, text
    assert "widen the window to at least 9 quarters" in text, text
