"""trial30 (seed 6161, 3,500 residents, 1,300 newcomers, min_cell 13, window from 2006Q2): the
prose of the chapters against their own tables."""
import pandas as pd

from mia_helpers import exercise_answers as ea


def _tidy(estimate: float, se: float) -> pd.DataFrame:
    return pd.DataFrame({"outcome": ["workplace_learning_ibo"], "term": ["experience_years"],
                         "estimate": [estimate], "std_error": [se]})


def test_an_estimate_pulled_just_past_zero_is_not_read_as_not_towards_zero():
    # chapter 3's experience exercise read -0.001 (standard error 0.040) against the
    # generator's 0.080 as "2.0 standard errors from the truth, but not towards zero"
    text = ea.experience_attenuation_sentence(_tidy(-0.001, 0.040), _tidy(0.012, 0.05), 0.080,
                                              200, 13)
    assert "not towards zero" not in text
    assert "towards zero and just past it" in text and "within sampling error of zero" in text


def test_an_estimate_of_the_other_sign_beyond_sampling_error_is_said_to_pass_zero():
    text = ea.experience_attenuation_sentence(_tidy(-0.2, 0.02), _tidy(0.08, 0.02), 0.080,
                                              200, 13)
    assert "of the other sign beyond sampling error" in text and "attenuated" not in text


def test_an_estimate_further_from_zero_of_the_same_sign_stays_not_towards_zero():
    text = ea.experience_attenuation_sentence(_tidy(0.2, 0.01), _tidy(0.08, 0.01), 0.08, 200, 10)
    assert "but not towards zero" in text
