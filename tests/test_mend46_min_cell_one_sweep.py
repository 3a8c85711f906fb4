"""mend46, the sweep after the four phrases (``grep -rn "fewer than"`` over the package): the
other sentences and captions that stated a disclosure bound at ``min_cell`` 1, where no count
lies below it (:func:`mia_helpers.disclosure.suppress` hides ``0 < n < min_cell``). At 1 a
share of 0 or 100 per cent is published, a 0 passing as in the tables (val46's
``later_share_phrase``), and a missing value is missing for another reason than a bound.
"""
from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims, exercise_answers, labels, typology

NAN = float("nan")


@pytest.mark.parametrize("min_cell, want", [(1, "no matched starter"),
                                            (2, "fewer than 2 matched starters"),
                                            (10, "fewer than 10 matched starters")])
def test_none_or_fewer(min_cell, want):
    assert labels.none_or_fewer(min_cell, "matched starter") == want
    assert claims.none_or_fewer is labels.none_or_fewer


def test_none_or_fewer_refuses_a_bound_that_is_no_count():
    with pytest.raises(ValueError, match="min_cell must be a whole number >= 1"):
        labels.none_or_fewer(0, "spell")


def test_dropped_share_hidden_names_no_bound_at_one():
    support = pd.DataFrame({"measure": ["workplace_learning_ibo"], "n_treated": [40], "n_dropped": [40],
                            "dropped_pct": [NAN]})
    one = claims.dropped_sentence(support, 1)
    assert one == ("for IBO the share of starters without a statistical twin is hidden by "
                   "disclosure control"), one
    ten = claims.dropped_sentence(support, 10)
    assert ten.endswith("hidden by disclosure control (fewer than 10 of its starters dropped "
                        "or fewer than that matched)"), ten


@pytest.mark.parametrize("min_cell", [1, 10])
def test_twin_later_start_publishes_0_and_100_per_cent_at_one(monkeypatch, min_cell):
    ibo = "workplace_learning_ibo"
    counts = {ibo: (1.0, 30, 0), "mo": (0.0, 0, 30)}  # share, persons who start, who do not
    monkeypatch.setattr(claims, "later_start_share", lambda m, within: counts[m])
    s = claims.twin_later_start_sentence({ibo: ibo, "mo": "mo"}, [ibo, "mo"], 4, min_cell)
    if min_cell == 1:
        assert "fewer than" not in s, s
        assert s.startswith("100 per cent of the twins of IBO starters and 0 per cent of the "
                            "twins of MO (social orientation) starters take the step"), s
    else:
        assert s.startswith("all but fewer than 10 of the twins of IBO starters take the "
                            "step"), s
        assert "for MO (social orientation) too few twins do" in s, s


@pytest.mark.parametrize("min_cell", [1, 10])
def test_positivity_amount_names_no_bound_at_one(min_cell):
    rows = pd.DataFrame({"horizon": [4, 13, 26, 52], "n_treated": 60,
                         "unsupported_share": [0.0, 0.0, 0.0056, 0.012],
                         "point_identified": [True, True, False, False]})
    s = claims.never_support_sentence(rows, [4, 13, 26, 52], min_cell,
                                      who="transplanted patients")
    # 0.012 x 60 = 0.7 of a person (weighted): "fewer than 1 of the transplanted patients"
    # at 1 before; a share of them is hidden from 2 on, not at 1
    assert s.startswith("from 26 periods on, about 1 per cent of the transplanted patients"
                        if min_cell == 1 else
                        "from 26 periods on, fewer than 10 of the transplanted patients"), s


def _fit(est: float) -> pd.DataFrame:
    return pd.DataFrame({"outcome": ["workplace_learning_ibo"], "term": ["experience_years"],
                         "estimate": [est], "se": [0.01]})


def test_fresh_coefficient_of_nobody_is_not_withheld_by_a_bound_at_one():
    one = exercise_answers.experience_attenuation_sentence(
        _fit(-0.02), _fit(-0.04), None, 50, 1, fresh_persons=0)
    assert "fewer than" not in one and "withheld" not in one, one
    assert one.startswith("The school leavers and newcomers have no coefficient to set beside "
                          "it (none of them starts IBO)."), one
    ten = exercise_answers.experience_attenuation_sentence(
        _fit(-0.02), _fit(-0.04), None, 50, 10, fresh_persons=4)
    assert ten.startswith("The school leavers' and newcomers' coefficient is withheld (fewer "
                          "than 10 of them start IBO)."), ten


def test_estimands_reason_publishes_0_and_100_per_cent_at_one():
    later = {"workplace_learning_ibo": (1.0, 30, 0), "mo": (NAN, 0, 0)}
    one = exercise_answers.estimands_reason_sentence(later, 4, 1)
    assert "fewer than" not in one, one
    # a NaN share: no twin observed that long (claims.later_start_share)
    assert one.startswith("In this run 100 per cent of the twins of IBO starters start the "
                          "measure themselves within 4 quarters of their match; for MO (social "
                          "orientation) there is no share (no twin is followed that long)."), one
    ten = exercise_answers.estimands_reason_sentence(later, 4, 10)
    assert ten.startswith("In this run, for IBO the share is withheld (fewer than 10 twins "
                          "start it later, or fewer than that do not); for MO (social "
                          "orientation) there is no share (no twin is followed that long)."), ten


@pytest.mark.parametrize("min_cell", [1, 10])
def test_proxy_table_caption_names_no_bound_at_one(min_cell):
    ct = pd.DataFrame({"self-reliant": [40.0, NAN]}, index=["a", "b"])
    md = typology.recovery_table_markdown({"crosstab": ct}, min_cell).data
    assert ("–: no spell." if min_cell == 1 else "–: fewer than 10 spells.") in md, md


@pytest.mark.parametrize("min_cell", [1, 10])
def test_withheld_shares_say_no_bound_at_one(min_cell):
    """Chapter 3's hidden composition shares, none of them small: "though no share rests on
    fewer than 1 person" at 1 stated a bound no share could fall under."""
    from types import SimpleNamespace

    from mia_helpers.competing import _withheld_shares_text

    s = _withheld_shares_text(SimpleNamespace(min_cell=min_cell), ["origin"], 8, 0, 2)
    if min_cell == 1:
        assert "fewer than" not in s, s
        assert s.startswith("Of the 8 origin shares of the measures, 2 are hidden: they are "
                            "withheld so that"), s
    else:
        assert s.startswith("Of the 8 origin shares of the measures, 2 are hidden, though no "
                            "share rests on fewer than 10 persons: they are withheld"), s


def test_twin_later_start_without_a_share_says_why_at_one(monkeypatch):
    """At 1 only a NaN share (no twin followed that long) is left out: "too few twins do for
    a share to be published" gave a disclosure reason that cannot apply."""
    ibo = "workplace_learning_ibo"
    counts = {ibo: (0.5, 15, 15), "mo": (NAN, 0, 0)}
    monkeypatch.setattr(claims, "later_start_share", lambda m, within: counts[m])
    s = claims.twin_later_start_sentence({ibo: ibo, "mo": "mo"}, [ibo, "mo"], 4, 1)
    assert "too few" not in s and "published" not in s, s
    assert "; for MO (social orientation) no twin is followed that long" in s, s
    s = claims.twin_later_start_sentence({"mo": "mo"}, ["mo"], 4, 1)
    assert s == ("no twin of MO (social orientation) starters is followed for four quarters "
                 "after their match, so no share is given here; the chapter still reads only "
                 "\"now versus later\""), s
    # the reason that applies at any min_cell: no twin followed, not "too few twins"
    assert claims.twin_later_start_sentence({"mo": "mo"}, ["mo"], 4, 10) == s
    counts["mo"] = (0.1, 3, 27)
    ten = claims.twin_later_start_sentence({"mo": "mo"}, ["mo"], 4, 10)
    assert ten.startswith("too few twins of MO (social orientation) starters take the step"), ten
