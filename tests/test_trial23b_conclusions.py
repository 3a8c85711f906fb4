"""trial23b: chapter 6 on seed 8181 (1,500 newcomers, min_cell 12) cited the hidden newcomer
IBO effect as evidence with its reason in a third pair of nested parentheses."""
import numpy as np

from mia_helpers import conclusions as cc


def test_a_hidden_estimate_is_cited_as_not_shown():
    rows = {f.key: {"estimate": 21.0, "ci_low": 10.0, "ci_high": 32.0, "n_persons": 500,
                    "truth": 22.0} for f in cc.STUDY_FINDINGS}
    rows["ibo_newcomers_q4"] = {"estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                                "n_persons": 43, "truth": 0.0, "note": cc.RELATIVE_HIDDEN}
    g = cc.glue_texts(cc.findings_table(rows, synthetic=True))
    assert g["ibo_newcomers_q4_evidence"] == "not shown", g["ibo_newcomers_q4_evidence"]
    assert g["ibo_newcomers_q4"].startswith("not shown (")  # the row's own sentence: why
    assert g["ibo_residents_q5_evidence"] == g["ibo_residents_q5"] == "21 per cent (10 per cent to 32 per cent)"
