"""seed36: chapter prose read against the tables of a run on seed 4242 (20,000 residents,
10,000 newcomers, the default window)."""
from __future__ import annotations

import re

from mia_helpers import claims
from mia_helpers import typology as ty


def test_small_share_never_prints_a_positive_share_as_zero():
    # seed 4242, chapter 3: "the register items explain 88 % of the variance of the true
    # self-reliance index ... and 0.0 % of self-direction" for an R-squared of about 0.0004
    assert claims.small_share(0.04) == "less than 0.1"
    assert claims.small_share(0.049) == "less than 0.1"
    assert claims.small_share(0.05) == "0.1"
    assert claims.small_share(0.0) == "0.0"
    assert claims.small_share(-0.01) == "0.0"  # no negative zero
    assert claims.small_share(12.34) == "12.3"
    assert claims.small_share(0.004, 2) == "less than 0.01"


def test_recovery_sentences_say_a_tiny_r2_in_words():
    rec = {"agreement": 0.85, "kappa": 0.70, "r2_self_reliance": 0.88,
           "r2_self_direction": 0.0004, "four_type_ceiling": 0.43}
    for text in (ty.recovery_sentence(rec), claims.recovery_summary(rec)):
        # "%" or "per cent" (helper pct36 turns the generated sentences' "%" into words)
        assert not re.search(r"\b0\.0 (%|per cent)", text), text
        assert re.search(r"less than 0\.1 (%|per cent) of (the variance of )?self-direction",
                         text), text
    rec["r2_self_direction"] = 0.003
    assert re.search(r"\b0\.3 (%|per cent) of self-direction", ty.recovery_sentence(rec))


def test_signed_term_prints_a_zero_term_without_a_sign():
    # seed 4242, chapter 3: "`job.origin_generation`, from -0.45 to +0.00 among the cells drawn"
    assert claims.signed_term(0.0) == "0"
    assert claims.signed_term(-0.004) == "0"
    assert claims.signed_term(0.4) == "+0.40"
    assert claims.signed_term(-0.45) == "-0.45"


def test_appendix_a_sensitivity_sentence_prints_the_biases_as_its_table_does():
    # seed 4242: tbl-a-sens printed the matched bias without the trait as 0.15 (two decimals)
    # and the sentence below it "0.1 without the trait" (0.1476 at one decimal); a reader
    # rounds the table's 0.15 to 0.2. The sentence now prints the table's two decimals.
    from pathlib import Path

    src = (Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md").read_text()
    m = re.search(r'"tbl-a-sens", decimals=\{"bias": (\d)', src)
    assert m, "tbl-a-sens's decimals not found"
    for name in ("a_sens_bias", "a_base_bias"):
        spec = re.search(r"\{glue:text\}`" + name + r":\.(\d)f`", src)
        assert spec and spec.group(1) == m.group(1), name


def test_ranking_states_a_relative_effect_the_table_prints_as_a_tie_to_one_decimal():
    # seed 4242, window 2007Q1-2015Q4: chapter 4's summary table printed IBO's relative
    # effect at 5 quarters as 27.5 and the text "27 % more entries" (27.46 rounded), which a
    # reader of the table rounds to 28
    import pandas as pd

    rank = pd.DataFrame({"measure": ["workplace_learning_ibo", "training_basic"],
                         "estimate": [10.3, -1.4], "relative_pct": [27.46, -4.3]})
    text, summary = claims.ranking_sentences(rank, 5, list(rank["measure"]), True)
    assert re.search(r"10\.3 percentage points, 27\.5 (%|per cent) more entries", text), text
    assert re.search(r"27\.5 (%|per cent) more stable entries", summary), summary
    rank["relative_pct"] = [27.3, -4.3]
    text, summary = claims.ranking_sentences(rank, 5, list(rank["measure"]), True)
    assert re.search(r"\b27 (%|per cent) more entries", text), text
