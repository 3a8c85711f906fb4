"""teach29: exercise solutions of chapters 2 and 3 are computed at the parameters the student
re-ran the chapter with, and answer the question the exercise asks."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import exercise_answers as ea

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
GROUPS = ["maghreb:intermediate", "maghreb:second", "turkish:intermediate"]
AT4 = pd.Series([0.32, 0.44, 0.28], index=GROUPS)  # M0 odds ratios with a 4-quarter stable job
AT8 = pd.Series([0.28, 0.52, 0.23], index=GROUPS)  # and with an 8-quarter one
SE = pd.Series(0.01, index=GROUPS)  # log-ratio standard errors: every move is beyond (ans48)


@pytest.mark.parametrize(("now", "other", "q", "other_q"), [(AT4, AT8, 4, 8), (AT8, AT4, 8, 4)])
def test_the_stable_length_answer_reads_from_4_to_8_quarters_in_both_runs(now, other, q, other_q):
    text = ea.stable_length_answer(now, other, SE, SE, q, other_q)
    assert text.startswith("In this run, with a stable job of 8 quarters instead of 4, the gap")
    # 0.32 -> 0.28 and 0.28 -> 0.23 are wider at 8 quarters; 0.44 -> 0.52 is not
    assert "widens for 2 of the 3 non-EU groups" in text
    assert "from 0.32 to 0.28" in text and "from 0.44 to 0.52" in text


def _rrr(values: list[float], outcome: str = "training_basic") -> pd.DataFrame:
    cells = ["maghreb:first", "turkish:first", "maghreb:second"]
    return pd.DataFrame({"outcome": outcome, "origin_generation": cells, "exp_estimate": values,
                         "exp_ci_low": [v * 0.6 for v in values],
                         "exp_ci_high": [v * 1.6 for v in values]})


def test_the_first_generation_rrr_answer_states_this_runs_numbers_and_the_truth():
    truth = _rrr([1.0, 1.0, 1.0])[["outcome", "origin_generation", "exp_estimate"]]
    text = ea.first_generation_rrr_sentence(_rrr([4.9, 4.5, 1.1]), _rrr([0.72, 1.3, 0.95]), truth)
    assert "are 4.50 to 4.90 in M0 and 0.72 to 1.30 once the self-reliance components" in text
    assert "each of the 2 cells published in both moves towards one" in text  # 2nd gen out
    assert "true RRR is 1.00 (each of that model's 2 intervals contains it)" in text
    assert "basic training" in text  # a label inside a sentence, not "Basic training"


def test_the_rrr_answer_says_so_when_nothing_is_published():
    empty = _rrr([float("nan")] * 3)
    assert "publishes no first-generation RRR" in ea.first_generation_rrr_sentence(
        empty, _rrr([1.0, 1.0, 1.0]), None)


def _tidy(estimate: float, se: float) -> pd.DataFrame:
    return pd.DataFrame({"outcome": ["workplace_learning_ibo"], "term": ["experience_years"],
                         "estimate": [estimate], "se": [se]})


def test_the_experience_answer_does_not_claim_an_attenuation_within_sampling_error():
    # seed 2005, 5,000 residents: adults 0.075 (0.030), leavers and newcomers 0.098, truth 0.08
    text = ea.experience_attenuation_sentence(_tidy(0.075, 0.030), _tidy(0.098, 0.037), 0.08,
                                              n_persons=200, min_cell=10)
    assert "0.075 per year (standard error 0.030), against 0.098" in text
    assert "0.2 standard errors closer to zero than the truth, within sampling error" in text
    assert "attenuated, as" not in text


def test_the_experience_answer_names_a_clear_attenuation_and_a_bias_away_from_zero():
    assert "attenuated, as the argument predicts" in ea.experience_attenuation_sentence(
        _tidy(0.01, 0.01), _tidy(0.08, 0.01), 0.08, 200, 10)
    assert "not towards zero" in ea.experience_attenuation_sentence(
        _tidy(0.2, 0.01), _tidy(0.08, 0.01), 0.08, 200, 10)
    assert "withheld" in ea.experience_attenuation_sentence(
        _tidy(0.2, 0.01), _tidy(0.08, 0.01), 0.08, 9, 10)
    assert "no truth" in ea.experience_attenuation_sentence(
        _tidy(0.2, 0.01), _tidy(0.08, 0.01), None, 200, 10)


def test_chapter_3_solutions_glue_their_answers_instead_of_fixed_claims():
    text = (NOTEBOOKS / "03_activation_inflow.md").read_text()
    assert "{glue:text}`ex_noself_answer`" in text and "{glue:text}`ex_experience_answer`" in text
    assert "The\nestimated slope is attenuated towards zero:" not in text
    solution = text[text.index(":label: ex-inflow-noself"):text.index(":label: ex-inflow-experience")]
    assert not re.search(r"its true RRR is one", solution)


def test_chapter_2_reads_the_stable_length_answer_in_the_exercises_direction():
    text = (NOTEBOOKS / "02_school_leaver_entry.md").read_text()
    assert 'glue("leavers_stable8_answer", exercise_answers.stable_length_answer(' in text


def test_the_obligated_exercise_does_not_read_the_gaps_as_naive_bias_when_many_lack_a_twin():
    # seed 2005, 5,000 residents and 2,500 newcomers: "the smaller gap (by 83 %) says that much
    # of the naive bias came from comparing obligated starters with the other grounds. Read both
    # gaps with care: ... 59.3 % of the starters ... found no statistical twin"
    from mia_helpers import claims

    def rows(naive: float, matched: float) -> pd.DataFrame:
        return pd.DataFrame([{"measure": "inburgering", "estimator": est, "estimand": "now_vs_later",
                              "quarter_since_start": q, "att_pp": v, "n_treated": 400}
                             for q in range(4, 9) for est, v in (("naive", naive),
                                                                 ("matched", matched))])
    s = claims.obligated_gap_claim(rows(1.0, 1.4), rows(0.5, 2.9), ["family", "asylum"],
                                   range(4, 9), 10, dropped_pct=59.3)
    assert ("mean gap between naive and matched \"now versus later\" estimates is 0.4 points, "
            "against 2.4") in s, s
    assert "The gap is smaller by 83 per cent, but read both gaps with care" in s
    assert "59.3 per cent" in s and "much of the naive bias came from" not in s
    assert "timing than of profile" not in s


def test_the_link_answer_compares_this_runs_odds_and_hazard_ratios():
    import math

    rows = []  # 30 persons per group, 12 of them entering
    for g in ("maghreb:second", "turkish:second", "eastern_eu:first"):
        for i in range(30):
            rows.append({"origin_generation": g, "person_id": f"{g}{i}", "event": int(i < 12)})
    periods = pd.DataFrame(rows)
    logit = pd.Series({"origin_generation[maghreb:second]": math.log(0.5),
                       "origin_generation[turkish:second]": math.log(0.8),
                       "origin_generation[eastern_eu:first]": math.log(1.05)})
    cloglog = pd.Series({"origin_generation[maghreb:second]": math.log(0.55),
                         "origin_generation[turkish:second]": math.log(0.82),
                         "origin_generation[eastern_eu:first]": math.log(1.06)})
    text = ea.link_comparison_sentence(periods, logit, cloglog, min_cell=10)
    assert "at least as far from one as the hazard ratio for 2 of the 3 groups compared" in text
    assert "(0.50 against 0.55)" in text
    # a group with fewer than min_cell persons entering, or not, is not compared
    assert "no group with at least 13 persons" in ea.link_comparison_sentence(
        periods, logit, cloglog, min_cell=13)
    nb = (NOTEBOOKS / "02_school_leaver_entry.md").read_text()
    assert "{glue:text}`leavers_link_answer`" in nb
