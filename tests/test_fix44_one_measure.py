"""Chapter 4 run on one measure (``-p measures '["workplace_learning_ibo"]'``) read "Naive
comparisons overstate the return of IBO" in its summary bullet (fix44): the summary of
:func:`mia_helpers.claims.naive_bias_sentences` follows the number of measures read; two or
more keep the plural word for word."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims

IBO, BASIC = "workplace_learning_ibo", "training_basic"


@pytest.mark.parametrize("bias, one, many", [
    (3.0, "The naive comparison overstates the return of IBO, because",
     "Naive comparisons overstate the return of IBO and Basic training, because"),
    (-3.0, "The naive comparison understates the return of IBO, because",
     "Naive comparisons understate the return of IBO and Basic training, because"),
    (0.2, "The naive comparison stays within 1 point of the truth on average, so selection "
          "biases it little", "Naive comparisons stay within 1 point of the truth on average, "
                              "so selection biases them little")])
def test_summary_follows_the_number_of_measures(bias, one, many):
    _, single = claims.naive_bias_sentences(pd.Series({IBO: bias}), "the truth")
    _, two = claims.naive_bias_sentences(pd.Series({IBO: bias, BASIC: bias}), "the truth")
    assert single.startswith(one), single
    assert two.startswith(many), two


def test_missed_truth_follows_the_number_of_measures():
    """Matching moves the naive estimate by about nothing: "Where the naive comparison misses
    the truth" for one measure."""
    for ms, head in (([IBO], "Where the naive comparison misses the truth by more than"),
                     ([IBO, BASIC], "Where naive comparisons miss the truth by more than")):
        bias = pd.Series(3.0, index=ms)
        _, summary = claims.naive_bias_sentences(bias, "the truth",
                                                 selection=pd.Series(0.1, index=ms))
        assert summary.startswith(head), summary


def test_origin_captions_follow_the_direct_link_measures_run():
    """Table 5 and Figure 4 of chapter 4 read "the direct-link measures" with one run."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "notebooks"
            / "04_activation_effects.md").read_text()
    assert "direct-link measures by origin" not in text
    assert "direct-link measures per origin" not in text
    assert 'direct_noun = "measure" if len(direct) == 1 else "measures"' in text
    assert "Matched effects of the direct-link {glue:text}`eff_direct_noun` per origin" in text
