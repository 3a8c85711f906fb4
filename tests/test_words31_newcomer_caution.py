"""words31: chapter 5's caution fell back on the typed "Newcomer samples are small, so the
intervals are wide" where the comparison table gives no bounds: a claim no number carried.
The fallback now says what cannot be read."""
import pandas as pd

from mia_helpers import claims


def test_without_bounds_no_typed_size_claim() -> None:
    comp = pd.DataFrame({"population": ["newcomer", "resident"],
                         "measure": ["training_vocational"] * 2,
                         "quarter_since_start": [5, 5], "att_pp": [4.0, 6.0]})
    text = claims.newcomer_samples_sentence(comp, 5)
    assert "small" not in text and "wide" not in text, text
    assert text.startswith("The comparison table gives no interval bounds, so the newcomers' "
                           "intervals are not read against the residents'"), text
