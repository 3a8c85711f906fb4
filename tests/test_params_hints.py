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


def test_user38_a_fraction_is_said_not_to_be_a_whole_number():
    """user38: ``-p min_cell 2.5`` was told "got 2.5 (a whole number)", as if it were one."""
    from mia_helpers.files import ParameterError
    from mia_helpers.params import Int

    with pytest.raises(ParameterError, match=r"got 2\.5 \(not a whole number: give one "
                                             r"without a fraction, such as 2 or 3\)"):
        Int(1).check("min_cell", 2.5)


def test_user38_an_empty_value_is_said_to_be_none():
    """user38: ``-p min_cell ''`` (read as null) was told only "got None"."""
    from mia_helpers.files import ParameterError
    from mia_helpers.params import Int

    with pytest.raises(ParameterError, match=r"got None \(no value: an empty value or null"):
        Int(1).check("min_cell", Int(1).from_text(""))


def test_user38_a_commands_option_is_written_as_an_option():
    """user38: ``export-check --min-cell abc`` was told to write ``-p --min-cell 7``."""
    from mia_helpers.files import ParameterError
    from mia_helpers.params import Int

    with pytest.raises(ParameterError) as err:
        Int(2).check("--min-cell", "abc")
    assert "e.g. --min-cell 7" in str(err.value) and "-p --min-cell" not in str(err.value)
    with pytest.raises(ParameterError, match=r"-p min_cell 7\)"):
        Int(2).check("min_cell", "abc")
