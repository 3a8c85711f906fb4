"""fresh53: chapter 5's model figure draws each residence ground at its own newcomers' most
frequent levels (``linked_tables.feeder_curves_within_grounds``, api53), and only the caption
said so, without the levels: at seed 4260 EU citizen was drawn at Eastern EU origin and no
Dutch, the other grounds at a non-EU origin and basic Dutch, family at women. The sentence
(``claims.feeder_profiles_sentence``) names them for the grounds drawn, a level shared by all
said once. Hand-made curves and profiles."""
from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims

PROFILES = {
    "eu_citizen": {"origin": "eastern_eu", "sex": "male", "education": "low", "dutch": "none"},
    "asylum": {"origin": "maghreb", "sex": "male", "education": "low", "dutch": "basic"},
    "family": {"origin": "maghreb", "sex": "female", "education": "low", "dutch": "basic"},
}


def _curves(grounds):
    return pd.DataFrame({"residence_ground": grounds, "u": 0, "cum_incidence": 0.0})


def test_profiles_named_for_the_drawn_grounds():
    s = claims.feeder_profiles_sentence(_curves(["eu_citizen", "asylum", "family"]), PROFILES)
    assert "EU citizen: Eastern EU origin, men, no Dutch" in s
    assert "family: Maghreb origin, women, basic Dutch" in s
    assert "all: low education" in s
    assert s.count("education") == 1  # shared, said once


def test_a_ground_not_drawn_is_not_named():
    s = claims.feeder_profiles_sentence(_curves(["asylum", "family"]), PROFILES)
    assert "EU citizen" not in s and "Eastern EU" not in s
    assert claims.feeder_profiles_sentence(_curves(["work"]), PROFILES) == ""


def test_one_ground_and_errors():
    s = claims.feeder_profiles_sentence(_curves(["asylum"]), PROFILES)
    assert s.startswith("The ground drawn is predicted at") and "Maghreb origin" in s
    with pytest.raises(ValueError, match="residence_ground"):
        claims.feeder_profiles_sentence(pd.DataFrame({"u": [0]}), PROFILES)
