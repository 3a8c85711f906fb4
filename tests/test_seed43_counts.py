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
    return pd.DataFrame({"outcome": "training_basic", KEY: cells, "exp_estimate": values,
                         "exp_ci_low": [v * 0.8 for v in values],
                         "exp_ci_high": [v * 1.2 for v in values]})


def test_seed_2013_noself_answer_reads_each_not_six_of_the_six():
    # seed 2013: "4.10 to 4.88 in M0 and 1.11 to 1.25 ...; 6 of the 6 cells published in
    # both move towards one ... (6 of that model's 6 intervals contain it)"
    m0 = _rrr([4.10, 4.88, 4.5, 4.2, 4.3, 4.6])
    m1 = _rrr([1.11, 1.25, 1.12, 1.13, 1.14, 1.15])
    truth = _rrr([1.0] * 6)[["outcome", KEY, "exp_estimate"]]
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
    # claims51: the verdict reads the RRR intervals; one of them misses its truth here
    from second_rrr_inputs import rrr_inputs
    inputs = rrr_inputs([r[0] for r in rows], true=1.0,
                        intervals={"southern_eu:second": (0.7, 0.55, 0.9)})
    text = claims.second_remaining_claims(gaps, synthetic=True, **inputs)[
        "inflow_second_remaining"]
    assert "(true 1.00 against 0.70 [0.55, 0.90]), one of the 6 cells checked" in text, text


def test_model_deviation_points_to_the_generator_check_not_the_last_section():
    # seed 2013: "... the adults' mismeasured work experience discussed in the last section",
    # but the generator check is followed by the ideal types, the summary and the exercises
    text = claims.model_deviation_sentence(1.1, truth=True)
    assert "last section" not in text, text
    assert "discussed below in the section checking the model against the generator" in text


def test_at_quarters_words_the_whole():
    assert claims.at_quarters(5, 5) == "at all 5 quarters"
    assert claims.at_quarters(2, 2) == "at both quarters"
    assert claims.at_quarters(1, 1) == "at the only quarter"
    assert claims.at_quarters(3, 5) == "at 3 of 5 quarters"
    assert claims.at_quarters(5, 5, unit=False) == "at all 5"


def test_seed_2013_appendix_a_calibration_and_interval_sentences_read_all_not_5_of_5():
    # seed 2013, appendix A, 4 replications: "for basic training the bias is within the bound
    # at 5 of 5 quarters ... and the coverage within the band at 5 (1.000 at each)" and "its
    # coverage lies inside the band at 30 of 30 quarters (from 0.750 to 1.000)"
    calib = pd.DataFrame({
        "measure": ["training_basic", "training_basic", "workplace_learning_ibo"],
        "estimand": "now_vs_later", "estimator": ["matched", "naive", "matched"], "n_quarters": 5,
        "quarters_bias_ok": [5, 0, 3], "quarters_coverage_ok": [5, 0, 5],
        "max_abs_z": [1.5, 9.0, 2.3], "mean_bias": [-0.35, -6.45, -2.21],
        "coverage_min": [1.0, 0.0, 0.75], "coverage_max": [1.0, 0.0, 1.0]})
    text = claims.calibration_sentence(calib, "now_vs_later")
    assert "for Basic training the bias is within the bound at all 5 quarters" in text, text
    assert "and the coverage within the band at all 5 (1.000 at each)" in text, text
    assert "for IBO the bias is within the bound at 3 of 5 quarters" in text, text
    assert "5 of 5" not in text, text
    table = pd.DataFrame({"interval": ["linearized"] * 2, "n_quarters": [15, 15],
                          "quarters_coverage_ok": [15, 15], "coverage_min": [0.75, 0.8],
                          "coverage_max": [1.0, 1.0], "se_ratio_min": [0.65, 0.7],
                          "se_ratio_max": [3.58, 2.0]})
    words = claims.interval_comparison_words(table)
    assert "inside the band at all 30 quarters (from 0.750 to 1.000)" in words, words


def _calib(never_bias_ok: int) -> pd.DataFrame:
    rows = []
    for est, ok in (("now_vs_later", 5), ("now_vs_never", never_bias_ok)):
        for e in ("matched", "naive"):
            rows.append({"measure": "workplace_learning_ibo", "estimand": est, "estimator": e,
                         "n_quarters": 5, "quarters_bias_ok": ok if e == "matched" else 0,
                         "quarters_coverage_ok": 5 if e == "matched" else 0,
                         "max_abs_z": 1.0, "mean_bias": -0.5, "coverage_min": 0.9,
                         "coverage_max": 1.0})
    return pd.DataFrame(rows)


def test_never_rows_read_the_same_way_only_where_their_counts_agree():
    # appendix A typed 'The "now versus never" rows of the table read the same way' on any run
    assert claims.never_rows_sentence(_calib(5)) == (
        'The "now versus never" rows of the table read the same way')
    other = claims.never_rows_sentence(_calib(2))
    assert "read the same way" not in other, other
    assert "within the bound at 2 of 5 quarters" in other, other


def test_never_width_is_not_stated_as_nan_where_every_never_estimate_is_a_bound():
    # seed 2013, 4 replications: 'a "now versus never" interval at quarters 4 to 8 spans nan
    # points ... against 10.7 for "now versus later"'
    text = claims.never_width_sentence({"now_vs_later": 10.7}, "4 to 8")
    assert "nan" not in text, text
    assert "no data set gives a \"now versus never\" point estimate at quarters 4 to 8" in text
    assert "spans 10.7 points in the median data set" in text, text
    both = claims.never_width_sentence({"now_vs_never": 30.14, "now_vs_later": 10.7}, "4 to 8")
    assert both == ('in the median data set a "now versus never" interval at quarters 4 to 8 '
                    'spans 30.1 points, against 10.7 for "now versus later"')
    assert "nan" not in claims.never_width_sentence({}, "4 to 8")


def test_caliper_changes_say_an_unchanged_coverage_in_words():
    # seed 2013, 4 replications: "the RMSE by -1.56 and the coverage by +0.00"
    assert claims.caliper_changes_sentence(2.16, -1.56, 0.0) == (
        "Without a caliper the bias changes by +2.16 points and the RMSE by -1.56, while the "
        "coverage stays the same.")
    assert claims.caliper_changes_sentence(2.16, -1.56, 0.25) == (
        "Without a caliper the bias changes by +2.16 points, the RMSE by -1.56 and the "
        "coverage by +0.25.")
    assert "+0.00" not in claims.caliper_changes_sentence(0.001, 0.0, 0.0)
