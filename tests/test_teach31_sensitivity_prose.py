"""Appendix A's sensitivity prose follows its loadings (``-p unobserved_selection``,
``-p unobserved_job``) and its measure.

teach31: the appendix said "Dynamic conditional independence then fails: at the same u and
X(u), IBO starters have a higher v and would have found a job faster anyway" and asked to
halve the loading on job entry "(`unobserved_job = 0.25`)" as static text, whatever
``-p unobserved_job 0`` (no confounding through job entry), a negative loading or
``-p measure training_basic`` (self-reliance term of the other sign) the teacher set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

IBO, BASIC = "workplace_learning_ibo", "training_basic"


def test_default_loadings_read_as_before():
    s = claims.sensitivity_mechanism_sentence(1.0, 0.5, IBO)
    assert s == ("then fails: at the same elapsed duration and observed history, IBO starters "
                 "have a higher v than their twins and would have found a job faster anyway.")


def test_signs_follow_the_loadings_and_the_measure():
    assert "IBO starters have a higher v than their twins and would have found a job more " \
           "slowly" in claims.sensitivity_mechanism_sentence(1.0, -0.5, IBO)
    # basic training's self-reliance term has the other sign: weak profiles select in
    s = claims.sensitivity_mechanism_sentence(1.0, 0.5, BASIC)
    assert "Basic training starters have a lower v" in s and "more slowly" in s, s


def test_no_loading_no_failure_said():
    s = claims.sensitivity_mechanism_sentence(1.0, 0.0, IBO)
    assert "fails" not in s and "later measures the trait steers" in s, s
    s = claims.sensitivity_mechanism_sentence(0.0, 0.5, IBO)
    assert s.startswith("then still holds for IBO: the loading unobserved_selection is zero"), s


def test_non_finite_loading_refused():
    with pytest.raises(ValueError, match="unobserved_selection and unobserved_job"):
        claims.sensitivity_mechanism_sentence(float("nan"), 0.5, IBO)


def test_appendix_glues_mechanism_and_halved_loading():
    text = (Path(__file__).parents[1] / "notebooks" / "A_matching_method.md").read_text()
    assert "IBO starters have a higher $v$" not in text
    assert "`unobserved_job = 0.25`" not in text
    assert "{glue:text}`a_sens_mechanism`" in text and "{glue:text}`a_half_job`" in text


def test_chapter_4_trait_on_allocation_alone_not_said_to_satisfy_the_assumption():
    # book/teaching.md's second sensitivity run (--set sensitivity.unobserved_selection=1.0,
    # unobserved_job 0): the clause said "the synthetic data satisfy that assumption by
    # construction", while the trait steers the later measures whose effects the twins' and
    # the starters' "later" then differ by
    cfg = {"config": {"sensitivity": {"unobserved_selection": 1.0, "unobserved_job": 0.0}}}
    s = claims.selection_clause(cfg)
    assert "by construction" not in s, s
    assert "only indirectly" in s and "+1.00" in s and "later measures" in s, s
    cfg["config"]["sensitivity"]["unobserved_selection"] = 0.0
    assert "by construction" in claims.selection_clause(cfg)


def test_appendix_limits_read_the_datas_generator():
    # book/teaching.md points chapters at data generated with the trait (-p data_dir); the
    # appendix said "The synthetic data satisfy selection on observables" whatever they were
    cfg = {"config": {"sensitivity": {"unobserved_selection": 1.0, "unobserved_job": 0.5}}}
    s = claims.limits_selection_sentence(cfg)
    assert "this run's synthetic data do not" in s and "+1.00" in s and "+0.50" in s, s
    cfg["config"]["sensitivity"].update(unobserved_selection=0.0)
    assert claims.limits_selection_sentence(cfg).startswith(
        "the synthetic data satisfy selection on observables, except in the sensitivity")
    assert "such as this run's, need not" in claims.limits_selection_sentence(None)
    text = (Path(__file__).parents[1] / "notebooks" / "A_matching_method.md").read_text()
    assert "The synthetic data satisfy selection on observables" not in text
    assert "First, {glue:text}`a_limits_selection` Second," in text


def test_teaching_notes_name_the_appendix_loadings():
    # teach27's note: the teaching notes' sensitivity scenario named the generator's
    # `sensitivity.*` keys only, not Appendix A's own parameters for the same loadings
    text = (Path(__file__).parents[1] / "book" / "teaching.md").read_text()
    assert "`-p unobserved_selection` and `-p unobserved_job`" in text
    appendix = (Path(__file__).parents[1] / "notebooks" / "A_matching_method.md").read_text()
    assert "\nunobserved_selection = " in appendix and "\nunobserved_job = " in appendix


def test_halved_loading_of_zero_is_said_to_be_none():
    # teach31, -p unobserved_job 0: "Halve the loading ... (unobserved_job = 0). Is the bias
    # ... roughly halved too?"
    assert claims.halved_loading_text(0.5) == "0.25"
    assert "nothing to halve" in claims.halved_loading_text(0.0)
