"""Trial 27: sentences that read false or ungrammatical on seed 8181 (5,000 residents, 1,800
newcomers, window 2006Q1-2016Q4, min_cell 10) and seed 4242 (2,000 residents, 700
newcomers, min_cell 20). The inputs below are the published numbers of those runs (or
their shape), so each test fails on the wording the trial found."""

import numpy as np
import pandas as pd

from mia_helpers import claims, typology
from mia_helpers.conclusions import recovery_sentence

EU = ["belgian", "southern_eu", "eastern_eu"]


def test_stable_gap_names_the_origins_compared_when_some_are_hidden():
    """Seed 4242, chapter 1: "the gap widens for every other origin" beside Turkish,
    Sub-Saharan and Other non-EU shares hidden under the 8-quarter definition."""
    change = pd.Series({"southern_eu": 3.6, "eastern_eu": 2.3, "maghreb": 2.4})
    s = claims.stable_gap_sentence(change, hidden=["turkish", "subsaharan", "other_non_eu"])
    assert s == ("relative to Belgian origin the gap widens for Southern EU, Eastern EU and "
                 "Maghreb, every other origin whose shares are published under both "
                 "definitions")
    assert claims.stable_gap_sentence(change) == ("relative to Belgian origin the gap widens "
                                                  "for every other origin")
    mixed = claims.stable_gap_sentence(pd.Series({"southern_eu": 3.6, "maghreb": -1.0}),
                                       hidden=["turkish"])
    assert mixed.endswith("; the shares of Turkish are suppressed under one of the "
                          "definitions, so its gap is not compared")


def test_stable_loss_does_not_speak_for_hidden_origins():
    """Seed 4242, chapter 1: "Maghreb origin loses the largest share ...; on average non-EU
    origins lose a larger share than EU origins" with three of four non-EU origins hidden."""
    loss = pd.Series({"belgian": 0.43, "southern_eu": 0.49, "eastern_eu": 0.48,
                      "maghreb": 0.56, "turkish": np.nan, "subsaharan": np.nan,
                      "other_non_eu": np.nan})
    s = claims.stable_loss_sentence(loss, EU)
    assert s.startswith("of the origins whose stable starts are published under both "
                        "definitions, Maghreb origin loses the largest share")
    assert "on average non-EU origins" not in s
    assert "; Maghreb, the one non-EU origin shown, loses a larger share than the EU " \
        "origins shown on average" in s
    assert s.endswith("; the loss of Turkish, Sub-Saharan and Other non-EU is not stated, as "
                      "their stable starts are suppressed")
    full = claims.stable_loss_sentence(loss.fillna(0.5), EU)
    assert full.endswith("; on average non-EU origins lose a larger share than EU origins")


def test_khb_medians_read_every_row_the_table_shows():
    """Seed 4242, chapter 2: "a median 82 %" of the intermediate generation beside a KHB table
    whose intermediate rows show 50.0, 81.7 and 49.2 (two with their persons hidden)."""
    shares = pd.DataFrame({
        "event": ["job"] * 5 + ["stable"],
        "group": ["southern_eu:intermediate", "maghreb:intermediate",
                  "subsaharan:intermediate", "turkish:intermediate", "maghreb:second",
                  "maghreb:intermediate"],
        "gap": [-0.896, -0.746, -1.138, np.nan, -0.714, -1.0],
        "share_pct": [50.0, 81.7, 49.2, np.nan, 27.0, 54.6],
        "naive_share_pct": [47.2, 80.7, 48.0, np.nan, 26.6, 54.5],
        "n_persons": [np.nan, 57, np.nan, np.nan, 85, 57]})
    rows = claims.khb_published_rows(shares)
    assert sorted(rows["group"]) == ["maghreb:intermediate", "maghreb:second",
                                     "southern_eu:intermediate", "subsaharan:intermediate"]
    med = rows.groupby("generation")["share_pct"].median()
    assert med["intermediate"] == 50.0 and med["second"] == 27.0


def test_recovery_counts_findings_with_a_hidden_estimate_apart():
    """Seed 8181, chapter 6: "all 3 findings that have one" beside four generator values (the
    newcomers' IBO effect hidden); seed 4242: "all 2 findings"."""
    t = pd.DataFrame({"key": ["a", "b", "c", "d"], "estimate": [1.0, 2.0, 3.0, np.nan],
                      "ci_low": [0.0, 1.0, 2.0, np.nan], "ci_high": [2.0, 3.0, 4.0, np.nan],
                      "truth": [1.0, 2.0, 3.0, 0.07]})
    assert recovery_sentence(t) == ("the interval holds the generator's value for all 3 "
                                    "findings that have one and an estimate shown; the finding "
                                    '"d" has no estimate shown to read against the generator\'s '
                                    "value (its row in the table says why)")  # prose47: named
    two = t.iloc[[0, 1]]
    assert recovery_sentence(two) == ("the interval holds the generator's value for both "
                                      "findings that have one")


def test_profile_pairs_hidden_clause_is_a_clause():
    """Seed 4242, chapter 3: "(not compared, cells suppressed: have no or basic Dutch)"."""
    s = claims.profile_pairs_sentence([(54.0, 22.0, "are of Belgian origin"),
                                       (np.nan, 20.0, "have no or basic Dutch")])
    assert "cells suppressed: have" not in s
    assert s.endswith("(the shares of inflows that have no or basic Dutch are not compared: "
                      "cells suppressed)")


def test_horizon_share_without_any_non_eu_curve():
    """Seed 4242, chapter 3: "(no curve of the non-EU origins whose curve is drawn is published
    at that horizon)"."""
    s = claims.horizon_share_sentence("workplace_learning_ibo", 8, 6.2, np.nan, np.nan, 10.4,
                                      group="non-EU origins whose curve is drawn")
    assert "whose curve is drawn is published" not in s
    assert "(no curve of the non-EU origins is published at that horizon)" in s


def test_rrr_width_clause_without_intervals():
    """Seed 4242, chapter 3: "no interval is shown (small cells are suppressed); intervals are
    wide for small origin groups"."""
    assert "intervals are wide" not in claims.rrr_width_clause(0)
    # words31: the width is no longer typed as "wide for small origin groups"
    assert claims.rrr_width_clause(21) == "; 21 intervals are shown, to be read with the " \
        "persons behind each"


def _intake(pct: dict) -> pd.DataFrame:
    rows = [{"ideal_type": t, "outcome": m, "pct": v} for (t, m), v in pct.items()]
    return pd.DataFrame(rows)


def test_intake_sentence_when_neither_measure_compares():
    """Seed 4242, chapter 3: "..., so they are not compared, and IBO at a rate that cannot be
    compared (cells suppressed)"."""
    types = ["autonomous", "needs_direction", "needs_competences", "needs_both"]
    pct = {(t, m): np.nan for t in types for m in ("training_basic", "workplace_learning_ibo")}
    for m, vals in (("vacancy_referral_automatic", [5.4, 3.4, 4.7, 3.6]),
                    ("mediation_guidance", [1.7, 2.4, 2.7, 4.7])):
        pct |= {(t, m): v for t, v in zip(types, vals, strict=True)}
    s = typology.intake_sentence(_intake(pct))
    assert "at a rate that cannot be compared" not in s
    assert s.startswith("The intake shares of basic training and of IBO of the less "
                        "self-reliant and the self-reliant are not both published, so they "
                        "are not compared.")


def test_ticks_sentence_full_count_in_words():
    """Seed 4242, chapter 3: "Of the 12 bars with a tick, 12 lie within"."""
    t = pd.DataFrame({"outcome": ["a", "b"], "pct": [1.0, 2.0], "true_pct": [1.0, 2.0],
                      "se_pct": [0.1, 0.1]})
    assert typology.ticks_sentence(t).startswith(" All 2 bars with a tick lie within")
    miss = t.assign(true_pct=[1.0, 5.0])
    assert typology.ticks_sentence(miss).startswith(" Of the 2 bars with a tick, 1 lies within")


def test_balance_sentence_with_every_smd_hidden():
    """close26 / trial27, chapter 4: "is not shown: after matching every pooled difference is
    below the conventional 0.1"."""
    bal = pd.DataFrame({"risk_set": "pooled", "measure": ["workplace_learning_ibo", "workplace_learning_ibo",
                                                    "training_basic"],
                        "smd_after": [np.nan, np.nan, np.nan]})
    c = claims.balance_claims(bal)
    assert c["eff_smd_after_max_text"] == "not shown"
    assert "below" not in c["eff_balance_sentence"]
    assert c["eff_balance_sentence"].startswith("no pooled difference after matching")
    part = claims.balance_claims(bal.assign(smd_after=[0.05, 0.02, np.nan]))
    assert part["eff_balance_sentence"] == ("after matching every published pooled difference "
                                            "is below the conventional 0.1 (Basic training: no "
                                            "pooled difference published)")
    assert part["eff_smd_scope"] == "for IBO, the one measure with a published difference"


def test_km_widen_names_the_quarter_each_group_is_read_at():
    """Seed 8181, chapter 2: "does not for ... Turkish (intermediate generation)" read at
    quarter 4 (its stable-job gap 13 to 17 points the wider from quarter 12 on), behind "a
    median quarter 8"."""
    at = {"southern_eu:intermediate": 4, "southern_eu:second": 13,
          "turkish:intermediate": 4}
    s = claims.km_widen_sentence(3, list(at), at=at)
    assert s == ("the gap widens when the job must last for 3 of 6 groups and does not for "
                 "Southern EU (intermediate generation) and Turkish (intermediate generation), "
                 "read at quarter 4, and Southern EU (second generation), read at quarter 13")


def test_km_gap_sentence_says_undrawn_curves_are_not_drawn():
    """Seed 4242, chapter 2: Turkish (intermediate generation), fewer than 20 entries and not
    drawn, was among the curves "too coarse to set against the natives'"."""
    s = claims.km_gap_sentence(np.nan, np.nan, 0, np.nan, 20, 0, [], ["maghreb:second"],
                               undrawn=["turkish:intermediate"])
    coarse = s[s.index("the curves of"):s.index("; the published curve")]
    assert "Turkish" not in coarse and "Maghreb (second generation)" in coarse
    assert s.endswith("; the published curve of Turkish (intermediate generation) for a job or "
                      "a stable job never rises above zero (disclosure control holds a curve "
                      "until 20 more entries have accumulated), so the figure does not draw it "
                      "there and no gap is stated for it")


def test_allocation_signs_print_a_small_estimate_with_its_sign():
    """Seed 4242, chapter 3: IBO's experience coefficient -0.004 printed "0.00" beside "(the
    same sign)" as basic training's -0.15."""
    chk = pd.DataFrame({"outcome": ["workplace_learning_ibo", "training_basic"] * 2,
                        "term": ["experience_years"] * 2 + ["education[low]"] * 2,
                        "estimate": [-0.004, -0.146, -0.241, 0.324],
                        "ci_low": [-0.136, -0.276, -0.748, 0.002],
                        "ci_high": [0.128, -0.016, 0.265, 0.646]})
    s = claims.allocation_sign_sentence(chk)
    assert "for a year of experience, -0.004 [-0.136, 0.128] for IBO" in s
    assert "0.00 [" not in s


def test_rrr_interval_sentence_says_one_cell_in_words():
    """Seed 8181, chapter 3: "of the 1 cell with an interval shown for every direct-link
    measure"."""
    rrr = pd.DataFrame({"origin_generation": ["maghreb:second"] * 3,
                        "outcome": ["training_vocational", "workplace_learning_ibo",
                                    "workplace_learning_other"],
                        "exp_estimate": [0.66, 0.45, 0.69], "exp_ci_low": [0.44, 0.29, 0.45],
                        "exp_ci_high": [0.98, 0.71, 1.04]})
    s = claims.rrr_interval_sentence(rrr, decimals=2)
    assert s.startswith("of the one cell with an interval shown for every direct-link measure")


def test_findings_table_hides_the_generator_value_of_a_hidden_estimate():
    """Seed 4242, chapter 6: the newcomers' IBO row read "suppressed: fewer than 20 persons"
    beside a generator value of 0 %, which chapter 5's table hides with its few starters."""
    from mia_helpers import conclusions as cc

    rows = {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 2.0, "n_persons": 100,
                    "truth": 1.1} for f in cc.STUDY_FINDINGS}
    rows["ibo_newcomers_q4"] |= {"n_persons": 5, "truth": 0.0}
    t = cc.findings_table(rows, synthetic=True, min_cell=20)
    row = t.set_index("key").loc["ibo_newcomers_q4"]
    assert np.isnan(row["estimate"]) and np.isnan(row["truth"])
    assert t.set_index("key").loc["ibo_residents_q5", "truth"] == 1.1


def test_generator_glue_leaves_no_space_before_the_full_stop():
    """Seed 4242, chapter 6: "not shown (suppressed: fewer than 20 persons) ." where the
    generator's value is hidden (or absent, as on every real extract)."""
    from mia_helpers import conclusions as cc

    rows = {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 2.0, "n_persons": 100,
                    "truth": 1.1} for f in cc.STUDY_FINDINGS}
    g = cc.glue_texts(cc.findings_table(rows, synthetic=False))
    assert g["ibo_newcomers_q4_truth"] == ""
    assert cc.glue_texts(cc.findings_table(rows, synthetic=True))[
        "ibo_lowlink_rrr_truth"].startswith(" (generator: ")


def test_naive_bias_overshoot_is_not_read_as_selection():
    """Seed 4242, chapter 4: mediation and guidance (naive -1.6, matched +2.2 points against
    the truth) was read "weak profiles flow in" beside Table 4's "matching does not lower its
    absolute bias"."""
    bias = pd.Series({"mediation_guidance": -1.59, "training_basic": -8.24,
                      "workplace_learning_ibo": 7.67})
    matched = pd.Series({"mediation_guidance": 2.18, "training_basic": -2.88,
                         "workplace_learning_ibo": 2.52})
    text, summary = claims.naive_bias_sentences(bias, "the truth", 1.0,
                                                selection=bias - matched)
    assert "of Mediation and guidance misses it by more than 1 point on average over those " \
        "horizons, and matching moves it past the truth (Mediation and guidance: naive -1.6, " \
        "matched +2.2 points against the truth)" in text
    assert "understates the return of Basic training:" in text
    assert summary.endswith("; for Mediation and guidance the matched estimate misses the "
                            "truth by more")
