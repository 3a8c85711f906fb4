"""val46: phrases of :mod:`mia_helpers.claims` that stated a disclosure bound at ``min_cell``
1, where no count lies below it (``suppress`` hides ``0 < n < min_cell``), and the noun of
``estimate_phrase``'s bound, made singular by dropping a final "s". At 1 a hidden estimate
was hidden by another rule (a model's residual degrees of freedom), so "fewer than 1
transplanted patient behind it" gave a reason that could not apply; and a share or a
comparison on a side with 0 persons was withheld, though a 0 passes as in the tables."""
from __future__ import annotations

import pytest
from newcomer_claims_inputs import entry_panel

from mia_helpers import claims

NAN = float("nan")


@pytest.mark.parametrize("who", ["transplanted patients", "matched children", "people",
                                 "persons at risk"])
def test_estimate_phrase_states_no_bound_at_one_and_the_caller_s_plural_above(who):
    """At 1: "fewer than 1 matched children", "fewer than 1 peopl" (a dropped "s")."""
    assert claims.estimate_phrase(NAN, NAN, NAN, 1, "points", who=who) == (
        "an estimate hidden by disclosure control")
    assert claims.estimate_phrase(NAN, NAN, NAN, 12, "points", who=who) == (
        f"an estimate hidden by disclosure control (fewer than 12 {who} behind it)")


def test_estimate_phrase_refuses_a_bound_that_is_no_count():
    with pytest.raises(ValueError, match="min_cell must be a whole number >= 1"):
        claims.estimate_phrase(NAN, NAN, NAN, 0, "points")


def test_heart_precision_clause_states_no_bound_at_one():
    one = claims.heart_precision_clause(NAN, NAN, 52, NAN, NAN, 1)
    assert "fewer than" not in one, one
    assert "the Cox interval is hidden by disclosure control, and" in one, one
    assert one.endswith("after 52 periods is hidden by disclosure control"), one
    ten = claims.heart_precision_clause(NAN, NAN, 52, NAN, NAN, 10)
    assert "(fewer than 10 patients behind it)" in ten, ten
    assert "(fewer than 10 transplanted patients behind it)" in ten, ten


def test_heart_data_sentence_says_no_wait_of_nobody():
    """At 1 with none transplanted: "(their median wait is not stated: it would rest on fewer
    than 1 patient)". With none, there is no wait to state, at any threshold."""
    for min_cell in (1, 10):
        s = claims.heart_data_sentence(103, 0, 75, NAN, 300, min_cell)
        assert "wait" not in s and "fewer than" not in s, s
        assert s.startswith("Of the 103 patients, 0 received a heart and 75 died"), s
    few = claims.heart_data_sentence(103, 4, 75, 20.0, 300, 10)
    assert "it would rest on fewer than 10 patients" in few, few  # unchanged above 1


def test_later_share_is_published_at_one():
    assert claims.later_share_phrase(0.0, (0, 5), 1) == "0 per cent"
    assert claims.later_share_phrase(1.0, (5, 0), 1) == "100 per cent"
    assert claims.later_share_phrase(0.1, (3, 40), 10) == (
        "a share not published (fewer than 10 controls start later, or fewer than 10 do not)")


def test_obligated_entry_is_compared_at_one():
    """At 1, a side where none start: "on one side fewer than 1 newcomer has, or lacks, ..."."""
    s = claims.obligated_entry_sentence(entry_panel((20, 0), (30, 12)), 1)
    assert s == ("The obligated have the weaker job-entry chances here: 0 per cent of the "
                 "obligated newcomers start a stable regular job inside the window, against 40 "
                 "per cent of the others."), s
    few = claims.obligated_entry_sentence(entry_panel((20, 0), (30, 12)), 2)
    assert few.endswith("on one side fewer than 2 newcomers have, or lack, a stable regular "
                        "job start inside the window."), few
