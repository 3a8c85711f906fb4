"""Command-line parameter errors hint at the value a new user most likely meant (trial15's
findings: ``-p level 95`` and ``-p measures ibo`` gave no such hint)."""

from __future__ import annotations

import pytest

from mia_helpers.params import ParameterError, Rule

MEASURES = Rule("list", item=Rule("choice", choices=("training_basic", "training_vocational",
                                                      "workplace_learning_ibo")),
                min_items=1, unique=True)


def test_a_share_typed_as_a_percentage_is_named():
    share = Rule("float", minimum=0, maximum=1, exclusive_minimum=True, exclusive_maximum=True)
    with pytest.raises(ParameterError, match=r"got 95\.0 \(a share, not a percentage: 95 % "
                                             r"is 0\.95\)"):
        share.check("level", 95.0)
    with pytest.raises(ParameterError) as err:  # not a percentage: no such hint
        share.check("level", 250.0)
    assert "percentage" not in str(err.value)
    with pytest.raises(ParameterError) as err:  # a count's range says nothing of shares
        Rule("int", minimum=1, maximum=10).check("k", 50)
    assert "percentage" not in str(err.value)


@pytest.mark.parametrize("typed, example", [
    ("ibo", "[workplace_learning_ibo]"),  # one close code: completed
    ("ibo, training_basic", "[workplace_learning_ibo, training_basic]"),
    ("training", "[training]"),  # two close codes: left for the element's own hint
    ("foo", "[foo]"),
])
def test_a_bare_word_for_a_list_gets_the_list_it_probably_meant(typed, example):
    with pytest.raises(ParameterError, match=f"write a list, e.g. '{example}'".replace(
            "[", r"\[").replace("]", r"\]")):
        MEASURES.parse("measures", typed)
