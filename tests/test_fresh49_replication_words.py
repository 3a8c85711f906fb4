"""Appendix A's replication words for a run that is not the project's (fresh49), on hand-made
studies and verdicts.

fresh49 re-ran Appendix A with base seeds 4051, 4052 and 4053 and 30 data sets per study. Its
replication section read "the project fixed a new reading and a third study of the same
design on 30 data sets of base seed 4053" and "The verdict of this first read is final for
the code it ran with": both are the project's study (400 data sets of base seed 2025,
``REPLICATION_STUDY``), not this run's. The other cases below are the reading's words where
rule 5 reads one pooled bias or none, failures in different directions, a bound's coverage
the second study fails unread, and the confirmation's pool failing where both studies hold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from nbrun import LEAK_WORDS
from scipy import stats

from mia_helpers import claims
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_replication as mr
from mia_helpers.montecarlo_confirmation import (
    CONFIRMATION_STUDY,
    CONFIRMED_STUDY,
    NullFailureRates,
)

#: the project's three base seeds (the shipped, confirmation and replication studies')
PROJECT = (CONFIRMED_STUDY["base_seed"], CONFIRMATION_STUDY["base_seed"],
           mr.REPLICATION_STUDY["base_seed"])
#: the replication study's other parameters, as Appendix A passes them at its defaults
DESIGN = {k: mr.REPLICATION_STUDY[k] for k in ("newcomers", "bootstrap", "interval")}


def _drawn(R: int, bias_se: float = 0.0) -> pd.DataFrame:
    """R hand-made "now versus later" data sets per quarter 4-8 (errors: ``bias_se`` Monte
    Carlo SE plus R normal scores of SD about 1; intervals +-1.96 cover about 0.95)."""
    scores = stats.norm.ppf((np.arange(R) + 0.5) / R)
    bias = bias_se * float(np.std(scores, ddof=1)) / np.sqrt(R)
    return pd.concat([pd.DataFrame(dict(
        estimand="now_vs_later", estimator="matched", quarter_since_start=q,
        att_pp=2.0 + bias + scores, true_att_pp=2.0, ci_low=2.0 + bias + scores - 1.96,
        ci_high=2.0 + bias + scores + 1.96, unsupported_share=0.0, replication=range(R)))
        for q in range(4, 9)], ignore_index=True)


def _claims(monkeypatch, studies: dict[str, pd.DataFrame], seeds, design=DESIGN) -> dict:
    """``replication_claims`` of ``studies`` (the reading's cost stubbed: its 20,000 draws are
    ``test_rep49_replication_reading``'s business, not these words')."""
    monkeypatch.setattr(mr, "null_reading_rate", lambda *a, **k: (0.1, 0.002))
    rates = NullFailureRates(families=pd.DataFrame({"family": ["any"], "rate": [0.25]}),
                             checks=pd.DataFrame(), resamples=10)
    rows = {n: studies[n] for n in mr.STUDIES}
    verdicts = mr.replication_verdicts(rows, studies.get(mr.SECOND))
    return claims.replication_claims(verdicts, studies, rates, seeds, design=design)


def test_a_run_on_other_seeds_reads_its_own_third_study(monkeypatch):
    """Seeds 4051-4053, 30 data sets: the design is the project's, the final verdict too."""
    found = _claims(monkeypatch, {n: _drawn(30) for n in mr.STUDIES}, (4051, 4052, 4053))
    assert found["a_rep_design"] == "400 data sets of base seed 2025"
    assert found["a_rep_final"] == (
        "This run reads its own third study, 30 data sets of base seed 4053, by the same "
        "rules; the verdict of the project's first read, on base seed 2025, is final for the "
        "code it ran with, whatever this run shows, and a changed estimator is judged on "
        "fresh seeds.")
    assert found["a_rep_replications"] == 30
    # the summary says this run's verdict of its own studies, beside the project's
    assert found["a_rep_summary"] == (
        "on this run's own three studies it meets issue 14's criteria; the verdict that stands "
        f"is the project's first read's, on base seed 2025: it {mr.FIRST_READ['verdict']} them")


def test_the_project_s_own_studies_keep_this_first_read(monkeypatch):
    """The shipped seeds, 400 data sets and the shipped design: "this first read"; the same
    seeds with another design (or a design not known) are not the project's read."""
    # under the first read's code (rec55: under another, a_rep_final names that earlier code;
    # tests/test_rec55_kept_records.py)
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: mr.FIRST_READ["fingerprint"])
    studies = {n: _drawn(400) for n in mr.STUDIES}
    found = _claims(monkeypatch, studies, PROJECT)
    assert found["a_rep_final"] == ("The verdict of this first read is final for the code it "
                                    "ran with; a changed estimator is judged on fresh seeds.")
    assert found["a_rep_summary"] == "it meets issue 14's criteria on the three studies"
    for design in ({**DESIGN, "newcomers": 3000}, {**DESIGN, "interval": "bootstrap"}, None):
        final = _claims(monkeypatch, studies, PROJECT, design)["a_rep_final"]
        assert final.startswith("This run reads the same seeds with other parameters by the "
                                "same rules; the verdict of the project's first read, on base "
                                "seed 2025, is final"), final
    # 30 data sets of the project's seeds are not its study of 400
    final = _claims(monkeypatch, {n: _drawn(30) for n in mr.STUDIES}, PROJECT)["a_rep_final"]
    assert "its own third study, 30 data sets of base seed 2025," in final
    # the first study's seed alone says nothing of this run's third study
    final = _claims(monkeypatch, studies, PROJECT[0])["a_rep_final"]
    assert final.startswith("This run reads its own third study by the same rules;")


def test_replication_claims_refuse_a_bad_seed_triple_or_design(monkeypatch):
    studies = {n: _drawn(30) for n in mr.STUDIES}
    with pytest.raises(ValueError, match="three"):
        _claims(monkeypatch, studies, (4051, 4052))
    with pytest.raises(ValueError, match=r"design names \['caliper_x'\]"):
        _claims(monkeypatch, studies, (4051, 4052, 4053), {"caliper_x": 1})


def _verdicts(rows: list[dict]) -> pd.DataFrame:
    """``replication_verdicts``-shaped rows of "now versus later" bias and coverage at
    quarters 4-8 holding on the three studies, overridden by ``rows`` (keys estimand,
    criterion, quarter_since_start and any columns to set)."""
    recs = {}
    for crit in ("bias", "coverage"):
        for q in range(4, 9):
            recs[("now_vs_later", crit, q)] = dict(
                estimand="now_vs_later", criterion=crit, quarter_since_start=q,
                judged=mr.STUDIES, fails=(), directions=(), pooled_bias_fails=False,
                reading="holds", pooled_read=False, pooled_bias_pp=np.nan,
                pooled_mc_se=np.nan, all_three_bias_pp=np.nan, all_three_mc_se=np.nan,
                pooled_bound_se=np.nan)
    for r in rows:
        key = (r["estimand"], r["criterion"], r["quarter_since_start"])
        recs[key] = {**recs[key], **r}
    return pd.DataFrame(list(recs.values()))


def test_failures_with_and_without_intervals_are_not_opposite():
    """A coverage without intervals on one study and below the band on another fails in
    different directions, not opposite ones."""
    v = _verdicts([dict(estimand="now_vs_later", criterion="coverage", quarter_since_start=5,
                        fails=("shipped", "confirmation"), directions=("missing", "low"),
                        reading="not_replicated")])
    text = claims.replication_sentence(v, 10)
    assert ("fails on the shipped seeds (without intervals) and confirmation seeds (below the "
            "band) in different directions and holds on the replication seeds") in text, text


def test_unread_second_failures_count_bounds_as_bounds():
    """A bound's coverage the second study fails unread is over bounds, not point
    estimates."""
    v = _verdicts([dict(estimand="now_vs_later", criterion="coverage", quarter_since_start=6,
                        judged=(*mr.STUDIES, mr.SECOND), fails=("replication",),
                        directions=("low",), reading="not_replicated")])
    second = pd.DataFrame([dict(estimand="now_vs_never", criterion="bound_coverage",
                                quarter_since_start=5, data_sets=18, value=0.722, low=0.797,
                                high=1.0, judged=True, holds=False)])
    text = claims.unread_second_sentence(v, second)
    assert text == (" The second replication study, read only for the checks left undecided as "
                    "fixed in advance, also fails one check it does not read: the \"now versus "
                    "never\" coverage of the bounds at quarter 5 (0.722 over 18 bounds, below "
                    "the band's lower end); reported here, not judged."), text


def test_one_pooled_bias_is_not_the_farthest_of_its_1_checks():
    """Rule 5 reads one bias only (e.g. one quarter with 30 pooled point estimates): no
    "its 1 checks" and no "the farthest" of one."""
    bias = dict(pooled_read=True, pooled_bias_pp=0.12, pooled_mc_se=0.1, pooled_bound_se=1.96,
                all_three_bias_pp=0.05, all_three_mc_se=0.1)
    v = _verdicts([dict(estimand="now_vs_later", criterion="bias", quarter_since_start=4,
                        **bias)])
    text = claims.replication_sentence(v, 10)
    assert ("Pooled over the confirmation and replication studies, the one bias of at least "
            "30 point estimates, the \"now versus later\" bias at quarter 4, lies 1.2 pooled "
            "Monte Carlo SE from zero, within the bound of 1.96 for one check at a "
            "family-wise 5 per cent (0.5 SE over all three studies, a figure the reading does "
            "not judge).") in text, text
    two = _verdicts([dict(estimand="now_vs_later", criterion="bias", quarter_since_start=q,
                          **bias) for q in (4, 5)])
    assert "the Bonferroni bound of its 2 checks at a family-wise 5 per cent; the farthest" \
        in claims.replication_sentence(two, 10)


def test_no_pooled_bias_is_said_without_a_missing_word():
    """Few data sets per study (seeds 4061-4063, 10 each): rule 5 reads no bias, said in words
    that tests/nbrun.leaked_glue does not read as a missing quantity (was "reads none")."""
    text = claims.replication_sentence(_verdicts([]), 10)
    assert "No bias has 30 point estimates pooled over the confirmation and replication " \
           "studies, so the pooled bound judges no check" in text, text
    assert not LEAK_WORDS.search(text), text


def test_confirmation_reports_a_pooled_failure_it_does_not_judge():
    """Seeds 4071 and 4072 (20 data sets each): both studies hold every criterion, the pool
    fails two biases; the sentence said only "every criterion holds ... on both studies"."""
    def row(est, crit, pooled=(), reading="holds", conf=()):
        return dict(estimand=est, criterion=crit, fails_shipped=(), fails_confirmation=conf,
                    fails_pooled=pooled, not_judged_confirmation=(), reading=reading)

    v = pd.DataFrame([row("now_vs_later", "bias", (8,)), row("now_vs_later", "coverage"),
                      row("now_vs_never", "bias", (4,)), row("now_vs_never", "coverage")])
    crit = pd.DataFrame([dict(estimand="now_vs_later", criterion="coverage",
                              quarter_since_start=q, value=0.95, mc_se=0.01, low=0.9,
                              high=0.98) for q in range(4, 9)])
    text = claims.confirmation_sentence(v, crit, crit, "first study's seeds")
    assert text.endswith(
        "every criterion holds at every quarter judged on both studies. Pooled over both "
        "studies, the \"now versus later\" bias fails at quarter 8 and the \"now versus "
        "never\" bias fails at quarter 4; the reading fixed in advance consults the pool only "
        "for a failure on the first study's seeds, so these are reported here, not judged."), text
    # a defect whose pooled failure is the confirmation's own adds nothing (the shipped pair)
    v = pd.DataFrame([row("now_vs_later", "bias"),
                      row("now_vs_never", "bias", (5,), "defect", (5,))])
    assert "Pooled over both studies" not in claims.confirmation_sentence(v, crit, crit)


def test_summary_of_a_failing_run_on_other_seeds():
    """A run on other seeds whose own studies fail: said of this run, without "so issue 14
    stays open" (the project's first read decides that)."""
    v = _verdicts([dict(estimand="now_vs_later", criterion="coverage", quarter_since_start=4,
                        fails=("shipped", "replication"), directions=("low", "low"),
                        reading="defect")])
    text = claims.replication_summary(v, False, "on base seed 2025: it does not meet them")
    assert text == ("on this run's own studies it does not meet issue 14's criteria (the "
                    "\"now versus later\" coverage at quarter 4 is a defect); the verdict that "
                    "stands is the project's first read's, on base seed 2025: it does not meet "
                    "them"), text
    assert claims.replication_summary(v, False).endswith("so issue 14 stays open")


def test_later_note_says_no_diagnosis_without_a_missing_word():
    """Seeds 4081/4082: the "now versus later" bias left open read "... has had none", which
    tests/nbrun.leaked_glue reads as a missing quantity."""
    v = pd.DataFrame([dict(estimand="now_vs_later", criterion="bias", reading="open"),
                      dict(estimand="now_vs_later", criterion="coverage", reading="chance")])
    note = claims.confirmation_later_note(v)
    assert note.endswith("left open above, has had no diagnosis of its own."), note
    assert not LEAK_WORDS.search(note), note
