"""Chapter 4's first-quarter hazard sentence names the measures whose odds ratio the table hides
and says "every measure" only when none is hidden (user24, seed 4242, 2,000 residents, min_cell
11: basic training and sanction transmission, "x" in the hazard table, went unmentioned)."""

from __future__ import annotations

from mia_helpers import claims


def test_hidden_odds_ratios_are_named_and_every_is_not_said():
    s = claims.hazard_q1_sentence(["workplace_learning_ibo", "training_vocational"], [],
                                  hidden=["training_basic"])
    assert "every measure" not in s, s
    assert s.startswith("In the first quarter the odds ratio lies below one, its interval "
                        "included, for IBO and Vocational training: a lock-in."), s
    assert s.endswith("The first-quarter odds ratio of Basic training is not published (too "
                      "few starters or entries behind it)."), s
    s = claims.hazard_q1_sentence([], ["workplace_learning_ibo"], locked=[],
                                  hidden=["training_basic", "sanction_transmission"])
    assert "odds ratios of Basic training and Sanction transmission are not published" in s, s
    # none published: not "was estimated" beside "not published" (seed 4242, 800 residents)
    assert claims.hazard_q1_sentence([], [], locked=[], hidden=["training_basic"]) == (
        "No first-quarter odds ratio is published (too few starters or entries behind them), "
        "so the hazard cannot show a lock-in.")
    # without hidden measures the sentence is as before
    assert claims.hazard_q1_sentence(["workplace_learning_ibo", "training_basic"], []) == (
        "In the first quarter the odds ratio lies below one, its interval included, for every "
        "measure: a lock-in.")
