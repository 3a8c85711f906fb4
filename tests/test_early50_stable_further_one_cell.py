"""Chapter 2's stable-versus-any-job sentence over one published non-EU cell (early50).

Seed 4132 at 5,000 residents, min_cell 20 and window 2007Q1-2013Q4 published one non-EU cell
(Maghreb, second generation) in both nested tables, and the sentence read "over the non-EU
cells published in both, ... the M0 ratios of non-EU origins are, on average, further from
one": a plural and an average over a single cell.
"""

from mia_helpers import claims


def test_one_cell_is_named_without_an_average():
    text = claims.stable_further_sentence(0.58, 0.67, True, 0.4, cells=["maghreb:second"])
    assert "on average" not in text
    assert "cells published" not in text
    assert "one non-EU cell published in both, Maghreb (second generation)" in text
    assert "its M0 ratio is further from one" in text
    not_further = claims.stable_further_sentence(0.8, 0.7, True, 0.4, cells=["maghreb:second"])
    assert "its M0 ratio is not further from one" in not_further


def test_several_cells_keep_the_average():
    text = claims.stable_further_sentence(0.58, 0.67, True, 0.4,
                                          cells=["maghreb:second", "turkish:second"])
    assert "on average" in text and "the non-EU cells published in both" in text
