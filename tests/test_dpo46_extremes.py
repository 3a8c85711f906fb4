"""dpo46: a minimum or maximum of a group is one person's value.

"Group | Persons | Min birth year | Max birth year" with 200 persons per group passed
export-check: each extreme is the birth year of one person (the oldest, the youngest), whom
a reader who knows the group can single out, whatever the group's size (the output-checking
guidelines class maxima and minima as unsafe; Brandt et al. 2010). A column named as a
minimum or maximum of the persons' values (min, max, minimum, maximum, youngest, oldest,
earliest, latest) with a published number is refused (``extreme_value``); the package's
diagnostics over covariates or estimates ("Largest |SMD| after", a largest bias) are no
person's value and pass, as does a label that states a cap, "Quarters since job (max 12)".
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.export_check import check_table


def _rules(table):
    return [r for r, _ in check_table(table.astype(str), 10)]


@pytest.mark.parametrize("col", ["Min birth year", "Max birth year", "Youngest age",
                                 "Oldest (years)", "Maximum duration (quarters)", "max_birth_year",
                                 "Earliest arrival (year)", "age_max", "Minimum wage paid"])
def test_an_extreme_of_a_groups_values_is_refused(col):
    found = check_table(pd.DataFrame({"Group": ["A", "B"], "Persons": [200, 150],
                                      col: [1950, 2001]}).astype(str), 10)
    rules = [r for r, _ in found]
    assert rules == ["extreme_value"], found
    assert repr(col) in found[0][1] and "one person" in found[0][1]


@pytest.mark.parametrize("col", ["Largest |SMD| after", "max_smd_after",
                                 "Largest |bias| in Monte Carlo SE", "Quarters since job (max 12)", "Coverage min",
                                 "Median birth year"])
def test_diagnostics_and_caps_pass(col):
    assert _rules(pd.DataFrame({"Group": ["A", "B"], "Persons": [200, 150],
                                col: [0.05, 0.08]})) == []


def test_a_hidden_extreme_passes():
    assert _rules(pd.DataFrame({"Group": ["A"], "Persons": [200], "Max birth year": ["x"]})) == []
