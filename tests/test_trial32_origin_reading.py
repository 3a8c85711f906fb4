"""Chapter 4's paragraph on reading the origin groups' bands says when no two groups are on
the page (trial32: seed 6262, 2,500 residents, 900 newcomers, min_cell 12, window from
2006Q1: the origin table published Belgian starters' estimates only, and the paragraph went
on "Read the groups' intervals, not only their points: ... a difference between two groups'
points is evidence ...")."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import claims

IBO, VOC = "workplace_learning_ibo", "training_vocational"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"
LEAK = re.compile(r"\bnan\b|\bNone\b|\bnone\b|\binf\b", re.IGNORECASE)


def _rows(non_eu: float) -> pd.DataFrame:
    """Group estimates of two measures at horizons 4 and 5: Belgian published, non-EU as
    given (NaN: hidden, as effect_tables.origin_published leaves it)."""
    rows = []
    for m in (IBO, VOC):
        for q in (4, 5):
            for g, v in (("belgian", 5.0), ("non_eu", non_eu)):
                rows.append(dict(measure=m, group=g, quarter_since_start=q, att_pp=v,
                                 ci_low=v - 8, ci_high=v + 8, true_att_pp=5.0, n_treated=200))
    return pd.DataFrame(rows)


def test_reading_lead_says_no_two_groups_are_compared():
    one = claims.origin_claims(_rows(np.nan), [IBO, VOC], min_cell=12)["eff_origin_reading"]
    assert one.startswith("No measure here has published estimates for two origin groups")
    assert one.endswith("read the groups' intervals, not only their points:")
    two = claims.origin_claims(_rows(3.0), [IBO, VOC], min_cell=12)["eff_origin_reading"]
    assert two == "Read the groups' intervals, not only their points:"
    none = claims.origin_claims(_rows(3.0).iloc[:0], [], min_cell=12)["eff_origin_reading"]
    assert none == "Read the groups' intervals, not only their points:"
    for s in (one, two, none):
        assert not LEAK.search(s)


def test_notebook_glues_the_lead():
    text = NOTEBOOK.read_text()
    assert "{glue:text}`eff_origin_reading`" in text
    assert "Read the groups' intervals,\nnot only their points:" not in text
