"""trial25b: chapter 5 read "the matched curves lie, on average over those quarters: NT2
(Dutch course) 1.6 points above" with one step described (seed 6868, min_cell 11, "now versus
never": the contract only bounded, MO hidden); the lead must hold for one step as for several.
prose39: its fix, "each matched curve described lies", read oddly beside one curve; the lead
now follows the number of curves described (:func:`mia_helpers.claims.truth_lead_words`)."""

import pandas as pd

from mia_helpers import claims


def test_truth_lead_reads_for_one_step():
    gap = pd.Series({"nt2": 1.6})
    one = f"{claims.truth_lead_words(gap.size)} {claims.truth_gap_sentence(gap)}."
    assert one == ("Against the truth of the estimand drawn, the matched curve described lies, "
                   "on average over those quarters: NT2 (Dutch course) 1.6 points above."), one
