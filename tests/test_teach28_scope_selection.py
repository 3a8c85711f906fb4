"""Chapter 4 does not read the naive bias of a measure whose matched estimate speaks for few of
its starters (>= ``claims.TRUTH_SCOPE_DROPPED_PCT`` % dropped) as selection on recorded profiles.

teach28, default data (seed 2005, 20,000 residents), ``-p caliper 0.001``: every measure lost
70.8-84.5 % of its starters, yet the bias sentence read all nine as "strong/weak profiles flow
in" (mediation and guidance: naive -1.3, matched +1.5 points against the truth; the previous
session's example: other workplace learning, naive -1.4 and matched -5.7). Naive estimate and
truth average over the same starters, so the naive bias keeps its sign (the starters' prospects
without the measure against those they are compared with); what the registers record of it
needs a matched estimate of those starters. Without a truth (a real extract) the naive-minus-
matched difference is all there is and is not read as selection of either sign.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims

IBO, OTHER, MED = "workplace_learning_ibo", "workplace_learning_other", "mediation_guidance"


def _claims(dropped_other: float, truth: bool = True) -> dict:
    """IBO (naive 8.5, matched 0.6), other workplace learning (naive -1.4, matched -5.7) and
    mediation and guidance (naive -0.5, matched -0.3) on 300 matched starters, truth 0;
    other workplace learning's published dropped share ``dropped_other``."""
    rows = []
    for m, naive, matched in ((IBO, 8.5, 0.6), (OTHER, -1.4, -5.7), (MED, -0.5, -0.3)):
        for q in range(1, 9):
            for est, value in (("naive", naive), ("matched", matched)):
                rows.append({"measure": m, "estimand": "now_vs_later", "estimator": est,
                             "quarter_since_start": q, "att_pp": value, "att_rel": 0.1,
                             "ci_low": value - 3, "ci_high": value + 3,
                             "true_att_pp": 0.0 if truth else float("nan"),
                             "n_treated": 300 if est == "matched" else 600,
                             "treated_outcome": 0.3, "control_outcome": 0.28})
    tidy = pd.DataFrame(rows)
    if not truth:
        tidy = tidy.drop(columns="true_att_pp")
    n_drop = round(2000 * dropped_other / 100)
    support = pd.DataFrame({"measure": [IBO, OTHER, MED], "n_treated": [3329, 2000, 1500],
                            "n_dropped": [86, n_drop, 1200],
                            "n_matched": [3243, 2000 - n_drop, 300],
                            "dropped_pct": [2.6, dropped_other, 80.0]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO, OTHER, MED],
                            "smd_after": [0.04, 0.08, 0.05]})
    return claims.effects_claims(tidy, support, balance, {}, "now_vs_later", min_cell=10)


def test_out_of_scope_naive_bias_keeps_its_sign_not_the_profile_reading():
    c = _claims(71.8)
    text, summary = c["eff_bias_sentence"], c["eff_bias_summary"]
    assert "understates the return of Other workplace learning" not in text, text
    assert "lies below the truth for Other workplace learning (-1.4 points)" in text, text
    assert "its starters would have fared worse without the measure" in text, text
    assert "cannot be told" in text and "reflects who is compared" in text, text
    from mia_helpers.disclosure import small_counts_in_text
    assert small_counts_in_text(text + summary) == [], text  # "one of whom": a count of one
    # IBO (2.6 % dropped) is read as before
    assert "overstates the return of IBO" in text and "strong profiles flow in" in text, text
    assert "weak profiles" not in text, text
    # a naive bias within the threshold is still "little", against the truth of the same
    # starters, whatever the caliper
    assert "For Mediation and guidance the naive bias stays within that point" in text, text
    assert summary.startswith("Naive comparisons overstate the return of IBO"), summary
    assert ("the naive estimate lies below the truth for Other workplace learning by more "
            "than 1 point") in summary, summary
    assert ("71.8 per cent of the starters of Other workplace learning and 80.0 per cent of those of "
            "Mediation and guidance found no statistical twin within the caliper (against "
            "2.6 per cent for IBO)") in c["eff_truth_scope_sentence"], c["eff_truth_scope_sentence"]


def test_in_scope_reading_unchanged():
    c = _claims(8.3)
    # matching moves it 4.3 points away from the truth: read as before, as not closing it
    assert "lies below the truth" not in c["eff_bias_sentence"]
    assert "Other workplace learning" in c["eff_bias_sentence"]
    assert "the other way" in c["eff_bias_sentence"], c["eff_bias_sentence"]


def test_without_truth_no_selection_of_either_sign():
    c = _claims(71.8, truth=False)
    text, summary = c["eff_bias_sentence"], c["eff_bias_summary"]
    assert "Compared with the matched estimate, the naive estimate overstates the return of IBO" \
        in text, text
    # naive minus matched: 4.3 for other workplace learning, 0.2 (within 1) for mediation
    assert "Other workplace learning" not in text.split("The naive estimate")[0], text
    assert ("The naive estimates of Other workplace learning (4.3 points) and Mediation and "
            "guidance (-0.2 points) differ from their matched estimates") in text, text
    assert "not read as selection of either sign" in text, text
    assert ("71.8 per cent of the starters of Other workplace learning and 80.0 per cent of those of "
            "Mediation and guidance found no statistical twin") in text, text
    assert "stays within" not in text, text  # a small difference is not "little selection"
    from mia_helpers.disclosure import small_counts_in_text
    assert small_counts_in_text(text + summary) == [], text
    assert "whose matched estimates speak for fewer than half of their starters" in summary, \
        summary
    assert c["eff_truth_scope_sentence"] == ""


def test_only_out_of_scope_measures():
    one = pd.Series({OTHER: -1.4})
    text, summary = claims.naive_bias_sentences(
        one, "the truth", 1.0, selection=pd.Series({OTHER: 4.3}), other_scope={OTHER: 71.8})
    assert text.startswith("The naive estimate lies below the truth for Other workplace "
                           "learning (-1.4 points), on average over those horizons by more "
                           "than 1 point"), text
    assert summary.startswith("The naive estimate lies below the truth for Other"), summary
    assert "stay within" not in summary, summary
    text, summary = claims.naive_bias_sentences(one, "the matched estimate", 1.0,
                                                other_scope=[OTHER])  # no shares given
    assert text.startswith("The naive estimate of Other workplace learning differs from its "
                           "matched estimate by -1.4 points"), text
    assert ("but an unstated share of the starters of Other workplace learning found no "
            "statistical twin within the caliper and is outside its matched estimate") in text, text


def test_caliper_exercise_question_names_the_chapters_caliper():
    # teach28: the question named only calipers 0.01 and 2, while the solution's table and
    # sentences set the chapter's own caliper beside them (cal27)
    from pathlib import Path
    text = (Path(__file__).parents[1] / "notebooks" / "04_activation_effects.md").read_text()
    part = text[text.index("label: ex-effects-caliper"):text.index("solution-start} ex-effects-caliper")]
    assert "`caliper = 2`" in part and "`caliper = 0.01`" in part
    assert "the chapter's own caliper (its parameter\n`caliper`)" in part, part


def test_teaching_notes_state_the_scope_threshold():
    # the teaching notes name the share from which chapter 4 stops reading a matched estimate
    # against the truth: the constant's value, not a copy that can drift
    # reader34: "per cent" in prose (the book's style; tests/test_reader34_per_cent.py)
    from pathlib import Path
    text = (Path(__file__).parents[1] / "book" / "teaching.md").read_text()
    assert f"Where matching drops {claims.TRUTH_SCOPE_DROPPED_PCT:.0f} per cent or more" in text


def test_estimands_exercise_says_how_to_draw_and_what_the_solution_shows():
    # teach28: "Draw the curves for now_vs_never" while the solution prints a table of both
    # estimands at the last horizon, and the run draws the curves of one estimand only
    from pathlib import Path
    text = (Path(__file__).parents[1] / "notebooks" / "04_activation_effects.md").read_text()
    part = text[text.index("label: ex-effects-never"):text.index("solution-start} ex-effects-never")]
    assert "`-p estimand now_vs_never`" in part
    assert "side by side at the last horizon" in part
