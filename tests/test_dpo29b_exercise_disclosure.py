"""dpo29b: the exercise answers added by teach29 publish no coefficient that the chapter's own
tables hide for resting on fewer than ``min_cell`` persons."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers import exercise_answers as ea

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _tidy(estimate: float, se: float) -> pd.DataFrame:
    return pd.DataFrame({"outcome": ["workplace_learning_ibo"], "term": ["experience_years"],
                         "estimate": [estimate], "se": [se]})


def test_the_school_leavers_coefficient_on_few_starters_is_withheld():
    # 200 adults started IBO, but only 9 school leavers and newcomers: chapter 3's generator
    # check hides their coefficient (n_persons below min_cell), so the answer may not print it
    text = ea.experience_attenuation_sentence(_tidy(0.034, 0.053), _tidy(-0.043, 0.2), 0.08,
                                              n_persons=200, min_cell=10, fresh_persons=9)
    assert "-0.043" not in text
    assert "0.034 per year (standard error 0.053)" in text  # the adults' still stated
    assert text.startswith("The school leavers' and newcomers' coefficient is withheld (fewer "
                           "than 10 of them start IBO). In this run the adults' coefficient")
    assert "(standard error 0.053), against the generator's 0.080: " in text  # the truth


def test_the_school_leavers_coefficient_on_enough_starters_is_stated():
    text = ea.experience_attenuation_sentence(_tidy(0.034, 0.053), _tidy(-0.043, 0.2), 0.08,
                                              n_persons=200, min_cell=10, fresh_persons=10)
    assert "against -0.043 on the school leavers' and newcomers' spells" in text


def test_ibo_starters_counts_distinct_persons_of_the_outcome():
    spells = pd.DataFrame({"person_id": [1, 1, 2, 3, 4],
                           "outcome_label": ["workplace_learning_ibo"] * 3
                           + ["training_basic", "censored"]})
    assert ea.ibo_starters(spells) == 2


def test_chapter_3_passes_the_school_leavers_starters():
    text = (NOTEBOOKS / "03_activation_inflow.md").read_text()
    call = text[text.index('glue("ex_experience_answer"'):]
    call = call[:call.index("\n```")]
    assert "fresh_persons=exercise_answers.ibo_starters(fresh)" in call
