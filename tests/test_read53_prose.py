"""read53: chapters 4-6 re-read on seeds 4245-4249 against the numbers of the same run."""

from __future__ import annotations

import numpy as np
import pandas as pd
from newcomer_claims_inputs import newcomer_inputs

from mia_helpers import claims


def _step_rows(curves: dict[str, tuple[list[float], list[float]]]) -> pd.DataFrame:
    """Matched and naive rows at quarters 4-8, the band symmetric about the estimate."""
    rows = []
    for step, (att, low) in curves.items():
        for est in ("naive", "matched"):
            rows += [{"measure": step, "estimand": "now_vs_later", "estimator": est,
                      "quarter_since_start": k, "att_pp": a, "ci_low": lo,
                      "ci_high": a + (a - lo), "se": 1.2, "n_treated": 300,
                      "true_att_pp": 1.0}
                     for k, a, lo in zip([4, 5, 6, 7, 8], att, low, strict=True)]
    return pd.DataFrame(rows)


def test_zero_band_sentence_names_quarters_whose_band_still_includes_zero():
    # seed 4245 (min_cell 20): inburgering's bands at quarters 4-8 had lower bounds -0.59,
    # -0.03, 0.39, 0.34, 0.01 (average 0.02, "not for inburgering contract"), while the
    # summary table printed 0.8 [-0.6, 2.2], 1.5 [0.0, 3.1] and 2.0 [0.0, 4.0] at 4, 5, 8
    tidy = _step_rows({"inburgering": ([0.82, 1.55, 2.08, 2.19, 2.00],
                                       [-0.59, -0.03, 0.39, 0.34, 0.01]),
                       "mo": ([0.38, -0.12, 0.31, 0.50, -0.07],
                              [-1.72, -2.54, -2.38, -2.40, -3.27]),
                       "nt2": ([2.21, 2.50, 2.92, 3.13, 3.32], [1.18, 1.38, 1.70, 1.81, 1.91])})
    steps, feeder, comp = newcomer_inputs()
    s = claims.newcomer_claims(tidy, steps, feeder, comp, "now_vs_later",
                               min_cell=10)["nc_zero_sentence"]
    assert s.startswith("The matched band includes zero on average over those quarters for "
                        "MO (social orientation), not for Inburgering contract and NT2"), s
    assert "; the band of Inburgering contract still includes zero at quarters 4, 5 and 8" in s
    assert "NT2 (Dutch course) still" not in s  # every band of NT2 lies above zero
    assert "MO (social orientation) still" not in s  # its average band includes zero: no note


def test_ranking_summary_names_the_quarter_it_ranks_at():
    # seed 4245: newcomers' IBO 4.6, vocational 0.4, other workplace learning 5.6 points at 4
    # quarters and 5.7, -0.2, 5.3 at 5; the summary bullet read "IBO returns most for
    # newcomers among the measures compared", true at 5 quarters only
    rows = []
    for q, vals in ((4, (4.6, 0.4, 5.6)), (5, (5.7, -0.2, 5.3)), (8, (7.7, 1.6, 4.8))):
        for m, a in zip(("workplace_learning_ibo", "training_vocational",
                         "workplace_learning_other"), vals, strict=True):
            for pop, v in (("newcomer", a), ("resident", a + 3.0)):
                rows.append(dict(population=pop, measure=m, quarter_since_start=q, att_pp=v))
    text, summary = claims.measure_ranking_sentences(pd.DataFrame(rows), 5)
    assert text.startswith("At 5 quarters the measure that returns most is IBO"), text
    assert summary.startswith("IBO returns most for newcomers at 5 quarters among the "
                              "measures compared"), summary


def _gap_rows(matched: list[float], naive: list[float]) -> pd.DataFrame:
    """Inburgering's "now versus later" rows at quarters 4-8, every count published."""
    rows = []
    for est, vals in (("matched", matched), ("naive", naive)):
        rows += [{"measure": "inburgering", "estimand": "now_vs_later", "estimator": est,
                  "quarter_since_start": k, "att_pp": a, "ci_low": a - 3.0, "ci_high": a + 3.0,
                  "se": 1.5, "n_treated": 600, "point_identified": True,
                  "control_entered_persons": 40, "control_not_entered_persons": 400,
                  "treated_entered_persons": 40, "treated_not_entered_persons": 560,
                  "treated_persons": 600}
                 for k, a in zip([4, 5, 6, 7, 8], vals, strict=True)]
    return pd.DataFrame(rows)


def test_obligated_exercise_says_where_naive_minus_matched_changes_sign():
    # seed 4246 (8,000 residents, 5,000 newcomers, caliper 0.1): within family and asylum
    # naive minus matched was +1.5, +0.9, -1.0, -1.5, -1.2 at quarters 4-8, so "the mean gap
    # ... is 1.2 points" stood beside curve averages of -1.7 and -1.4 points (0.3 apart), and
    # 0.6 over the grounds kept beside averages 0.7 apart, with no word on why
    sub = _gap_rows([-2.32, -1.81, -1.28, -0.68, -1.01], [-0.81, -0.96, -2.23, -2.19, -2.25])
    full = _gap_rows([0.07, -0.63, -0.46, -0.51, -1.08], [-0.80, -0.61, -1.17, -1.31, -1.88])
    s = claims.obligated_gap_claim(sub, full, ["family", "asylum"], range(4, 9), 10,
                                   dropped_pct=56.8, say_quarters=True)
    assert "mean gap between naive and matched \"now versus later\" estimates is 1.2 points, " \
           "against 0.6" in s, s
    assert ("changes sign across the quarters within those grounds (the naive estimate above "
            "the matched one at quarters 4 and 5, below it at quarters 6, 7 and 8)") in s, s
    assert "over the grounds the chapter kept (the naive estimate above" not in s  # 5: +0.0
    # one sign at every quarter: no such clause
    same = claims.obligated_gap_claim(full, full, ["family", "asylum"], range(4, 9), 10,
                                      dropped_pct=56.8, say_quarters=True)
    assert "changes sign" not in same, same


def test_feeder_hidden_row_with_shown_first_starts_is_not_said_to_have_few_persons():
    # seed 4245, min_cell 20: the row of Origin: Other non-EU read x but for its 1,342 first
    # starts, and the text gave "its persons are too few" as a reason for hiding it
    f = pd.DataFrame({"term": ["inburgering_before", "origin[other_non_eu]", "origin[turkish]",
                               "origin[subsaharan]"],
                      "identified": [True, True, False, True],
                      "not_identified": ["", "", "collinear with earlier terms", ""],
                      "odds_ratio": [2.47, np.nan, np.nan, np.nan],
                      "n_persons": [7598, np.nan, np.nan, np.nan],
                      "n_events": [5878, 1342, 747, np.nan]})
    s = claims.feeder_identification_sentence(f)
    assert ("The row of Origin: Other non-EU is hidden by disclosure control: its persons, set "
            "against the counts of the steps table or of chapter 1's sample, would tell how many "
            "newcomers the model leaves out (they are not few: the row still shows its first "
            "starts, each one of its persons); its odds ratio goes with it.") in s, s
    # a row whose first starts are hidden as well keeps both reasons
    assert ("The row of Origin: Sub-Saharan is hidden by disclosure control: its persons are "
            "too few, or, set against") in s, s
    assert "Other non-EU and" not in s


def test_first_quarter_lock_in_reads_the_interval_as_the_table_prints_it():
    # seed 4247 (8,000 residents, bootstrap 49): other workplace learning's first-quarter odds
    # ratio printed 0.75 [0.56, 1.00] was read "below one, its interval included" beside
    # measures whose interval "reaches one"
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_fix13 import IBO, _effects

    support = pd.DataFrame({"measure": [IBO], "n_treated": [320], "n_dropped": [20],
                            "dropped_pct": [6.2]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO], "smd_after": [0.02]})

    def sentence(ci_high: float) -> str:
        hazard = pd.DataFrame({"quarter_since_start": [1, 2], "odds_ratio": [0.75, 0.9],
                               "ci_low": [0.56, 0.7], "ci_high": [ci_high, 1.2]})
        tidy = _effects(n_basic_q6=150)
        return claims.effects_claims(tidy[tidy["measure"] == IBO], support, balance,
                                     {IBO: hazard}, "now_vs_later",
                                     min_cell=10)["eff_hazard_sentence"]

    assert "shows no lock-in" in sentence(0.998), sentence(0.998)  # printed 1.00
    assert "its interval included" in sentence(0.994)  # printed 0.99


def test_systematic_gap_does_not_call_a_large_gap_little_and_names_the_weights_for_never():
    # seed 4247 (8,000 residents, 4,000 newcomers, "now versus never"): NT2 at 3.9, 5.2 and
    # 10.3 points against a truth of 1.5, 2.1 and 3.5 was read as twins entering "a little
    # less often", and the censoring weights of "now versus never" were not named
    curves = pd.DataFrame({"measure": ["nt2"] * 3, "quarter_since_start": [4, 5, 8],
                           "att_pp": [3.9, 5.2, 10.3], "ci_low": [1.7, 2.6, 5.4],
                           "ci_high": [5.9, 7.5, 14.1], "true_att_pp": [1.5, 2.1, 3.5]})
    never = claims.systematic_gap_sentence(pd.Series({"nt2": 4.6}), None, curves,
                                           "now_vs_never")
    assert "a little" not in never, never
    assert "enter stable regular jobs less often in the quarters after the start" in never
    assert "the censoring logit, which reweights the twins who have not taken the step yet" \
        in never, never
    later = claims.systematic_gap_sentence(pd.Series({"nt2": 4.6}), None, curves)
    assert "censoring logit" not in later and "a little" not in later, later


def test_lpm_sentence_keeps_a_cell_where_the_compared_gaps_lie_below_the_natives():
    # seed 4248 (8,000 residents, cloglog): Southern EU (second generation) printed -0.8 for
    # any job and -1.2 for a stable job in M0, +0.2 for any job in M3; it was left out of
    # every comparison, and the sentence said "in M0 no stable-job gap is larger in size than
    # the any-job gap" beside its -1.2 against -0.8
    t = pd.DataFrame({"origin_generation": ["southern_eu:second", "maghreb:intermediate"],
                      "n_persons": [196, 215],
                      "job M0 (pp)": [-0.8, -4.8], "job M3 (pp)": [0.2, -1.4],
                      "stable M0 (pp)": [-1.2, -3.9], "stable M3 (pp)": [-0.6, -1.6]})
    s = claims.lpm_sentence(t, "M0", "M3")
    assert "in M0 no stable-job gap is larger" not in s, s
    assert ("in M0 the stable-job gap is larger in size than the any-job gap for Southern EU "
            "(second generation)") in s, s
    assert ("Southern EU (second generation) lies at or above the natives' level for any job "
            "in M3, so the comparisons above leave out its gaps there") in s, s
