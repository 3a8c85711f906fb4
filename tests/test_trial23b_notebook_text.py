"""trial23b: static sentences of the chapters that the data of seed 8181 (5,000 residents,
1,500 newcomers, min_cell 12) contradicted."""
from pathlib import Path

from mia_helpers import claims

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_chapter_4_bias_table_text_does_not_say_a_small_naive_bias_is_matched():
    """Table 4 on seed 8181: application assignment, naive absolute bias 0.3, matched 3.5
    points, share removed -10.98; the text after it said that where the naive bias is small
    'the matched estimate misses the truth by about as much'."""
    text = " ".join((NOTEBOOKS / "04_activation_effects.md").read_text().split())
    assert "the matched estimate misses the truth by about as much, within the sampling" \
           not in text
    assert "the matched estimate misses the truth by about as much, within the sampling" \
           not in claims.effects_truth_words(True)["eff_share_removed_words"]
    # close25: the reading of the share removed is glued (synthetic data only)
    assert "on a bias small to begin with it divides by that small number" \
           in claims.effects_truth_words(True)["eff_share_removed_words"]
    assert "{glue:text}`eff_share_removed_words`" in text
