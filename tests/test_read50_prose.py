"""read50: chapter 3 read on seed 4095 (defaults) and seed 4096 (min_cell 20, horizon 4,
measures basic training, IBO, mediation and guidance, automatic vacancy referral); chapter 4
on seeds 4095-4099. Sentences that were false or nonsensical on those runs, each with a
hand-made table that makes the old sentence false."""

import pandas as pd
from second_rrr_inputs import rrr_inputs

from mia_helpers import claims
from mia_helpers.covariates import KEY


def _second_ibo(rows) -> pd.DataFrame:
    return pd.DataFrame([{KEY: k, "outcome": "workplace_learning_ibo", "generation": "second",
                          "raw": r, "adj": a, "true_adjusted_gap": t} for k, r, a, t in rows])


#: seed 4096 (min_cell 20, horizon 4): the second generation's published IBO gaps (pp), as
#: chapter 3's gaps table prints them (raw, M1's adjusted, the generator's true adjusted)
SEED4096 = [("southern_eu:second", -0.66, 0.04, 0.05), ("eastern_eu:second", -0.56, -0.02, 0.10),
            ("maghreb:second", -2.23, -1.82, -1.67), ("turkish:second", -2.37, -1.94, -1.71),
            ("sub_saharan:second", -2.13, -1.69, -1.66),
            ("other_non_eu:second", -2.38, -2.04, -1.72)]


def test_a_gap_printed_zero_to_one_decimal_is_not_glued_as_minus_zero():
    # the section read "(-0.0 against +0.1 points)" for Table 5's -0.02 against 0.10
    # every true RRR inside M1's interval (claims51: the verdict reads the intervals)
    text = claims.second_remaining_claims(_second_ibo(SEED4096), True, **rrr_inputs(
        r[0] for r in SEED4096))["inflow_second_remaining"]
    assert "-0.0 " not in text and "+0.0 " not in text, text
    assert "Eastern EU (second generation) (-0.02 against +0.1 points)" in text, text


def test_a_gap_the_table_prints_as_zero_has_no_sign():
    # -0.004 is printed 0.00 (also -0.00) by the gaps table: no opposite sign to read
    rows = [*SEED4096[:1], ("eastern_eu:second", -0.56, -0.004, 0.10), *SEED4096[2:]]
    c = claims.second_remaining_claims(_second_ibo(rows), True,
                                       **rrr_inputs(r[0] for r in rows))
    assert "opposite sign" not in c["inflow_second_remaining"], c
    assert "opposite sign" not in c["inflow_second_remaining_short"], c


def _counts(rows) -> pd.DataFrame:
    return pd.DataFrame([{"outcome": o, "n_spells": n} for o, n in rows])


#: seed 4096 with four measures kept apart: chapter 3's counts table (spells)
COUNTS4096 = [("no_inflow", 27608), ("training_basic", 3418), ("workplace_learning_ibo", 2450),
              ("mediation_guidance", 6178), ("vacancy_referral_automatic", 7736),
              ("other_measure", 13997)]


def test_the_pool_of_other_measures_is_not_ranked_as_a_first_measure():
    from mia_helpers import competing
    assert claims.POOLED_MEASURES == competing.OTHER
    _, text = claims.most_frequent_sentence(_counts(COUNTS4096))
    assert not text.startswith("other measure"), text
    assert text == ("vacancy referral (automatic) and mediation and guidance are the most "
                    "frequent first measures of those kept apart (the other measures are "
                    "pooled in one outcome)"), text


def test_without_a_pool_the_ranking_reads_as_before():
    _, text = claims.most_frequent_sentence(_counts(COUNTS4096[:-1]))
    assert text == ("vacancy referral (automatic) and mediation and guidance are the most "
                    "frequent first measures"), text


#: seed 4096 kept one direct-link measure apart (IBO): its RRR intervals of three cells
IBO = "workplace_learning_ibo"
RRR_IBO = pd.DataFrame({KEY: ["southern_eu:first", "southern_eu:second", "maghreb:first"],
                        "outcome": IBO, "exp_estimate": [0.42, 1.00, 0.44],
                        "exp_ci_low": [0.26, 0.82, 0.29], "exp_ci_high": [0.66, 1.21, 0.66]})


def test_one_direct_link_measure_is_named_not_every_measure_nor_measures_that_disagree():
    text = claims.rrr_interval_sentence(RRR_IBO, decimals=2)
    assert "every direct-link measure" not in text, text
    assert "disagree in direction" not in text, text
    assert text == ("of the 3 cells with an interval shown for IBO, the whole interval of the "
                    "RRR lies below one for Southern EU (first generation) and Maghreb (first "
                    "generation); for Southern EU (second generation) the RRR is not "
                    "distinguishable from one (its interval includes one)"), text
    # two measures: as before
    two = pd.concat([RRR_IBO, RRR_IBO.assign(outcome="training_vocational")])
    assert "at least one direct-link measure's RRR" in claims.rrr_interval_sentence(two, 2)


def test_one_direct_link_measure_share_is_not_an_average():
    pairs = [(57.2, 18.3, "are of Belgian origin"), (37.8, 13.5, "are highly educated")]
    text = claims.profile_pairs_sentence(pairs, direct=[IBO])
    assert "on average" not in text and "a direct-link measure's" not in text, text
    assert text.startswith("57 per cent of IBO's inflows are of Belgian origin, against 18 per "
                           "cent of basic training's"), text
    assert "on average 57 per cent of a direct-link measure's inflows" in \
        claims.profile_pairs_sentence(pairs, direct=[IBO, "training_vocational"])


def _aj(origin: str, outcome: str, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"origin": origin, "outcome": outcome, "u": range(len(values)),
                         "cum_incidence": values})


def test_one_measure_drawn_has_no_widest_spread():
    obs = pd.concat([_aj("belgian", IBO, [0.0, 0.02, 0.053]),
                     _aj("turkish", IBO, [0.0, 0.01, 0.018])], ignore_index=True)
    model = pd.DataFrame({"source": ["M1"], "profile": ["p"], "outcome": [IBO], "u": [1],
                          "cum_incidence": [1.0]})
    c = claims.inflow_curve_claims(obs, model, [IBO])
    assert "widest" not in c["inflow_ci_spread_sentence"], c
    assert c["inflow_ci_spread_sentence"] == (
        "the spread between origins at the last quarter shown is 3.5 points for IBO, the only "
        "direct-link measure drawn"), c
    assert c["inflow_ci_reference_tops"] == "Belgian jobseekers reach IBO most often"
    two = pd.concat([obs, obs.assign(outcome="training_vocational",
                                     cum_incidence=obs["cum_incidence"] / 2)])
    c = claims.inflow_curve_claims(two, model, [IBO, "training_vocational"])
    assert c["inflow_ci_spread_sentence"].endswith("is widest for IBO"), c


def test_one_shifted_measure_is_singular():
    from mia_helpers.synthetic.config import GeneratorConfig
    params = {"config": GeneratorConfig().to_dict()}
    cells = ["belgian:native", "southern_eu:second", "maghreb:second"]
    text = claims.inflow_generator_claims(params, cells, [IBO])["inflow_true_curves_sentence"]
    assert "(the measure whose low-link term is not zero)" in text, text


def test_other_sign_numbers_say_which_is_estimated():
    # seed 4095, chapter 4's estimands exercise: "differ most for IBO (... +0.81 points;
    # estimated +1.05) ... For vacancy referral (automatic) (+0.37 against -0.20)": truth
    # first in the first clause, estimate first in the second, neither labelled there
    from mia_helpers import exercise_answers
    ms = ["workplace_learning_ibo", "vacancy_referral_automatic"]
    grid = pd.DataFrame({"now_vs_later": [8.44, -0.59], "now_vs_never": [9.49, -0.22]},
                        index=pd.Index(ms, name="measure"))
    truth = pd.DataFrame({"measure": ms * 2, "estimand": ["now_vs_later"] * 2
                          + ["now_vs_never"] * 2, "true_att_pp": [8.0, -0.5, 8.81, -0.7]})
    s = exercise_answers.estimand_truth_sentence(grid, truth)
    assert "vacancy referral (automatic) (estimated +0.37 against a true -0.20)" in s, s


def _cal_shown(q: int = 5) -> pd.DataFrame:
    return pd.DataFrame({"caliper": ["0.01", "0.20", "2.00"],
                         "role": ["narrower", "the chapter's", "wider"],
                         f"att_pp_q{q}": ["7.1", "7.4", "7.3"]})


def _cal_behind() -> pd.DataFrame:
    return pd.DataFrame({"att_pp": [7.1, 7.4, 7.3], "se": [1.3, 1.1, 1.1]})


def test_caliper_exercise_says_its_estimand_under_now_versus_never():
    # seed 4097, estimand now_vs_never: "At 5 quarters the estimate is 7.4 points at the
    # chapter's caliper (0.20)" beside the summary table's 7.6 at the same caliper: the
    # exercise matches "now versus later" only
    from mia_helpers import exercise_answers
    s = exercise_answers.caliper_estimate_sentence(_cal_shown(), _cal_behind(), 5,
                                                   "now_vs_never")
    assert s.startswith("At 5 quarters the \"now versus later\" (the exercise's, not the "
                        "chapter's \"now versus never\") estimate is 7.4 points"), s
    same = exercise_answers.caliper_estimate_sentence(_cal_shown(), _cal_behind(), 5)
    assert same.startswith("At 5 quarters the estimate is 7.4 points"), same


def test_caliper_exercise_at_one_quarter_is_singular():
    # max_quarter 1: the exercise reads its last horizon, one quarter
    from mia_helpers import exercise_answers
    s = exercise_answers.caliper_estimate_sentence(_cal_shown(1), _cal_behind(), 1)
    assert s.startswith("At 1 quarter the estimate"), s


def test_chapter_4_caliper_table_names_its_estimand():
    from pathlib import Path
    src = (Path(__file__).resolve().parent.parent / "notebooks"
           / "04_activation_effects.md").read_text(encoding="utf-8")
    assert "the matched effect (now versus later) at" in src
    assert "cal.render(), behind, q_ex, estimand)" in src


def test_chapter_3_refuses_measures_without_a_direct_link_measure_before_the_run():
    # seed 4098, measures [training_basic, mediation_guidance]: the run crashed in a cell
    # ("table 'tbl-inflow-rrr' has no rows to publish")
    import pytest

    from mia_helpers import chapters
    short, source = chapters.resolve_chapter("3")
    params = chapters.read_parameters(source)
    with pytest.raises(chapters.ChapterError,
                       match="'measures' keeps none of the measures with a direct link.*add at "
                             "least one of them"):
        chapters.check_parameters(short, params, [
            ("measures", "[training_basic, mediation_guidance]")])
    chapters.check_parameters(short, params, [("measures", "[training_basic, "
                                                           "workplace_learning_ibo]")])
    chapters.check_parameters(short, params, [])  # measures None: all nine


def test_caliper_exercise_columns_at_another_horizon_are_labelled():
    # seed 4099, max_quarter 3: Table 7's header read "Att (pp) q3 | True att (pp) q3 |
    # N treated q3"
    from mia_helpers.labels import column_label
    assert column_label("att_pp_q3") == "Matched (pp) at 3 quarters"
    assert column_label("true_att_pp_q3") == "Truth, all starters (pp) at 3 quarters"
    assert column_label("n_treated_q1") == "Starters at 1 quarter"
    assert column_label("att_pp_q5") == "Matched (pp) at 5 quarters"  # as before


def test_bias_caption_over_one_horizon_is_not_an_average_over_quarters():
    # seed 4099, max_quarter 3: "averaged over quarter 3 ... hidden at one of those quarters"
    assert claims.judged_over([3]) == "at quarter 3"
    assert claims.judged_over([3], at_one=True) == "that quarter"
    assert claims.judged_over(range(4, 9)) == "averaged over quarters 4 to 8"
    assert claims.judged_over([4, 5], at_one=True) == "one of those quarters"


#: seed 4095, chapter 3's Table 4: the widest RRR intervals, unrounded bounds and persons
WIDE4095 = pd.DataFrame({
    KEY: ["southern_eu:first", "turkish:first", "southern_eu:first", "turkish:first",
          "maghreb:second"],
    "outcome": [IBO, IBO, "workplace_learning_other", "workplace_learning_other", IBO],
    "exp_ci_low": [0.288944, 0.241289, 0.223688, 0.247566, 0.50], "exp_ci_high": [
        0.744191, 0.625986, 0.591538, 0.657207, 0.72], "n_persons": [36, 33, 33, 36, 126]})


def test_widest_interval_is_the_widest_the_table_prints():
    # "2.7 times at the widest (on 36 persons)": Turkish (first generation)'s [0.25, 0.66]
    # by its unrounded bounds; as printed, Southern EU (first generation)'s [0.22, 0.59] on 33
    # persons is wider (2.68 against 2.64)
    text = claims.rrr_width_clause(5, WIDE4095, decimals=2)
    assert "2.7 times at the widest (on 33 persons who entered)" in text, text
    assert "(on 36 persons who entered)" not in text.split("narrowest")[1], text


def test_chapter_4_group_bands_are_not_typed_as_linearized_student_t():
    # seed 4096, interval bootstrap: Figure 4's bands were "percentile bands from 20
    # person-clustered bootstrap replications" (and, for "now versus never", the controls'
    # side is model-based with the normal quantile), while the section typed "A group's band
    # sums the variance over the persons of that group's design, with Student's t"
    from pathlib import Path
    src = (Path(__file__).resolve().parent.parent / "notebooks"
           / "04_activation_effects.md").read_text(encoding="utf-8")
    assert "sums the variance over the persons of that group's design" not in src
    assert "is computed as the pooled bands are (the figure's caption says how)" in src


def test_chapter_3_horizon_of_one_quarter_is_singular():
    # seed 4097, horizon 1: "over the first 1 quarters of a spell", "within 1 quarters of
    # registration", "after 1 quarters" (a glued horizon before a typed "quarters")
    from pathlib import Path

    from mia_helpers import typology
    src = (Path(__file__).resolve().parent.parent / "notebooks"
           / "03_activation_inflow.md").read_text(encoding="utf-8")
    assert "`par_horizon` quarters" not in src and "{horizon} quarters" not in src
    assert src.count("{glue:text}`par_horizon_quarters`") >= 5
    tab = pd.DataFrame({"training_basic": [1.3, 1.3, 5.1, 5.2],
                        "workplace_learning_ibo": [3.5, 3.7, 1.1, 1.1]},
                       index=["autonomous", "needs_direction", "needs_competences", "needs_both"])
    assert typology.types_table_sentence(tab, 1).startswith("within 1 quarter of registration")
    assert typology.types_table_sentence(tab, 8).startswith("within 8 quarters of registration")


def test_m1_equal_to_m0_has_no_zero_more_terms():
    # seed 4097, covariate_blocks []: "M1 has 0 more terms per outcome than M0"
    assert claims.extra_terms_clause(0) == "M1 has no term per outcome beyond M0's"
    assert claims.extra_terms_clause(1) == "M1 has 1 more term per outcome than M0"
    assert claims.extra_terms_clause(7) == "M1 has 7 more terms per outcome than M0"
    from pathlib import Path
    src = (Path(__file__).resolve().parent.parent / "notebooks"
           / "03_activation_inflow.md").read_text(encoding="utf-8")
    assert "{glue:text}`inflow_extra_terms` more terms" not in src
    assert "{glue:text}`inflow_extra_terms_clause`" in src
