"""Claims found false or misleading on seed 7272 (trial 15), each fed a small crafted table."""

import pandas as pd
import pytest
from frames import one_point_estimate_rows

from mia_helpers import claims


def _support(rows):
    return pd.DataFrame(rows, columns=["measure", "n_treated", "n_dropped", "dropped_pct"])


def test_dropped_sentence_names_every_measure_whose_published_share_ties_the_largest():
    """Seed 7272, chapter 4: Basic training 207 of 2,664 (7.77 %) and Sanction transmission 107
    of 1,369 (7.82 %) both print 7.8 %; the sentence said "largest for Basic training", the
    first in the table's order, although Sanction transmission's share is the larger."""
    table = _support([["training_basic", 2664, 207, 7.8],
                      ["workplace_learning_ibo", 3276, 70, 2.1],
                      ["sanction_transmission", 1369, 107, 7.8]])
    text = claims.dropped_sentence(table)
    assert text == (
        "the share of starters without a statistical twin is largest, 7.8 per cent at the table's "
        "precision, for Sanction transmission (107 of its 1,369 starters) and Basic training "
        "(207 of its 2,664 starters); for IBO it is 2.1 per cent")
    # no tie at the published precision: the largest unrounded share is named alone
    table.loc[2, ["n_dropped", "dropped_pct"]] = [150, 11.0]
    assert claims.dropped_sentence(table).startswith(
        "the share of starters without a statistical twin is largest for Sanction "
        "transmission: 150 of its 1,369 starters (11.0 per cent); for the other measures shown it is "
        "7.8 per cent or less")


def test_pool_shift_clause_says_the_signed_shift_not_only_the_mean_absolute_effect():
    """Seed 7272, chapter 4's pool exercise: the estimates of automatic vacancy referral went
    from mostly negative (-0.61 at quarter 12) to positive (+0.81) when other starters left the
    pool, yet the chapter read "moves the estimate away from zero (the mean absolute effect
    changes by 0.08 points)". The clause must say that the estimate rises and changes sign."""
    q = range(1, 13)
    before = pd.Series([0.22, 0.03, -0.23, -0.46, -0.27, -0.35, -0.82, -0.21, -0.44, -0.36,
                        -0.62, -0.61], index=q)
    after = pd.Series([0.08, 0.20, 0.05, -0.20, 0.32, 0.48, 0.26, 0.81, 0.75, 1.02, 0.63,
                       0.81], index=q)
    text = claims.pool_shift_clause(before, after, 10)
    assert text == ("raises the estimate at 11 of the 12 horizons, by 0.78 points on average "
                    "over all 12; the sign changes at 9 of those horizons; the mean absolute "
                    "effect goes from 0.39 to 0.47 points")
    assert "away from zero" not in text
    # two groups read "both", not "all 2" (dpo16's window run of chapter 2)
    assert claims.entry_summary_sentence(2, 2) == (
        "School leavers of foreign origin enter a first job more slowly than natives (both "
        "groups with a published share)")
    assert "(all 3 groups" in claims.entry_summary_sentence(3, 3)
    # a shift downwards at every horizon, without a change of sign
    assert claims.pool_shift_clause(after + 2, after + 1, 10).startswith(
        "lowers the estimate at the 12 horizons, by 1.00 points on average; the mean")
    # horizons published in one estimate only are left out; none in both is said in words
    assert claims.pool_shift_clause(before.iloc[:3], after.iloc[3:], 10).startswith(
        "cannot be compared here")
    assert claims.pool_shift_clause(before, before, 10).startswith(
        "leaves the estimate about where it was")


def test_appendix_a_says_no_bootstrap_intervals_when_bootstrap_is_zero():
    """Seed 7272 with ``-p bootstrap 0``: Appendix A read "95 % percentile intervals from 0
    person-clustered bootstrap replications (each end rests on about 0.0 draws beyond it ...),
    computed on the same data sets" beside a table of linearized intervals only."""
    for study in ("measures", "newcomers"):
        text = claims.bootstrap_beside_sentence(0.95, 0, study)
        assert "from 0" not in text and "percentile" not in text
        assert "no bootstrap" in text and "parameter bootstrap is 0" in text
        assert "percentile intervals from 49 person-clustered bootstrap replications" in (
            claims.bootstrap_beside_sentence(0.95, 49, study))
    assert claims.bootstrap_beside_sentence(0.95, 49).startswith(
        "The same replications carry a second set of intervals: 95 per cent percentile intervals")
    with pytest.raises(ValueError, match="study"):
        claims.bootstrap_beside_sentence(0.95, 49, "residents")


def test_entry_summary_does_not_say_more_slowly_when_m0_finds_a_group_no_slower():
    """Seed 7272 at 6,000 residents, chapter 2: every group's share with a first job inside
    the window was below the natives' (Eastern EU second generation 89.7 % against 90.1 %),
    but M0 gave that group an odds ratio of 1.08; the summary read "School leavers of foreign
    origin enter a first job more slowly than natives (all 12 groups ...)"."""
    text = claims.entry_summary_sentence(12, 12, ["eastern_eu:second"])
    assert "more slowly" not in text
    assert text == (
        "School leavers of foreign origin find a first job inside the window less often than "
        "natives (all 12 groups with a published share), though the hazard model M0 finds "
        "Eastern EU (second generation) no slower to enter than the natives (its M0 ratio is "
        "one or above)")
    # without such a group the summary keeps its reading
    assert claims.entry_summary_sentence(12, 12, []).startswith(
        "School leavers of foreign origin enter a first job more slowly than natives")


def test_rrr_interval_printed_as_reaching_one_is_not_read_as_below_one():
    """Seed 7272, chapter 3: Maghreb (intermediate generation) was listed among the cells whose
    "whole interval of the RRR of every direct-link measure lies below one", beside a
    vocational-training interval the table prints as [0.60, 1.00] (its upper bound is
    0.995 or more). The prose reads the bounds as the table prints them."""
    r = pd.DataFrame({
        "origin_generation": ["maghreb:intermediate"] * 2 + ["turkish:second"] * 2,
        "outcome": ["training_vocational", "workplace_learning_ibo"] * 2,
        "exp_ci_low": [0.60, 0.43, 0.51, 0.43], "exp_ci_high": [0.9962, 0.77, 0.81, 0.70]})
    assert claims.rrr_cells_by_interval(r, decimals=claims.RRR_DECIMALS) == (
        ["turkish:second"], [], ["maghreb:intermediate"])
    # unrounded, as before (the default)
    assert claims.rrr_cells_by_interval(r)[0] == ["maghreb:intermediate", "turkish:second"]


def _all_flagged_rows(share: float, R: int = 8) -> pd.DataFrame:
    """A fake inburgering "now versus never" study at quarters 4-8 in which every data set is
    flagged (a positivity failure for a share ``share`` of the signers) and every widened
    interval holds the truth."""
    return one_point_estimate_rows(R, share, points=0)


def test_inburgering_never_claims_without_point_estimates_print_no_nan_or_zero_share():
    """Seed 7272, Appendix A at 8 inburgering replications: every data set was flagged at
    quarters 4-8, and the appendix read "(at quarter 4, a median 0 % of the signers lacked
    support)", "(coverage 1.000 or more)" and "The largest |bias| / MC SE of the point
    estimates is nan"."""
    from mia_helpers.montecarlo import summarise

    rows = _all_flagged_rows(0.003)
    c = claims.inburgering_claims(summarise(rows), estimand="now_vs_never", prefix="mcnn",
                                  results=rows)
    assert "a median 0.3 per cent of the signers lacked support" in c["mcnn_bound_sentence"]
    assert "median 0 per cent" not in c["mcnn_bound_sentence"]
    assert "(coverage 1.000 at each quarter)" in c["mcnn_sentence"]
    assert "or more" not in c["mcnn_sentence"]
    assert c["mcnn_max_abs_z_sentence"] == (
        "No data set gives a point estimate at these quarters, so no |bias| / MC SE of a "
        "point estimate is stated")
    assert "nan" not in c["mcnn_max_abs_z_sentence"]
    tiny = _all_flagged_rows(0.0002)
    assert "a median under 0.1 per cent of the signers" in claims.inburgering_claims(
        summarise(tiny), estimand="now_vs_never", prefix="mcnn", results=tiny)[
        "mcnn_bound_sentence"]
