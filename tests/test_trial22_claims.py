"""Trial 22 (seed 3131, 12,000 residents, 6,000 newcomers, min_cell 9): readings of the
executed chapters that contradicted a table or another sentence of the same chapter."""
import pandas as pd

from mia_helpers import claims


def test_naive_bias_reading_agrees_with_the_bias_table_at_its_precision():
    # chapter 4: vacancy referral (manual)'s naive bias was 1.012 points over quarters 4-8,
    # printed 1.0 in Table 4; the figure paragraph said "overstates ... by more than 1 point",
    # the table paragraph "within 1 point to begin with"
    bias = pd.Series({"workplace_learning_ibo": 8.6, "vacancy_referral_manual": 1.012,
                      "training_basic": -7.7})
    text, summary = claims.naive_bias_sentences(bias, "the truth", 1.0)
    over = text.split("overstates the return of")[1].split(":")[0]
    assert "Vacancy referral (manual)" not in over
    assert "For Vacancy referral (manual) the naive bias stays within that point" in text
    assert "Vacancy referral (manual)" not in summary
    table = pd.DataFrame({"measure": ["vacancy_referral_manual"], "naive_bias_pp": [1.012],
                          "naive_abs_bias_pp": [1.012], "matched_bias_pp": [-0.4],
                          "matched_abs_bias_pp": [0.6], "share_removed": [0.44]})
    assert "within 1 point to begin with" in claims.bias_table_sentence(table)
    # unrounded on request, and a bias printed 1.1 is still "more than 1 point"
    assert "Vacancy referral (manual)" in claims.naive_bias_sentences(
        bias, "the truth", 1.0, decimals=None)[0].split("overstates")[1].split(":")[0]
    assert "Vacancy referral (manual)" in claims.naive_bias_sentences(
        bias.replace(1.012, 1.06), "the truth", 1.0)[0].split("overstates")[1].split(":")[0]


def test_conclusions_name_the_data_set_they_read():
    # chapter 6 read "Table 1 on the book's synthetic data" on seed 3131 with 12,000 residents
    from pathlib import Path

    from mia_helpers import conclusions as cc

    params = {"seed": 3131, "residents": 12000, "newcomers": 6000}
    text = cc.data_phrase(params, ("2005Q1", "2016Q4"))
    assert text == ("the synthetic data of seed 3131, 12,000 residents and 6,000 newcomers "
                    "over 2005Q1-2016Q4")
    assert cc.data_phrase(None, ("2005Q1", "2016Q4")) == "this extract"
    source = (Path(__file__).parents[1] / "notebooks" / "06_conclusions.md").read_text()
    assert "the book's synthetic data" not in source


def test_rrr_sentence_says_every_one_instead_of_listing_them_all():
    # chapter 3: "of the 16 cells with an interval shown for every direct-link measure, for
    # Southern EU (second generation), Eastern EU (first generation), ... [all 16 named] at
    # least one direct-link measure's RRR is not distinguishable from one"
    direct = ("training_vocational", "workplace_learning_ibo", "workplace_learning_other")
    cells = ["maghreb:second", "turkish:second", "subsaharan:first"]
    rrr = pd.DataFrame([(c, m, 0.8, 0.6, 1.1) for c in cells for m in direct],
                       columns=["origin_generation", "outcome", "exp_estimate", "exp_ci_low", "exp_ci_high"])
    s = claims.rrr_interval_sentence(rrr)
    assert s == ("of the 3 cells with an interval shown for every direct-link measure, for every "
                 "one of them at least one direct-link measure's RRR is not distinguishable from "
                 "one (its interval includes one) or the measures disagree in direction")
    # a group short of all cells is still named
    mixed = rrr.assign(exp_ci_high=lambda d: d["exp_ci_high"].where(d["origin_generation"]
                                                             != "maghreb:second", 0.9))
    assert "for Turkish (second generation) and Sub-Saharan (first generation) at least" in \
        claims.rrr_interval_sentence(mixed)


def test_generation_mean_needs_cells_holding_half_the_generation():
    # chapter 1 at 4,000 residents: "62 % against 100 % with good Dutch" where the second
    # generation's 100 % was Eastern EU's 119 persons, the one cell of six in which nobody
    # lacked good Dutch (the five hidden cells, 989 persons, had 1 to 8 who did)
    import numpy as np

    rows = [("resident", "belgian", "native", 2169, 33.5, 100.0),
            ("resident", "southern_eu", "intermediate", 138, 10.1, 62.3),
            ("resident", "maghreb", "intermediate", 216, 13.9, 58.8),
            ("resident", "southern_eu", "second", 226, 32.7, np.nan),
            ("resident", "eastern_eu", "second", 119, 26.9, 100.0),
            ("resident", "maghreb", "second", 289, 23.9, np.nan),
            ("resident", "turkish", "second", 188, 31.9, np.nan)]
    profile = pd.DataFrame(rows, columns=["sample", "origin", "generation", "persons",
                                          "high_education_pct", "good_dutch_pct"])
    ex = pd.DataFrame({"rule": ["orphan id"], "rows": [0]})
    shares = pd.DataFrame({"quarter": [0, 0], "origin": ["belgian", "maghreb"],
                           "position_group": ["employed"] * 2, "share": [0.5, 0.3]})
    stable = pd.DataFrame({"origin": ["belgian", "maghreb"] * 2, "stable_quarters": [4, 4, 8, 8],
                           "stable_share_of_job_starts_pct": [64.0, 54.0, 36.0, 24.0]})
    c = claims.panel_claims(ex, profile, shares, stable)
    s = c["panel_generation_sentence"]
    assert "100 per cent" not in s and np.isnan(c["panel_sec_dutch_pct"])
    assert s.startswith("the intermediate generation has less education than the second "
                        "generation")
    assert s.endswith("the shares with good Dutch are not compared, as the table publishes "
                      "that share only for cells holding under half of the second "
                      "generation's persons (a share is hidden where few persons have or lack "
                      "it, so the cells shown are not typical of the rest)")
    # with the hidden cells published the mean is stated as before
    full = claims.panel_claims(ex, profile.fillna({"good_dutch_pct": 98.0}), shares, stable)
    assert "per cent with good Dutch" in full["panel_generation_sentence"]
