"""trial26, chapter 4 on seed 7373: "For Vacancy referral (manual) the absolute bias is the
same before and after matching at the table's precision (0.3 points). For Vacancy referral
(manual) the naive absolute bias is within 1 point to begin with, so the share removed says
little." A measure in both readings is named once."""

from __future__ import annotations

import pandas as pd

from mia_helpers.claims import bias_table_sentence


def _table():
    return pd.DataFrame({
        "measure": ["workplace_learning_ibo", "vacancy_referral_manual", "training_basic",
                    "mediation_guidance"],
        "naive_bias_pp": [9.0, -0.1, -5.8, 0.2],
        "naive_abs_bias_pp": [9.0, 0.3, 5.8, 0.8],
        "matched_bias_pp": [0.5, -0.3, -1.2, 0.1],
        "matched_abs_bias_pp": [1.5, 0.3, 5.8, 0.4],
        "share_removed": [0.83, 0.10, 0.0, 0.5]})


def test_measure_in_both_readings_named_once():
    s = bias_table_sentence(_table())
    assert s.count("Vacancy referral (manual)") == 2, s  # the signed bias, then once here
    assert ("For Vacancy referral (manual) the absolute bias is the same before and after "
            "matching at the table's precision (0.3 points) and within 1 point to begin with, "
            "so the share of bias removed says little.") in s  # reader34: one name
    # a measure in only one reading keeps its own sentence
    assert ("For Basic training the absolute bias is the same before and after matching at the "
            "table's precision (5.8 points).") in s
    assert ("For Mediation and guidance the naive absolute bias is within 1 point to begin "
            "with, so the share of bias removed says little.") in s
