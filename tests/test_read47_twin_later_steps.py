"""Chapter 5's paragraph on the twins who take the step later speaks only of the steps the run
estimates and of the estimand it draws (read47).

Found by analyst re-runs of chapter 5 (read47: seed 2024, 6,000 residents, 3,000 newcomers,
min_cell 20, window 2007Q1-2015Q4): with ``treatments = [nt2, inburgering]`` the text read
"The chapter makes no claim on the "now versus never" effect of inburgering or MO" though MO
was not estimated ("The text below speaks only of the steps and measures this run
estimates"); and :func:`mia_helpers.claims.twin_later_start_sentence` ends some of its
branches with "the chapter still reads only "now versus later"", false in a run with
``estimand = "now_vs_never"``. The steps are now glued (:func:`claims.twin_later_steps`) and
the sentence takes the chapter's estimand.

Data: the shares are set by monkeypatching ``later_start_share`` (as
tests/test_claims_sentences.py does); no tolerance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("steps, want", [
    (["inburgering", "mo", "nt2"], "inburgering or MO"), (["nt2", "inburgering"], "inburgering"),
    (["mo"], "MO"), (["nt2"], "inburgering or MO")])
def test_the_steps_named_are_those_estimated(steps, want):
    assert claims.twin_later_steps(steps) == want


def test_the_chapter_glues_the_steps():
    text = (ROOT / "notebooks" / "05_newcomer_integration.md").read_text(encoding="utf-8")
    assert 'the "now versus never" effect of inburgering or MO:' not in text
    assert "{glue:text}`nc_twin_later_lead`:" in text
    assert "claims.twin_later_lead(steps_done, estimand)" in text


@pytest.mark.parametrize("estimand", ["now_vs_later", "now_vs_never"])
def test_the_lead_follows_the_estimand(estimand):
    """rev47: a "now versus never" run read "The chapter makes no claim on the "now versus
    never" effect of inburgering" after its inburgering sentence had set that effect against
    the truth, and "this run draws it" twice in the paragraph."""
    lead = claims.twin_later_lead(["nt2", "inburgering"], estimand)
    assert lead.endswith("effect of inburgering") if estimand == "now_vs_later" else \
        lead.startswith('The "now versus never" effect of inburgering rests on the twins')
    assert ("makes no claim" in lead) == (estimand == "now_vs_later")
    with pytest.raises(ValueError, match="estimand must be.*got 'never'"):
        claims.twin_later_lead(["mo"], "never")


@pytest.mark.parametrize("shares", [{"inburgering": (0.5, 200, 200)},
                                    {"inburgering": (0.01, 4, 400)}])
def test_a_never_run_is_not_said_to_read_only_now_versus_later(monkeypatch, shares):
    monkeypatch.setattr(claims, "later_start_share", lambda res, within=4: shares[res])
    later = claims.twin_later_start_sentence({t: t for t in shares}, ["inburgering"])
    assert 'still reads only "now versus later"' in later
    never = claims.twin_later_start_sentence({t: t for t in shares}, ["inburgering"],
                                             estimand="now_vs_never")
    assert "still reads only" not in never and "this run draws" not in never  # in the lead
