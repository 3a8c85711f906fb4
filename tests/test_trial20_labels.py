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
    assert labels.label("children_capped") == "Children (number, max 3)"
    assert labels.label("quarters_since_employment").endswith("(max 12)")
    assert labels.label("prior_measure_starts").endswith("(max 5)")
    assert labels.label("calendar_quarter").startswith("Calendar time (years")


def test_reader_names_fit_a_one_measure_love_plot():
    """Chapter 4's love plot with one measure (tests/test_notebook_04.py) failed in seaborn's
    legend placement ("left cannot be >= right") with 45-character names; the longest label
    the plot showed before was "Generation: Second generation" (29)."""
    assert max(len(labels.label(c)) for c in NUMERIC) <= 30


def test_caps_in_the_names_are_the_package_caps():
    import numpy as np

    from mia_helpers import covariates

    assert str(covariates.CHILDREN_CAP) in labels.label("children_capped")
    assert covariates.children_capped(np.array([7]))[0] == covariates.CHILDREN_CAP
