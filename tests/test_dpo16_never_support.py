"""Appendix C's positivity sentence (claims.never_support_sentence) and the published treated.

The sentence says "fewer than min_cell of the treated" lack support for the never-treated path,
so as not to count them, but went on "by up to 3.2 points on either side": the widening is
100 x their share, and appendix C's table publishes ``n_treated`` at that horizon, so
3.2 % x 60 treated gave the count (about 2) back (DPO review 16).
"""

from __future__ import annotations

import re

import pandas as pd

from mia_helpers import claims


def _rows(shares, n_treated):
    return pd.DataFrame({"horizon": [4, 13, 26, 52], "n_treated": n_treated,
                         "unsupported_share": shares,
                         "point_identified": [s == 0 for s in shares]})


def test_a_few_without_support_are_not_counted_through_the_widening():
    few = claims.never_support_sentence(_rows([0.0, 0.0, 0.05, 0.05], 60), [4, 13, 26, 52],
                                        min_cell=10, who="transplanted patients")
    assert "fewer than 10 of the transplanted patients" in few
    assert not re.search(r"\d+\.\d points", few), few  # 5.0 points x 60 = 3 persons
    # with enough persons the widening is stated (20 % of 60 = 12 >= 10)
    many = claims.never_support_sentence(_rows([0.0, 0.0, 0.2, 0.2], 60), [4, 13, 26, 52],
                                         min_cell=10)
    assert many.endswith("by up to 20.0 points on either side"), many
