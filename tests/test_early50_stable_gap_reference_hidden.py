"""Chapter 1's stable-gap sentence when no gap can be compared says whose share is missing
(early50: seed 4131, 4,000 residents, window 2008Q1-2014Q4, min_cell 20, definitions 4 and 12
read "its shares or every other origin's are suppressed" beside a table that hid Belgian
origin's share under 12 quarters only and published every other origin's)."""

import pandas as pd

from mia_helpers import claims

NONE = pd.Series(dtype=float)


def test_the_reference_hidden_under_the_stricter_definition_is_said():
    text = claims.stable_gap_sentence(NONE, "belgian", reference_hidden_at=[12])
    assert "or every other origin" not in text
    assert text.endswith("the share of Belgian origin is suppressed under the 12-quarter "
                         "definition")


def test_every_other_origin_hidden_is_said():
    text = claims.stable_gap_sentence(NONE, "belgian", reference_hidden_at=[])
    assert "share of every other origin is suppressed" in text
    assert "share of Belgian origin" not in text


def test_both_definitions():
    text = claims.stable_gap_sentence(NONE, "belgian", reference_hidden_at=[4, 12])
    assert text.endswith("under the 4- and 12-quarter definitions")
