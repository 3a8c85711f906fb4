"""Claims sentences that must never state a missing number (chapter 2's KHB shares, chapter
5's inburgering check) and Appendix A's calibration criteria read from the function they
describe."""

import re

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.synthetic.config import GeneratorConfig


def test_khb_share_sentence_states_no_missing_share():
    both = claims.khb_share_sentence(34.4, 12.0)
    assert "34 per cent" in both and "12 per cent" in both
    one = claims.khb_share_sentence(np.nan, 12.0)
    assert "12 per cent" in one and "intermediate generation the decomposition is not available" in one
    none = claims.khb_share_sentence(np.nan, np.nan)
    assert "not available" in none and not re.search(r"\d", none)
    for text in (both, one, none):
        assert "nan" not in text.lower()
    left = claims.khb_share_sentence(34.4, 12.0, no_share=2)
    assert "2 groups are left out" in left and "interval includes zero" in left
    assert "one group is left out" in claims.khb_share_sentence(np.nan, np.nan, no_share=1)


def test_calibration_claims_follow_the_function_defaults():
    def calibration(summary, quarters=(3, 7), n_se=2.0, coverage_band=(0.85, 0.99), by=()):
        return summary

    c = claims.calibration_claims(calibration)
    assert c == {"a_calib_quarters": "3 to 7", "a_calib_n_se": "two",
                 "a_calib_band": "[0.85, 0.99]"}
    from mia_helpers.montecarlo import calibration as real

    assert claims.calibration_claims(real)["a_calib_band"].startswith("[")


def _tidy(truth: bool, n_treated: int = 50) -> pd.DataFrame:
    q = [4, 5, 8]
    return pd.DataFrame({
        "measure": "inburgering", "estimator": "matched", "estimand": "now_vs_later",
        "quarter_since_start": q, "att_pp": [2.0, 3.0, 4.0], "se": [1.0, 1.0, 2.0],
        "ci_low": [0.0, 1.0, 0.0], "ci_high": [4.0, 5.0, 8.0], "n_treated": n_treated,
        "true_att_pp": [2.5, 6.0, 4.0] if truth else np.nan})


def test_inburgering_sentence_against_truth_and_without():
    s = claims._inburgering_sentence(_tidy(True), (4, 5, 8), 10)
    # errors 0.5/1, 3/1, 0/2 standard errors: at most 3.0; the quarter-5 interval misses
    assert "2.0, 3.0 and 4.0 points" in s and "at most 3.0 standard errors" in s
    assert "two of the three intervals" in s
    s = claims._inburgering_sentence(_tidy(False), (4, 5, 8), 10)
    assert claims.NO_TRUTH in s and "nan" not in s.lower()
    s = claims._inburgering_sentence(_tidy(True, n_treated=3), (4, 5, 8), 10)
    assert "too few starters" in s and "2.0" not in s


def test_bounds_never_overstate():
    """A lower bound is floored and an upper bound rounded up (issue 18: chapter 3 printed
    "at least 76 %" for a minimum of 75.8 %)."""
    assert claims.at_least(75.8) == "75" and claims.at_most(75.2) == "76"
    assert claims.at_least(76.0) == "76" and claims.at_most(76.0) == "76"
    assert claims.at_most(3.41, 1) == "3.5" and claims.at_least(3.49, 1) == "3.4"
    assert claims.at_least(-1.25, 1) == "-1.3" and claims.at_most(-1.25, 1) == "-1.2"
    # decimal, not binary, rounding: 0.29 is not floored to 0.28
    assert claims.floor_to(0.29, 2) == 0.29 and claims.ceil_to(0.29, 2) == 0.29
    assert claims.ceil_to(0.351, 2) == 0.36  # a coverage printed with :.0% reads 36 %
    assert np.isnan(claims.floor_to(np.nan))


def test_band_description_states_level_and_replications_and_warns_when_few():
    few = claims.band_description(0.95, 50)
    assert few.startswith("95 per cent percentile bands from 50 person-clustered bootstrap")
    assert "read the bands as rough" in few
    # (B + 1)(1 - level)/2 = 5 draws per tail at B = 199: the estimate_effects advice
    assert "rough" not in claims.band_description(0.95, 199)
    assert "rough" in claims.band_description(0.99, 199)
    sim = claims.band_description(0.9, 400, "simulation", noun="intervals")
    assert sim.startswith("90 per cent percentile intervals from 400 draws of the coefficients")
    with pytest.raises(ValueError, match="level"):
        claims.band_description(95, 50)


def test_rrr_below_one_needs_the_whole_interval():
    """Chapter 3 said "below one" from point estimates; a cell is below one only if the
    interval of every direct-link measure lies below one."""
    r = pd.DataFrame({
        "origin_generation": ["a", "a", "b", "b", "c", "c", "d", "d"],
        "outcome": ["ibo", "voc"] * 4,
        "exp_estimate": [0.5, 0.6, 0.8, 0.7, 1.5, 1.4, 0.5, 0.5],
        "exp_ci_low": [0.3, 0.4, 0.5, 0.5, 1.1, 1.2, 0.3, "<10"],
        "exp_ci_high": [0.8, 0.9, 1.2, 0.9, 2.0, 1.8, 0.7, "<10"]})
    below, above, undecided = claims.rrr_cells_by_interval(r)
    assert below == ["a"] and above == ["c"] and undecided == ["b"]  # d: suppressed, unknown


def test_feeder_sentence_needs_the_interval_above_one():
    t = pd.DataFrame({"term": ["inburgering_before", "nt2_before"], "odds_ratio": [2.9, 1.1],
                      "ci_low": [2.1, 0.8], "ci_high": [4.0, 1.5]})
    assert claims.feeder_sentence(t).startswith("Inburgering feeds newcomers to VDAB")
    weak = claims.feeder_sentence(t.assign(ci_low=[0.9, 0.8]))
    assert weak.startswith("The data do not show") and "2.9" in weak
    gone = claims.feeder_sentence(t.assign(odds_ratio=["x", 1.1], ci_low=["x", 0.8]))
    assert "cannot be stated" in gone and "nan" not in gone.lower()


def test_naive_below_sentences_do_not_assert_weak_starters_without_them():
    from mia_helpers.claims import naive_below_sentences

    reading, summary = naive_below_sentences(["inburgering"])
    assert "Inburgering" in reading and "lies below" in summary
    reading, summary = naive_below_sentences([])
    assert "no step" in reading and "does not lie below" in summary


def test_estimand_difference_is_not_stated_with_one_estimand():
    """Chapter 4 printed "at most nan points" when one estimand was estimated."""
    import pandas as pd

    from mia_helpers import claims

    rows = []
    for est in ("now_vs_later", "now_vs_never"):
        for m, v in (("training_basic", 2.0), ("workplace_learning_ibo", 5.0)):
            rows.append({"measure": m, "estimand": est, "estimator": "matched",
                         "quarter_since_start": 8, "att_pp": v + (1.5 if est == "now_vs_never"
                                                                  and m.startswith("w") else 0)})
    tidy = pd.DataFrame(rows)
    c = claims._estimand_difference(tidy)
    assert "1.50 points (for IBO)" in c["eff_estimand_diff_sentence"]
    one = claims._estimand_difference(tidy[tidy["estimand"] == "now_vs_later"])
    assert "nan" not in one["eff_estimand_diff_sentence"] + one["eff_estimand_diff_solution"]


def test_estimand_difference_bound_and_solution_do_not_contradict():
    """Seed 2027 printed "differ by at most 0.7 points" in the text and "0.6 points" in the
    exercise solution (0.64 rounded up for the bound, to nearest for the solution): the
    solution now shows the unrounded difference under the bound."""
    import pandas as pd

    from mia_helpers import claims

    tidy = pd.DataFrame([{"measure": "workplace_learning_ibo", "estimand": e,
                          "estimator": "matched", "quarter_since_start": 8, "att_pp": v}
                         for e, v in (("now_vs_later", 5.0), ("now_vs_never", 5.64))])
    c = claims._estimand_difference(tidy)
    assert "at most 0.64 points" in c["eff_estimand_diff_sentence"]  # prose32: the value
    assert "(0.64 points at 8 quarters)" in c["eff_estimand_diff_solution"]


def test_calibration_sentence_reads_any_list_of_measures():
    import pandas as pd

    from mia_helpers import claims

    calib = pd.DataFrame([
        {"measure": m, "estimand": "now_vs_later", "estimator": e, "n_quarters": 5,
         "quarters_bias_ok": ok, "quarters_coverage_ok": 4, "max_abs_z": 1.25,
         "mean_bias": b, "coverage_min": 0.931, "coverage_max": 0.975}
        for m, ok, b in (("training_vocational", 5, 0.1), ("mediation_guidance", 3, -0.5))
        for e in ("matched", "naive")])
    s = claims.calibration_sentence(calib)
    assert "for Vocational training the bias is within the bound at all 5 quarters" in s
    assert "Mediation and guidance -0.50 percentage points" in s and "IBO" not in s


def test_median_interval_width_of_point_estimates_per_estimand():
    r = pd.DataFrame({"estimand": ["now_vs_later"] * 3 + ["now_vs_never"] * 3,
                      "estimator": ["matched"] * 6,
                      "quarter_since_start": [3, 4, 8] * 2,
                      "ci_low": [0.0, 1.0, 1.0, 0.0, -2.0, -50.0],
                      "ci_high": [9.0, 3.0, 5.0, 9.0, 4.0, 50.0],
                      "unsupported_share": [0.0, 0.0, np.nan, 0.0, 0.0, 0.2]})
    got = claims.median_interval_width(r, (4, 8))
    # quarter 3 left out; the flagged (bounded) never row at quarter 8 left out
    assert got == {"now_vs_later": 3.0, "now_vs_never": 6.0}
    with pytest.raises(ValueError, match="median_interval_width"):
        claims.median_interval_width(r.drop(columns="unsupported_share"))


# -- Appendix A: claims that were typed and failed on another seed (second-seed read) --------


def test_naive_coverage_sentence_per_measure_with_bounds_that_never_overstate():
    s = pd.DataFrame({"measure": ["training_basic"] * 2 + ["vacancy_referral_automatic"] * 2,
                      "estimator": ["naive"] * 4, "coverage": [0.254, 0.575, 0.675, 0.95]})
    text = claims.naive_coverage_sentence(pd.concat([s, s.assign(estimator="matched",
                                                                 coverage=0.5)]))
    assert text.startswith("from 25 per cent to 58 per cent of the replications for ")
    assert text.endswith("and from 67 per cent to 95 per cent for " + claims.label("vacancy_referral_automatic"))
    assert "nan" not in claims.naive_coverage_sentence(s.iloc[:0]).lower()


def test_hazard_phase_sentence_reads_the_published_intervals():
    t = pd.DataFrame({"m": ["0.76 [0.66, 0.87]", "1.30 [1.10, 1.50]", "1.19 [0.92, 1.52]",
                            "x"]}, index=["1", "2", "7", "8"])
    text = claims.hazard_phase_sentence(t, "m")
    assert "below one at quarter 1 " in text
    assert "above one at quarter 2 " in text
    assert "includes one at quarter 7" in text and "8" not in text  # suppressed: not read
    assert "no quarter" in claims.hazard_phase_sentence(t.assign(m="x"), "m")
    assert "no quarter" in claims.hazard_phase_sentence(t.assign(m="1.10 [nan, nan]"), "m")
    with pytest.raises(ValueError, match="'n'"):
        claims.hazard_phase_sentence(t, "n")


@pytest.mark.parametrize("bias, rmse, word", [(0.5, -0.3, "textbook"), (0.5, 0.3, "pays off"),
                                              (-0.5, -0.3, "no trade"), (-0.5, 0.3, "noise")])
def test_caliper_reading_follows_both_signs(bias, rmse, word):
    # both changes beyond their Monte Carlo error (0.1 each: 0.3 > 1.96 * 0.1)
    text = claims.caliper_reading(bias, rmse, 0.1, 0.1)
    assert word in text and text.count(":") == 1
    assert ("grows" if bias > 0 else "shrinks") in text
    assert ("rises" if rmse > 0 else "falls") in text
    assert claims.caliper_reading(0.0, 0.0, 0.0, 0.0).count("stays the same") == 2
    with pytest.raises(ValueError, match="finite"):
        claims.caliper_reading(float("nan"), 0.1, 0.1, 0.1)


def test_size_word_and_contract_probabilities():
    assert claims.size_word(3000, 10_000) == "smaller than"
    assert claims.size_word(10_000, 10_000) == "as large as"
    obligated, other = claims.contract_sign_probabilities()
    assert 0 < other < obligated < 1


def _static_claims(static_mean: float, truth: float) -> dict:
    static = pd.DataFrame({"quarter_since_start": [1, 2], "att_pp": [static_mean] * 2,
                           "n_treated": [50, 50]})
    tidy = pd.DataFrame({"measure": "m", "estimand": "now_vs_later",
                         "estimator": ["matched", "matched", "naive", "naive"],
                         "quarter_since_start": [1, 2, 1, 2], "att_pp": [1.0, 2.0, 3.0, 4.0],
                         "true_att_pp": [truth] * 4})
    mc = pd.DataFrame({"estimand": "now_vs_later", "estimator": ["naive", "matched"] * 5,
                       "quarter_since_start": np.repeat([1, 2, 3, 4, 5], 2),
                       "bias": 0.1, "mean_estimate": 1.0, "mean_truth": 1.0, "coverage": 0.9,
                       "rmse": 1.0, "mean_ci_width": 4.0, "mc_se_bias": 0.1})
    return claims.matching_claims(static, tidy, mc, mc, 0.95, 10, headline=5)


@pytest.mark.parametrize("static_mean, truth, wrong", [(-9.6, 2.0, True), (9.6, -2.0, True),
                                                       (3.0, 2.0, False), (-3.0, -2.0, False)])
def test_static_sign_sentence_in_both_directions(static_mean, truth, wrong):
    c = _static_claims(static_mean, truth)
    assert c["a_static_wrong_sign"] is wrong
    assert ("wrong sign" in c["a_static_sign_sentence"]) is wrong
    assert ("sign wrong" in c["a_static_summary"]) is wrong
    if wrong:
        assert ("harmful" if truth > 0 else "helpful") in c["a_static_sign_sentence"]


# -- chapter 5: how many twins sign later (the base of "now versus never") -------------------


@pytest.mark.parametrize("shares, expect", [
    ({"inburgering": (0.91, 2653, 63), "mo": (1.0, 1153, 0)},
     ["91 per cent of the twins of", "all but fewer than 10 of the twins of MO", "reweighted few"]),
    ({"inburgering": (0.60, 600, 400)}, ["60 per cent of the twins", "broader base"]),
    ({"inburgering": (0.91, 910, 90), "mo": (0.02, 3, 150)},
     ["91 per cent of the twins", "for MO", "too few twins do", "reweighted few"]),
    ({"inburgering": (0.01, 4, 400)}, ["too few twins", "broad base"]),
    ({}, ["neither", "was estimated here"]),
])
def test_twin_later_start_sentence(monkeypatch, shares, expect):
    monkeypatch.setattr(claims, "later_start_share", lambda res, within=4: shares[res])
    text = claims.twin_later_start_sentence({t: t for t in shares}, ["inburgering", "mo"])
    for word in expect:
        assert word in text, text
    assert "nan" not in text.lower() and text.count("(") == text.count("MO (")


def test_later_start_share_counts_each_matched_twin_once(small_data):
    from mia_helpers import newcomers as nc
    from mia_helpers.effects import outcome_arrays
    from mia_helpers.matching import match
    from mia_helpers.panel import load_panel

    res = match(nc.newcomer_panel(load_panel(small_data)),
                nc.newcomer_specs(["inburgering"])["inburgering"], k=3, caliper=0.2)
    share, n_start, n_not = claims.later_start_share(res, within=4)
    oa = outcome_arrays(res, 4)
    rows = np.unique(res.pairs["control"].to_numpy())
    start = (oa.S[rows] >= 1) & (oa.S[rows] <= 4)
    assert start.any() and (~start).any()
    assert 0 < share < 1 and n_start + n_not <= rows.size
    assert n_start == np.unique(oa.person[rows[start]]).size  # persons, not rows
    with pytest.raises(ValueError, match="within must be >= 1"):
        claims.later_start_share(res, within=0)


def test_obligated_gap_sentence_reads_the_direction_and_says_why_not():
    smaller = claims.obligated_gap_sentence(1.2, 2.3, ["family", "asylum"])
    assert smaller.startswith("Within the family and asylum grounds") and "smaller gap" in smaller
    larger = claims.obligated_gap_sentence(7.4, 4.8, ["asylum"])
    assert "asylum ground the" in larger and "does not shrink" in larger
    assert claims.obligated_gap_sentence(None, None, [], "no obligated ground is kept") == (
        "The exercise cannot run here: no obligated ground is kept.")


def test_twin_sentence_names_steps_not_estimated():
    assert claims.twin_later_start_sentence({}, ["inburgering", "mo"]).startswith(
        "neither inburgering contract nor MO")


def _never_rows(shares, n_treated=60):
    return pd.DataFrame({"horizon": [4, 13, 26, 52], "n_treated": n_treated,
                         "unsupported_share": shares,
                         "point_identified": [s == 0 for s in shares]})


def test_never_support_sentence():
    ok = claims.never_support_sentence(_never_rows([0.0] * 4), [4, 13, 26, 52])
    assert ok == ("at these horizons the twins of every one of the treated could remain "
                  "untreated (positivity holds), so these intervals reflect sampling alone")
    # 0.032 x 60 = 1.9 persons: no share of fewer than min_cell persons is published
    few = claims.never_support_sentence(_never_rows([0.0, 0.0, 0.0056, 0.032]),
                                        [4, 13, 26, 52], who="transplanted patients")
    assert few.startswith("from 26 periods on, fewer than 10 of the transplanted patients had")
    assert few.endswith("widened by the worst case for them")  # no 3.2 points: see dpo16
    many = claims.never_support_sentence(_never_rows([0.0, 0.3, 0.6, 0.7], 200), [4, 13, 52],
                                         unit="quarters")
    assert many.startswith("from 13 quarters on, about 70 per cent of the treated had twins")
    assert many.endswith("by up to 70.0 points on either side")
    # the onset is the table's first flagged horizon, not the first of those shown
    later = claims.never_support_sentence(_never_rows([0.0, 0.3, 0.6, 0.7], 200), [4, 52])
    assert later.startswith("from 13 periods on,")
    beyond = claims.never_support_sentence(_never_rows([0.0, 0.0, 0.6, 0.7], 200), [4, 13])
    assert "but from 26 periods on, beyond them, some could not" in beyond
    one = claims.never_support_sentence(
        pd.DataFrame({"horizon": [1, 2], "n_treated": 50_000, "unsupported_share": [0.001, 0.0],
                      "point_identified": [False, True]}), [1, 2])
    assert one.startswith("from 1 period on, less than 1 per cent of the treated")
    with pytest.raises(ValueError, match=r"no row for horizon \[8\]"):
        claims.never_support_sentence(_never_rows([0.0] * 4), [4, 8])
    with pytest.raises(ValueError, match="point_identified"):
        claims.never_support_sentence(_never_rows([0.0] * 4).drop(columns="point_identified"),
                                      [4])
    with pytest.raises(ValueError, match="must be boolean"):
        claims.never_support_sentence(_never_rows([0.0] * 4).astype({"point_identified": str}),
                                      [4])
    with pytest.raises(ValueError, match="one row each"):
        claims.never_support_sentence(pd.concat([_never_rows([0.0] * 4)] * 2), [4])


def test_never_support_sentence_horizons_without_treated_are_no_positivity_failure():
    """A horizon the window ends before (no treated: NaN estimate, point_identified False)
    is not read as a positivity failure."""
    rows = _never_rows([0.0] * 4).assign(n_treated=[60, 60, 60, 0],
                                         point_identified=[True, True, True, False])
    text = claims.never_support_sentence(rows, [4, 13, 26, 52])
    assert text.startswith("at these horizons the twins of every one of the treated could")


def test_never_support_sentence_states_no_unknown_count():
    rows = _never_rows([0.0, 0.0, 0.5, 0.5]).astype({"n_treated": object})
    rows.loc[3, "n_treated"] = "<10"  # suppressed: the count is not known
    assert claims.never_support_sentence(rows, [52]).startswith(
        "from 26 periods on, some of the treated had")
    nan = _never_rows([0.0, 0.0, 0.5, 0.5]).assign(unsupported_share=np.nan)
    text = claims.never_support_sentence(nan, [26, 52])
    assert "some of the treated" in text and "nan" not in text.lower()


def test_coverage_tolerance_refuses_no_replications():
    for bad in ([0], [-1], [np.nan]):
        with pytest.raises(ValueError, match="replications must be"):
            claims.coverage_tolerance(bad)
    low, high = claims.coverage_tolerance([1])
    assert 0 <= low[0] and high[0] == 1.0


@pytest.mark.parametrize("n_contract, want", [
    # 50 persons per ground, min_cell 10: a bound leaves room for 10 persons on the other
    # side, so it is at most 80 % (lower) and at least 20 % (upper)
    # the hidden count is said after the verdict, which follows from the bounds (read47)
    ([30, 40, 5, None], "at least 60 contracts per hundred of them are signed; at most 20 per "
                        "hundred for the other grounds shown: the obligated grounds sign more "
                        "often than the other grounds shown (the contract count of study is "
                        "hidden"),
    # everyone signs on the obligated grounds, nobody elsewhere: no "every one" / "none"
    ([50, 50, 0, 0], "at least 80 contracts per hundred of them are signed; at most 20 per "
                     "hundred for the other grounds: the obligated grounds sign more often"),
    ([10, 40, 10, 0], "at least 20 contracts per hundred of them are signed; at most 20 per "
                      "hundred for the other grounds: the published counts do not show"),
    # the default data: both obligated counts hidden (fewer than min_cell did not sign), so
    # the counts cannot compare (it used to say they "do not show" the obligated signing more)
    ([None, None, 41, 10], "the contract counts of family and asylum are hidden by "
                           "disclosure control, so the published counts cannot compare the "
                           "obligated grounds with the others (who sign at most 82 contracts "
                           "per hundred persons)"),
    ([0, 0, 5, 10], "at most 20 per hundred of them sign a contract; at most 20 per hundred"),
])
def test_contract_sentence_states_bounds_never_all_or_none(n_contract, want):
    """Chapter 5's contract sentence: bounds floored / rounded up and kept so that at least
    min_cell persons could be on the other side (class disclosure: "every one of them signs",
    100 % or 0 % of a published group discloses the attribute of each member), suppressed
    cells named, never bounded."""
    steps = pd.DataFrame({"residence_ground": ["family", "asylum", "work", "study"],
                          "n_persons": [50, 50, 50, 50], "n_contract": n_contract})
    c = claims.contract_claims(steps, ("family", "asylum"))
    s = c["nc_contract_sentence"]
    assert s.startswith(want)
    assert not re.search(r"\bevery\b|\bnone\b|\bno contract\b|\b100\b|\b0 per", s), s
    for key in ("nc_contract_obligated_min_pct", "nc_contract_other_max_pct"):
        v = c[key]
        assert np.isnan(v) or 0 < v < 100, (key, v)
    if None not in n_contract[:2] and min(n_contract[:2]) > 0:
        assert c["nc_contract_obligated_min_pct"] == min(
            np.floor(100 * min(n_contract[:2]) / 50), 80)


def test_group_bounds_leave_min_cell_persons_on_the_other_side():
    share = pd.Series([100.0, 0.0, 50.0, 100.0, np.nan], index=list("abcde"))
    persons = pd.Series([30, 30, 30, 200, 40], index=list("abcde"))
    lower, upper = claims.group_bounds(share, persons, min_cell=10)
    # 30 persons: at least 20 of them (66.7 %) -> 66; at most 10 of them (33.3 %) -> 34
    assert lower.tolist()[:4] == [66.0, 0.0, 50.0, 95.0]
    assert upper.tolist()[:4] == [100.0, 34.0, 50.0, 100.0]
    assert np.isnan(lower["e"]) and np.isnan(upper["e"])
    n = persons[:4]
    assert ((100 - lower[:4]) / 100 * n >= 10 - 1e-9).all()  # room on the other side
    assert (upper[:4] / 100 * n >= 10 - 1e-9).all()


def test_contract_sentence_edge_grounds():
    """A ground without persons is neither hidden nor stated; with only obligated grounds, or
    none, the sentence says the counts cannot compare (and that no obligated ground is in
    the data)."""
    def sentence(grounds, persons, contracts):
        steps = pd.DataFrame({"residence_ground": grounds, "n_persons": persons,
                              "n_contract": contracts})
        return claims.contract_claims(steps, ("family", "asylum"))["nc_contract_sentence"]

    s = sentence(["family", "asylum", "work"], [50, 0, 50], [30, 0, 5])
    assert "hidden" not in s and "asylum" not in s
    assert sentence(["family", "asylum"], [50, 50], [45, 50]).endswith(  # no others (close27)
        "the data hold no ground without an obligation to compare them with")
    s = sentence(["work", "study"], [50, 50], [5, 1])
    assert "no obligated ground is in the data" in s and "cannot compare" in s


# -- chapter 4: sentences that read with one measure or two (issue: "none follows") ---------

ONE, TWO = ["workplace_learning_ibo"], ["workplace_learning_ibo", "training_basic"]
_BAD = re.compile(r"\bnan\b|\bnone\b|: \.|\[\]|\(\)")


def _clean(text: str) -> None:
    assert not _BAD.search(text), text
    assert "  " not in text, text


def _rank(measures, estimates, rel):
    return pd.DataFrame({"measure": measures, "estimate": estimates, "relative_pct": rel})


def test_ranking_sentences_describe_one_and_compare_two():
    text, summary = claims.ranking_sentences(_rank(ONE, [9.6], [23.4]), 5, ONE, True)
    assert text == ("At 5 quarters the matched effect of IBO is 9.6 percentage points, 23 per cent more "
                    "entries into stable employment than its statistical twins (the seed study: "
                    "about a quarter more for IBO).")
    assert summary == "IBO has a matched effect of 23 per cent more stable entries after 5 quarters " \
                      "(the only measure run)"
    text, summary = claims.ranking_sentences(_rank(TWO[::-1], [3.0, -1.8], [12.0, -6.0]), 5,
                                             TWO, True)
    assert "Basic training returns the most" in text and "IBO returns less (-1.8 points)." in text
    assert "follows" not in text and "least" not in text
    assert "here its relative effect is -6 per cent" in text  # IBO run but not on top
    assert summary.endswith("IBO less")
    text, _ = claims.ranking_sentences(_rank(["training_basic"], [-1.8], [-6.0]), 5,
                                       ["training_basic"], True)
    assert "6 per cent fewer entries" in text and "seed study" not in text
    three = _rank(["training_vocational", *TWO], [5.0, 3.0, -1.0], [20.0, 10.0, -3.0])
    text, summary = claims.ranking_sentences(three, 5, [*TWO, "vacancy_referral_automatic"],
                                             True, params={"config": GeneratorConfig().to_dict()})
    assert "IBO follows; Basic training returns least (-1.0 points)." in text
    assert "vacancy referral (automatic) no effect of its own" in text  # it was run
    assert summary.endswith("IBO next (of the 3 measures whose effect at 5 quarters is published)")
    text, summary = claims.ranking_sentences(_rank([], [], []), 5, TWO, True, min_cell=10)
    assert "fewer than 10 starters, or too few who entered or did not" in text
    for s in (text, summary):
        _clean(s)


def test_naive_bias_sentences_name_no_empty_group():
    one = pd.Series({"workplace_learning_ibo": 3.0})
    text, summary = claims.naive_bias_sentences(one, "the truth")
    assert text.startswith("Compared with the truth, the naive estimate overstates the return "
                           "of IBO (on average over those horizons by more than 1 point)")
    assert "understates" not in text and "within" not in text
    assert summary == "The naive comparison overstates the return of IBO, because strong " \
                      "profiles select into it"  # one measure: one comparison (fix44)
    two = pd.Series({"workplace_learning_ibo": 3.0, "training_basic": -2.0})
    text, summary = claims.naive_bias_sentences(two, "the truth")
    assert "It understates the return of Basic training" in text
    assert "and understate that of Basic training" in summary
    under = pd.Series({"training_basic": -2.0})
    text, summary = claims.naive_bias_sentences(under, "the matched estimate", 0.5)
    assert text.startswith("Compared with the matched estimate, the naive estimate understates "
                           "the return of Basic training (on average over those horizons by "
                           "more than 0.5 points)")
    little = pd.Series({"training_basic": 0.2, "workplace_learning_ibo": np.nan})
    text, summary = claims.naive_bias_sentences(little, "the truth")
    assert "of Basic training stays within 1 point" in text and "IBO" not in text
    assert "The naive comparison stays within 1 point of the truth" in summary
    for s in (*claims.naive_bias_sentences(two, "the truth"), text, summary):
        _clean(s)


def test_lockin_hazard_love_and_scope_sentences_with_one_and_two_measures():
    assert claims.lockin_sentence([], ONE) == "IBO shows no clear lock-in in the first quarter"
    assert claims.lockin_sentence(ONE, ONE).startswith("IBO locks its participants in")
    assert claims.lockin_sentence(["training_basic"], TWO).startswith(
        "basic training locks participants in") and "while IBO shows no" in \
        claims.lockin_sentence(["training_basic"], TWO)
    assert claims.lockin_sentence([], TWO) == ("no measure shows a clear lock-in in the first "
                                               "quarter")
    assert claims.hazard_q1_sentence([], ONE).startswith(
        "In the first quarter no odds ratio lies below one")
    assert claims.hazard_q1_sentence(ONE, []).endswith("for IBO: a lock-in.")
    assert claims.hazard_q1_sentence(TWO, []).endswith("for every measure: a lock-in.")
    both = claims.hazard_q1_sentence(["training_basic"], ONE)
    assert "for Basic training (a lock-in); for IBO the interval" in both
    assert claims.love_sentence(ONE).startswith("IBO (the measure with")
    assert claims.love_sentence(TWO).startswith("IBO and basic training (the two measures")
    assert "neither IBO nor basic training" in claims.love_sentence(["mediation_guidance"])
    assert claims._measures_scope(ONE) == "for IBO"
    assert claims._measures_scope(TWO) == "over both measures"
    assert claims._measures_scope([*TWO, "mediation_guidance"]) == "over all three measures"
    for s in (both, claims.hazard_q1_sentence([], []), claims.lockin_sentence([], [])):
        _clean(s)


def _support(rows):
    return pd.DataFrame(rows, columns=["measure", "n_treated", "n_dropped", "dropped_pct"])


def test_dropped_sentence_reads_the_published_share_and_its_denominator():
    from mia_helpers.disclosure import suppress

    one = _support([["workplace_learning_ibo", 484, 55, 11.4]])
    assert claims.dropped_sentence(one) == ("IBO loses 55 of its 484 starters (11.4 per cent) for lack "
                                            "of a statistical twin")
    two = _support([["workplace_learning_ibo", 508, 75, 14.8],
                    ["training_basic", 406, 122, 30.0]])
    assert claims.dropped_sentence(two) == (
        "the share of starters without a statistical twin is largest for Basic training: 122 "
        "of its 406 starters (30.0 per cent); for IBO it is 14.8 per cent")
    # a share hidden by disclosure control is not stated, and the sentence says why
    raw = pd.DataFrame({"measure": TWO, "n_treated": [508, 406], "n_matched": [505, 284],
                        "n_dropped": [3, 122]})
    raw["dropped_pct"] = (100 * raw["n_dropped"] / raw["n_treated"]).round(1)
    p = suppress(raw, count_cols=["n_treated", "n_matched", "n_dropped"], min_cell=10,
                 value_cols={"dropped_pct": ["n_dropped", "n_matched"]},
                 shares={"dropped_pct": ("n_dropped", "n_treated")})
    text = claims.dropped_sentence(p, min_cell=10)
    assert "0.6" not in text and "for IBO the share is hidden by disclosure control" in text
    assert "(30.0 per cent)" in text
    zero = _support([["workplace_learning_ibo", 484, 0, 0.0]])
    assert claims.dropped_sentence(zero) == ("every starter has a statistical twin within the "
                                             "caliper")
    with pytest.raises(ValueError, match="support_table"):
        claims.dropped_sentence(raw.drop(columns="dropped_pct"))
    _clean(text)


def _bias_tidy(measures, naive_err, matched_err, n=50):
    rows = []
    for m, ne, me in zip(measures, naive_err, matched_err, strict=True):
        for q in range(4, 9):
            rows += [dict(measure=m, estimand="now_vs_later", estimator="naive",
                          quarter_since_start=q, att_pp=5.0 + ne, true_att_pp=5.0, n_treated=n),
                     dict(measure=m, estimand="now_vs_later", estimator="matched",
                          quarter_since_start=q, att_pp=5.0 + me(q), true_att_pp=5.0,
                          n_treated=n)]
    return pd.DataFrame(rows)


def test_bias_table_reports_signed_and_absolute_bias_and_its_sentence_reads_both():
    # matched misses by +2 at even and -2 at odd quarters: signed mean 0.4, absolute 2.0
    swing = lambda q: 2.0 if q % 2 == 0 else -2.0  # noqa: E731
    t = claims.bias_table(_bias_tidy(ONE, [6.0], [swing]), "now_vs_later")
    row = t.data.iloc[0]
    assert row["naive_bias_pp"] == pytest.approx(6.0)
    assert row["naive_abs_bias_pp"] == pytest.approx(6.0)
    assert row["matched_bias_pp"] == pytest.approx(0.4)
    assert row["matched_abs_bias_pp"] == pytest.approx(2.0)
    assert row["share_removed"] == pytest.approx(1 - 2.0 / 6.0)
    assert "n_treated" not in t.columns  # the count only serves the rule
    text = claims.bias_table_sentence(t)
    assert text == ("On average the naive estimate of IBO lies above the truth (its signed "
                    "bias). Matching lowers the absolute bias of IBO, from 6.0 to 2.0 points.")
    two = claims.bias_table(_bias_tidy(TWO, [6.0, -0.5], [swing, lambda q: 1.0]),
                            "now_vs_later")
    text = claims.bias_table_sentence(two)
    assert text.startswith("On average the naive estimate lies above the truth for IBO and "
                           "below it for Basic training (the signed bias).")
    assert "Matching lowers the absolute bias of IBO, from 6.0 to 2.0 points, not that of Basic " \
           "training." in text
    assert "For Basic training the naive absolute bias is within 1 point" in text
    small = claims.bias_table(_bias_tidy(ONE, [6.0], [swing], n=4), "now_vs_later")
    assert small.data[list(claims.BIAS_COLUMNS)].isna().all().all()
    assert "hidden by disclosure control" in claims.bias_table_sentence(small)
    real = claims.bias_table(_bias_tidy(ONE, [6.0], [swing]).assign(true_att_pp=np.nan),
                             "now_vs_later")
    assert list(real["measure"]) == ["(real extract: no truth)"]
    assert claims.bias_table_sentence(real).startswith("Without the generator's truth")
    for s in (text, claims.bias_table_sentence(small)):
        _clean(s)


def test_count_text_reads_published_counts():
    assert claims.count_text("<10", 10, "starter") == "fewer than 10 starters"
    assert claims.count_text("x", 10, "starter") == ("a number of starters hidden by disclosure "
                                                     "control")
    assert claims.count_text(1, 10, "starter") == "1 starter"
    assert claims.count_text("1,316", 10, "starter") == "1,316 starters"


# -- chapter 5: text conditional on the steps and measures estimated ------------------------


def test_newcomer_step_claims_speak_of_mo_only_when_it_is_estimated():
    c = claims.newcomer_step_claims(["inburgering", "nt2"])
    assert c["nc_steps_names"] == "inburgering contract and NT2 (Dutch course)"
    assert c["nc_mo_support_sentence"].startswith("MO is not among the steps estimated")
    c = claims.newcomer_step_claims(["mo"])
    assert "its dropped share shows how thin" in c["nc_mo_support_sentence"]
    c = claims.newcomer_step_claims(["inburgering", "mo", "nt2"])
    assert "compare its dropped share with the other steps'" in c["nc_mo_support_sentence"]
    assert claims.newcomer_step_claims([])["nc_steps_names"] == "no step"


def test_newcomer_step_claims_say_a_skipped_step_was_not_estimated():
    c = claims.newcomer_step_claims(["inburgering", "mo", "nt2"], skipped=["mo"], caliper=0.2)
    assert c["nc_steps_names"] == "inburgering contract and NT2 (Dutch course)"
    s = c["nc_skipped_sentence"]
    assert s.startswith("MO (social orientation) was not estimated") and "0.2 SD" in s
    assert "(-p treatments '[inburgering, nt2]')" in s and "caliper" in s
    assert "was not estimated" in c["nc_mo_support_sentence"]
    assert claims.newcomer_step_claims(["nt2"])["nc_skipped_sentence"].startswith("Every step")


def _gap_tidy(n_treated: int) -> pd.DataFrame:
    """Naive and matched inburgering estimates at quarters 4 to 8 (gap 2 points at each),
    the matched ones on ``n_treated`` matched starters."""
    rows = []
    for q in range(4, 9):
        for est, att in (("naive", 1.0), ("matched", 3.0)):
            rows.append({"measure": "inburgering", "estimand": "now_vs_later",
                         "estimator": est, "quarter_since_start": q, "att_pp": att + q / 10,
                         "n_treated": n_treated})
    return pd.DataFrame(rows)


def test_obligated_gap_uses_only_published_estimates():
    """Chapter 5's exercise: a gap built from estimates that disclosure control hides (fewer
    than min_cell matched starters) is not stated; the sentence says so in words. The old
    code computed 2.0 from the hidden estimates."""
    few, many = _gap_tidy(6), _gap_tidy(40)
    assert np.isnan(claims.naive_matched_gap(few, "inburgering", range(4, 9), min_cell=10))
    assert claims.naive_matched_gap(many, "inburgering", range(4, 9), min_cell=10) == (
        pytest.approx(2.0))
    assert claims.gap_hidden(few, "inburgering", range(4, 9), min_cell=10)
    assert not claims.gap_hidden(many, "inburgering", range(4, 9), min_cell=10)
    for sub, full in ((few, many), (many, few), (few, few)):
        s = claims.obligated_gap_claim(sub, full, ["family", "asylum"], range(4, 9), 10)
        assert "disclosure control hides it" in s and "fewer than 10" in s
        assert not re.search(r"\d+\.\d", s), s  # no gap printed
    s = claims.obligated_gap_claim(many, _gap_tidy(40).assign(
        att_pp=lambda d: d["att_pp"] * 2), ["asylum"], range(4, 9), 10)
    assert "mean gap between naive and matched \"now versus later\" estimates is 2.0 points" in s
    assert claims.obligated_gap_claim(None, many, [], range(4, 9), 10, "no ground kept") == (
        "The exercise cannot run here: no ground kept.")


def test_zero_band_and_naive_position_sentences_with_one_step_or_several():
    assert claims.zero_band_sentence(["nt2"], ["nt2"]) == (
        "The matched band includes zero on average over those quarters for NT2 (Dutch course).")
    with_mo = claims.zero_band_sentence(["mo"], ["inburgering", "mo"])
    assert "for MO (social orientation), not for Inburgering contract" in with_mo
    assert "MO, which follows the contract at once" in with_mo
    no_mo = claims.zero_band_sentence([], ["inburgering", "nt2"])
    assert "excludes zero" in no_mo and "MO" not in no_mo
    assert "MO's band excludes zero" in claims.zero_band_sentence([], ["mo"])
    assert claims.zero_band_sentence([], []).startswith("No step's matched band")
    one = claims.naive_position_sentence(["nt2"], [])
    assert one.startswith("the naive curve lies below the matched one for NT2 (Dutch course): ")
    assert "every step" not in one and "not below it for" not in one
    up = claims.naive_position_sentence([], ["inburgering"], ["mo"])
    assert up.startswith("the naive curve does not lie below the matched one for Inburgering")
    assert ("; MO (social orientation) rests at some of those quarters on fewer than 10 "
            "matched starters, or on too few who entered or did not, and is not described") in up
    for s in (one, up, with_mo, no_mo):
        _clean(s)


def test_truth_gap_and_feeder_sentences_print_no_missing_number():
    gap = pd.Series({"inburgering": -3.21, "mo": 0.02, "nt2": np.nan})
    # names in prose case: the text follows the chapter's lead after a colon (newuser38)
    assert claims.truth_gap_sentence(gap) == ("inburgering contract 3.2 points below; MO (social "
                                              "orientation) on the truth (within 0.05 points)")
    feeder = pd.DataFrame({"term": ["inburgering_before", "nt2_before"],
                           "odds_ratio": [2.32, "x"]})
    text = claims.feeder_or_sentence(feeder)
    assert text.startswith("Newcomers who have signed the contract start a first VDAB measure "
                           "at 2.32 times the odds")
    assert text.endswith("the odds ratio of an NT2 course cannot be stated (suppressed or not "
                         "estimable).")
    hidden = claims.feeder_or_sentence(feeder.assign(odds_ratio=[np.nan, 0.91]))
    assert "cannot be stated here" in hidden and "0.91" in hidden
    for s in (text, hidden):
        _clean(s)


def _comparison(measures, newcomer, resident):
    rows = []
    for m, a, b in zip(measures, newcomer, resident, strict=True):
        rows += [dict(population="newcomer", measure=m, quarter_since_start=5, att_pp=a),
                 dict(population="resident", measure=m, quarter_since_start=5, att_pp=b)]
    return pd.DataFrame(rows)


def test_measure_ranking_and_vocational_sentences_for_the_measures_compared():
    text, summary = claims.measure_ranking_sentences(
        _comparison(["workplace_learning_ibo"], [6.0, ], ["x"]), 5)
    assert text == ("At 5 quarters the matched effect of IBO is 6.0 points for newcomers; for "
                    "residents it rests on too few starters, or too few who entered or did "
                    "not, to be stated, or would give away a starters count the table hides.")
    assert summary.startswith("IBO, the only VDAB measure compared")
    two = _comparison(["training_vocational", "workplace_learning_other"], [3.0, 5.0],
                      [2.0, 1.0])
    text, summary = claims.measure_ranking_sentences(two, 5)
    assert text == ("At 5 quarters the measure that returns most is Other workplace learning "
                    "for newcomers and Vocational training for residents.")
    assert summary == ("Other workplace learning returns most for newcomers at 5 quarters "
                       "among the measures compared")
    voc = claims.vocational_sentence(two, 5, synthetic=True)
    assert "here, at 5 quarters, vocational training returns less for newcomers (3.0 against " \
           "5.0 points)" in voc and voc.endswith("builds that in.")
    absent = claims.vocational_sentence(_comparison(["workplace_learning_ibo"], [1.0], [1.0]),
                                        5, synthetic=False)
    assert "this run does not compare both" in absent
    hidden = claims.vocational_sentence(two.assign(att_pp=["x", 2.0, 5.0, 1.0]), 5, True)
    assert "only one of the two newcomer effects at 5 quarters is published (too few starters" in hidden
    for s in (text, summary, voc, absent, hidden):
        _clean(s)


def test_inburgering_sentence_says_when_inburgering_is_not_estimated():
    s = claims._inburgering_sentence(_tidy(True).assign(measure="nt2"), (4, 5, 8), 10)
    assert s.startswith("inburgering is not among the steps estimated")
    assert "too few" not in s


def test_sentences_judge_only_the_horizons_estimated():
    """A run with a short ``max_quarter`` (say 3): the judged horizons shrink to those
    estimated, and one horizon reads in the singular."""
    t = _tidy(True)
    assert claims.judged_quarters(t) == [4, 5, 8]
    assert claims.judged_quarters(t[t.quarter_since_start == 4]) == [4]
    assert claims.judged_quarters(t.assign(quarter_since_start=3)) == [3]
    assert claims.quarters_text([4, 5, 8]) == "4 to 8" and claims.quarters_text([3]) == "3"
    one = claims._inburgering_sentence(t[t.quarter_since_start == 5], (4, 5, 8), 10)
    assert one.endswith("against a truth of 6.0, an error of 3.0 standard errors, and the "
                        "interval misses the truth")


# -- chapters 1-3: a missing quantity is said in words, never printed as nan/None/none ------

LEAK = re.compile(r"\b(nan|NaN|None|none|inf)\b")


def _no_leak(*texts: str) -> None:
    for t in texts:
        assert not LEAK.search(t), t


def test_risk_share_sentence_with_and_without_the_reference():
    full = claims.risk_share_sentence(88.3, 73.3, 6, 12, 9, 11)
    assert full.startswith("88 per cent of Belgian (native) school leavers") and "6 of the 12" in full
    assert "every one of the 11" in claims.risk_share_sentence(88.3, 73.3, 11, 11, 0, 4)
    assert "not lower than theirs for any of the 4" in claims.risk_share_sentence(88.3, 73.3, 11, 11, 0, 4)
    one = claims.risk_share_sentence(88.3, 73.3, 0, 1, 1, 1)
    assert "is not lower than theirs for the one other group" in one
    assert "is lower than theirs for the one other group" in one
    gone = claims.risk_share_sentence(np.nan, np.nan, 0, 0, 0, 0)
    assert "not published" in gone and not re.search(r"\d", gone)
    half = claims.risk_share_sentence(np.nan, 70.0, 0, 3, 2, 3)
    assert "70 per cent" in half and "any job is not published" in half
    _no_leak(full, one, gone, half, claims.risk_share_sentence(80.0, 60.0, 0, 0, 0, 0))


def test_km_sentences_without_comparable_groups():
    s = claims.km_gap_sentence(np.nan, np.nan, 0, np.nan, 10, 0, [])
    assert s.startswith("No group's curves") and "10 persons" in s
    ok = claims.km_gap_sentence(28.2, -3.0, 3, 12.5, 10, 1, ["maghreb:second", "turkish:second"])
    # seed34: 12.5 is the median of the groups' quarters, not a quarter
    assert "28.2 points below" in ok and "3.0 points above" in ok and "median of those quarters 12.5" in ok
    assert "for 1 of 3 groups and does not for Maghreb (second generation)" in ok
    assert claims.km_widen_sentence(0, []).startswith("no group can be compared")
    assert "for any group" in claims.km_widen_sentence(0, ["maghreb:second"])
    _no_leak(s, ok, claims.km_widen_sentence(0, []))


def test_m1_closure_stable_and_truth_sentences_on_missing_cells():
    both = claims.m1_closure_sentence(58.3, -11.0)
    assert "closes 58 per cent of the intermediate" in both and "widens the second generation's by 11 per cent" in both
    one = claims.m1_closure_sentence(np.nan, 28.5)
    assert "closes 28 per cent of the second" in one or "closes 29 per cent of the second" in one
    assert "no cell of the intermediate generation" in one
    gone = claims.m1_closure_sentence(np.nan, np.nan)
    assert "nothing to compare" in gone
    st = claims.stable_further_sentence(np.nan, 0.5, True)
    assert "not compared" in st
    assert "the generator" not in claims.stable_further_sentence(0.3, 0.5, False)
    assert "further from one" in claims.stable_further_sentence(0.3, 0.5, True)
    real = claims.truth_cover_sentence(0, 7, [], False)
    assert claims.NO_TRUTH in real and "0 of" not in real
    assert "No cell of the largest model is published" in claims.truth_cover_sentence(0, 0, [], True)
    assert "the one published group" in claims.truth_cover_sentence(1, 1, [], True)
    miss = claims.truth_cover_sentence(5, 6, ["maghreb:second"], True)
    assert "5 of the 6" in miss and "Maghreb (second generation)" in miss
    _no_leak(both, one, gone, st, real, miss, claims.truth_cover_sentence(0, 0, [], True))


def test_below_reference_without_other_curves():
    curves = pd.DataFrame({"u": [0, 1, 2], "profile": "belgian:native",
                           "cum_incidence": [0.0, 0.2, 0.4]})
    s = claims.below_reference(curves, "belgian:native")
    assert s.startswith("no other curve is shown") and "Belgian (native)" in s
    gone = claims.below_reference(curves.assign(profile="maghreb:second"), "belgian:native")
    assert "not shown" in gone
    _no_leak(s, gone)


def test_chapter_1_sentences_on_missing_cells():
    g = claims.generation_sentence(14.6, 24.8, 61.3, 100.0)
    assert "less education and weaker Dutch" in g and "15 per cent against 25 per cent" in g
    assert "means over the table's published cells" in g
    gone = claims.generation_sentence(np.nan, 24.8, np.nan, 100.0)
    assert "not compared" in gone and not re.search(r"\d", gone)
    emp = claims.employment_sentence(pd.Series({"belgian": 0.5, "maghreb": 0.3,
                                                "turkish": np.nan}))
    assert emp == ("the employment share is highest for Belgian origin (50.0 per cent) and lowest for "
                   "Maghreb origin (30.0 per cent)")
    assert "not compared" in claims.employment_sentence(pd.Series(dtype=float))
    loss = claims.stable_loss_sentence(pd.Series({"turkish": 0.6, "belgian": np.nan}),
                                       ("belgian",))
    assert "Turkish origin loses" in loss and "cannot both be compared" in loss
    assert "no loss" in claims.stable_loss_sentence(pd.Series({"turkish": np.nan}), ())
    ex = claims.exclusion_sentence(0, 2)
    assert "two rules whose count is suppressed" in ex and "every count is zero" not in ex
    assert claims.exclusion_sentence(0, 0).startswith("every count is zero")
    assert claims.exclusion_sentence(0, 0, kept=True).startswith("no rule excludes a record")
    assert claims.exclusion_sentence(1200, 1).startswith("1,200 records are excluded and so")
    _no_leak(g, gone, emp, loss, ex, claims.employment_sentence(pd.Series(dtype=float)))


def test_chapter_3_sentences_on_missing_cells():
    pairs = [(60.0, 40.0, "are of Belgian origin"), (np.nan, 10.0, "are highly educated"),
             (20.0, 30.0, "have no or basic Dutch")]
    s = claims.profile_pairs_sentence(pairs)
    assert s.startswith("on average 60 per cent of a direct-link measure's inflows are of Belgian "
                        "origin, against 40 per cent of basic training's; and 20 per cent against 30 per cent")
    assert "(the shares of inflows that are highly educated are not compared: cells suppressed)" in s
    gone = claims.profile_pairs_sentence([(np.nan, 1.0, "x")])
    assert "not compared" in gone
    early = claims.early_inflow_sentence(75.8, 3, 4)
    assert early.startswith("For each of the 3 measures") and "at least 75 per cent" in early
    assert "not stated" in claims.early_inflow_sentence(np.nan, 0, 4)
    g = pd.DataFrame({"raw": [-3.0, np.nan, -1.0], "adj": [-1.0, -2.0, 0.5]})
    r = claims.gap_range_sentence(g, "first")
    assert r == ("the first generation's raw gaps run from -3.0 to -1.0 points and its "
                 "adjusted gaps run from -1.0 to 0.5")
    assert "one published raw gap is -3.0" in claims.gap_range_sentence(g.iloc[:2], "first")
    assert "no published gap" in claims.gap_range_sentence(g.iloc[1:2], "second", note="; X")
    assert "X" not in claims.gap_range_sentence(g.iloc[1:2], "second", note="; X")
    assert claims.gap_range_sentence(g, "first", note="; X").endswith("0.5; X")
    same = claims.gap_range_sentence(g.assign(raw=-5.3), "first")
    assert "raw gaps are all -5.3 points" in same
    h = claims.horizon_share_sentence("workplace_learning_ibo", 8, 3.1, 1.0, 2.0, 5.0)
    assert "3.1 per cent of native spells have led to an IBO, against 1.0 to 2.0 per cent" in h
    assert "would read 5.0 per cent" in h
    hn = claims.horizon_share_sentence("workplace_learning_ibo", 8, np.nan, np.nan, np.nan,
                                       np.nan)
    assert "not published at 8 quarters" in hn and "%" not in hn and "per cent" not in hn
    _no_leak(s, gone, early, r, h, hn, claims.early_inflow_sentence(np.nan, 0, 4),
             claims.gap_range_sentence(g.iloc[1:2], "second"))


def test_model_deviation_sentence_without_truth_or_curves():
    assert "The largest departure of M1's curves from the true ones is 3.0 points" in \
        claims.model_deviation_sentence(3.04, True)
    real = claims.model_deviation_sentence(np.nan, False)
    gone = claims.model_deviation_sentence(np.nan, True, model=False)
    assert claims.NO_TRUTH in real and "not compared" in gone
    _no_leak(real, gone)


def _exclusions(job_late: object, stable_late: object) -> pd.DataFrame:
    """An exclusion table of chapter 2's two risk sets (:func:`hazard.exclusion_table`)."""
    return pd.DataFrame({
        "reason": ["school leavers with panel rows", "left school before the window start",
                   "left school after the last quarter at risk",
                   "no panel row in the leaving quarter", "in the risk set"],
        "job": [1000, 0, job_late, 0, 1000],
        "stable": [1000, 0, stable_late, 0, "x" if isinstance(stable_late, str)
                   else 1000 - stable_late],
    })


def test_stable_risk_set_sentence_says_what_the_exclusion_table_shows():
    """Chapter 2 said the stable-job risk set leaves out late school leavers while its table
    showed nobody left out (the default data: nobody leaves school in the last quarters)."""
    none = claims.stable_risk_set_sentence(_exclusions(0, 0), 4)
    assert "same school leavers" in none and "nobody left school in the last 3 quarters" in none
    some = claims.stable_risk_set_sentence(_exclusions(0, 784), 4)
    assert "leaves out the 784 school leavers who left school in the last 3 quarters" in some
    one = claims.stable_risk_set_sentence(_exclusions(0, 1), 2)
    assert "the 1 school leaver who left school in the last quarter of" in one
    hidden = claims.stable_risk_set_sentence(_exclusions(0, "<10"), 8)
    assert "not published" in hidden and "last 7 quarters" in hidden
    assert "same school leavers" in claims.stable_risk_set_sentence(_exclusions(0, 0), 1)
    for text in (none, some, one, hidden):
        assert "nan" not in text.lower()
    with pytest.raises(ValueError, match="stable_quarters"):
        claims.stable_risk_set_sentence(_exclusions(0, 0), 0)


def test_exclusion_table_names_its_reason_column():
    """Its first column was the unnamed index, published as "Index"."""
    from mia_helpers import hazard as hz

    pp = pd.DataFrame()
    pp.attrs["exclusions"] = [("school leavers with panel rows", 20), ("in the risk set", 20)]
    tab = hz.exclusion_table({"job": pp, "stable": pp}, min_cell=10)
    assert list(tab.columns) == ["reason", "job", "stable"]


def test_entry_summary_says_more_slowly_only_when_the_table_shows_it():
    """Chapter 2's summary said "enter a first job more slowly than natives" on any data, also
    when the only published group had a higher share than the natives."""
    assert claims.entry_summary_sentence(12, 12).startswith(
        "School leavers of foreign origin enter a first job more slowly than natives (all 12")
    assert "(the one group with a published share)" in claims.entry_summary_sentence(1, 1)
    none_lower = claims.entry_summary_sentence(0, 1)
    assert "more slowly" not in none_lower and "in 0 of the 1 group with" in none_lower
    assert "in 3 of the 5 groups" in claims.entry_summary_sentence(3, 5)
    assert "so no group is compared" in claims.entry_summary_sentence(0, 0)


def _km_rows(group: str, at_risk: int, events: list[int]) -> pd.DataFrame:
    n, rows, surv = at_risk, [], 1.0
    for u, e in enumerate(events, start=1):
        surv *= 1 - e / n
        rows.append({"origin_generation": group, "u": u, "n_at_risk": n, "events": e,
                     "cum_incidence": 1 - surv})
        n -= e
    return pd.DataFrame(rows)


def test_km_gap_is_not_read_off_a_curve_held_at_zero_by_coarsening():
    # natives: 100 at risk, 10 events a quarter; the small group: 60 at risk (published on at
    # risk) but 1 event a quarter, so after 6 quarters it has 6 < min_cell events and its
    # coarsened curve is still drawn at 0. The old reading stated a gap of about 47 points.
    ref, small, big = "belgian:native", "maghreb:second", "turkish:second"
    km = {ev: pd.concat([_km_rows(ref, 100, [10] * 6), _km_rows(small, 60, [1] * 6),
                         _km_rows(big, 100, [5] * 6)], ignore_index=True)
          for ev in ("job", "stable")}
    gj, gs, at, coarse = claims.km_gaps(km, 10, ref)
    assert coarse == [small] and small not in gj.index and small not in gs.index
    # the comparable group is compared where both curves rest on >= 10 events: its true gap
    truth = km["job"].query("origin_generation == @ref and u == 6")["cum_incidence"].iloc[0] - \
        km["job"].query("origin_generation == @big and u == 6")["cum_incidence"].iloc[0]
    assert at == {big: 6} and gj[big] == pytest.approx(truth, abs=1e-12)
    s = claims.km_gap_sentence(100 * gj.mean(), 100 * gs.mean(), len(at), 6.0, 10, 0, [big],
                               coarse)
    assert "Maghreb (second generation) are too coarse" in s and "no gap is stated" in s
    none = claims.km_gap_sentence(np.nan, np.nan, 0, np.nan, 10, 0, [], coarse)
    assert none.startswith("No group's curves") and "too coarse" in none
    _no_leak(s, none)


def test_first_quarter_hazard_reads_only_published_odds_ratios():
    """The lock-in sentence rests on the odds ratios tbl-effects-hazard publishes
    (effects.hazard_table's rule); a first-quarter ratio on 3 treated events is hidden there and
    must not be read (the old sentence named that measure a lock-in)."""
    rows = pd.DataFrame({
        "measure": ["workplace_learning_ibo", "training_basic"],
        "quarter_since_start": [1, 1], "odds_ratio": [0.4, 0.5],
        "exp_ci_high": [0.8, 0.9], "n_treated_persons": [200, 200],
        "n_treated_events": [40, 3], "df_resid": [500, 500]})
    assert claims.hazard_published(rows, 10).tolist() == [True, False]
    assert claims.hazard_published(rows.drop(columns="df_resid"), 10).all()


def test_percent_text_has_the_books_space():
    """Glued percentages read "42 %" as everywhere else in the book (appendix A printed "42%"
    through a format spec)."""
    assert claims.percent_text(0.42) == "42 per cent"
    assert claims.percent_text(0.955, 1) == "95.5 per cent"
    assert claims.percent_text(float("nan")) == "n/a"


# -- chapter 5 on a small extract: steps and measures the data cannot estimate ----------------

_CAL = "no treated unit matched within the caliper (0.2 SD of the logit score); widen the caliper"


def test_measure_skipped_sentence_names_measure_population_and_what_to_change():
    from mia_helpers.stepwise import NOBODY_STARTS

    measures = ["workplace_learning_ibo", "training_vocational", "workplace_learning_other"]
    assert claims.measure_skipped_sentence(measures, {"newcomer": {}, "resident": {}}, 0.2) == (
        "Every measure named in the parameter measures was estimated for newcomers and for "
        "residents.")
    one = claims.measure_skipped_sentence(
        measures, {"newcomer": {"training_vocational": _CAL}, "resident": {}}, 0.2)
    assert one == ("Vocational training was not estimated for newcomers: no starter found a "
                   "statistical twin within the caliper of 0.2 SD; the table has rows only for "
                   "what was estimated. Widen the parameter caliper (or use a larger extract) "
                   "to estimate it, or leave it out of the parameter measures (-p measures "
                   "'[workplace_learning_ibo, workplace_learning_other]').")
    both = claims.measure_skipped_sentence(
        measures, {"newcomer": {m: _CAL for m in measures},
                   "resident": {"workplace_learning_ibo": NOBODY_STARTS}}, 0.01)
    assert both.startswith("IBO, vocational training and other workplace learning were not "
                           "estimated for newcomers: no starter found a statistical twin "
                           "within the caliper of 0.01 SD; IBO was not estimated for "
                           "residents: nobody starts it in this extract;")
    assert "Widen the parameter caliper or use a larger extract to estimate them." in both
    assert "-p measures" not in both  # no measure left: no empty list to pass
    for s in (one, both):
        _clean(s)
        assert "[]" not in s


def test_step_claims_say_why_a_step_was_not_estimated():
    from mia_helpers.stepwise import NOBODY_STARTS

    c = claims.newcomer_step_claims(["inburgering", "mo", "nt2"],
                                    {"mo": _CAL, "inburgering": NOBODY_STARTS}, 0.2)
    s = c["nc_skipped_sentence"]
    assert s.startswith("MO (social orientation) was not estimated: no starter found a "
                        "statistical twin within the caliper of 0.2 SD; inburgering contract "
                        "was not estimated: nobody starts it in this extract, so the tables")
    assert "Widen the parameter caliper or use a larger extract to estimate them" in s
    assert "(-p treatments '[nt2]')" in s
    _clean(s)


def test_measure_sentences_say_a_measure_was_not_estimated_not_that_it_has_few_starters():
    skipped = {"newcomer": ["training_vocational", "workplace_learning_other"], "resident": []}
    res = _comparison(["workplace_learning_ibo", "training_vocational",
                       "workplace_learning_other"], ["x", np.nan, np.nan], [1.0, 2.0, 3.0])
    res = res[(res["population"] == "resident") | (res["measure"] == "workplace_learning_ibo")]
    text, summary = claims.measure_ranking_sentences(res, 5, skipped)
    assert text == ("At 5 quarters the measure that returns most is Other workplace learning "
                    "for residents; for newcomers no measure's effect can be stated (too few "
                    "starters, or too few who entered or did not, or an estimate that would give "
                    "away a starters count the table hides).")
    none = {"newcomer": ["workplace_learning_ibo", "training_vocational",
                         "workplace_learning_other"], "resident": []}
    text, summary = claims.measure_ranking_sentences(res[res["population"] == "resident"], 5,
                                                     none)
    assert text.endswith("for residents; for newcomers no measure could be estimated (see "
                         "above).")
    assert summary == "No VDAB measure could be estimated for newcomers"
    voc = claims.vocational_sentence(res, 5, True, skipped)
    assert voc.endswith("here vocational training and other workplace learning could not be "
                        "estimated for newcomers (see above), so the two cannot be compared.")
    ibo = _comparison(["workplace_learning_ibo"], [np.nan], [4.0])
    text, summary = claims.measure_ranking_sentences(
        ibo[ibo["population"] == "resident"], 5, {"newcomer": ["workplace_learning_ibo"]})
    assert text == ("At 5 quarters the matched effect of IBO is 4.0 points for residents; for "
                    "newcomers it was not estimated (see above).")
    assert summary == "The effect of IBO for newcomers could not be estimated"
    for s in (text, summary, voc):
        _clean(s)


def test_inburgering_sentence_without_standard_errors_prints_no_nan():
    """Matched estimates on starters (or twins) without variation in entry have no standard
    error and no interval: the sentence says so instead of "an error of at most nan standard
    errors, and no of the three intervals contain the truth" (seed 2005, 300 newcomers)."""
    flat = _tidy(True).assign(se=np.nan, ci_low=np.nan, ci_high=np.nan)
    s = claims._inburgering_sentence(flat, (4, 5, 8), 10)
    assert "no standard error or interval" in s and "cannot be judged" in s
    part = _tidy(True)
    part.loc[part.quarter_since_start == 8, ["se", "ci_low", "ci_high"]] = np.nan
    s2 = claims._inburgering_sentence(part, (4, 5, 8), 10)
    assert "at most 3.0 standard errors" in s2 and "one of the two intervals" in s2
    assert s2.endswith("(at 8 quarters the estimate has no standard error: no variation in "
                       "entry)")
    miss = _tidy(True).assign(true_att_pp=[9.0, 9.0, 9.0])
    assert "no interval of the three contains the truth" in claims._inburgering_sentence(
        miss, (4, 5, 8), 10)
    skipped = claims._inburgering_sentence(flat.iloc[:0], (4, 5, 8), 10, skipped=True)
    assert skipped.startswith("inburgering was not estimated in this run")
    for text in (s, s2, skipped):
        _clean(text)


def test_feeder_identification_sentence_names_the_terms_the_data_cannot_identify():
    """Chapter 5's feeder model: every EU citizen has an EU origin, so one origin level is
    collinear with residence ground and dropped (NotIdentifiedWarning; ``identified`` False in
    ``.tidy()``); the prose says so in words instead of leaving an empty row unexplained."""
    f = pd.DataFrame({"term": ["inburgering_before", "origin[maghreb]", "origin[turkish]"],
                      "identified": [True, True, False],
                      "not_identified": ["", "", "collinear with earlier terms"]})
    s = claims.feeder_identification_sentence(f)
    assert s == ("One term of the feeder model is not identified on these data: Origin: "
                 "Turkish (collinear with earlier terms), so the table gives no odds ratio for "
                 "it; the other levels of origin are then not contrasts with the stated "
                 "reference alone, so read their odds ratios with care.")
    two = claims.feeder_identification_sentence(f.assign(
        identified=[False, True, False], not_identified=["no events", "", "no events"]))
    assert two.startswith("Two terms of the feeder model are not identified on these data: "
                          "Inburgering contract before (no events) and Origin: Turkish (no "
                          "events), so the table gives no odds ratio for them.")
    assert claims.feeder_identification_sentence(f.assign(identified=True)) == (
        "Every term of the feeder model is identified on these data.")
    for text in (s, two):
        _clean(text)


def test_hazard_size_sentence_says_small_only_below_the_rare_bound():
    """Chapter 2's exercise said the quarterly hazards were "small" for any data; it now reads
    them (pooled per quarter, a quarter only with >= min_cell entries and non-entries) and says
    "small" only below claims.RARE_HAZARD (Zhang & Yu 1998)."""
    import pandas as pd

    from mia_helpers import claims

    def periods(rate, n=400, quarters=4):
        rows = [{"u": u, "event": int(i < rate * n)} for u in range(quarters) for i in range(n)]
        return pd.DataFrame(rows)

    small = claims.hazard_size_sentence({"job": periods(0.05)}, min_cell=10)
    assert "are small: for a first job at most 5.0 per cent per quarter (median 5.0 per cent)" in small
    large = claims.hazard_size_sentence({"job": periods(0.05), "stable": periods(0.25)}, 10)
    assert "not all small" in large and "first stable job at most 25.0 per cent" in large
    # a quarter with fewer than min_cell entries (or non-entries) is not read
    few = claims.hazard_size_sentence({"job": periods(0.02, n=400)}, min_cell=10)
    assert few.startswith("No quarter has enough entries")
    with pytest.raises(ValueError, match="event"):
        claims.hazard_size_sentence({"job": pd.DataFrame({"u": [0]})})
