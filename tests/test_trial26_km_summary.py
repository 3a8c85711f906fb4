"""trial26, chapter 2 on seed 7373 (6,000 residents, window 2007Q1-2014Q4, min_cell 15): the
summary read "for a stable job, the gap does not widen when the job must last, for any
group", while the text above it compared 3 groups and called the curves of 9 others too coarse
to compare. The summary's sentence now says how many groups it rests on."""

from __future__ import annotations

from mia_helpers.claims import km_widen_sentence


def test_none_widen_with_coarse_groups():
    s = km_widen_sentence(0, ["southern_eu:second", "maghreb:second", "turkish:second"], 9)
    assert s == ("the gap does not widen when the job must last, for any of the 3 groups whose "
                 "curves can be compared; nine other groups' curves are too coarse to compare")


def test_all_widen_and_one_compared():
    assert km_widen_sentence(1, [], 1) == (
        "the gap widens when the job must last, for the one group whose curves can be "
        "compared; one other group's curves are too coarse to compare")


def test_mixed_names_the_coarse_count_and_without_coarse_unchanged():
    s = km_widen_sentence(4, ["maghreb:second"], 3)
    assert s.endswith("does not for Maghreb (second generation); three other groups' curves "
                      "are too coarse to compare")
    assert km_widen_sentence(0, ["maghreb:second"]) == (
        "the gap does not widen when the job must last, for any group")
    assert km_widen_sentence(2, []) == "the gap widens when the job must last, for every group"
