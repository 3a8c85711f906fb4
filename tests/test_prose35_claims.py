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


def _rows(adj):
    import pandas as pd

    from mia_helpers.covariates import KEY
    return pd.DataFrame({KEY: ["turkish_first", "moroccan_first"],
                         "outcome": ["workplace_learning_ibo"] * 2,
                         "raw": [-2.0, -1.5], "adj": adj})


def test_blank_gap_not_identified_is_not_called_hidden():
    nan = float("nan")
    none = claims.gap_blank_why(_rows([nan, nan]), {})
    assert none == ("hidden", claims.INFLOW_HIDDEN_WHY)
    both = {("turkish_first", "workplace_learning_ibo"): "no_events",
            ("moroccan_first", "workplace_learning_ibo"): "no_events"}
    kind, why = claims.gap_blank_why(_rows([nan, nan]), both)
    assert kind == "not identified" and "disclosure" not in why
    assert "no person of the cell started that measure" in why and "not identified" in why
    one = {("turkish_first", "workplace_learning_ibo"): "term_not_identified"}
    kind, why = claims.gap_blank_why(_rows([nan, nan]), one)
    assert kind == "mixed" and "disclosure" in why and "separation" in why
    # the range sentence carries the reason
    s = claims.gap_range_sentence(_rows([nan, nan]), "first", unidentified=both)
    # prose36: the raw gap of a cell not identified is blank too, so no "adjusted" gap only
    assert s.startswith("the first generation has no identified gap (the model")
    assert "disclosure" not in s
    assert "no published gap (disclosure" in claims.gap_range_sentence(_rows([nan, nan]), "first")
    # a published gap is read as before, whatever the flags of other cells
    assert "published raw gap" in claims.gap_range_sentence(_rows([-1.0, nan]), "first",
                                                            unidentified=both)
