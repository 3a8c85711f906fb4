"""Chapter 5 does not read the naive-minus-matched gap of a step whose matched estimate speaks
for few of its starters (>= ``claims.TRUTH_SCOPE_DROPPED_PCT`` % dropped) as weaker starters.

teach28, chapter 5 at its defaults: 23.4 % of the contract signers and 41.1 % of MO's starters
had no twin, yet "the naive curve lies below the matched one for Inburgering contract and NT2
(Dutch course): ... charges the step with the weakness of its starters (weaker, often obligated
profiles)". The matched curve averages over the kept starters, the naive one over all: their
gap reflects who is compared as much as who starts. Against the truth (the same starters
as the naive curve) the naive gap is stated with its sign.
"""
import pandas as pd
from newcomer_claims_inputs import newcomer_inputs

from mia_helpers import claims

QUARTERS = [4, 5, 6, 7, 8]


def _tidy(curves, truth=True):
    """step -> (naive, matched, truth) at every quarter 4-8 (pp)."""
    rows = [{"measure": step, "estimand": "now_vs_later", "estimator": est,
             "quarter_since_start": q, "att_pp": v, "ci_low": v - 2, "ci_high": v + 2,
             "se": 1.0, "n_treated": 300, **({"true_att_pp": t} if truth else {})}
            for step, (naive, matched, t) in curves.items()
            for est, v in (("naive", naive), ("matched", matched)) for q in QUARTERS]
    return pd.DataFrame(rows)


# the default run's means over quarters 4-8, rounded: contract naive 0.5, matched 2.7,
# truth 1.4; NT2 naive -1.0, matched 1.5, truth 0.6 (all kept: below the matched one)
CURVES = {"inburgering": (0.5, 2.7, 1.4), "nt2": (-1.0, 1.5, 0.6)}


def _claims(scope, truth=True):
    steps, feeder, comp = newcomer_inputs()
    return claims.newcomer_claims(_tidy(CURVES, truth), steps, feeder, comp, "now_vs_later",
                                  min_cell=10, scope=scope)


def test_few_kept_step_not_read_as_weaker_starters():
    c = _claims({"inburgering": 23.4})
    s, summary = c["nc_naive_sentence"], c["nc_naive_summary"]
    assert s.startswith("the naive curve lies below the matched one for NT2 (Dutch course): "), s
    assert "Inburgering contract" not in s.split(";")[0], s
    # prose39: with a truth the share and its rule are said once, in the truth-scope sentence
    # that follows (claims.truth_scope_sentence); here a short reference to it
    assert ("for Inburgering contract, the matched curve speaks for fewer of its starters than "
            "the naive one (the share of its starters without a statistical twin, and the rule "
            "that judges it, are given below, with the truth)") in s, s
    assert "23.4" not in s and "at least the 10 per cent" not in s, s
    assert "is not read as weaker or stronger profiles" in s, s
    from mia_helpers.disclosure import small_counts_in_text
    assert small_counts_in_text(s) == [], s  # "one of whom" was read as a count of one person
    # naive 0.5 against truth 1.4: 0.9 points, within the 1-point threshold
    assert "within 1 point of it for Inburgering contract" in s, s
    assert "below the matched one for NT2 (Dutch course)" in summary, summary
    # the summary: the share, not its rule (prose39)
    assert "with 23.4 per cent of its starters dropped" in summary, summary
    assert "at least the 10 per cent" not in summary and "against the truth" not in summary


def test_naive_gap_to_truth_stated_with_its_sign():
    clause = claims.few_kept_naive_clause({"inburgering": 23.4},
                                          naive_truth=pd.Series({"inburgering": -1.24}))
    assert clause.endswith("(against the truth, which averages over the same starters as the "
                           "naive curve: the naive curve lies 1.2 points below it for "
                           "Inburgering contract)"), clause


def test_without_truth_and_every_step_few_kept():
    c = _claims({"inburgering": 23.4, "nt2": 12.0}, truth=False)
    s, summary = c["nc_naive_sentence"], c["nc_naive_summary"]
    assert s.startswith("for Inburgering contract and NT2 (Dutch course), with 23.4 per cent of the "
                        "starters of Inburgering contract and 12.0 per cent of those of NT2 (Dutch "
                        "course) dropped"), s
    assert "weakness" not in s and "against the truth" not in s, s
    # without a truth no truth-scope sentence follows: the rule stays here (fig31, words31)
    assert "(at least the 10 per cent at which" in s, s
    # the summary: the shares, without the rule (prose39)
    assert summary == s.replace(f" ({claims.scope_rule_words()})", ""), summary


def test_few_dropped_read_as_before():
    c = _claims({})
    assert c["nc_naive_sentence"].startswith(
        "the naive curve lies below the matched one for Inburgering contract and NT2 (Dutch "
        "course) (every step described): "), c["nc_naive_sentence"]


def test_chapter_5_passes_the_scope_with_or_without_truth():
    from pathlib import Path
    text = (Path(__file__).parents[1] / "notebooks" / "05_newcomer_integration.md").read_text()
    assert "scope=claims.truth_scope(nc_support)," in text  # not conditional on a truth


def _gap_rows(naive: float, matched: float) -> pd.DataFrame:
    """Inburgering's naive and matched estimates at quarters 4-8 on 400 matched starters."""
    return pd.DataFrame([{"measure": "inburgering", "estimand": "now_vs_later",
                          "estimator": est, "quarter_since_start": q, "att_pp": v,
                          "n_treated": 400}
                         for q in QUARTERS for est, v in (("naive", naive), ("matched", matched))])


def test_obligated_exercise_gap_not_naive_bias_alone_when_few_kept():
    # teach28, chapter 5 at its defaults: "the smaller gap (by 92 %) says that much of the
    # naive bias came from comparing obligated starters with the other grounds", with 23.4 %
    # of the contract signers without a twin in the chapter's run
    sub, full = _gap_rows(1.0, 1.2), _gap_rows(0.5, 2.9)
    plain = claims.obligated_gap_claim(sub, full, ["family", "asylum"], QUARTERS, 10)
    assert plain.startswith("Within the family and asylum grounds the mean gap"), plain
    assert "Read both gaps" not in plain
    s = claims.obligated_gap_claim(sub, full, ["family", "asylum"], QUARTERS, 10,
                                   dropped_pct=23.4)
    # teach29: the caution replaces the reading "much of the naive bias came from ...", which
    # the gaps cannot carry when many starters have no twin
    assert s.startswith(plain[:plain.index(". ") + 1]) and s.endswith(
        "in the chapter's run 23.4 per cent of the starters of inburgering contract found no "
        "statistical twin, so a matched estimate speaks for fewer starters than the naive one "
        "and part of each gap reflects who is compared, not naive bias alone; whether the "
        "naive bias comes from comparing obligated starters with the other grounds cannot be "
        "read from these gaps."), s
    assert "says that much of the naive bias" in plain and "much of the naive bias" not in s
    from mia_helpers.disclosure import small_counts_in_text
    assert small_counts_in_text(s) == [], s
    # the exercise that cannot run says only that
    assert claims.obligated_gap_claim(None, full, [], QUARTERS, 10, "no ground kept",
                                      dropped_pct=23.4) == "The exercise cannot run here: no ground kept."


def test_chapter_5_passes_the_share_to_the_exercise():
    from pathlib import Path
    text = (Path(__file__).parents[1] / "notebooks" / "05_newcomer_integration.md").read_text()
    assert 'dropped_pct=claims.truth_scope(nc_support).get("inburgering")' in text


def test_obligated_exercise_says_the_solution_runs_both():
    # teach28: a student who re-ran the chapter with -p residence_grounds '[family, asylum]'
    # as the question suggested got "The exercise cannot run here: the chapter keeps only
    # obligated grounds already"
    from pathlib import Path
    text = (Path(__file__).parents[1] / "notebooks" / "05_newcomer_integration.md").read_text()
    part = text[text.index("label: ex-newcomers-obligated"):
                text.index("solution-start} ex-newcomers-obligated")]
    assert "the solution runs both within this notebook" in part
    assert "with only them there is nothing to compare" in part
