"""trial25b: chapter 4 read "Other workplace learning for Eastern EU starters at quarters 4
and 5 and 9 to 12" (seed 6868, min_cell 11, "now versus never"); a pair of quarters among
other runs is listed, not joined by a second "and"."""

from mia_helpers import claims


def test_runs_join_once():
    assert claims._runs([4, 5, 9, 10, 11, 12]) == "4, 5 and 9 to 12"
    assert claims._runs([4, 5, 7, 8]) == "4, 5, 7 and 8"
    assert claims._runs([4, 5]) == "4 and 5"
    assert claims._runs([6, 7, 8, 10]) == "6 to 8 and 10"
    assert claims._runs([3]) == "3"
