"""Chapter 4's sentence on starters without a twin, for a run of one measure, names it in
the case of a place inside a sentence (user46).

Found on a run of chapter 4 with ``-p measures '[sanction_transmission]'`` (seed 2019, 8,000
residents, window 2008Q1-2014Q4, ``min_cell`` 25): "In the table, Sanction transmission loses
31 of its 312 starters (9.9 per cent) for lack of a statistical twin." The glued text began
with the measure's name and the chapter puts it after "In the table, "; a glued value keeps
the capital at its start (:func:`mia_helpers.labels.in_prose`).

Data: a one-row common-support table of that run (no tolerance).
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims


@pytest.mark.parametrize(("measure", "name"), [("sanction_transmission", "sanction transmission"),
                                                ("workplace_learning_ibo", "IBO")])
def test_one_measure_is_named_inside_the_sentence(measure, name):
    support = pd.DataFrame({"measure": [measure], "n_treated": [312], "n_pool": [51704],
                            "n_matched": [281], "n_dropped": [31], "dropped_pct": [9.9]})
    s = claims.dropped_sentence(support, 25)
    assert s == f"{name} loses 31 of its 312 starters (9.9 per cent) for lack of a statistical twin", s
