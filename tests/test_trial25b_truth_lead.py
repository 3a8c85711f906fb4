"""trial25b: chapter 5 read "the matched curves lie, on average over those quarters: NT2
(Dutch course) 1.6 points above" with one step described (seed 6868, min_cell 11, "now versus
never": the contract only bounded, MO hidden); the lead must hold for one step as for several."""

from mia_helpers import claims


def test_truth_lead_reads_for_one_step():
    lead = claims.newcomer_truth_words(True)["nc_truth_lead"]
    one = f"{lead} {claims.truth_gap_sentence(__import__('pandas').Series({'nt2': 1.6}))}."
    assert "curves lie" not in one, one
    assert one == ("Against the truth of the estimand drawn, each matched curve described lies, "
                   "on average over those quarters: NT2 (Dutch course) 1.6 points above."), one
