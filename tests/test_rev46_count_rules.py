"""rev46: :data:`mia_helpers.claims.COUNT_RULES` (mend46) lists the rules of
``disclosure.suppress`` that hide a value for a count below ``min_cell``; ``hidden_reason``
states "fewer than <min_cell> ... behind it" for those only. It is a copy of part of
:data:`mia_helpers.disclosure.RULES`: a rule added there and not classified here would be
read as no count rule, and its hidden values would be given no reason. Every rule is either
a count rule or one of the three that count nothing (dominance and residual degrees of
freedom), and ``hidden_reason`` answers for each by its class. Exact strings."""
from __future__ import annotations

import pytest

from mia_helpers import claims
from mia_helpers.disclosure import DEFAULT_DOF_THRESHOLD, RULES

NO_COUNT = ("nk-rule", "p-ratio", "dof")


def test_every_rule_is_classified():
    assert set(claims.COUNT_RULES) <= set(RULES), set(claims.COUNT_RULES) - set(RULES)
    assert set(claims.COUNT_RULES) | set(NO_COUNT) == set(RULES), (
        set(RULES) - set(claims.COUNT_RULES) - set(NO_COUNT))
    assert not set(claims.COUNT_RULES) & set(NO_COUNT)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("min_cell", [1, 10])
def test_hidden_reason_by_class(rule, min_cell):
    got = claims.hidden_reason(min_cell, rule, "persons")
    if rule == "dof":
        want = f" (its model has fewer than {DEFAULT_DOF_THRESHOLD} residual degrees of freedom)"
    elif rule in claims.COUNT_RULES and min_cell > 1:
        want = " (fewer than 10 persons behind it)"
    else:
        want = ""
    assert got == want, (rule, min_cell, got)


def test_hidden_reason_refuses_a_bad_threshold():
    with pytest.raises(ValueError, match="claims.hidden_reason: min_cell must be a whole"):
        claims.hidden_reason(2.5, "primary", "persons")


def test_an_unknown_rule_is_refused_naming_function_and_parameter():
    with pytest.raises(ValueError, match=r"^claims.hidden_reason: hidden_by .*'dof'.*got 'small'"):
        claims.hidden_reason(10, "small", "persons")
