"""Trial20: reader names of the matching's covariates.

Chapter 4's love plot (seed 8080) printed the history covariates as raw names ("age sq",
"children capped", "clock", "calendar quarter") beside "Sex: Male", "Age" and "Experience
(years)"; every numeric covariate of the matching now has a reader name.
"""

from __future__ import annotations

from mia_helpers import labels
from mia_helpers.matching import NUMERIC


def test_every_numeric_matching_covariate_has_a_reader_name():
    missing = [c for c in NUMERIC if c not in labels.LABELS]
    assert missing == []


def test_reader_names_state_caps_and_units():
    assert labels.label("age_sq") == "Age squared"
    assert labels.label("children_capped") == "Children (number, capped at 3)"
    assert labels.label("quarters_since_employment").endswith("(capped at 12)")
    assert labels.label("prior_measure_starts").endswith("(capped at 5)")
    assert labels.label("calendar_quarter").startswith("Calendar time (years")


def test_caps_in_the_names_are_the_package_caps():
    import numpy as np

    from mia_helpers import covariates

    assert str(covariates.CHILDREN_CAP) in labels.label("children_capped")
    assert covariates.children_capped(np.array([7]))[0] == covariates.CHILDREN_CAP
