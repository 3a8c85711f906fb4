"""mend48: chapter 5's sentences on several VDAB measures whose effect is not stated ("no
measure's effect can be stated", "the others rest on ...", the vocational-training sentence)
named all three alternatives ("too few starters, or too few who entered or did not, or an
estimate that would give away a starters count the table hides") wherever one measure was
hidden; they now name the reasons that hold, read from the run's own effect rows
(``claims.hidden_step_reasons``, worded by ``claims._hidden_words``): jointly where the measures
share them, per measure where they differ, and the alternatives only where a measure has no
computed reason (another rule of the table hid it).

Data: hand-made comparison rows and reasons (the shape of tests/test_tidy47_ranking_reasons.py);
min_cell 20; exact wording, no tolerance.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims

IBO, VOC, OTHER = "workplace_learning_ibo", "training_vocational", "workplace_learning_other"
ALTERNATIVES = ("too few starters, or too few who entered or did not, or an estimate that "
                "would give away a starters count the table hides")


def _comparison(newcomer: dict[str, float], resident: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([dict(population=p, measure=m, quarter_since_start=5, att_pp=v,
                              ci_low=v - 3, ci_high=v + 3)
                         for p, vals in (("newcomer", newcomer), ("resident", resident))
                         for m, v in vals.items()])


NONE_STATED = _comparison({IBO: np.nan, VOC: np.nan, OTHER: np.nan},
                          {IBO: 4.0, VOC: 2.0, OTHER: 1.0})


def test_no_measure_stated_names_the_reason_each_holds():
    why = {"newcomer": {IBO: ("starters",), VOC: ("entrants",), OTHER: ("starters",)}}
    text, summary = claims.measure_ranking_sentences(NONE_STATED, 5, None, why, 20)
    reasons = ("fewer than 20 matched starters for IBO and Other workplace learning; too few "
               "who entered or did not for Vocational training")
    assert f"for newcomers no measure's effect can be stated ({reasons})" in text, text
    assert summary == f"No VDAB measure's effect for newcomers at 5 quarters can be stated " \
                      f"({reasons})", summary
    assert ALTERNATIVES not in text + summary


def test_a_shared_reason_is_said_once():
    why = {"newcomer": dict.fromkeys((IBO, VOC, OTHER), ("persons",))}
    text, _ = claims.measure_ranking_sentences(NONE_STATED, 5, None, why, 20)
    assert ("for newcomers no measure's effect can be stated (starts by fewer than 20 "
            "persons)") in text, text


def test_one_measure_without_a_computed_reason_keeps_the_alternatives():
    why = {"newcomer": {IBO: ("starters",), VOC: (), OTHER: ("starters",)}}
    text, _ = claims.measure_ranking_sentences(NONE_STATED, 5, None, why, 20)
    assert f"no measure's effect can be stated ({ALTERNATIVES})" in text, text
    # and without any reasons (a run that passes none), as before
    text, _ = claims.measure_ranking_sentences(NONE_STATED, 5, None, None, 20)
    assert f"no measure's effect can be stated ({ALTERNATIVES})" in text, text


def test_the_others_of_a_single_stated_effect():
    comp = _comparison({IBO: 3.0, VOC: np.nan, OTHER: np.nan}, {IBO: 4.0, VOC: 2.0, OTHER: 1.0})
    why = {"newcomer": {VOC: ("entrants",), OTHER: ("entrants",)}}
    text, summary = claims.measure_ranking_sentences(comp, 5, None, why, 20)
    assert ("for newcomers only IBO's effect (3.0 points) can be stated (the others rest on "
            "too few who entered or did not), so there is no ranking") in text, text
    assert summary == ("Only IBO's effect for newcomers can be stated (3.0 points at 5 "
                       "quarters; the others rest on too few who entered or did not), so the "
                       "measures cannot be ranked"), summary


def test_both_populations_with_the_same_reason_share_one_clause():
    comp = _comparison({IBO: np.nan, VOC: np.nan}, {IBO: np.nan, VOC: np.nan})
    why = {p: {IBO: ("starters",), VOC: ("starters",)} for p in ("newcomer", "resident")}
    text, _ = claims.measure_ranking_sentences(comp, 5, None, why, 20)
    assert text == ("At 5 quarters no measure's effect can be ranked: for newcomers and "
                    "residents no measure's effect can be stated (fewer than 20 matched "
                    "starters)."), text


def test_vocational_sentence_names_the_reason():
    comp = _comparison({VOC: np.nan, OTHER: 2.0}, {VOC: 1.0, OTHER: 2.0})
    why = {"newcomer": {VOC: ("starters", "entrants")}}
    text = claims.vocational_sentence(comp, 5, False, None, why, 20)
    assert ("here only one of the two newcomer effects at 5 quarters is published (fewer "
            "than 20 matched starters and too few who entered or did not), so they cannot "
            "be compared.") in text, text
    assert f"({ALTERNATIVES})" in claims.vocational_sentence(comp, 5, False)


def test_newcomer_claims_passes_the_reasons_to_the_vocational_sentence():
    import inspect

    src = " ".join(inspect.getsource(claims.newcomer_claims).split())
    assert ("vocational_sentence(comparison, headline, has_truth(tidy), skipped_measures, "
            "ranking_why, min_cell)") in src


def _steps_tidy(n: dict[str, int]) -> pd.DataFrame:
    """Three steps at quarters 4-8, naive and matched; each step's matched estimate rests on
    ``n[step]`` starters and few twins who entered (control share 0.004)."""
    return pd.DataFrame([dict(
        measure=step, estimand="now_vs_later", estimator=est, quarter_since_start=q,
        att_pp=1.0, ci_low=-8.0, ci_high=10.0, se=2.0, n_treated=n[step], treated_outcome=0.3,
        control_outcome=0.004 if est == "matched" else 0.3, true_att_pp=1.0)
        for step in n for q in range(4, 9) for est in ("naive", "matched")])


def test_no_step_stated_names_the_reasons_of_the_steps():
    """The shape of a read on seed 4048 (3,000 residents, 800 newcomers, min_cell 20): every
    step hidden on too few who entered or did not, the summary named all three alternatives."""
    from newcomer_claims_inputs import newcomer_inputs

    steps, feeder, comp = newcomer_inputs()
    c = claims.newcomer_claims(_steps_tidy({"inburgering": 500, "mo": 400, "nt2": 300}), steps,
                               feeder, comp, "now_vs_later", min_cell=20)
    assert c["nc_naive_summary"] == (
        "no step's matched estimate is published at every one of those quarters (too few who "
        "entered or did not) to set against the naive one, so these data say nothing here "
        "about who starts"), c["nc_naive_summary"]
    assert c["nc_zero_sentence"] == ("No step's matched band is published (too few who "
                                     "entered or did not), so no band is read."), \
        c["nc_zero_sentence"]
    c = claims.newcomer_claims(_steps_tidy({"inburgering": 500, "mo": 12, "nt2": 300}), steps,
                               feeder, comp, "now_vs_later", min_cell=20)
    assert ("(too few who entered or did not for Inburgering contract and NT2 (Dutch course); "
            "fewer than 20 matched starters for MO (social orientation))"
            ) in c["nc_naive_summary"], c["nc_naive_summary"]


def test_no_newcomer_interval_names_the_reasons_of_every_row():
    """Every newcomer row of the comparison hidden (IBO on few twins who entered, vocational
    training on 12 starters, at each of 4, 5 and 8 quarters): the samples sentence names those
    counts; a row hidden by no computed reason keeps the alternatives."""
    from newcomer_claims_inputs import newcomer_inputs

    steps, feeder, _ = newcomer_inputs()
    comp = pd.DataFrame([dict(population=p, measure=m, quarter_since_start=q,
                              att_pp=np.nan if p == "newcomer" else 2.0,
                              ci_low=np.nan if p == "newcomer" else 0.0,
                              ci_high=np.nan if p == "newcomer" else 4.0, n_treated=300)
                         for p in ("newcomer", "resident") for m in (IBO, VOC)
                         for q in (4, 5, 8)])
    rows = _steps_tidy({IBO: 500, VOC: 12}).query("estimator == 'matched'")
    tidy = _steps_tidy({"inburgering": 500, "mo": 400, "nt2": 300})
    c = claims.newcomer_claims(tidy, steps, feeder, comp, "now_vs_later", min_cell=20,
                               comparison_tidy={"newcomer": rows, "resident": None})
    assert c["nc_samples_sentence"] == (
        "No newcomer interval is published here (too few who entered or did not for IBO; "
        "fewer than 20 matched starters for Vocational training), so the newcomers' effects "
        "cannot be read against the residents'."), c["nc_samples_sentence"]
    shown = rows.assign(control_outcome=0.3, n_treated=300)  # nothing computed hides them
    c = claims.newcomer_claims(tidy, steps, feeder, comp, "now_vs_later", min_cell=20,
                               comparison_tidy={"newcomer": shown, "resident": None})
    assert "(too few starters, or too few who entered or did not)" in c["nc_samples_sentence"]
