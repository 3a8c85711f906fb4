"""Chapter 2's KHB exercise says "here" once (user46).

Found on a run of chapter 2 with ``-p blocks '[household, parental]' -p link cloglog`` (seed
2019, 8,000 residents, window 2008Q1-2014Q4, ``min_cell`` 25): "(here it is 0.996, not above
one here, so the rescaling does not inflate this coefficient)".

Data: a one-row KHB summary (no tolerance).
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims


@pytest.mark.parametrize("factor", [0.996, 1.025])
def test_one_here(factor):
    s = claims.rescaling_sentence(pd.DataFrame({"term": ["t"], "rescaling": [factor]}), "t")
    assert s.count("here") == 1, s
    assert s.startswith(f"here it is {factor:.3f}, "), s
