"""user38: an unmapped code one or two letters from a mapped one (``BEMIDELING`` beside the
mapped ``BEMIDDELING``) was listed without a word on it, while a code that differs only in
case or accents is named with its twin (user26). A likely misspelling is now named with the
code it resembles, and the remedy leaves the decision to the data owner."""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import MappingError, adapt


def test_a_misspelt_code_is_named_with_the_code_it_resembles(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(GESLACHT=["Man", "Vrouwe", "Man", "Xyz"],
                                                     HERKOMST=["Magreb"] * 3 + ["Maghreb"]))
    with pytest.raises(MappingError) as err:
        adapt(m)
    text = str(err.value)
    assert "'Vrouwe' ~ 'Vrouw': a misspelling of a mapped code? ask the data owner" in text
    assert "'Magreb' ~ 'Maghreb'" in text
    assert "'Xyz' ~" not in text  # nothing close: no guess


def test_a_twin_up_to_case_is_not_called_a_misspelling(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(GESLACHT=["MAN", "Vrouw", "Man", "Vrouw"]))
    with pytest.raises(MappingError) as err:
        adapt(m)
    text = str(err.value)
    assert "'MAN' ~ 'Man': the same code up to case" in text
    assert "misspelling" not in text
