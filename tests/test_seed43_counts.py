"""Counts in chapter 3's prose on seed 2013 (seed43): a whole read "6 of the 6", one read
"1 of the 6", and a single count took a plural verb ("1 of the 6 cells ... move")."""
import pandas as pd

from mia_helpers import claims
from mia_helpers import exercise_answers as ea
from mia_helpers.covariates import KEY


def test_part_of_words_a_whole_a_single_and_no_count():
    assert claims.part_of(6, 6) == ("each of the 6", True)
    assert claims.part_of(1, 6) == ("one of the 6", True)
    assert claims.part_of(0, 6) == ("none of the 6", True)
    assert claims.part_of(4, 6) == ("4 of the 6", False)


def _rrr(values: list[float]) -> pd.DataFrame:
    cells = [f"{o}:first" for o in ("maghreb", "turkish", "sub_saharan", "southern_eu",
                                    "eastern_eu", "other_non_eu")][:len(values)]
    return pd.DataFrame({"outcome": "training_basic", KEY: cells, "rrr": values,
                         "rrr_low": [v * 0.8 for v in values],
                         "rrr_high": [v * 1.2 for v in values]})


def test_seed_2013_noself_answer_reads_each_not_six_of_the_six():
    # seed 2013: "4.10 to 4.88 in M0 and 1.11 to 1.25 ...; 6 of the 6 cells published in
    # both move towards one ... (6 of that model's 6 intervals contain it)"
    m0 = _rrr([4.10, 4.88, 4.5, 4.2, 4.3, 4.6])
    m1 = _rrr([1.11, 1.25, 1.12, 1.13, 1.14, 1.15])
    truth = _rrr([1.0] * 6)[["outcome", KEY, "rrr"]]
    text = ea.first_generation_rrr_sentence(m0, m1, truth)
    assert "each of the 6 cells published in both moves towards one" in text, text
    assert "(each of that model's 6 intervals contains it)" in text, text
    assert "6 of the 6" not in text, text


def test_one_cell_moving_takes_a_singular_verb():
    text = ea.first_generation_rrr_sentence(_rrr([4.0, 1.0]), _rrr([1.1, 1.5]), None)
    assert "one of the 2 cells published in both moves towards one" in text, text


def test_seed_2013_second_remaining_reads_one_of_the_six():
    # seed 2013: "(-0.4 against +0.1 points), 1 of the 6 published cells"
    rows = [("southern_eu:second", -0.72, -0.44, 0.08), ("eastern_eu:second", -0.03, 0.06, 0.15),
            ("maghreb:second", -2.06, -1.78, -1.75), ("turkish:second", -1.94, -1.64, -1.80),
            ("sub_saharan:second", -2.14, -1.74, -1.72),
            ("other_non_eu:second", -2.52, -2.00, -1.85)]
    gaps = pd.DataFrame([{KEY: k, "outcome": "workplace_learning_ibo", "generation": "second",
                          "raw": r, "adj": a, "true_adjusted_gap": t} for k, r, a, t in rows])
    text = claims.second_remaining_claims(gaps, synthetic=True)["inflow_second_remaining"]
    assert "(-0.4 against +0.1 points), one of the 6 published cells" in text, text


def test_model_deviation_points_to_the_generator_check_not_the_last_section():
    # seed 2013: "... the adults' mismeasured work experience discussed in the last section",
    # but the generator check is followed by the ideal types, the summary and the exercises
    text = claims.model_deviation_sentence(1.1, truth=True)
    assert "last section" not in text, text
    assert "discussed below in the section checking the model against the generator" in text
