"""newuser38: a teacher new to the project built the book from a fresh clone and read
Appendix A, chapter 5 and chapter 4 against their own tables. Each test builds the failing
input directly (no notebook run); the quoted texts are from that build (seed 2005)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers import claims, labels

ROOT = Path(__file__).resolve().parents[1]
APPENDIX_A = ROOT / "notebooks" / "A_matching_method.md"


def test_appendix_a_glues_through_the_label_layer():
    # "for the matched "now versus later" estimate for Basic training the bias ...", "for
    # Vacancy referral (automatic) ...", "the verdicts differ for Vacancy referral
    # (automatic) ...; Inburgering contract ...": Appendix A glued with myst_nb's glue, so its
    # measure names kept their capitals inside sentences (chapters 3-6 use labels.glue)
    text = APPENDIX_A.read_text(encoding="utf-8")
    assert "from myst_nb import glue" not in text
    assert "from mia_helpers.labels import glue" in text
    assert labels.in_prose("the verdicts differ for Vacancy referral (automatic) \"now versus "
                           "never\" (x); Inburgering contract \"now versus later\" (y)") == (
        "the verdicts differ for vacancy referral (automatic) \"now versus never\" (x); "
        "inburgering contract \"now versus later\" (y)")


def test_band_description_in_appendix_a_does_not_name_itself():
    # Appendix A read "(the method whose coverage Appendix A measures)" about its own studies
    inside = claims.band_description(0.95, 49, kind="linearized", measured_in="this appendix")
    assert inside.endswith("(the method whose coverage this appendix measures)"), inside
    assert claims.band_description(0.95, 49, kind="linearized").endswith(
        "(the method whose coverage Appendix A measures)")
    text = APPENDIX_A.read_text(encoding="utf-8")
    assert text.count('measured_in="this appendix"') >= 1


def test_truth_gap_sentence_names_steps_in_prose_case_after_the_lead():
    # chapter 5: "each matched curve described lies, on average over those quarters:
    # Inburgering contract 1.3 points above; MO (social orientation) on the truth ..."
    gap = pd.Series({"inburgering": 1.3, "mo": 0.01, "nt2": 0.9})
    text = claims.truth_gap_sentence(gap)
    assert text.startswith("inburgering contract 1.3 points above; MO (social orientation) "
                           "on the truth"), text
    assert "; NT2 (Dutch course) 0.9 points above" in text


def test_truth_scope_verdicts_join_the_differing_studies_with_and():
    # Appendix A: "the verdicts differ for Vacancy referral (automatic) "now versus never"
    # (...); Inburgering contract "now versus later" (...)": two items of a list joined by the
    # semicolon that also separates the sentence's clauses
    t = pd.DataFrame({"study": ["A", "B", "C"], "estimand": ["now_vs_never", "now_vs_later",
                                                              "now_vs_later"],
                      "n_quarters": [5, 5, 5], "quarters_bias_ok": [5, 5, 5],
                      "quarters_bias_matched_ok": [4, 2, 5], "max_abs_z": [1.8, 1.5, 1.0],
                      "max_abs_z_matched": [2.0, 2.4, 1.0], "max_truth_gap": [0.04, 0.04, 0.01]})
    text = claims.truth_scope_verdicts(t)
    assert ("largest |bias| / MC SE 2.0) and B \"now versus later\" (within the bound at 5 of "
            "5 quarters") in text, text
    assert "); B" not in text


def test_confirmation_sentence_gives_each_failing_criterion_a_sentence_with_its_article():
    # Appendix A: "...(shipped seeds: 0.963 to 0.985); "now versus later" coverage fails on
    # the shipped seeds only (quarter 6) ...: Monte Carlo chance; "now versus never" bias fails
    # on the confirmation seeds (...): ..., a defect of the estimator; "now versus never"
    # coverage fails ...": one sentence of four clauses, three without their article
    verdicts = pd.DataFrame({
        "estimand": ["now_vs_later", "now_vs_never"], "criterion": ["coverage", "bias"],
        "fails_shipped": [(6,), (6,)], "fails_confirmation": [(), (5,)],
        "fails_pooled": [(), (5,)], "reading": ["chance", "defect"],
        "not_judged_confirmation": [(), ()]})
    crit = pd.DataFrame({"estimand": ["now_vs_later"] * 2 + ["now_vs_never"],
                         "criterion": ["coverage", "coverage", "bias"],
                         "quarter_since_start": [4, 5, 5], "value": [0.955, 0.968, -0.3],
                         "mc_se": [0.01, 0.01, 0.143], "low": [0.9, 0.9, None],
                         "high": [0.98, 0.98, None]})
    s = claims.confirmation_sentence(verdicts, crit, crit)
    assert s.startswith("On the confirmation seeds the \"now versus later\" intervals cover "
                        "0.955 to 0.968 at the quarters judged (shipped seeds: 0.955 to "
                        "0.968). The \"now versus later\" coverage fails on the shipped seeds "
                        "only (quarter 6)"), s
    assert ("Monte Carlo chance. The \"now versus never\" bias fails on the confirmation "
            "seeds (quarter 5: 2.1 Monte Carlo SE from zero; shipped seeds: quarter 6): by "
            "the rule fixed in advance, a defect of the estimator.") in s, s
    assert "; \"now" not in s


def test_monte_carlo_tables_name_their_standard_error_columns():
    # Appendix A's tables 43 and 46 printed "Mc se bias", "Mc se coverage" and "Not point
    # identified" while the text below named `mc_se_bias` and `mc_se_coverage`
    from mia_helpers.export_check import MC_SUMMARY

    heads = [labels.column_label(c) for c in ("mc_se_bias", "mc_se_coverage",
                                              "not_point_identified")]
    assert heads == ["MC SE of bias", "MC SE of coverage", "Data sets not point-identified"]
    assert all(MC_SUMMARY.search(h) for h in heads[:2])  # still read as a Monte Carlo summary
    text = APPENDIX_A.read_text(encoding="utf-8")
    assert "the MC SE of bias is the standard deviation" in text
    assert "`mc_se_bias` is" not in text


def test_appendix_a_names_the_monte_carlo_measures_once_and_in_prose_case():
    # "We do this for IBO, Basic training and Vacancy referral (automatic) (the parameter
    # mc_measures; by default IBO, ..., basic training, ...)": the list twice, one bracket
    # after another, and a glued list whose first name the glue layer cannot lower (it
    # follows the appendix's own words)
    text = APPENDIX_A.read_text(encoding="utf-8")
    assert "We do this for {glue:text}`a_mc_measures` (" not in text
    assert "this run covers {glue:text}`a_mc_measures`." in text
    assert '"a_mc_measures": claims.prose_names(mc_measures)' in text
    assert claims.prose_names(["training_basic", "workplace_learning_ibo",
                               "vacancy_referral_automatic"]) == (
        "basic training, IBO and vacancy referral (automatic)")


def test_confirmation_table_reads_in_sentence_case_with_none_in_small_letters():
    # Table 47 printed "Now versus later | bias of the point estimates within 2 Monte Carlo SE
    # | None | None | None | holds on both studies" ("None" as Python prints a missing value)
    # under a caption naming "Issue 14", which the book never introduces
    verdicts = pd.DataFrame({"estimand": ["now_vs_later"], "criterion": ["bias"],
                             "fails_shipped": [()], "fails_confirmation": [()],
                             "fails_pooled": [()], "reading": ["holds"]})
    md = labels.table_markdown(claims.confirmation_table(verdicts), "C.", "t", codes=[]).data
    row = md.strip().splitlines()[-2]
    assert row == ("| Now versus later | Bias of the point estimates within 2 Monte Carlo SE | "
                   "none | none | none | Holds on both studies |"), row
    text = APPENDIX_A.read_text(encoding="utf-8")
    assert "Issue 14's criteria on the inburgering" not in text
    assert '"tbl-a-confirmation", codes=[])' in text  # text cells ("none", not "None")
