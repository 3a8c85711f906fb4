"""Trial 28: sentences that read false on seed 9393 (3,500 residents, 1,400 newcomers, window
2007Q1-2015Q4, min_cell 15) and seed 2468 (8,000 residents, 3,000 newcomers, defaults). The
inputs are the published numbers of those runs (or their shape), so each test fails on the
wording the trial found."""

import numpy as np
import pandas as pd

from mia_helpers import claims


def test_stable_gap_does_not_widen_for_an_origin_ahead_of_the_reference():
    """Seed 9393, chapter 1: "relative to Belgian origin the gap widens for ... Eastern EU"
    beside Eastern EU's 65.1 % against Belgian 63.9 % under 4 quarters (ahead) and 33.7 %
    against 35.4 % under 8 (behind)."""
    change = pd.Series({"southern_eu": 4.1, "eastern_eu": 2.9, "maghreb": 0.3,
                        "other_non_eu": 4.5})
    short = pd.Series({"southern_eu": 1.4, "eastern_eu": -1.2, "maghreb": 14.3,
                       "other_non_eu": 10.9})
    s = claims.stable_gap_sentence(change, hidden=["turkish", "subsaharan"], short=short)
    assert "widens for Southern EU, Maghreb and Other non-EU;" in s
    assert "Eastern EU leads Belgian origin by 1.2 points under the shorter definition and " \
        "trails it by 1.7 points under the stricter" in s
    assert "every other origin" not in s
    assert s.endswith("; the shares of Turkish and Sub-Saharan are suppressed under one of the "
                      "definitions, so their gaps are not compared")
    # an origin level with the reference within rounding under the shorter one is not "ahead"
    level = claims.stable_gap_sentence(change, short=short.replace(-1.2, -0.1))
    assert level == "relative to Belgian origin the gap widens for every other origin"
    alone = claims.stable_gap_sentence(change[["eastern_eu"]], short=short)
    assert alone.startswith("Eastern EU leads Belgian origin") and "widens" not in alone


def test_km_gap_names_the_one_group_compared():
    """Seed 9393, chapter 2: "the other group lies on average 13.8 points below ... (a median
    quarter 3) ...: the gap does not widen when the job must last, for any group" of one
    unnamed group, Maghreb (second generation)."""
    s = claims.km_gap_sentence(13.78, 13.70, 1, 3.0, 15, 0, ["maghreb:second"],
                               ["southern_eu:second", "turkish:second"],
                               at={"maghreb:second": 3}, undrawn=["maghreb:intermediate"])
    assert ("(quarter 3), Maghreb (second generation), the one group whose curves can be "
            "compared, lies 13.8 points below the natives for any job and 13.7 points below "
            "for a stable job: its gap does not widen when the job must last;") in s
    assert "on average" not in s and "median" not in s and "any group" not in s
    many = claims.km_gap_sentence(15.6, 16.7, 2, 6.0, 10, 1, ["maghreb:second"],
                                  at={"maghreb:second": 4, "turkish:second": 8})
    assert "the other groups lie on average 15.6 points below" in many


def test_km_summary_does_not_call_undrawn_curves_coarse():
    """Seed 9393, chapter 2's summary: "11 other groups' curves are too coarse to compare"
    where 9 of them are held at zero and not drawn (the body says so)."""
    s = claims.km_widen_sentence(0, ["maghreb:second"], 11, undrawn=9)
    assert s.endswith("; two other groups' curves are too coarse to compare and nine more "
                      "groups' curves for a job or a stable job are held at zero by disclosure "
                      "control and not drawn")
    one = claims.km_widen_sentence(0, ["maghreb:second"], 1, undrawn=1)
    assert one.endswith("; one other group's curve for a job or a stable job is held at zero "
                        "by disclosure control and not drawn")
    assert claims.km_widen_sentence(0, ["maghreb:second"], 9).endswith(
        "; nine other groups' curves are too coarse to compare")


def test_profile_mean_says_which_direct_link_measures_it_rests_on():
    """Seed 9393, chapter 3: "on average ... 21 % against 58 % have no or basic Dutch" was
    other workplace learning's share alone (vocational training's and IBO's suppressed)."""
    pairs = [(52.4, 18.2, "are of Belgian origin"), (29.3, 13.9, "are highly educated"),
             (21.2, 57.8, "have no or basic Dutch")]
    s = claims.profile_pairs_sentence(pairs, using=[None, None, ["workplace_learning_other"]])
    assert s.endswith("and 21 per cent against 58 per cent have no or basic Dutch (for other workplace "
                      "learning alone: every other direct-link measure's share is suppressed)")
    two = claims.profile_pairs_sentence(pairs, using=[None, None, ["training_vocational",
                                                                   "workplace_learning_other"]])
    assert "(the mean of vocational training and other workplace learning:" in two
    assert "alone" not in claims.profile_pairs_sentence(pairs)


def _rank(measures, estimates):
    return pd.DataFrame({"measure": measures, "estimate": estimates,
                         "relative_pct": [np.nan] * len(measures)})


def test_ranking_names_the_measures_whose_effect_is_hidden():
    """Seed 9393, chapter 4: "Mediation and guidance returns least (-0.8 points)" at 5
    quarters beside Basic training's and Sanction transmission's hidden effects (-3.0 and
    -2.2 at 4 quarters)."""
    rank = _rank(["workplace_learning_ibo", "application_assignment", "mediation_guidance"],
                 [8.8, 3.1, -0.8])
    run = ["training_basic", "workplace_learning_ibo", "application_assignment",
           "mediation_guidance", "sanction_transmission"]
    text, summary = claims.ranking_sentences(rank, 5, run, True, min_cell=15)
    assert ("Basic training and Sanction transmission are not ranked: at 5 quarters their "
            "matched effect is hidden by disclosure control in the table.") in text
    assert summary.endswith("(of the 3 measures whose effect at 5 quarters is published)")
    text, summary = claims.ranking_sentences(rank, 5, list(rank["measure"]), True)
    assert "not ranked" not in text and "published)" not in summary


def _inburgering_tidy():
    """Seed 9393's matched "now versus later" inburgering rows at 4, 5 and 8 quarters."""
    q = [4, 5, 8]
    return pd.DataFrame({
        "measure": "inburgering", "estimand": "now_vs_later", "quarter_since_start": q,
        "estimator": "matched", "att_pp": [-2.448, -4.981, -4.224],
        "ci_low": [-10.38, -13.98, -14.59], "ci_high": [5.49, 4.02, 6.15],
        "se": [3.83, 4.39, 5.13], "n_treated": [177, 174, 146],
        "true_att_pp": [0.68, 0.71, 1.64]})


def test_inburgering_sentence_leaves_out_what_the_summary_hides():
    """Seed 9393, chapter 5: "the matched ... effect of inburgering at 4, 5 and 8 quarters is
    -2.4, -5.0 and -4.2 points" beside a summary table hiding the 5-quarter effect."""
    tidy = _inburgering_tidy()
    summary = tidy[["measure", "estimand", "quarter_since_start"]].assign(
        matched_pp=[-2.4, np.nan, -4.2], ci_low=[-10.4, np.nan, -14.6],
        ci_high=[5.5, np.nan, 6.1], matched_rel_pct=[-18.6, np.nan, np.nan])
    before = claims._inburgering_sentence(tidy, (4, 5, 8), 15)
    assert "-5.0" in before  # without the table, as the chapter read
    s = claims._inburgering_sentence(tidy, (4, 5, 8), 15, summary=summary)
    assert "-5.0" not in s
    assert s.startswith("the matched \"now versus later\" effect of inburgering at 4 and 8 "
                        "quarters is -2.4 and -4.2 points against a truth of 0.7 and 1.6")
    assert "both intervals contain the truth" in s
    assert s.endswith("(at 5 quarters the table hides the estimate, and so does this sentence)")
    # the step is not averaged over quarters either, and the naive sentence says why
    assert claims._stated_steps(tidy, "now_vs_later", (4, 5, 8), 15)[0] == ["inburgering"]
    assert claims._stated_steps(tidy, "now_vs_later", (4, 5, 8), 15, summary) == (
        [], ["inburgering"])
    text = claims.naive_position_sentence([], [], table_hidden=["inburgering"])
    assert text.endswith("Inburgering contract has an effect that the summary table hides at "
                         "one of those quarters (disclosure control), and is not described")


def test_second_generation_remainder_is_not_read_off_an_unpublished_ibo_gap():
    """Seed 9393, chapter 3: "the second generation has no published gap" for IBO, then "so on
    these data what remains of its adjusted gap is that built-in term"."""
    gaps = pd.DataFrame({"outcome": ["workplace_learning_ibo", "training_basic"],
                         "generation": ["second", "second"], "raw": [np.nan, 1.65],
                         "adj": [np.nan, 1.25]})
    s = claims.second_remaining_claims(gaps, True)["inflow_second_remaining"]
    assert "on these data what remains" not in s
    assert s.endswith("so what would remain of its adjusted IBO gap is that built-in term, up "
                      "to sampling error; no such gap is published here to show it")
    from second_rrr_inputs import rrr_inputs

    from mia_helpers.covariates import KEY
    shown = gaps.assign(raw=[-2.6, 1.65], adj=[-1.8, 1.25], **{KEY: "maghreb:second"})
    # claims51: "up to sampling error" is judged by the RRR interval, and says so
    assert claims.second_remaining_claims(shown, True, **rrr_inputs(["maghreb:second"]))[
        "inflow_second_remaining"].endswith(
        "so on these data what remains of its adjusted gap is that built-in term, up to "
        "sampling error: the generator's true IBO RRR lies inside M1's 95 per cent interval "
        "for the one second-generation cell whose gap and interval are published")
    real = claims.second_remaining_claims(gaps, False)
    assert "registers cannot tell" in real["inflow_second_remaining"]


def _km_curve(group, n0, events):
    """Kaplan-Meier rows of one group: ``events`` per quarter, two censored per quarter."""
    rows, n, surv = [], n0, 1.0
    for u, e in enumerate(events):
        surv *= 1 - e / n
        rows.append((group, u, n, e, 1 - surv))
        n -= e + 2
    return rows


def test_undrawn_curves_name_the_event_held_at_zero():
    """Seed 9393, chapter 2: Maghreb (intermediate generation), whose first-job curve rises to
    23 %, among the curves "for a job or a stable job" that never rise above zero; only its
    stable-job curve (21 entries, held at zero) is not drawn."""
    cols = ["origin_generation", "u", "n_at_risk", "events", "cum_incidence"]
    km = {"job": pd.DataFrame(_km_curve("belgian:native", 200, [20] * 8)
                              + _km_curve("maghreb:intermediate", 60, [5] * 8), columns=cols),
          "stable": pd.DataFrame(_km_curve("belgian:native", 200, [15] * 8)
                                 + _km_curve("maghreb:intermediate", 40, [1] * 8),
                                 columns=cols)}
    events = claims.km_undrawn_events(km, 15)
    assert events == {"maghreb:intermediate": {"stable"}}
    s = claims.km_gap_sentence(13.8, 13.7, 1, 3.0, 15, 0, ["maghreb:second"],
                               at={"maghreb:second": 3}, undrawn=["maghreb:intermediate"],
                               undrawn_events=events)
    assert s.endswith("; the published curve of Maghreb (intermediate generation) for a stable "
                      "job never rises above zero (disclosure control holds a curve until 15 "
                      "more entries have accumulated), so the figure does not draw it there "
                      "and no gap is stated for it")
    both = claims.km_gap_sentence(
        13.8, 13.7, 1, 3.0, 15, 0, ["maghreb:second"], at={"maghreb:second": 3},
        undrawn=["eastern_eu:intermediate", "maghreb:intermediate"],
        undrawn_events={"eastern_eu:intermediate": {"job", "stable"},
                        "maghreb:intermediate": {"stable"}})
    assert ("the published curves of Eastern EU (intermediate generation) for a job and a "
            "stable job, and of Maghreb (intermediate generation) for a stable job, never rise "
            "above zero") in both
