"""prose35: chapter 3's long sentences state the conditions their short forms state."""

from __future__ import annotations

from mia_helpers import claims


def test_early_inflow_long_form_states_the_published_share_condition():
    # the short form (inflow_early_short) says "each measure's first inflows with a published
    # share"; the long form must say it too, also when every measure has one
    every = claims.early_inflow_sentence(77.4, 4, 4)
    assert every.startswith("For every measure with a published share, at least 77 ")
    some = claims.early_inflow_sentence(77.4, 3, 4)
    assert some.startswith("For each of the 3 measures with published shares")
