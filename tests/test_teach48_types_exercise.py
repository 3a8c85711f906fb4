"""Chapter 3's exercise on measure types (``ex-inflow-types``, "which outcomes change?") is
answered from the run (teach48).

Found reading chapter 3 with seed 4050 and re-running it with ``-p grouping types``: the
solution said in fixed text which codes are pooled, and nothing about the other outcomes,
whose coefficients in the generator check did not move (IBO's ``experience_years`` 0.064 in
both runs); a student could not tell from the solution that only the pooled outcomes change.

Data: hand-made ``InflowFit.tidy()`` rows (columns ``outcome``, ``term``, ``estimate``,
``se``) with known differences (no tolerance: the sentence prints the largest |difference| /
SE at one decimal).
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import exercise_answers


def _tidy(rows):
    return pd.DataFrame(rows, columns=["outcome", "term", "estimate", "se"])


CODES = _tidy([("workplace_learning_ibo", "experience_years", 0.064, 0.019),
               ("training_basic", "experience_years", -0.054, 0.017),
               ("vacancy_referral_manual", "experience_years", 0.02, 0.01),
               ("vacancy_referral_automatic", "experience_years", 0.04, 0.01)])
TYPES = _tidy([("workplace_learning_ibo", "experience_years", 0.064, 0.019),
               ("training_basic", "experience_years", -0.0489, 0.017),
               ("vacancy_referral", "experience_years", 0.032, 0.009)])


def test_pooled_outcomes_are_named_and_the_others_barely_move():
    persons = {"workplace_learning_ibo": 1117, "training_basic": 2456}
    s = exercise_answers.pooled_outcomes_sentence(CODES, TYPES, persons, 10)
    assert "vacancy referral (manual) and vacancy referral (automatic)" in s, s
    assert "0.3 standard errors" in s, s  # (0.0540 - 0.0489) / 0.017 = 0.30
    assert "2 outcomes" in s, s
    # the same answer when the run is the types run and the codes are the other fit
    assert "0.3 standard errors" in exercise_answers.pooled_outcomes_sentence(
        TYPES, CODES, persons, 10)


def test_an_outcome_on_too_few_starters_is_not_read():
    s = exercise_answers.pooled_outcomes_sentence(CODES, TYPES, {"workplace_learning_ibo": 1117,
                                                                 "training_basic": 5}, 10)
    assert "0.3" not in s and "1 outcome" in s, s


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="se"):
        exercise_answers.pooled_outcomes_sentence(CODES.drop(columns="se"), TYPES, {}, 10)


def test_a_move_that_rounds_to_zero_is_not_printed_as_zero():
    # seed 4050: "move by at most 0.0 standard errors"
    s = exercise_answers.pooled_outcomes_sentence(CODES, CODES.assign(
        estimate=CODES["estimate"] + 1e-4), {"workplace_learning_ibo": 1117}, 10)
    assert "0.0 standard errors" not in s and "less than 0.05 standard errors" in s, s
