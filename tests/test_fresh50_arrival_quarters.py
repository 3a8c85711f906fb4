"""fresh50: chapter 5's ``arrival_quarters`` takes quarter indices (2005Q1 = 0). An analyst
who wrote quarter labels (``-p arrival_quarters '[2010Q1, 2012Q4]'``) was told only that
'2010Q1' is not an integer, and one whose window starts later (2008Q1..2015Q4) and gave
``[0, 5]`` that it "lies outside the window 12..43", indices they had not written. The
messages now convert the labels (the list to write) and name the window by its labels with
the value that takes every arrival in it; the value each message offers is accepted."""
from __future__ import annotations

import pytest

from mia_helpers import chapters
from mia_helpers.chapters import ChapterError

CH5 = "newcomer_integration"
WINDOW = [("window_start", "2008Q1"), ("window_end", "2015Q4")]


def _check(given):
    short, source = chapters.resolve_chapter(CH5)
    return chapters.check_parameters(short, chapters.read_parameters(source), given)


def _refusal(given) -> str:
    with pytest.raises(ChapterError) as info:
        _check(given)
    return " ".join(str(info.value).split())


def _offered(msg: str) -> str:
    return msg.split("-p arrival_quarters '")[1].split("'")[0]


def test_quarter_labels_are_converted_into_the_list_to_write():
    msg = _refusal([*WINDOW, ("arrival_quarters", "[2010Q1, 2012Q4]")])
    assert "2010Q1 is 20" in msg and "-p arrival_quarters '[20, 31]'" in msg, msg
    assert _check([*WINDOW, ("arrival_quarters", _offered(msg))])["arrival_quarters"] == [20, 31]


def test_a_label_beside_an_index_gets_the_list_too():
    msg = _refusal([*WINDOW, ("arrival_quarters", "[2010Q1, 30]")])
    assert "-p arrival_quarters '[20, 30]'" in msg, msg


def test_a_cohort_outside_a_later_window_names_it_by_its_labels_and_the_value_to_give():
    msg = _refusal([*WINDOW, ("arrival_quarters", "[0, 5]")])
    assert "outside the window 2008Q1..2015Q4 (quarter indices 12..43)" in msg, msg
    assert _check([*WINDOW, ("arrival_quarters", _offered(msg))])["arrival_quarters"] == [12, 43]


def test_other_integer_lists_get_no_quarter_hint():
    with pytest.raises(ChapterError) as info:
        chapters.check_parameters("heart_transplant", chapters.read_parameters(
            chapters.resolve_chapter("heart_transplant")[1]), [("horizons_months", "[1, x]")])
    assert "quarter" not in str(info.value)
