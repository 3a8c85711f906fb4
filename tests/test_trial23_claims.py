"""Trial 23 (seed 5353, 8,000 residents, 3,000 newcomers, window 2007Q1-2018Q4, min_cell 7):
prose numbers against the tables they describe, on small built inputs."""

import pandas as pd

from mia_helpers import claims
from mia_helpers.synthetic.config import GeneratorConfig


def test_gap_range_reads_the_tables_printed_value():
    """Chapter 3's Table 5 prints gaps to two decimals; the text said "8.1" beside a printed
    8.15 (the value 8.1496), where a reader of the table rounds to 8.2."""
    gaps = pd.DataFrame({"raw": [8.1496, 10.61], "adj": [-0.04, 2.23]})
    text = claims.gap_range_sentence(gaps, "first")
    assert "raw gaps run from 8.2 to 10.6 points" in text
    assert "adjusted gaps run from 0.0 to 2.2" in text
    one = claims.gap_range_sentence(gaps.iloc[:1], "first")
    assert "one published raw gap is 8.2 points" in one


def test_allocation_sign_interval_excluding_zero_does_not_print_a_zero_bound():
    """Chapter 3's generator check: IBO's experience interval [0.004, 0.131] (the table's three
    decimals) read "0.07 [0.00, 0.13]" beside "both intervals excluding zero"."""
    chk = pd.DataFrame(
        [("workplace_learning_ibo", "experience_years", 0.068, 0.004, 0.131),
         ("training_basic", "experience_years", -0.095, -0.156, -0.035)],
        columns=["outcome", "term", "estimate", "ci_low", "ci_high"])
    s = claims.allocation_sign_sentence(chk, {"experience_years": "a year of experience"})
    assert s == ("for a year of experience, 0.068 [0.004, 0.131] for IBO against -0.095 "
                 "[-0.156, -0.035] for basic training (opposite signs, both intervals "
                 "excluding zero)"), s


def test_ranking_summary_states_the_points_the_ranking_is_by():
    """Chapter 4's summary read "IBO returns the most (22 % more stable entries after 5
    quarters), Sanction transmission next" while Sanction transmission's relative effect was
    30.8 %: the ranking is by points (8.4 against 8.1), which the summary must show."""
    rank = pd.DataFrame({"measure": ["workplace_learning_ibo", "sanction_transmission",
                                     "vacancy_referral_automatic"],
                         "estimate": [8.4, 8.1, 0.7], "relative_pct": [21.8, 30.8, 2.2]})
    _, summary = claims.ranking_sentences(rank, 5, list(rank["measure"]), True)
    assert summary == ("IBO returns the most (8.4 points, 22 per cent more stable entries after "
                       "5 quarters), Sanction transmission next"), summary


def test_appendix_a_naive_coverage_bound_covers_both_estimands():
    """Appendix A read "its intervals hold the truth in at most 35 %" (naive now versus later)
    beside "from 10 % to 40 % for IBO" (naive, both estimands: now versus never 0.40 at
    quarter 1); the bound is now over both estimands, like the matched bounds."""
    import numpy as np

    rows = []
    for estimand, naive_cov in (("now_vs_later", 0.35), ("now_vs_never", 0.40)):
        for est, cov in (("naive", naive_cov), ("matched", 0.95)):
            for q in range(1, 9):
                rows.append({"estimand": estimand, "estimator": est, "quarter_since_start": q,
                             "bias": 0.1, "mean_estimate": 2.0, "mean_truth": 1.0,
                             "coverage": cov if q == 1 else cov - 0.2, "rmse": 1.0,
                             "mean_ci_width": 4.0, "mc_se_bias": 0.1})
    mc = pd.DataFrame(rows)
    static = pd.DataFrame({"quarter_since_start": [1, 2], "att_pp": [-5.0, -5.0],
                           "n_treated": [50, 50]})
    tidy = pd.DataFrame({"measure": "m", "estimand": "now_vs_later",
                         "estimator": ["matched", "matched", "naive", "naive"],
                         "quarter_since_start": [1, 2, 1, 2], "att_pp": [1.0, 2.0, 3.0, 4.0],
                         "true_att_pp": [1.0] * 4})
    c = claims.matching_claims(static, tidy, mc, mc, 0.95, 10, headline=5)
    assert np.isclose(c["a_naive_cov_max"], 0.40)
    assert c["a_naive_cov_ceil_pct"] == claims.naive_coverage_sentence(
        mc.assign(measure="m")).split(" to ")[1].split(" of")[0]


def test_calibration_band_is_stated_as_the_counts_widen_it():
    """Appendix A at 20 replications stated the band "[0.90, 0.98]" while Table 4 counted a
    coverage of 1.000 as inside it (coverage_tolerance widens the band below 200)."""
    from mia_helpers.montecarlo import calibration, coverage_tolerance

    band = claims.calibration_claims(calibration, 20)["a_calib_band"]
    low, high = coverage_tolerance(20)
    assert band.startswith("[0.90, 0.98], widened to [")
    assert (f"[{float(low):.3f}, {float(high):.3f}] where a quarter holds 20 point estimates"
            in band)  # read48: the fewest point estimates at a quarter, not replications
    assert low > 0.85 and high == 1.0  # a coverage of 17/20 fails, 20/20 passes
    assert claims.calibration_claims(calibration, 200)["a_calib_band"] == "[0.90, 0.98]"
    assert claims.calibration_claims(calibration)["a_calib_band"] == "[0.90, 0.98]"


def test_montecarlo_window_clause_says_when_the_studies_use_another_window():
    """Appendix A's Monte Carlo data sets are generated over the default window whatever the
    run's window_start and window_end; with 2007Q1-2018Q4 the prose read as if they followed
    the run's window."""
    import inspect

    from mia_helpers import montecarlo, montecarlo_newcomers
    from mia_helpers.quarters import Window

    default = Window().labels()
    # the clause's premise: both studies generate over the default window
    assert "window = Window()" in inspect.getsource(montecarlo.replication_data)
    assert "window = Window()" in inspect.getsource(montecarlo_newcomers)
    same = claims.montecarlo_window_clause(default)
    assert same == f"over {default[0]}-{default[1]}, like the book's data set"
    other = claims.montecarlo_window_clause(("2007Q1", "2018Q4"))
    assert other.startswith(f"over the generator's default window {default[0]}-{default[1]}")
    assert other.endswith("which the Monte Carlo studies always use, not over this run's "
                          "window 2007Q1-2018Q4")  # old29: the run's window named as such


def test_ranking_note_on_automatic_referral_names_the_estimand():
    """Chapter 4 with estimand = "now_vs_never" said the referral's true effect 'against "not
    now"' beside a table of "now versus never" effects."""
    rank = pd.DataFrame({"measure": ["workplace_learning_ibo", "vacancy_referral_automatic"],
                         "estimate": [9.0, 0.5], "relative_pct": [24.0, 1.5]})
    measures = list(rank["measure"])
    params = {"config": GeneratorConfig().to_dict()}  # the generator's own effect: none
    never, _ = claims.ranking_sentences(rank, 5, measures, True, 10, "now_vs_never",
                                        params=params)
    later, _ = claims.ranking_sentences(rank, 5, measures, True, 10, params=params)
    assert 'its true effect against "never" is minus' in never
    assert 'its true effect against "not now" is minus' in later


def test_never_bounds_sentence_names_the_bounds():
    """Chapter 4 with estimand = "now_vs_never" showed IBO's 8-quarter bound (not
    point-identified at quarters 6-12) as an estimate, and no sentence said so."""
    rows = [{"measure": m, "estimand": "now_vs_never", "estimator": est,
             "quarter_since_start": q, "point_identified": not (m == ibo and q >= 6
                                                                or m == voc and q in (4, 5))}
            for ibo, voc in [("workplace_learning_ibo", "training_vocational")]
            for m in (ibo, voc, "training_basic") for est in ("matched", "naive")
            for q in range(1, 13)]
    tidy = pd.DataFrame(rows)
    text = claims.never_bounds_sentence(tidy, "now_vs_never")
    assert "not point-identified for IBO at quarters 6 to 12 and Vocational training at " \
           "quarters 4 and 5" in text, text
    assert "Basic training" not in text
    assert claims.never_bounds_sentence(tidy, "now_vs_later") == ""
    assert claims.never_bounds_sentence(tidy.assign(point_identified=True),
                                        "now_vs_never") == ""
    # the origin table's rows (a group column; rows on fewer than min_cell treated left out)
    by = tidy.assign(group="southern_eu", n_treated=[3 if q > 10 else 50 for q in
                                                     tidy["quarter_since_start"]])
    text = claims.never_bounds_sentence(by, "now_vs_never", min_cell=10)
    assert "for IBO for Southern EU starters at quarters 6 to 10 and" in text, text
