"""Chapter 4's ranking and chapter 5's naive-versus-matched summary name dpo26's grid rule
among the reasons an effect is hidden (an estimate that, beside a starters count the table
hides, would give that count away on the grid of 1/(L n)), as read28 did for chapter 5's
comparison: "too few starters, or too few who entered or did not" left it out (prose28b)."""
import pandas as pd

from mia_helpers import claims

PINS = "or an estimate that would give away a starters count the table hides"


def test_empty_ranking_names_the_grid_rule() -> None:
    rank = pd.DataFrame(columns=["measure", "estimate", "relative_pct"])
    text, _ = claims.ranking_sentences(rank, 5, ["training_basic"], True, 12)
    assert text == ("At 5 quarters no measure's matched effect is published (fewer than 12 "
                    f"starters, or too few who entered or did not, {PINS}), so no measure is "
                    "ranked."), text


def test_no_step_compared_names_the_grid_rule() -> None:
    _, summary = claims.naive_below_sentences([], compared=False)
    assert f"(too few starters, or too few who entered or did not, {PINS})" in summary, summary

