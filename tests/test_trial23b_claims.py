"""trial23b: sentences of chapters 4 and 5 read on seed 8181 (5,000 residents, 1,500
newcomers, min_cell 12) against the tables they describe."""
import re

import pandas as pd

from mia_helpers import claims


def _gap_tidy(n_treated: int, entered: float) -> pd.DataFrame:
    """Naive and matched inburgering estimates at quarters 4 to 8 on ``n_treated`` matched
    starters, a share ``entered`` of whom (and of their twins) entered at quarter 4."""
    rows = []
    for q in range(4, 9):
        share = entered if q == 4 else 0.3
        for est, att in (("naive", 1.0), ("matched", 3.0)):
            rows.append({"measure": "inburgering", "estimand": "now_vs_later",
                         "estimator": est, "quarter_since_start": q, "att_pp": att,
                         "n_treated": n_treated, "treated_outcome": share,
                         "control_outcome": share})
    return pd.DataFrame(rows)


def test_obligated_gap_names_few_entrants_not_few_starters():
    """Seed 8181, min_cell 12: the obligated grounds' contract had 168 matched starters at
    quarter 4, 10 of whom entered; the sentence said it rested on fewer than 12 matched
    starters."""
    few_entrants, fine = _gap_tidy(168, 10 / 168), _gap_tidy(168, 0.3)
    assert claims.gap_hidden(few_entrants, "inburgering", range(4, 9), min_cell=12)
    s = claims.obligated_gap_claim(few_entrants, fine, ["family", "asylum"], range(4, 9), 12)
    assert "fewer than 12 matched starters" not in s, s
    assert "who entered, or who did not" in s and "disclosure control hides it" in s
    assert not re.search(r"\d+\.\d", s), s
    few_starters = _gap_tidy(8, 0.5)
    s = claims.obligated_gap_claim(few_starters, fine, ["asylum"], range(4, 9), 12)
    assert "rests on fewer than 12 matched starters at some of quarters 4 to 8" in s, s
    s = claims.obligated_gap_claim(few_starters, few_entrants, ["asylum"], range(4, 9), 12)
    assert "too few matched starters, or too few who entered or did not," in s, s


def _estimands(later: float, never: float, entered: float = 0.3) -> pd.DataFrame:
    return pd.DataFrame([{"measure": "workplace_learning_ibo", "estimand": e,
                          "estimator": "matched", "quarter_since_start": 12, "att_pp": v,
                          "n_treated": 500, "treated_outcome": entered,
                          "control_outcome": entered} for e, v in
                         (("now_vs_later", later), ("now_vs_never", never))])


def test_estimand_difference_is_the_difference_of_the_printed_estimates():
    """Seed 8181: the exercise's table printed 8.54 and 9.82 for IBO, the text '1.29 points'
    (the difference of the unrounded estimates); a reader subtracting gets 1.28."""
    c = claims._estimand_difference(_estimands(8.536, 9.824), min_cell=12)
    assert "(1.28 points at 12 quarters)" in c["eff_estimand_diff_solution"], c
    assert "at most 1.3 points (for IBO)" in c["eff_estimand_diff_sentence"]


def test_estimand_difference_reads_no_estimate_hidden_on_few_entrants():
    """The exercise's grid hides an estimate on fewer than min_cell entrants (5 of 500 here);
    the text compared it all the same."""
    c = claims._estimand_difference(_estimands(8.0, 9.0, entered=0.01), min_cell=12)
    assert "9.0" not in c["eff_estimand_diff_solution"]
    assert "1.00" not in c["eff_estimand_diff_solution"], c
    assert "no measure has both matched estimates published" in c[
        "eff_estimand_diff_sentence"]
