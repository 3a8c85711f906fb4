"""read27: chapters 4, 5 and 6 re-read on seed 6161 (4,000 residents, 1,500 newcomers,
min_cell 12) after the merges of the twenty-seventh session.

- chapter 6: "14 % (0 % to 27 %)(generator: 26 %, an average ...": close27's caution clause of
  a finding's generator value lost the leading space trial27 gave every ``_truth`` glue;
- chapter 6: "the interval holds the generator's value for both findings that have one; IBO
  effect, residents ... and IBO effect, newcomers ... are not read against the generator's
  value" beside a table with four generator values: the count is of the *other* findings;
- chapter 4: "the matched estimate of Other workplace learning and Mediation and guidance
  averages over fewer of their starters than the truth does" in the band sentence, two
  sentences before the truth-scope caution for all nine measures (said twice, and singular
  for two measures); the summary bullet, without the caution, keeps the clause;
- chapter 5: "an error of at most 1.8 standard errors" for inburgering a paragraph after "a
  gap between the matched estimate and the truth of those steps is not only the estimator's
  error" (76.2 % of its starters dropped).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers import claims
from mia_helpers import conclusions as cc

ROOT = Path(__file__).resolve().parents[1]
OWL, MED = "workplace_learning_other", "mediation_guidance"


def _rows() -> dict:
    """Every finding inside its interval around the generator's value; IBO's two effects
    set apart by the dropped shares of the seed-6161 run (12.4 % and 49.6 %)."""
    rows = {f.key: {"estimate": 30.0, "ci_low": 18.5, "ci_high": 43.0, "n_persons": 100,
                    "truth": 30.0} for f in cc.STUDY_FINDINGS}
    rows["ibo_residents_q5"]["dropped_pct"] = 12.4
    rows["ibo_newcomers_q4"]["dropped_pct"] = 49.6
    return rows


def test_chapter6_scope_truth_glue_keeps_its_leading_space() -> None:
    rows = _rows()
    g = cc.glue_texts(cc.findings_table(rows, synthetic=True), cc.truth_scope_of(rows))
    assert g["ibo_residents_q5_truth"].startswith(" (generator: "), g["ibo_residents_q5_truth"]
    assert g["ibo_newcomers_q4_truth"].startswith(" (generator: ")


def test_chapter6_recovery_counts_the_other_findings() -> None:
    rows = _rows()
    table = cc.findings_table(rows, synthetic=True)
    rec = cc.recovery_sentence(table, cc.truth_scope_of(rows))
    judged = len(table) - 2  # every finding has a generator value here
    assert rec.startswith(f"the interval holds the generator's value for all {judged} other "
                          "findings that have one; "), rec
    assert "are not read against the generator's value: matching dropped 12.4 per cent and 49.6 per cent" in rec
    # without a finding set apart the sentence reads as before
    assert " other " not in cc.recovery_sentence(table)


def _effects(dropped: float) -> dict:
    """Two measures whose matched band misses the truth (0) at every quarter, both with
    ``dropped`` % of their starters dropped."""
    rows = []
    for m, naive, matched in ((OWL, -1.4, -5.7), (MED, -4.0, -3.5)):
        for q in range(1, 9):
            for est, value in (("naive", naive), ("matched", matched)):
                rows.append({"measure": m, "estimand": "now_vs_later", "estimator": est,
                             "quarter_since_start": q, "att_pp": value, "att_rel": 0.1,
                             "ci_low": value - 2, "ci_high": value + 2, "true_att_pp": 0.0,
                             "n_treated": 300 if est == "matched" else 600,
                             "treated_outcome": 0.3, "control_outcome": 0.28})
    n_drop = round(1000 * dropped / 100)
    support = pd.DataFrame({"measure": [OWL, MED], "n_treated": [1000, 1000],
                            "n_dropped": [n_drop] * 2, "n_matched": [1000 - n_drop] * 2,
                            "dropped_pct": [dropped] * 2})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [OWL, MED],
                            "smd_after": [0.04, 0.08]})
    return claims.effects_claims(pd.DataFrame(rows), support, balance, {}, "now_vs_later",
                                 min_cell=12)


def test_chapter4_band_sentence_leaves_the_caution_to_the_scope_sentence() -> None:
    c = _effects(16.5)
    assert "16.5 per cent of the starters of Other workplace learning" in c["eff_truth_scope_sentence"]
    assert "averages over fewer" not in c["eff_band_sentence"], c["eff_band_sentence"]
    assert "average over fewer" not in c["eff_band_sentence"], c["eff_band_sentence"]
    # the summary bullet has no scope sentence: the clause stays there, plural for two
    assert c["eff_band_summary"].endswith(
        "; the matched estimates of Other workplace learning and Mediation and guidance "
        "average over fewer of their starters than the truth does"), c["eff_band_summary"]


def test_chapter4_few_dropped_no_clause_anywhere() -> None:
    c = _effects(5.0)
    assert c["eff_truth_scope_sentence"] == ""
    assert c["eff_band_summary"] == c["eff_band_sentence"]
    assert "fewer of" not in c["eff_band_summary"]


def _inburgering(dropped: float | None) -> str:
    rows = [{"measure": "inburgering", "estimand": "now_vs_later", "estimator": "matched",
             "quarter_since_start": q, "att_pp": v, "true_att_pp": t, "se": 3.0,
             "ci_low": v - 6.4, "ci_high": v + 6.4, "n_treated": 242,
             "treated_outcome": 0.3, "control_outcome": 0.33}
            for q, v, t in ((4, -3.3, 1.6), (5, -3.9, 1.9), (8, -1.0, 2.7))]
    return claims._inburgering_sentence(pd.DataFrame(rows), (4, 5, 8), 12,
                                        dropped_pct=dropped)


def test_chapter5_inburgering_gap_not_called_an_error_when_many_dropped() -> None:
    s = _inburgering(76.2)
    assert "an error of" not in s, s
    assert "a gap of at most 2.0 standard errors (with 76.2 per cent of its starters dropped" in s, s
    assert "an error of at most" in _inburgering(None)


def test_notebooks_use_the_new_glue() -> None:
    ch4 = (ROOT / "notebooks" / "04_activation_effects.md").read_text(encoding="utf-8")
    assert "{glue:text}`eff_smd_after_max_text`); {glue:text}`eff_band_summary`." in ch4
    ch5 = (ROOT / "notebooks" / "05_newcomer_integration.md").read_text(encoding="utf-8")
    assert "scope=claims.truth_scope(nc_support)" in ch5
